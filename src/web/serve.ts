/**
 * Starting and stopping the web server (see server.ts for the routes and the rules every answer follows).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setImmediate as yieldTurn, setTimeout as sleep } from 'node:timers/promises';
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
 * one slice (and while requests keep coming, the follower rests between slices: restAfter). A real-sized record costs 1-2 ms to read and index, so the slice size adapts to take about
 * SLICE_MS, between 1 and MAX_SLICE records.
 */
const SLICE_MS = 8;
const MAX_SLICE = 100;

/** A request answered this recently (ms) means readers are waiting on this thread. */
const BUSY_MS = 100;
/** While readers wait, the follower rests this many times as long as its last slice took. */
const REST_FACTOR = 3;

/**
 * How long the follower rests (ms) after a slice that took `took` ms: while requests are being answered
 * it takes at most a quarter of the serving thread, so a bulk import (whose records cost the follower
 * more than the writer) cannot make every reader queue behind back-to-back slices; when no one is
 * reading it follows at full speed (0: the next turn of the event loop).
 */
export function restAfter(took: number, busy: boolean): number {
  return busy ? took * REST_FACTOR : 0;
}

/**
 * The next slice size: scaled towards SLICE_MS from how long the last slice took to apply `applied`
 * records. Scaled by the records applied, not by the size asked: a follower that had caught up applied
 * a record or two per slice in no time, and growing its slices then made the first slice of the next
 * import batch a hundred records (300 ms) long.
 */
export function nextSlice(applied: number, ms: number): number {
  const scaled = ms <= 0 ? applied * 2 : Math.round((applied * SLICE_MS) / ms);
  return Math.max(1, Math.min(MAX_SLICE, scaled, applied * 2));
}

function followStore(lib: ServeOptions['library'], log: ServeOptions['log'], every: number, lastRequest: () => number): () => void {
  let busy = false;
  let stopped = false;
  let slice = 10;
  const tick = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      // Stopping may come while the follower rests: no slice after it (the library may be closing).
      while (!stopped) {
        const started = performance.now();
        const from = lib.indexedSeq();
        const caughtUp = lib.refresh(slice);
        const took = performance.now() - started;
        // Each applied record advances the index's change by at least one.
        slice = nextSlice(Math.max(1, Math.min(slice, lib.indexedSeq() - from)), took);
        if (caughtUp) break;
        const rest = restAfter(took, started - lastRequest() < BUSY_MS);
        await (rest > 0 ? sleep(rest) : yieldTurn());
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
  let lastRequest = -Infinity;
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    lastRequest = started;
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
  const stopFollowing = followStore(lib, o.log, o.followMs ?? 250, () => lastRequest);
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
