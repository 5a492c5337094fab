/**
 * A loopback E-utilities server (esearch.fcgi, efetch.fcgi) for tests and the offline `demo` command.
 *
 * Real `node:http` on 127.0.0.1, port 0; NCBI-shaped answers; NCBI's rate limit enforced (429 JSON);
 * the 9,999 id cap configurable; queued faults. Every request is logged so tests can check what the
 * client sent and how fast. No vitest imports: compiled into dist and shipped.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { cutsBody, deliver, faultMatches, isReplacing, send, sendReplacement, type Fault, type FaultContext } from './eutils-faults.js';
import { defaultMatcher, type Matcher, type ServerRecord } from './eutils-query.js';
import { rateLimitBody } from './eutils-render.js';
import { efetchRoute, esearchRoute, releaseWithheldOnce, type RouteState } from './eutils-routes.js';

export type { ServerRecord, Matcher } from './eutils-query.js';
export type { Fault, FaultKind } from './eutils-faults.js';

export interface EutilsServerOptions {
  records?: ServerRecord[];
  /** esearch id ceiling (NCBI: 9,999). Default 9999. */
  idCap?: number;
  /** Requests per second enforced like NCBI (429 JSON when exceeded); null disables. Default 3 / 10. */
  rateLimit?: { withoutKey: number; withKey: number } | null;
  /** Default: any of the term's words/phrases occurs in the record text. */
  matcher?: Matcher;
  /** Lifetime of a WebEnv; older ones answer "Unable to obtain query #N". Default 1 hour. */
  webEnvTtlMs?: number;
  /** One stderr line per request (never the api key). */
  log?: boolean;
  /** Port to listen on (127.0.0.1). Default 0: a free one. */
  port?: number;
}

/** One request as the server saw it; `at` is performance.now() at arrival; status 0 = socket destroyed. */
export interface LoggedRequest {
  at: number;
  utility: 'esearch' | 'efetch' | string;
  method: string;
  params: Record<string, string>;
  status: number;
}

export interface EutilsServer {
  /** `http://127.0.0.1:PORT/entrez/eutils/` */
  url: string;
  upsert(rec: ServerRecord): void;
  remove(pmid: string): void;
  /** efetch leaves these PMIDs out of its answers while esearch still lists them, until {@link release}d. */
  withhold(...pmids: string[]): void;
  release(...pmids: string[]): void;
  /** Like {@link withhold}, but each PMID is released by the first efetch answer that leaves it out. */
  withholdOnce(...pmids: string[]): void;
  inject(fault: Fault): void;
  /** Drops every queued fault not yet consumed (e.g. between two runs of one test). */
  clearFaults(): void;
  requests: LoggedRequest[];
  /** Most requests that arrived within any window of `ms` (default 1000). */
  maxRequestsInAnyWindow(ms?: number): number;
  close(): Promise<void>;
}

/** Largest number of sorted instants falling within any half-open window of `ms`. */
export function maxInWindow(instants: number[], ms: number): number {
  const t = [...instants].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < t.length; j++) {
    while ((t[j] as number) - (t[i] as number) >= ms) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

/** Timers of delayed, dripping or slow answers, all cancelled by close(). */
function createTimers(): Pick<FaultContext, 'later' | 'every'> & { clear(): void } {
  const timers = new Set<NodeJS.Timeout>();
  return {
    later(ms, fn) {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
    },
    every(ms, fn) {
      const t = setInterval(() => {
        if (fn()) return;
        clearInterval(t);
        timers.delete(t);
      }, ms);
      timers.add(t);
    },
    clear() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}

/** NCBI's rule: requests of one class (with / without api_key) arrived in the last second, this one included. */
function rateWindow(requests: LoggedRequest[], entry: LoggedRequest, limits: { withoutKey: number; withKey: number }) {
  const keyed = Boolean(entry.params.api_key);
  const limit = keyed ? limits.withKey : limits.withoutKey;
  const count = requests.filter((r) => Boolean(r.params.api_key) === keyed && r.at <= entry.at && entry.at - r.at < 1000).length;
  return { count, limit };
}

/** Query string and form body merged, as E-utilities accepts both. */
function readParams(url: URL, method: string, body: string): Record<string, string> {
  const params: Record<string, string> = Object.fromEntries(url.searchParams);
  if (method === 'POST') Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
  return params;
}

/** Listens on 127.0.0.1 (port 0: a free one); tracks sockets so close() can destroy them (stalled answers included). */
async function listen(server: Server, sockets: Set<Socket>, port: number): Promise<number> {
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** Starts the server; resolves once it listens. */
export async function startEutilsServer(opts: EutilsServerOptions = {}): Promise<EutilsServer> {
  const withheldOnce = new Set<string>();
  const state: RouteState = {
    records: new Map((opts.records ?? []).map((r) => [r.pmid, r])),
    idCap: opts.idCap ?? 9999,
    matcher: opts.matcher ?? defaultMatcher,
    webEnvTtlMs: opts.webEnvTtlMs ?? 60 * 60_000,
    history: new Map(),
    withheld: new Set(),
    withheldOnce,
    now: () => performance.now(),
  };
  const limits = opts.rateLimit === undefined ? { withoutKey: 3, withKey: 10 } : opts.rateLimit;
  const faults: Array<Fault & { left: number }> = [];
  const requests: LoggedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = createTimers();

  function takeFault(utility: string, params: Record<string, string>): Fault | null {
    const i = faults.findIndex((f) => faultMatches(f, utility, params));
    const f = faults[i];
    if (f === undefined) return null;
    if (--f.left <= 0) faults.splice(i, 1);
    return f;
  }

  function handle(req: IncomingMessage, res: ServerResponse, entry: LoggedRequest, body: string): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    entry.params = readParams(url, entry.method, body);
    entry.utility = /([a-z]+)\.fcgi$/.exec(url.pathname)?.[1] ?? url.pathname;
    // What the log line adds to the status: the fault served, or the PMIDs an efetch answer withheld.
    let note = '';
    const setStatus = (status: number) => {
      entry.status = status;
      if (opts.log) process.stderr.write(`[eutils-server] ${entry.method} ${entry.utility} -> ${status}${note}\n`);
    };
    const ctx: FaultContext = { ...timers, setStatus, rateLimit: limits ? rateWindow(requests, entry, limits) : { count: 0, limit: 0 } };
    if (limits && ctx.rateLimit.count > ctx.rateLimit.limit) {
      return send(res, ctx, 429, { 'Content-Type': 'application/json' }, rateLimitBody(ctx.rateLimit.count, ctx.rateLimit.limit));
    }
    if (!url.pathname.startsWith('/entrez/eutils/')) return send(res, ctx, 404, { 'Content-Type': 'text/plain' }, 'Not Found');
    const fault = takeFault(entry.utility, entry.params);
    if (fault) note = ` (fault ${fault.kind})`;
    if (fault && isReplacing(fault)) return sendReplacement(fault, entry.utility, req, res, ctx);
    if (entry.utility === 'esearch') return deliver(res, esearchRoute(state, entry.params, fault), fault, ctx);
    if (entry.utility === 'efetch') {
      const answer = efetchRoute(state, entry.params);
      const held = answer.withheld;
      if (held) note += ` (withheld ${held.join(',')})`;
      // A one-time withhold is used up only by an answer the client got whole: 'finish' never fires for a
      // socket a slow or dripping answer lost to the client's timeout, and a cut body is thrown away.
      if (held && !cutsBody(fault)) res.once('finish', () => releaseWithheldOnce(state, held));
      return deliver(res, answer, fault, ctx);
    }
    send(res, ctx, 404, { 'Content-Type': 'text/plain' }, `Unknown utility ${entry.utility}`);
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const entry: LoggedRequest = { at: performance.now(), utility: '', method: req.method ?? 'GET', params: {}, status: 0 };
    requests.push(entry);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, entry, Buffer.concat(chunks).toString('utf8')));
    res.on('error', () => undefined);
  });
  const port = await listen(server, sockets, opts.port ?? 0);

  return {
    url: `http://127.0.0.1:${port}/entrez/eutils/`,
    requests,
    upsert: (rec) => void state.records.set(rec.pmid, rec),
    remove: (pmid) => void state.records.delete(pmid),
    withhold: (...pmids) => pmids.forEach((p) => state.withheld.add(p)),
    release: (...pmids) => pmids.forEach((p) => {
      state.withheld.delete(p);
      withheldOnce.delete(p);
    }),
    withholdOnce: (...pmids) => pmids.forEach((p) => {
      state.withheld.add(p);
      withheldOnce.add(p);
    }),
    inject: (fault) => void faults.push({ ...fault, left: fault.times ?? 1 }),
    clearFaults: () => void faults.splice(0),
    maxRequestsInAnyWindow: (ms = 1000) => maxInWindow(requests.map((r) => r.at), ms),
    close: () =>
      new Promise<void>((resolve) => {
        timers.clear();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
