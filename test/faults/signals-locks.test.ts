import { spawn } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Workspace, makeWorkspace, runCli, startCli, waitFor } from '../support/cli.js';
import { loadFactor } from '../support/pace.js';
import { type EutilsServer, type ServerRecord, startEutilsServer } from '../../src/loopback/eutils-server.js';
import { makeArticleSet } from '../support/make-record.js';
import { checkConvergence, corpusRecord, faultCorpus, ledgerRuns } from '../support/oracle.js';

const N = 80;
const BATCH = 10;

describe('SIGTERM, two writers, dead lock holders and long readers', { timeout: 180_000 }, () => {
  let server: EutilsServer;
  let ws: Workspace;
  let expected: Map<string, ServerRecord>;
  let slowMs = 250;

  beforeEach(async () => {
    expected = new Map(faultCorpus(N).map((r) => [r.pmid, r]));
    server = await startEutilsServer({ records: faultCorpus(N), rateLimit: null });
    slowMs = Math.round(250 * loadFactor());
    // The client's deadlines leave room for the slowed answers: a slow answer must never count as a failure.
    ws = makeWorkspace({ serverUrl: server.url, batchSize: BATCH, attemptTimeoutMs: 8 * slowMs, maxElapsedMs: 16 * slowMs });
  });
  afterEach(async () => {
    await server.close();
    ws.remove();
  });

  const efetches = () => server.requests.filter((r) => r.utility === 'efetch').length;
  const converges = async () => (await checkConvergence({ dbPath: ws.db, expected: [...expected.values()] })).problems;
  const runs = () => ledgerRuns(ws.db, 5);
  /**
   * Every efetch answers after 250 ms times the machine's load factor, so a run lasts long enough to be
   * caught in the middle even when starting the second process takes seconds.
   */
  const slowFetches = () => server.inject({ kind: 'slow', utility: 'efetch', delayMs: slowMs, times: 1000 });

  it('SIGTERM mid-run stops at a batch boundary with exit 3, marks the run interrupted, and the next run resumes with fewer fetches', async () => {
    slowFetches();
    const a = startCli(['ingest'], ws.env());
    await waitFor(() => efetches() >= 3, 'three efetch requests');
    a.child.kill('SIGTERM');
    const end = await a.done;
    expect(end).toMatchObject({ code: 3, signal: null });
    expect(runs()[0]).toMatchObject({ kind: 'ingest', status: 'interrupted' });
    server.clearFaults();
    const before = efetches();
    expect((await runCli(['ingest'], ws.env())).code).toBe(0);
    // The queue survived: the resumed run fetches only what the interrupted one had not stored.
    expect(efetches() - before).toBeGreaterThan(0);
    expect(efetches() - before).toBeLessThan(N / BATCH);
    expect(await converges()).toEqual([]);
  });

  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    it(`${sig} during an import stops after the committed batch: exit 3, run interrupted, the other files untouched, re-run converges`, async () => {
      expect((await runCli(['ingest'], ws.env())).code).toBe(0);
      const files = [0, 1, 2].map((f) => {
        const recs = Array.from({ length: 5 }, (_, i) => corpusRecord(43_000_000 + f * 10 + i, i, 1));
        for (const r of recs) expected.set(r.pmid, r);
        const path = join(ws.dir, `sig-${f}.xml`);
        writeFileSync(path, makeArticleSet(recs.map((r) => r.xml)));
        return path;
      });
      // The signal arrives exactly when the first file's batch has committed (src/crash.ts).
      const r = await runCli(['import', '--json', ...files], ws.env({ KRATOMLIT_CRASH_AT: 'import:after-commit', KRATOMLIT_CRASH_SIGNAL: sig }));
      expect(r).toMatchObject({ code: 3, signal: null });
      expect(JSON.parse(r.stdout)).toMatchObject({ status: 'interrupted', files: 1, new: 5, records: 5 });
      expect(r.stderr).toContain('run the same command again to finish');
      expect(runs()[0]).toMatchObject({ kind: 'import', status: 'interrupted' });
      expect(await converges()).not.toEqual([]);
      const again = await runCli(['import', '--json', ...files], ws.env());
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ status: 'ok', files: 3, new: 10, unchanged: 5 });
      expect(await converges()).toEqual([]);
    });
  }

  it('lets exactly one of two writers run: a second ingest and an import exit 4 naming the holder', async () => {
    slowFetches();
    const a = startCli(['ingest'], ws.env());
    await waitFor(() => efetches() >= 1, 'the first efetch');
    const b = await runCli(['ingest'], ws.env());
    expect(b.code).toBe(4);
    expect(b.stderr).toContain(`pid ${a.child.pid}`);
    expect(b.stderr).toContain('"ingest"');
    // A readable PubMed file: with the library perhaps not created yet by the first writer, an unreadable
    // one would be refused for what it is (exit 1) before the lock is even looked at.
    const file = join(ws.dir, 'second-writer.xml');
    writeFileSync(file, makeArticleSet([corpusRecord(44_000_000, 0, 1).xml]));
    const c = await runCli(['import', file], ws.env());
    expect(c.code).toBe(4);
    expect(c.stderr).toContain(`pid ${a.child.pid}`);
    server.clearFaults();
    expect((await a.done).code).toBe(0);
    expect(await converges()).toEqual([]);
  });

  it('takes over a lock left by a process killed with SIGKILL, marks its run interrupted, and converges', async () => {
    slowFetches();
    const a = startCli(['ingest'], ws.env());
    await waitFor(() => efetches() >= 2, 'two efetch requests');
    a.child.kill('SIGKILL');
    expect((await a.done).signal).toBe('SIGKILL');
    server.clearFaults();
    const b = await runCli(['ingest'], ws.env());
    expect(b.code).toBe(0);
    const ledger = runs();
    expect(ledger.slice(0, 2).map((r) => r.status)).toEqual(['ok', 'interrupted']);
    expect(await converges()).toEqual([]);
  });

  it('keeps ingesting while the sqlite3 CLI holds a read transaction, and the WAL is truncated once the reader lets go', async () => {
    expect((await runCli(['ingest'], ws.env())).code).toBe(0);
    const reader = spawn('sqlite3', [ws.db], { stdio: ['pipe', 'pipe', 'pipe'] });
    let seen = '';
    reader.stdout.on('data', (b: Buffer) => (seen += b.toString()));
    reader.stdin.write('BEGIN;\nSELECT count(*) FROM articles;\n');
    await waitFor(() => seen.includes(String(N)), 'the reader to see the store');
    for (let i = 0; i < N; i++) {
      const r = corpusRecord(30_000_000 + i, i, 1);
      server.upsert(r);
      expected.set(r.pmid, r);
    }
    const during = await runCli(['ingest'], ws.env());
    expect(during.code).toBe(0);
    expect(await converges()).toEqual([]);
    // The reader ends its transaction but stays connected, as a long-lived tool would.
    reader.stdin.write('COMMIT;\n');
    for (let i = 0; i < N; i++) {
      const r = corpusRecord(30_000_000 + i, i, 2);
      server.upsert(r);
      expected.set(r.pmid, r);
    }
    expect((await runCli(['ingest'], ws.env())).code).toBe(0);
    const wal = existsSync(`${ws.db}-wal`) ? statSync(`${ws.db}-wal`).size : 0;
    reader.stdin.end();
    await new Promise((r) => reader.once('close', r));
    expect(await converges()).toEqual([]);
    // A run should end with PRAGMA wal_checkpoint(TRUNCATE): with a reader connected SQLite never deletes the
    // WAL on close, and without a truncating checkpoint the file keeps its high-water size forever.
    expect(wal).toBe(0);
  });
});
