import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPubmedClient, type ClientEvent, type PubmedClient, type PubmedClientOptions } from '../../src/pubmed/client.js';
import { realSleep } from '../../src/pubmed/rate-limit.js';
import { EutilsError } from '../../src/errors.js';
import { startEutilsServer, type EutilsServer, type FaultKind } from '../../src/loopback/eutils-server.js';
import { makeRecords } from '../../src/loopback/eutils-records.js';

let server: EutilsServer;
let events: ClientEvent[];
const IDS = ['101', '102', '103', '104', '105'];

/** Fast client: no pacing, tiny backoff; sleeps are capped at 20 ms but their asked length is recorded. */
function client(overrides: Partial<PubmedClientOptions> = {}): PubmedClient {
  return createPubmedClient({
    baseUrl: server.url,
    tool: 'kratomlit-test',
    email: null,
    apiKey: null,
    requestsPerSecond: 1000,
    attemptTimeoutMs: 2000,
    retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 4, maxRetryAfterMs: 60_000 },
    sleep: (ms, signal) => realSleep(Math.min(ms, 20), signal),
    onEvent: (e) => events.push(e),
    ...overrides,
  });
}

async function failure(p: Promise<unknown>): Promise<EutilsError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EutilsError);
  return err as EutilsError;
}

function pmids(body: string): string[] {
  return [...body.matchAll(/<PMID Version="\d+">(\d+)<\/PMID>/g)].map((m) => m[1] as string);
}

beforeEach(async () => {
  events = [];
  server = await startEutilsServer({ records: makeRecords(5, 101, ['2024-01-01']), rateLimit: null });
});
afterEach(async () => {
  await server.close();
});

describe('rate limiting answers (429)', () => {
  it('retries a 429 without Retry-After and counts it', async () => {
    server.inject({ kind: '429', utility: 'efetch' });
    const c = client();
    expect(pmids(await c.efetchByIds(IDS))).toEqual(IDS);
    expect(c.stats).toMatchObject({ requests: 2, retries: 1, rateLimited: 1 });
    expect(events).toContainEqual({ type: 'rate-limited', utility: 'efetch', retryAfterMs: null });
  });

  it('waits exactly the Retry-After seconds before the retry', async () => {
    server.inject({ kind: '429', retryAfterSec: 2 });
    const c = client();
    await c.efetchByIds(IDS);
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ delayMs: 2000, code: 'RATE_LIMITED', status: 429 });
  });

  it('understands Retry-After given as an HTTP date', async () => {
    server.inject({ kind: '429', retryAfterSec: 5, retryAfterAsDate: true });
    await client().efetchByIds(IDS);
    const retry = events.find((e) => e.type === 'retry');
    expect(retry?.type === 'retry' && retry.delayMs).toBeGreaterThan(2000);
    expect(retry?.type === 'retry' && retry.delayMs).toBeLessThanOrEqual(5000);
  });

  it('defers at once when Retry-After exceeds the cap', async () => {
    server.inject({ kind: '429', retryAfterSec: 3600, times: 5 });
    const c = client();
    const t0 = Date.now();
    const err = await failure(c.efetchByIds(IDS));
    expect(err.code).toBe('RATE_LIMIT_DEFERRED');
    expect(err.exitCode).toBe(3);
    expect(c.stats.requests).toBe(1);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

describe('server failures', () => {
  it('gives up on a 503 that never clears within the attempt budget, naming the batch', async () => {
    server.inject({ kind: '503', times: 100 });
    const c = client();
    const err = await failure(c.efetchByIds(IDS));
    expect(err.code).toBe('RETRIES_EXHAUSTED');
    expect(err.message).toContain('efetch batch 101..105 (5 ids)');
    expect(err.message).toContain('HTTP 503');
    expect(c.stats.requests).toBe(4);
  });

  it('gives up when the elapsed-time budget runs out, whatever the attempt budget', async () => {
    server.inject({ kind: '503', times: 1000 });
    const c = client({ sleep: realSleep, retry: { baseDelayMs: 100, maxDelayMs: 100, maxAttempts: 1000, maxElapsedMs: 400 } });
    const t0 = Date.now();
    const err = await failure(c.esearch({ term: 'mitragynine' }));
    expect(err.code).toBe('RETRIES_EXHAUSTED');
    expect(err.message).toContain('term "mitragynine"');
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('does not retry a 400: the retstart cap sent with status 400 stays RETSTART_CAP', async () => {
    server.inject({ kind: '400', times: 2 });
    const c = client();
    expect((await failure(c.esearch({ term: 'mitragynine', retstart: 9999 }))).code).toBe('RETSTART_CAP');
    const err = await failure(c.efetchByIds(IDS));
    expect(err.code).toBe('HTTP_400');
    expect(err.message).toContain('Invalid parameter');
    expect(c.stats).toMatchObject({ requests: 2, retries: 0 });
  });

  const garbage: FaultKind[] = ['500', '502', 'html200', 'prolog-only', 'cxx-trace', 'empty200', 'truncate', 'reset', 'reset-mid-body'];
  it.each(garbage)('retries an efetch answered with %s and then returns the complete body', async (kind) => {
    server.inject({ kind, utility: 'efetch' });
    const c = client();
    expect(pmids(await c.efetchByIds(IDS))).toEqual(IDS);
    expect(c.stats.retries).toBe(1);
  });

  it.each(['html200', 'prolog-only', 'cxx-trace', 'empty200', 'truncate', 'reset-mid-body'] as FaultKind[])(
    'retries an esearch answered with %s',
    async (kind) => {
      server.inject({ kind, utility: 'esearch' });
      const c = client();
      expect((await c.esearch({ term: 'mitragynine' })).count).toBe(5);
      expect(c.stats.retries).toBe(1);
    },
  );
});

describe('deadlines and size limits', () => {
  it('cuts a stalled answer at the total per-attempt deadline and retries', async () => {
    server.inject({ kind: 'stall' });
    const c = client({ attemptTimeoutMs: 300 });
    const t0 = Date.now();
    expect(pmids(await c.efetchByIds(IDS))).toEqual(IDS);
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ code: 'TIMEOUT' });
  });

  it('cuts a body dripping one byte at a time although bytes keep arriving', async () => {
    server.inject({ kind: 'drip', intervalMs: 20, times: 2 });
    const c = client({ attemptTimeoutMs: 300, retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 5 } });
    const t0 = Date.now();
    const err = await failure(c.efetchByIds(IDS));
    expect(err.code).toBe('RETRIES_EXHAUSTED');
    expect(err.message).toContain('within 300 ms');
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('waits for a slow answer that beats the deadline, and retries one that does not', async () => {
    server.inject({ kind: 'slow', delayMs: 100 });
    const c = client({ attemptTimeoutMs: 300 });
    expect(pmids(await c.efetchByIds(IDS))).toEqual(IDS);
    expect(c.stats.retries).toBe(0);
    server.inject({ kind: 'slow', delayMs: 600 });
    expect(pmids(await c.efetchByIds(IDS))).toEqual(IDS);
    expect(c.stats.retries).toBe(1);
  });

  it('rejects an oversized body as BODY_TOO_LARGE without retrying', async () => {
    server.inject({ kind: 'huge', sizeMb: 4 });
    const c = client({ maxBodyBytes: 1024 * 1024 });
    const err = await failure(c.efetchByIds(IDS));
    expect(err.code).toBe('BODY_TOO_LARGE');
    expect(c.stats.requests).toBe(1);
  });

  it('stops inflating a gzip bomb at the body limit', async () => {
    server.inject({ kind: 'gzip-bomb', sizeMb: 300 });
    // About size, not time: a deadline the answer cannot reach even on a busy machine, so it fails on its size.
    const c = client({ maxBodyBytes: 2 * 1024 * 1024, attemptTimeoutMs: 60_000 });
    const heapBefore = process.memoryUsage().rss;
    const err = await failure(c.efetchByIds(IDS));
    expect(err.code).toBe('BODY_TOO_LARGE');
    expect(c.stats.requests).toBe(1);
    expect(process.memoryUsage().rss - heapBefore).toBeLessThan(100 * 1024 * 1024);
  });

  it('stops at once when the caller aborts, without retrying', async () => {
    server.inject({ kind: 'stall', times: 5 });
    const ctrl = new AbortController();
    const c = client({ signal: ctrl.signal, attemptTimeoutMs: 10_000 });
    setTimeout(() => ctrl.abort(new Error('SIGTERM')), 100);
    const err = await failure(c.efetchByIds(IDS));
    expect(err.code).toBe('ABORTED');
    expect(c.stats.requests).toBe(1);
  });
});

describe('the api key', () => {
  it('is sent but never appears in any error, cause or event', async () => {
    const key = 'SECRET-KEY-0123456789';
    const c = client({ apiKey: key, maxBodyBytes: 1024 * 1024 });
    server.inject({ kind: '503', times: 4 });
    server.inject({ kind: '429', retryAfterSec: 9999 });
    server.inject({ kind: 'reset', times: 4 });
    server.inject({ kind: 'huge', sizeMb: 3 });
    const errors = [
      await failure(c.efetchByIds(IDS)),
      await failure(c.efetchByIds(IDS)),
      await failure(c.esearch({ term: 'mitragynine' })),
      await failure(c.efetchByIds(IDS)),
      await failure(c.esearch({ term: '((unbalanced' })),
    ];
    expect(errors.map((e) => e.code)).toEqual(['RETRIES_EXHAUSTED', 'RATE_LIMIT_DEFERRED', 'RETRIES_EXHAUSTED', 'BODY_TOO_LARGE', 'ESEARCH_ERROR']);
    expect(server.requests.every((r) => r.params.api_key === key)).toBe(true);
    const dump = errors.map((e) => `${e.message}\n${e.stack}\n${inspect(e, { depth: 10 })}`).join('\n') + JSON.stringify(events);
    expect(dump).not.toContain(key);
  });
});
