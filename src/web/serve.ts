/**
 * Starting and stopping the web server (see server.ts for the routes and the rules every answer follows).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setImmediate as yieldTurn } from 'node:timers/promises';
import { errorMessage } from '../errors.js';
import { errorBody, page } from './layout.js';
import { pageCache } from './page-cache.js';
import type { RouteContext } from './routes.js';
import { handle, normalizeBasePath, type RunningServer, send, type ServeOptions } from './server.js';

export type { RunningServer, ServeOptions } from './server.js';
import { urls as makeUrls } from './urls.js';

/** Requests are answered one at a time (routes are synchronous); a long URL up to 64 KiB still gets a page. */
const MAX_HEADER_BYTES = 64 * 1024;
/**
 * Following the store is done in slices, the event loop free between them, so a request waits for at most
 * one slice. A real-sized record costs 1-2 ms to read and index, so the slice size adapts to take about
 * SLICE_MS, between 1 and MAX_SLICE records.
 */
const SLICE_MS = 8;
const MAX_SLICE = 100;

/** The next slice size: scaled towards SLICE_MS from how long the last slice of `size` took. */
export function nextSlice(size: number, ms: number): number {
  const scaled = ms <= 0 ? size * 2 : Math.round((size * SLICE_MS) / ms);
  return Math.max(1, Math.min(MAX_SLICE, scaled, size * 2));
}

function followStore(lib: ServeOptions['library'], log: ServeOptions['log'], every: number): () => void {
  let busy = false;
  let stopped = false;
  let slice = 10;
  const tick = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      for (;;) {
        const started = performance.now();
        const caughtUp = lib.refresh(slice);
        slice = nextSlice(slice, performance.now() - started);
        if (stopped || caughtUp) break;
        await yieldTurn();
      }
    } catch (err) {
      log.error({ err: errorMessage(err) }, 'serve: could not follow the store; will retry');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), every);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

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

/** Starts serving; resolves once listening. Throws UsageError for a bad base path; rejects when the port is taken. */
export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const basePath = normalizeBasePath(o.basePath);
  const lib = o.library;
  const c: RouteContext = {
    lib,
    urls: makeUrls(basePath),
    startedAt: new Date().toISOString(),
    cache: { seq: -1, evidence: null, pmids: null },
    vocab: null,
    listings: { seq: -1, byPmid: new Map() },
    status: o.status ?? (async () => {
      const s = lib.status();
      const topics = Object.entries(s.records.byTopic).map(([name, records]) => ({ name, records, configured: true }));
      return { records: s.records, topics, runs: s.runs.map((r) => ({ id: r.id, kind: r.kind, status: r.status, startedAt: r.startedAt, endedAt: r.endedAt, details: r.details, error: r.error })) };
    }),
  };
  // Warm the in-memory facet tables now, so the first reader does not pay for reading every record.
  lib.facets('', {});
  const pages = pageCache();
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    void handle(c, basePath, req, pages).then((reply) => {
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
  const stopFollowing = followStore(lib, o.log, o.followMs ?? 250);
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${host}:${addr.port}${basePath}/`,
    port: addr.port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        stopFollowing();
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
