/**
 * `kratomlit serve`'s router and the rules every answer follows: read-only routes (GET and HEAD only),
 * a strict CSP (no scripts, styles from this site only), and every failure a page in the site's style,
 * never a stack trace. node:http with this small router is enough: a handful of GET routes, no bodies to
 * parse, nothing to load at start-up. serve.ts starts the server and follows the store.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { AppError, errorMessage, UsageError } from '../errors.js';
import type { Library } from '../index.js';
import { HttpError, visibleControls } from './errors.js';
import { errorBody, page } from './layout.js';
import { JSON_TYPE, jsonBody, pagePathOf } from './json.js';
import type { PageCache } from './page-cache.js';
import type { SearchThreads, SearchThreadsSpec } from './search-threads.js';
import { type ErrorLog, exportRoute, paperRoute, type Reply, type RouteContext, searchRoute } from './routes.js';
import { digestRoute, evidenceRoute, feedRoute, statusRoute, styleRoute } from './routes-other.js';
import type { StatusView } from './pages/status.js';
import { urls as makeUrls } from './urls.js';
import { faviconRoute } from './favicon.js';

/** How to serve. */
export interface ServeOptions {
  library: Library;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8470; 0 picks a free port. */
  port?: number;
  /** Path prefix behind a reverse proxy (`/lit`); default none. */
  basePath?: string;
  /**
   * Host names (as a browser sends them in `Host`, without the port) the server answers for, beside the
   * loopback names: what a reverse proxy forwards. See {@link hostGate} for the default.
   */
  allowHosts?: readonly string[];
  /** The `status --json` document; default: the library's counts and runs only. */
  status?: () => Promise<StatusView['report']>;
  /** One access-log entry per request, and server errors (their stacks at debug level, when the log has one). */
  log: { info(obj: object, msg?: string): void; error(obj: object, msg?: string): void; debug?(obj: object, msg?: string): void };
  /** How often to look for store changes, ms; default 250. */
  followMs?: number;
  /**
   * Render search pages on threads of their own, each holding a read-only library opened from this
   * database and index file (search-thread.ts); default: none, every page on the serving thread.
   * `count: 0` is the same as none.
   */
  searchThreads?: SearchThreadsSpec;
}

/** A running server. */
export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  /** The search threads, when asked for and this build can start them. */
  threads: SearchThreads | null;
  /** Stops following, stops accepting, ends idle connections, stops the search threads; resolves when all are closed. */
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** Names of this machine a browser can reach a loopback server by. */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True when `address` (a bind address) is only reachable from this machine. */
export function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || /^127\.\d+\.\d+\.\d+$/.test(address);
}

/**
 * Which `Host` headers the server answers, or null for any. Bound to loopback (the default), a page of
 * another site that points a name of its own at 127.0.0.1 (DNS rebinding) must not be able to read the
 * library through the reader's browser: only loopback names (`localhost`, `*.localhost`, `127.0.0.1`,
 * `[::1]`, the bind address) and the names in `allow` (a reverse proxy's) are answered. Bound to the
 * network, the user chose to be reached by any name, unless `allow` lists the names.
 */
export function hostGate(bind: string, allow: readonly string[] = []): ((host: string | undefined) => boolean) | null {
  if (!isLoopback(bind) && allow.length === 0) return null;
  const names = new Set([...LOOPBACK_NAMES, ...allow.map((h) => h.toLowerCase()), bind.includes(':') ? `[${bind}]` : bind]);
  return (host) => {
    // HTTP/1.0 clients may send none; a browser always does (and rebinding needs one).
    if (host === undefined) return true;
    const name = host.toLowerCase().replace(/:\d+$/, '');
    return names.has(name) || name.endsWith('.localhost');
  };
}

/** The one line a refused `Host` gets (403). */
function hostRefused(host: string): HttpError {
  const shown = host.length > 100 ? `${host.slice(0, 100)}…` : host;
  return new HttpError(403, `This server does not answer for the name "${shown}". Open it at localhost or 127.0.0.1; behind a reverse proxy, start it with --allow-host and the proxy's name.`);
}

/** A base path is `''` or `/segment[/segment]` of safe characters, without a trailing slash. */
export function normalizeBasePath(value: string | undefined): string {
  const v = (value ?? '').trim().replace(/\/+$/, '');
  if (v === '') return '';
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(v)) throw new UsageError(`serve: --base-path must look like /library, got "${value}"`);
  return v;
}

/** Dispatches a page path, or a JSON twin's path (json.ts), to its route. */
async function route(c: RouteContext, path: string, query: URLSearchParams): Promise<Reply> {
  const page = pagePathOf(path);
  const as = page === null ? 'html' : 'json';
  const p = page ?? path;
  if (p === '/') return searchRoute(c, query, as);
  // `/search` is the HTML twin `/search.json` implies (path + .json): the search page is `/`.
  if (path === '/search') return { status: 301, type: 'text/plain', body: '', headers: { location: `${c.urls.to('/')}${query.size > 0 ? `?${query.toString()}` : ''}` } };
  if (p === '/evidence') return evidenceRoute(c, query, as);
  if (p === '/status') return statusRoute(c, query, as);
  if (p === '/digests/') return digestRoute(c, null, query, as);
  const paper = /^\/paper\/([^/]+?)\/?$/.exec(p);
  if (paper) return paperRoute(c, paper[1] as string, query, as);
  const digest = /^\/digests\/(.+)$/.exec(p);
  if (digest) return digestRoute(c, digest[1] as string, query, as);
  if (page !== null) throw new HttpError(404, 'There is no JSON at this address.');
  if (path === '/style.css') return styleRoute();
  if (path === '/favicon.svg' || path === '/favicon.ico') return faviconRoute();
  if (path === '/export') return exportRoute(c, query);
  if (path === '/feed.atom') return feedRoute(c, query);
  if (path === '/digests') return { status: 301, type: 'text/plain', body: '', headers: { location: c.urls.to('/digests/') } };
  throw new HttpError(404, 'There is no page at this address.');
}

function errorReply(c: RouteContext, err: unknown, json: boolean, url?: string): Reply {
  const status = err instanceof HttpError ? err.status : err instanceof UsageError || (err instanceof AppError && err.exitCode === 2) ? 400 : 500;
  if (status === 500) logServerError(c.log, err, url);
  const message = status === 500 ? 'The server could not answer this request; the reason is in its log.' : errorMessage(err).replace(/^(search|query|export): /, '');
  if (json) return { status, type: JSON_TYPE, body: jsonBody({ error: { status, message } }) };
  const title = ({ 403: 'Not allowed', 404: 'Not found', 405: 'Method not allowed', 431: 'Request too large', 500: 'Server error' } as Record<number, string>)[status] ?? 'Bad request';
  // The message may quote the request (a query, a parameter, a Host): its bidi controls are shown, not obeyed.
  return { status, type: 'text/html; charset=utf-8', body: page({ title, section: null, body: errorBody(status, visibleControls(message), c.urls), urls: c.urls }) };
}

/**
 * Writes why a request failed, as its 500 page promises: the message (and the URL) at error level, the
 * stack at debug level (`kratomlit -v serve`).
 */
function logServerError(log: ErrorLog | undefined, err: unknown, url: string | undefined): void {
  if (!log) return;
  const where = url === undefined ? {} : { url: url.length > 300 ? `${url.slice(0, 300)}…` : url };
  log.error({ ...where, err: errorMessage(err) }, 'serve: could not answer a request');
  if (err instanceof Error && err.stack !== undefined) log.debug?.({ ...where, stack: err.stack }, 'serve: where the request failed');
}

/** Splits the request target into a decoded path under the base path and its query; null when outside it. */
function target(rawUrl: string, basePath: string): { path: string; query: URLSearchParams; rawQuery: string } | null {
  const q = rawUrl.indexOf('?');
  const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    throw new HttpError(400, 'The address is not validly encoded.');
  }
  if (basePath !== '') {
    if (path !== basePath && !path.startsWith(`${basePath}/`)) return null;
    path = path.slice(basePath.length) || '/';
  }
  const rawQuery = q === -1 ? '' : rawUrl.slice(q + 1);
  return { path, query: new URLSearchParams(rawQuery), rawQuery };
}

/** The routes' shared context for `lib` (see RouteContext); one per thread that renders pages. */
export function routeContext(lib: Library, basePath: string, status?: () => Promise<StatusView['report']>, log?: ErrorLog): RouteContext {
  return {
    ...(log ? { log } : {}),
    lib,
    urls: makeUrls(basePath),
    startedAt: new Date().toISOString(),
    cache: { seq: -1, evidence: null, pmids: null },
    vocab: null,
    listings: { seq: -1, byPmid: new Map() },
    searchThreads: () => 0,
    status: status ?? (async () => {
      const s = lib.status();
      const topics = Object.entries(s.records.byTopic).map(([name, records]) => ({ name, records, configured: true }));
      return { records: s.records, topics, runs: s.runs.map((r) => ({ id: r.id, kind: r.kind, status: r.status, startedAt: r.startedAt, endedAt: r.endedAt, details: r.details, error: r.error })) };
    }),
  };
}

/** The library's state a cached answer must match: store change sequence and indexed change. */
export function stateOf(lib: Pick<Library, 'changeSeq' | 'indexedSeq'>): string {
  return `${lib.changeSeq()}:${lib.indexedSeq()}`;
}

/** A page path's answer, never throwing: a failure is an error page, or a JSON error for a JSON twin. */
export async function render(c: RouteContext, path: string, query: URLSearchParams): Promise<Reply> {
  try {
    return await route(c, path, query);
  } catch (err) {
    return errorReply(c, err, path.endsWith('.json'), query.size > 0 ? `${path}?${query.toString()}` : path);
  }
}

/** Renders a page somewhere else (a search thread): the answer and the library state it was rendered at; null to render here. */
export type Delegate = (path: string, rawQuery: string) => Promise<{ reply: Reply; state: string } | null> | null;

/**
 * Answers one request; never throws (every failure becomes an error page, or a JSON error for a JSON
 * twin). Answers that depend only on the URL and the library's state are served from `cache` while the
 * state is unchanged (page-cache.ts). Pages `delegate` takes are rendered by it and kept only when
 * rendered at the state this thread's library is in.
 */
export async function handle(c: RouteContext, basePath: string, req: IncomingMessage, cache: PageCache, delegate?: Delegate, hostAllowed?: ((host: string | undefined) => boolean) | null): Promise<Reply> {
  let json = false;
  const url = req.url ?? '/';
  try {
    if (hostAllowed && !hostAllowed(req.headers.host)) {
      json = (url.split('?')[0] ?? '').endsWith('.json');
      throw hostRefused(req.headers.host ?? '');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return { ...errorReply(c, new HttpError(405, `${String(req.method).slice(0, 10)} is not allowed: this site only reads.`), false), headers: { allow: 'GET, HEAD' } };
    }
    const key = req.url ?? '/';
    const t = target(key, basePath);
    if (!t) throw new HttpError(404, `This server answers under ${basePath}/ only.`);
    json = t.path.endsWith('.json');
    const state = stateOf(c.lib);
    const hit = cache.get(key, state);
    if (hit) return hit;
    // null from the thread: it ended before answering, and the page is rendered here after all.
    const away = await delegate?.(t.path, t.rawQuery);
    if (away) {
      // Kept only when rendered at the state this request began in: the cache drops it once that moves.
      if (away.reply.cacheable && away.reply.status === 200 && away.state === state) cache.set(key, state, away.reply);
      return away.reply;
    }
    const reply = await render(c, t.path, t.query);
    if (reply.cacheable && reply.status === 200) cache.set(key, state, reply);
    return reply;
  } catch (err) {
    return errorReply(c, err, json, url);
  }
}

/** Writes a reply with the security headers; returns the body's size. */
export function send(res: ServerResponse, reply: Reply, head: boolean): number {
  // The string goes to the socket as it is (encoded on the way out): copying it into a Buffer first
  // cost an allocation the size of the page on every answer.
  const bytes = typeof reply.body === 'string' ? Buffer.byteLength(reply.body, 'utf8') : reply.body.length;
  res.writeHead(reply.status, {
    ...SECURITY_HEADERS,
    'content-type': reply.type,
    'content-length': String(bytes),
    'cache-control': 'no-cache',
    ...reply.headers,
  });
  if (head) res.end();
  else if (typeof reply.body === 'string') res.end(reply.body, 'utf8');
  else res.end(reply.body);
  return bytes;
}
