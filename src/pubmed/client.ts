/**
 * The E-utilities HTTP client: the only module that imports axios.
 *
 * Every request goes through one per-client rate limiter (retries included), gets a total per-attempt
 * deadline, a body-size ceiling, and the retry policy of retry.ts. Bodies come back as validated text;
 * parsing records is the caller's job. The api key is sent but never appears in errors or events.
 */
import { type ClientRequest, type IncomingMessage, type RequestOptions, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isPmid } from '../pmid.js';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { EutilsError, EXIT } from '../errors.js';
import { parseEsearch, type EsearchResult } from './esearch.js';
import { createRateLimiter, intervalFor, realSleep, type RateLimiter, type Sleep } from './rate-limit.js';
import { aborted, asEutilsError, judgeAnswer, transportError, TransientError, type AnswerScope, type RequestSpec } from './client-answer.js';
import { backoffDelay, DEFAULT_RETRY, type RetryPolicy } from './retry.js';

export type { EsearchResult } from './esearch.js';

/** NCBI's production endpoint. */
export const DEFAULT_EUTILS_BASE_URL = 'https://eutils.ncbi.nlm.nih.gov/entrez/eutils/';
/** The window the per-second request cap is applied over (NCBI counts 1 s; the rest is margin). */
export const RATE_WINDOW_MS = 1_250;
/** NCBI: "no more than 500 UIDs" per efetch request is a safe batch for POST. */
export const MAX_EFETCH_IDS = 500;

/** Progress and statistics events. Never carry the api key, a URL or request parameters. */
export type ClientEvent =
  | { type: 'request'; utility: string; attempt: number; context: string }
  | { type: 'response'; utility: string; status: number; bytes: number; ms: number }
  | { type: 'retry'; utility: string; attempt: number; delayMs: number; code: string; status: number | null }
  | { type: 'rate-limited'; utility: string; retryAfterMs: number | null };

export interface PubmedClientOptions {
  /** Default {@link DEFAULT_EUTILS_BASE_URL}; config's EUTILS_BASE_URL points it at the loopback server. */
  baseUrl?: string;
  /** Sent as `tool` on every request (NCBI asks for it). */
  tool: string;
  /** Sent as `email` when set. */
  email: string | null;
  /** Sent as `api_key` when set; raises the limit from 3 to 10 requests/s. Never logged. */
  apiKey: string | null;
  /** Default 3 without key, 10 with; starts are spaced by {@link intervalFor} (367 / 110 ms). */
  requestsPerSecond?: number;
  /** Total deadline of one attempt (axios' own timeout is idle-only). Default 60 000 ms. */
  attemptTimeoutMs?: number;
  /** Largest (decompressed) body accepted; bigger fails with non-retryable `BODY_TOO_LARGE`. Default 64 MiB. */
  maxBodyBytes?: number;
  /** Overrides of {@link DEFAULT_RETRY}. */
  retry?: Partial<RetryPolicy>;
  onEvent?: (e: ClientEvent) => void;
  /** Aborts every pending and future request (SIGTERM); they fail with `ABORTED`. */
  signal?: AbortSignal;
  sleep?: Sleep;
  now?: () => number;
  /** Jitter source in [0, 1). Default Math.random. */
  random?: () => number;
}

/** What the rest of the tool codes against. */
export interface PubmedClient {
  esearch(p: EsearchParams): Promise<EsearchResult>;
  /** POST `db=pubmed&retmode=xml&id=...` (no rettype). 1..500 numeric ids; the body is returned untouched. */
  efetchByIds(ids: string[]): Promise<string>;
  /** GET efetch from the history server. `WEBENV_EXPIRED` when NCBI lost the WebEnv (redo the search). */
  efetchFromHistory(p: { webEnv: string; queryKey: string; retstart: number; retmax: number }): Promise<string>;
  /** Attempts sent (retries included), retries, 429 answers, body bytes received (after decompression). */
  readonly stats: { requests: number; retries: number; rateLimited: number; bytes: number };
}

export interface EsearchParams {
  term: string;
  datetype?: 'edat' | 'mdat' | 'pdat';
  /** `YYYY/MM/DD` (or `YYYY`, `YYYY/MM`), inclusive; both or neither. */
  mindate?: string;
  maxdate?: string;
  retstart?: number;
  retmax?: number;
  usehistory?: boolean;
  webEnv?: string;
  queryKey?: string;
}

/** Creates a client with its own rate limiter. Create one per process. */
export function createPubmedClient(opts: PubmedClientOptions): PubmedClient {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? realSleep;
  const rps = opts.requestsPerSecond ?? (opts.apiKey ? 10 : 3);
  // NCBI counts arrivals per second: besides the spacing, never more than `rps` departures in any
  // RATE_WINDOW_MS, a window longer than NCBI's second so that arrival jitter (the network, a busy
  // server) cannot squeeze one more request into a second as NCBI counts it.
  const limiter = createRateLimiter({ intervalMs: intervalFor(rps), perWindow: Math.max(1, Math.floor(rps)), windowMs: RATE_WINDOW_MS, now, sleep });
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry };
  const maxBodyBytes = opts.maxBodyBytes ?? 64 * 1024 * 1024;
  const http = createHttp(opts.baseUrl ?? DEFAULT_EUTILS_BASE_URL, maxBodyBytes, () => limiter.left(now()));
  const stats = { requests: 0, retries: 0, rateLimited: 0, bytes: 0 };
  const mask = (s: string) => (opts.apiKey ? s.split(opts.apiKey).join('***') : s);
  const emit = (e: ClientEvent) => opts.onEvent?.(e);
  const common: Record<string, string> = { db: 'pubmed', tool: opts.tool };
  if (opts.email) common.email = opts.email;
  if (opts.apiKey) common.api_key = opts.apiKey;
  const deps: CallDeps = { http, limiter, policy, stats, mask, emit, now, sleep, common, opts, maxBodyBytes };

  return {
    stats,
    async esearch(p) {
      const spec = esearchSpec(p);
      return call(deps, spec, (body) => parseEsearch(body, spec.context));
    },
    async efetchByIds(ids) {
      return call(deps, efetchIdsSpec(ids), (body) => body);
    },
    async efetchFromHistory(p) {
      const params = { retmode: 'xml', WebEnv: p.webEnv, query_key: p.queryKey, retstart: String(p.retstart), retmax: String(p.retmax) };
      const context = `history query_key=${p.queryKey} retstart=${p.retstart} retmax=${p.retmax}`;
      return call(deps, { utility: 'efetch', params, post: false, context, expectRoot: 'PubmedArticleSet' }, (body) => body);
    },
  };
}

/**
 * axios over node:http(s), with a hook on each request's 'finish' (its bytes flushed to the socket): the
 * moment a request really leaves, which the rate limiter spaces the next one from.
 */
function createHttp(baseUrl: string, maxBodyBytes: number, onLeft: () => void): AxiosInstance {
  const transport = {
    request(options: RequestOptions, onResponse: (res: IncomingMessage) => void): ClientRequest {
      const req = (options.protocol === 'https:' ? httpsRequest : httpRequest)(options, onResponse);
      req.once('finish', onLeft);
      return req;
    },
  };
  return axios.create({
    transport,
    baseURL: baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`,
    allowAbsoluteUrls: false,
    responseType: 'arraybuffer',
    // Counted after decompression by axios' http adapter, so a gzip bomb stops at the limit too.
    maxContentLength: maxBodyBytes,
    maxBodyLength: 10 * 1024 * 1024,
    decompress: true,
    maxRedirects: 0,
    timeout: 0,
    validateStatus: () => true,
  });
}

function esearchSpec(p: EsearchParams): RequestSpec {
  const params: Record<string, string> = { term: p.term };
  if (p.datetype) params.datetype = p.datetype;
  if (p.mindate !== undefined) params.mindate = p.mindate;
  if (p.maxdate !== undefined) params.maxdate = p.maxdate;
  if (p.retstart !== undefined) params.retstart = String(p.retstart);
  if (p.retmax !== undefined) params.retmax = String(p.retmax);
  if (p.usehistory) params.usehistory = 'y';
  if (p.webEnv !== undefined) params.WebEnv = p.webEnv;
  if (p.queryKey !== undefined) params.query_key = p.queryKey;
  const shown = p.term.length > 160 ? `${p.term.slice(0, 157)}...` : p.term;
  const window = p.mindate ? ` ${p.datetype ?? 'edat'} ${p.mindate}..${p.maxdate ?? ''}` : '';
  return { utility: 'esearch', params, post: false, context: `term "${shown}"${window} retstart=${p.retstart ?? 0}`, expectRoot: null };
}

function efetchIdsSpec(ids: string[]): RequestSpec {
  if (ids.length === 0 || ids.length > MAX_EFETCH_IDS) {
    throw new EutilsError('INVALID_BATCH', `efetch: a batch must hold 1..${MAX_EFETCH_IDS} PMIDs, got ${ids.length}`);
  }
  const bad = ids.find((id) => !isPmid(id));
  if (bad !== undefined) throw new EutilsError('INVALID_BATCH', `efetch: not a PMID: ${JSON.stringify(bad.slice(0, 40))}`);
  const context = `batch ${ids[0]}..${ids[ids.length - 1]} (${ids.length} ids)`;
  return { utility: 'efetch', params: { retmode: 'xml', id: ids.join(',') }, post: true, context, expectRoot: 'PubmedArticleSet' };
}

interface CallDeps {
  http: AxiosInstance;
  limiter: RateLimiter;
  policy: RetryPolicy;
  stats: PubmedClient['stats'];
  mask: (s: string) => string;
  emit: (e: ClientEvent) => void;
  now: () => number;
  sleep: Sleep;
  common: Record<string, string>;
  opts: PubmedClientOptions;
  maxBodyBytes: number;
}

/**
 * The retry loop: attempts until success, a permanent error, or the attempt/time budget runs out.
 * `parse` runs inside the loop so an unparsable 200 is retried like any other transient answer.
 */
async function call<T>(d: CallDeps, spec: RequestSpec, parse: (body: string) => T): Promise<T> {
  const started = d.now();
  const scope = answerScope(d, spec);
  for (let attempt = 1; ; attempt++) {
    let failure: EutilsError;
    try {
      return parse(await attemptOnce(d, scope, attempt));
    } catch (err) {
      failure = asEutilsError(scope, err);
    }
    const delay = nextDelay(d, spec, failure, attempt, started);
    d.stats.retries++;
    d.emit({ type: 'retry', utility: spec.utility, attempt, delayMs: delay, code: failure.code, status: failure.status });
    // After a 429 the whole client waits, not only this call: NCBI counts every request of the process.
    if (failure.status === 429) d.limiter.defer(delay);
    await d.sleep(delay, d.opts.signal).catch((err: unknown) => {
      throw aborted(scope, err);
    });
  }
}

/** How long to wait before the next attempt; throws when the failure is permanent or the budget is spent. */
function nextDelay(d: CallDeps, spec: RequestSpec, failure: EutilsError, attempt: number, started: number): number {
  if (!failure.retryable) throw failure;
  const where = `${spec.utility} ${spec.context}`;
  const retryAfter = failure instanceof TransientError ? failure.retryAfterMs : null;
  if (retryAfter !== null && retryAfter > d.policy.maxRetryAfterMs) {
    const asked = Math.round(retryAfter / 1000);
    const cap = Math.round(d.policy.maxRetryAfterMs / 1000);
    throw new EutilsError('RATE_LIMIT_DEFERRED', `${where}: NCBI asked to wait ${asked} s (Retry-After), more than the ${cap} s allowed; deferring the run`, {
      cause: failure,
      status: failure.status,
      exitCode: EXIT.PARTIAL,
    });
  }
  const backoff = backoffDelay(d.policy, attempt, d.opts.random ?? Math.random);
  const delay = retryAfter ?? (failure.status === 429 ? Math.max(backoff, d.limiter.intervalMs) : backoff);
  if (attempt >= d.policy.maxAttempts || d.now() - started + delay > d.policy.maxElapsedMs) {
    const spent = ((d.now() - started) / 1000).toFixed(1);
    const last = failure.message.startsWith(`${where}: `) ? failure.message.slice(where.length + 2) : failure.message;
    throw new EutilsError('RETRIES_EXHAUSTED', `${where}: gave up after ${attempt} attempts in ${spent} s; last error: ${last}`, {
      cause: failure,
      status: failure.status,
    });
  }
  return delay;
}

function answerScope(d: CallDeps, spec: RequestSpec): AnswerScope {
  return {
    spec,
    mask: d.mask,
    now: d.now,
    onRateLimited: (retryAfterMs) => {
      d.stats.rateLimited++;
      d.emit({ type: 'rate-limited', utility: spec.utility, retryAfterMs });
    },
    attemptTimeoutMs: d.opts.attemptTimeoutMs ?? 60_000,
    maxBodyBytes: d.maxBodyBytes,
    outer: d.opts.signal,
  };
}

/** One attempt: waits for a rate-limit slot, sends with a total deadline, judges the answer. */
async function attemptOnce(d: CallDeps, scope: AnswerScope, attempt: number): Promise<string> {
  const spec = scope.spec;
  await d.limiter.acquire(d.opts.signal);
  d.stats.requests++;
  d.emit({ type: 'request', utility: spec.utility, attempt, context: spec.context });
  const deadline = AbortSignal.timeout(scope.attemptTimeoutMs);
  const attemptSignal = linkSignals(deadline, d.opts.signal);
  try {
    const [res, body] = await send(d, scope, attemptSignal.signal, deadline);
    return judgeAnswer(scope, res.status, res.headers['retry-after'], body);
  } finally {
    attemptSignal.unlink();
  }
}

/**
 * Aborts when either signal does; `unlink` removes the listener from the long-lived caller signal
 * (AbortSignal.any would keep one registration per attempt alive for the whole run).
 */
function linkSignals(deadline: AbortSignal, outer: AbortSignal | undefined): { signal: AbortSignal; unlink: () => void } {
  if (outer === undefined) return { signal: deadline, unlink: () => undefined };
  const ctrl = new AbortController();
  const onAbort = (e: Event) => ctrl.abort((e.target as AbortSignal).reason);
  if (outer.aborted) ctrl.abort(outer.reason);
  outer.addEventListener('abort', onAbort, { once: true });
  deadline.addEventListener('abort', onAbort, { once: true });
  return {
    signal: ctrl.signal,
    unlink: () => {
      outer.removeEventListener('abort', onAbort);
      deadline.removeEventListener('abort', onAbort);
    },
  };
}

/** Sends one HTTP request; resolves with the response and its decoded body. */
async function send(d: CallDeps, scope: AnswerScope, signal: AbortSignal, deadline: AbortSignal): Promise<[AxiosResponse, string]> {
  const spec = scope.spec;
  const query = new URLSearchParams({ ...d.common, ...spec.params }).toString();
  const post = spec.post || query.length > 1800;
  const t0 = d.now();
  let res: AxiosResponse<ArrayBuffer>;
  try {
    res = await d.http.request<ArrayBuffer>({
      url: post ? `${spec.utility}.fcgi` : `${spec.utility}.fcgi?${query}`,
      method: post ? 'POST' : 'GET',
      data: post ? query : undefined,
      headers: post ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {},
      signal,
    });
  } catch (err) {
    throw transportError(scope, err, deadline);
  }
  const bytes = Buffer.from(res.data);
  d.stats.bytes += bytes.length;
  d.emit({ type: 'response', utility: spec.utility, status: res.status, bytes: bytes.length, ms: d.now() - t0 });
  return [res, new TextDecoder('utf-8').decode(bytes)];
}
