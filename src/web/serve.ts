/**
 * Starting and stopping the web server (see server.ts for the routes and the rules every answer follows).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { dirname } from 'node:path';
import { errorMessage, UsageError } from '../errors.js';
import type { Library } from '../index.js';
import { followStore } from './follow.js';
import { errorBody, page } from './layout.js';
import { pageCache } from './page-cache.js';
import type { RouteContext } from './routes.js';
import { type SearchThreads, startSearchThreads } from './search-threads.js';
import { handle, hostGate, normalizeBasePath, routeContext, type RunningServer, send, type ServeOptions } from './server.js';

export type { RunningServer, ServeOptions } from './server.js';
export { nextSlice, restAfter } from './follow.js';

/** Requests are answered one at a time (routes are synchronous); a long URL up to 64 KiB still gets a page. */
const MAX_HEADER_BYTES = 64 * 1024;

function accessLog(log: ServeOptions['log'], req: IncomingMessage, status: number, bytes: number, started: number): void {
  const url = req.url ?? '';
  log.info({
    access: true, method: req.method, url: url.length > 300 ? `${url.slice(0, 300)}…` : url, status, bytes,
    ms: Math.round((performance.now() - started) * 10) / 10,
  }, 'request');
}

/** A 431/400 page for requests node:http refuses before any route sees them (headers too large, malformed). */
function clientErrorPage(c: RouteContext, err: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) return;
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const message = tooLarge ? 'The address is too long.' : 'The request is malformed.';
  const body = Buffer.from(page({ title: 'Bad request', section: null, body: errorBody(status, message, c.urls), urls: c.urls }));
  socket.end(`HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body.toString('latin1')}`, 'latin1');
}

/**
 * Refuses a digest folder the pages could never read (a file given as `--digests`, a folder that cannot
 * be read) before listening: otherwise the server starts and `/feed.atom` and the digest pages fail on
 * every request. A folder that does not exist yet is fine (the digest job creates it).
 */
function checkDigestFolder(lib: Library): void {
  try {
    lib.feed({ orEmpty: true });
  } catch (err) {
    const cause = (err as { cause?: NodeJS.ErrnoException }).cause;
    // ENOTDIR: the feed's path goes through a file; the folder named is that file (or below one).
    if (cause?.code === 'ENOTDIR' && typeof cause.path === 'string') {
      throw new UsageError(`serve: the digest folder ${dirname(cause.path)} is not a folder (--digests DIR, or digest.outDir in the configuration)`, { cause: err });
    }
    throw new UsageError(`serve: cannot read the digest folder: ${errorMessage(err)}`, { cause: err });
  }
}

/**
 * Starts serving; resolves once listening. Throws UsageError for a bad base path or a digest folder that
 * is not a readable folder; rejects when the port is taken.
 */
export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const basePath = normalizeBasePath(o.basePath);
  const lib = o.library;
  checkDigestFolder(lib);
  const c = routeContext(lib, basePath, o.status, o.log);
  // Warm the in-memory facet tables now, so the first reader does not pay for reading every record.
  lib.facets('', {});
  const pages = pageCache();
  const hostAllowed = hostGate(o.host ?? '127.0.0.1', o.allowHosts);
  let lastRequest = -Infinity;
  let threads: SearchThreads | null = null;
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    lastRequest = started;
    void handle(c, basePath, req, pages, threads?.delegate, hostAllowed).then((reply) => {
      const bytes = send(res, reply, req.method === 'HEAD');
      accessLog(o.log, req, reply.status, bytes, started);
    });
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => clientErrorPage(c, err, socket));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 8470, o.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const followMs = o.followMs ?? 250;
  const stopFollowing = followStore(lib, o.log, followMs, () => lastRequest);
  // Started once listening (a taken port leaves no thread behind); they take searches as each is ready.
  threads = o.searchThreads && o.searchThreads.count !== 0 ? startSearchThreads(o.searchThreads, basePath, followMs, o.log) : null;
  c.searchThreads = () => threads?.serving ?? 0;
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${host}:${addr.port}${basePath}/`,
    port: addr.port,
    server,
    threads,
    close: async () => {
      stopFollowing();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      await threads?.close();
    },
  };
}
