import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IngestSummary } from '../../src/library/ingest.js';
import { type Workspace, makeWorkspace, runCli } from '../support/cli.js';
import { type EutilsServer, type Fault, startEutilsServer } from '../../src/loopback/eutils-server.js';
import { checkConvergence, faultCorpus } from '../support/oracle.js';
import { loadFactor } from '../support/pace.js';

// Network faults seen from the CLI (the client itself is unit-tested in test/pubmed/client*.test.ts): what
// the user gets — exit code, run status, wall time — and that one clean re-run converges. The workspace
// config bounds a request: 1 s per attempt, 4 s of retrying (room for one retry on a loaded machine),
// Retry-After above 2 s defers the run.
describe('network faults at the ingest level: clear outcome, bounded time, then convergence', { timeout: 180_000 }, () => {
  let server: EutilsServer;
  let ws: Workspace;
  // Deadlines and wall-time bounds scale with how busy the machine is (1 when idle): on a loaded runner a
  // 70 MB answer takes longer than 1 s to arrive, and must still fail on its size, not on the deadline.
  let f = 1;
  const attemptMs = () => Math.round(1_000 * f);

  beforeEach(async () => {
    f = loadFactor();
    server = await startEutilsServer({ records: faultCorpus(40), rateLimit: null });
    ws = makeWorkspace({ serverUrl: server.url, batchSize: 20, attemptTimeoutMs: attemptMs(), maxElapsedMs: 4 * attemptMs() });
  });
  afterEach(async () => {
    await server.close();
    ws.remove();
  });

  async function ingestWith(fault: Fault) {
    server.inject(fault);
    const r = await runCli(['ingest', '--json'], ws.env(), { timeoutMs: 25_000 * f });
    const summary = JSON.parse(r.stdout) as IngestSummary;
    const efetchIds = server.requests.filter((q) => q.utility === 'efetch').map((q) => q.params['id'] ?? '');
    server.clearFaults();
    const again = await runCli(['ingest'], ws.env());
    const report = await checkConvergence({ dbPath: ws.db, expected: faultCorpus(40) });
    return { r, summary, efetchIds, again, problems: report.problems };
  }

  it('429 with a one-hour Retry-After: the run ends "deferred" with exit 3 at once instead of sleeping', async () => {
    const o = await ingestWith({ kind: '429', utility: 'efetch', retryAfterSec: 3600 });
    expect(o.r.code).toBe(3);
    expect(o.summary.status).toBe('deferred');
    expect(o.r.ms).toBeLessThan(6_000 * f);
    expect(o.again.code).toBe(0);
    expect(o.problems).toEqual([]);
  });

  it('503 forever: the run fails with exit 1 within the retry budget, its error naming efetch and the batch', async () => {
    const o = await ingestWith({ kind: '503', utility: 'efetch', times: 10_000 });
    expect(o.r.code).toBe(1);
    expect(o.summary.status).toBe('failed');
    expect(o.summary.error).toMatch(/efetch/);
    expect(o.summary.error).toMatch(/503/);
    expect(o.summary.error).toContain('30000000');
    expect(o.r.ms).toBeLessThan(10_000 * f);
    expect(o.again.code).toBe(0);
    expect(o.problems).toEqual([]);
  });

  it('an answer that stalls after its headers is cut by the per-attempt deadline and retried', async () => {
    const o = await ingestWith({ kind: 'stall', utility: 'efetch' });
    expect(o.r.code).toBe(0);
    expect(o.summary.retries).toBeGreaterThanOrEqual(1);
    expect(o.r.ms).toBeGreaterThanOrEqual(attemptMs());
    expect(o.r.ms).toBeLessThan(10_000 * f);
    expect(o.problems).toEqual([]);
  });

  it('an answer dripping one byte every 50 ms is cut by the total deadline (not an idle timeout) and retried', async () => {
    const o = await ingestWith({ kind: 'drip', utility: 'efetch', intervalMs: 50 });
    expect(o.r.code).toBe(0);
    expect(o.summary.retries).toBeGreaterThanOrEqual(1);
    expect(o.r.ms).toBeLessThan(10_000 * f);
    expect(o.problems).toEqual([]);
  });

  it('a connection reset in the middle of the body is retried and the run completes', async () => {
    const o = await ingestWith({ kind: 'reset-mid-body', utility: 'efetch' });
    expect(o.r.code).toBe(0);
    expect(o.summary).toMatchObject({ status: 'ok', new: 40 });
    expect(o.summary.retries).toBeGreaterThanOrEqual(1);
    expect(o.problems).toEqual([]);
  });

  for (const fault of [{ kind: 'huge', sizeMb: 70 }, { kind: 'gzip-bomb', sizeMb: 300 }] as const) {
    it(`a ${fault.kind} answer (${fault.sizeMb} MB) fails BODY_TOO_LARGE once, is not retried, and leaves a store that converges`, async () => {
      // This is about size, not time: a deadline far beyond the body's arrival, so that an answer slowed by a
      // busy machine (inflating 300 MB, moving 70 MB) still fails on its size and never on the deadline.
      ws.remove();
      ws = makeWorkspace({ serverUrl: server.url, batchSize: 20, attemptTimeoutMs: 60 * attemptMs(), maxElapsedMs: 240 * attemptMs() });
      const o = await ingestWith({ ...fault, utility: 'efetch' });
      expect(o.r.code).toBe(1);
      expect(o.summary.status).toBe('failed');
      expect(o.summary.error).toMatch(/larger than/);
      // The first batch was asked exactly once in the faulted run: a size failure is permanent as-is.
      expect(o.efetchIds.filter((ids) => ids.startsWith('30000000'))).toHaveLength(1);
      expect(o.again.code).toBe(0);
      expect(o.problems).toEqual([]);
    });
  }

  // BUG (reported): an efetch answer under the 64 MiB limit that parses but holds none of the 20 PMIDs asked
  // (here 50 MB of blanks inside <PubmedArticleSet>) marks all 20 "missing"; the run ends ok (exit 0), the
  // topics advance, and no later incremental run asks for them again: 20 records lost until `ingest --full`.
  it('an efetch answer holding none of the asked records (50 MB of blanks, under the body limit) does not lose them for good', async () => {
    const o = await ingestWith({ kind: 'huge', sizeMb: 50, utility: 'efetch' });
    expect(o.problems).toEqual([]);
  });
});
