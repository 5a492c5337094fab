/**
 * Fault injection for the loopback E-utilities server: each fault is one way NCBI (or the network)
 * has been seen to misbehave. Faults are queued and consumed in order by matching requests.
 * No vitest imports: shipped in dist.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { cxxTraceBody, diagnosticHtml, efetchErrorXml, esearchErrorBody, rateLimitBody, retstartCapBody } from './eutils-render.js';

export type FaultKind =
  | '400'
  | '429'
  | '500'
  | '502'
  | '503'
  | 'reset'
  | 'reset-mid-body'
  | 'truncate'
  | 'html200'
  | 'prolog-only'
  | 'cxx-trace'
  | 'empty200'
  | 'stall'
  | 'drip'
  | 'slow'
  | 'webenv-expired'
  | 'huge'
  | 'gzip-bomb'
  | 'count-shift'
  | 'dup-ids';

/**
 * One queued fault. `times` (default 1) matching requests consume it. `count-shift` and `dup-ids`
 * only match esearch pages after the first (retstart > 0), `webenv-expired` only requests carrying a
 * WebEnv: where they matter.
 */
export interface Fault {
  kind: FaultKind;
  utility?: 'esearch' | 'efetch';
  times?: number;
  /** 429: `Retry-After` in seconds; with `retryAfterAsDate` sent as an HTTP date. */
  retryAfterSec?: number;
  retryAfterAsDate?: boolean;
  /** slow: delay before answering (default 1000 ms). */
  delayMs?: number;
  /** drip: gap between bytes (default 100 ms). */
  intervalMs?: number;
  /** huge: megabytes streamed (default 50); gzip-bomb: megabytes once inflated (default 300). */
  sizeMb?: number;
  /** truncate / reset-mid-body: share of the body sent (default 0.6 / 0.5). */
  fraction?: number;
  /** count-shift: added to the reported count (default +1). */
  shift?: number;
}

/** Kinds that replace the whole answer (the request is not served normally). */
const REPLACING = new Set<FaultKind>([
  '400', '429', '500', '502', '503', 'reset', 'html200', 'prolog-only', 'cxx-trace', 'empty200', 'stall', 'webenv-expired', 'huge', 'gzip-bomb',
]);

/** A normal answer before delivery. */
export interface Answer {
  status: number;
  headers: OutgoingHttpHeaders;
  body: string;
  /** efetch: the PMIDs asked for that this answer leaves out on purpose (named in the request log). */
  withheld?: string[];
}

/** Server-side resources a fault may need: timers it must be able to cancel on close. */
export interface FaultContext {
  later(ms: number, fn: () => void): void;
  every(ms: number, fn: () => boolean): void;
  /** Records the status finally sent (0 when the socket was destroyed). */
  setStatus(status: number): void;
  rateLimit: { count: number; limit: number };
}

/** True when the queued fault applies to this request. */
export function faultMatches(f: Fault, utility: string, params: Record<string, string>): boolean {
  if (f.utility !== undefined && f.utility !== utility) return false;
  if (f.kind === 'count-shift' || f.kind === 'dup-ids') return utility === 'esearch' && Number(params.retstart ?? 0) > 0;
  // A WebEnv can only be lost by a request that uses one.
  if (f.kind === 'webenv-expired') return params.WebEnv !== undefined;
  return true;
}

export function isReplacing(f: Fault): boolean {
  return REPLACING.has(f.kind);
}

/** True when the fault sends only part of the answer's body (the client never sees the whole answer). */
export function cutsBody(f: Fault | null): boolean {
  return f?.kind === 'truncate' || f?.kind === 'reset-mid-body';
}

/** Sends the answer a replacing fault stands for. */
export function sendReplacement(f: Fault, utility: string, req: IncomingMessage, res: ServerResponse, ctx: FaultContext): void {
  const xml = { 'Content-Type': 'text/xml; charset=UTF-8' };
  switch (f.kind) {
    case '429':
      return send(res, ctx, 429, { 'Content-Type': 'application/json', ...retryAfterHeader(f) }, rateLimitBody(ctx.rateLimit.count, ctx.rateLimit.limit));
    case '400':
      // Some NCBI front ends send the retstart-cap ERROR with status 400 instead of 200.
      return send(res, ctx, 400, xml, utility === 'esearch' ? retstartCapBody(10_000, false) : efetchErrorXml('Invalid parameter'));
    case '500':
    case '502':
    case '503':
      return send(res, ctx, Number(f.kind), { 'Content-Type': 'text/html' }, diagnosticHtml(Number(f.kind)));
    case 'reset':
      ctx.setStatus(0);
      req.socket.destroy();
      return;
    case 'html200':
      return send(res, ctx, 200, { 'Content-Type': 'text/html' }, diagnosticHtml(500));
    case 'prolog-only':
      return send(res, ctx, 200, xml, '<?xml version="1.0" encoding="UTF-8" ?>\n');
    case 'cxx-trace':
      return send(res, ctx, 200, { 'Content-Type': 'text/plain' }, cxxTraceBody(utility));
    case 'empty200':
      return send(res, ctx, 200, xml, '');
    case 'stall':
      ctx.setStatus(200);
      res.writeHead(200, xml);
      res.flushHeaders();
      return;
    case 'webenv-expired': {
      const msg = 'Unable to obtain query #1';
      return send(res, ctx, 200, xml, utility === 'esearch' ? esearchErrorBody(msg, false) : efetchErrorXml(msg));
    }
    case 'huge':
      return streamHuge(res, ctx, (f.sizeMb ?? 50) * 1024 * 1024);
    case 'gzip-bomb':
      return sendGzipBomb(res, ctx, f.sizeMb ?? 300);
    default:
      return send(res, ctx, 500, { 'Content-Type': 'text/plain' }, `unhandled fault ${f.kind}`);
  }
}

/** Delivers a normal answer, possibly damaged by a delivery fault (slow, truncate, reset-mid-body, drip). */
export function deliver(res: ServerResponse, answer: Answer, fault: Fault | null, ctx: FaultContext): void {
  const kind = fault?.kind;
  if (kind === 'slow') return ctx.later(fault?.delayMs ?? 1000, () => send(res, ctx, answer.status, answer.headers, answer.body));
  if (kind === 'truncate') {
    const cut = answer.body.slice(0, Math.floor(answer.body.length * (fault?.fraction ?? 0.6)));
    return send(res, ctx, answer.status, answer.headers, cut);
  }
  const buf = Buffer.from(answer.body, 'utf8');
  if (kind === 'reset-mid-body') {
    ctx.setStatus(answer.status);
    res.writeHead(answer.status, { ...answer.headers, 'Content-Length': buf.length });
    res.write(buf.subarray(0, Math.floor(buf.length * (fault?.fraction ?? 0.5))));
    return ctx.later(20, () => res.socket?.destroy());
  }
  if (kind === 'drip') {
    ctx.setStatus(answer.status);
    res.writeHead(answer.status, { ...answer.headers, 'Content-Length': buf.length });
    let i = 0;
    return ctx.every(fault?.intervalMs ?? 100, () => {
      if (res.destroyed || i >= buf.length) {
        if (!res.destroyed) res.end();
        return false;
      }
      res.write(buf.subarray(i, ++i));
      return true;
    });
  }
  send(res, ctx, answer.status, answer.headers, answer.body);
}

/** Writes a complete answer with its Content-Length. */
export function send(res: ServerResponse, ctx: FaultContext, status: number, headers: OutgoingHttpHeaders, body: string): void {
  if (res.destroyed) return;
  const buf = Buffer.from(body, 'utf8');
  ctx.setStatus(status);
  res.writeHead(status, { ...headers, 'Content-Length': buf.length });
  res.end(buf);
}

function retryAfterHeader(f: Fault): OutgoingHttpHeaders {
  if (f.retryAfterSec === undefined) return {};
  const value = f.retryAfterAsDate ? new Date(Date.now() + f.retryAfterSec * 1000).toUTCString() : String(f.retryAfterSec);
  return { 'Retry-After': value };
}

/** Streams `size` bytes of XML-looking filler, respecting backpressure, until done or the socket dies. */
function streamHuge(res: ServerResponse, ctx: FaultContext, size: number): void {
  ctx.setStatus(200);
  res.writeHead(200, { 'Content-Type': 'text/xml; charset=UTF-8' });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  const pump = () => {
    while (!res.destroyed && sent < size) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end('</PubmedArticleSet>');
  };
  res.write('<?xml version="1.0" ?>\n<PubmedArticleSet>\n');
  pump();
}

/**
 * A small gzip body that inflates to `mb` megabytes: one 1 MiB member repeated (a gzip stream may
 * hold several members; decoders inflate them all). About 1 KB per MB on the wire.
 */
function sendGzipBomb(res: ServerResponse, ctx: FaultContext, mb: number): void {
  const member = gzipSync(Buffer.alloc(1024 * 1024, 0x20));
  const body = Buffer.concat(Array.from({ length: mb }, () => member));
  ctx.setStatus(200);
  res.writeHead(200, { 'Content-Type': 'text/xml; charset=UTF-8', 'Content-Encoding': 'gzip', 'Content-Length': body.length });
  res.end(body);
}
