import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRASH_POINTS, crashPoint } from '../../src/crash.js';
import { readIndexStamp } from '../../src/search/index.js';
import { FAULT_TOPICS, type Workspace, makeWorkspace, runCli } from '../support/cli.js';
import { type EutilsServer, type ServerRecord, startEutilsServer } from '../../src/loopback/eutils-server.js';
import { makeArticleSet } from '../support/make-record.js';
import { checkConvergence, corpusRecord, faultCorpus, ledgerRuns } from '../support/oracle.js';

// Named crash points (src/crash.ts): the child kills itself with SIGKILL exactly there; one clean re-run
// must converge. The points sit where a crash is most likely to leave two stores disagreeing.
describe('named crash points: SIGKILL at the worst instants, then one clean re-run converges', () => {
  let server: EutilsServer;
  let ws: Workspace;
  const expected = new Map<string, ServerRecord>();
  let nextPmid = 30_000_060;
  let rev = 0;

  const oracle = (extra: { faultedWeek?: string } = {}) =>
    checkConvergence({
      dbPath: ws.db,
      expected: [...expected.values()],
      index: { path: ws.index, fresh: true },
      digest: { week: extra.faultedWeek ?? '2026-W41', topics: FAULT_TOPICS.map((t) => t.name), ...(extra.faultedWeek ? { faultedDir: ws.digests } : {}) },
    });
  /** Revises three server records and adds three, as a nightly run would find them. */
  const changeServer = () => {
    rev += 1;
    for (const i of [1, 2, 3]) {
      const r = corpusRecord(30_000_000 + i * 7 + rev, i * 7 + rev, rev);
      server.upsert(r);
      expected.set(r.pmid, r);
    }
    // New papers: entered in October (their digest week), but in PubMed's index since today (edat window).
    const today = new Date().toISOString().slice(0, 10);
    for (let k = 0; k < 3; k++, nextPmid++) {
      const r = { ...corpusRecord(nextPmid, nextPmid - 30_000_000), entrezDate: today, modifiedDate: today };
      server.upsert(r);
      expected.set(r.pmid, r);
    }
  };
  const crashed = (point: string, args: string[]) => runCli(args, ws.env({ KRATOMLIT_CRASH_AT: point }));
  const ledger = () => ledgerRuns(ws.db, 3);

  beforeAll(async () => {
    for (const r of faultCorpus(60)) expected.set(r.pmid, r);
    server = await startEutilsServer({ records: faultCorpus(60), rateLimit: null });
    ws = makeWorkspace({ serverUrl: server.url, batchSize: 10 });
    for (const args of [['ingest'], ['index', '--rebuild'], ['digest', '--week', '2026-W41']]) expect((await runCli(args, ws.env())).code).toBe(0);
  }, 180_000);
  afterAll(async () => {
    await server.close();
    ws.remove();
  });

  it('is a no-op unless KRATOMLIT_CRASH_AT names the point (the hook exists only for tests)', () => {
    for (const p of CRASH_POINTS) expect(() => crashPoint(p, { KRATOMLIT_CRASH_AT: 'something-else' })).not.toThrow();
    expect(crashPoint('ingest:after-commit', {})).toBeUndefined();
  });

  it('ingest:after-commit — a batch committed, the index and the ledger not updated: the re-run finishes the job', async () => {
    changeServer();
    const before = readIndexStamp(ws.index);
    const r = await crashed('ingest:after-commit', ['ingest']);
    expect(r.signal).toBe('SIGKILL');
    expect(ledger()[0]).toMatchObject({ kind: 'ingest', status: 'running' });
    expect(readIndexStamp(ws.index)?.highWater).toBe(before?.highWater);
    expect((await runCli(['ingest'], ws.env())).code).toBe(0);
    expect(ledger().slice(0, 2).map((x) => x.status)).toEqual(['ok', 'interrupted']);
    expect((await oracle()).problems).toEqual([]);
  });

  it('ingest:before-finish — store complete, run not yet marked: the re-run marks it interrupted and converges', async () => {
    changeServer();
    const r = await crashed('ingest:before-finish', ['ingest']);
    expect(r.signal).toBe('SIGKILL');
    expect((await runCli(['ingest'], ws.env())).code).toBe(0);
    expect(ledger().slice(0, 2).map((x) => x.status)).toEqual(['ok', 'interrupted']);
    expect((await oracle()).problems).toEqual([]);
  });

  it('import:after-commit — records stored, index not updated: re-importing the same file converges', async () => {
    const recs = Array.from({ length: 15 }, (_, i) => corpusRecord(41_000_000 + i, i, 1));
    const file = join(ws.dir, 'crash-import.xml');
    writeFileSync(file, makeArticleSet(recs.map((x) => x.xml)));
    for (const x of recs) expected.set(x.pmid, x);
    expect((await crashed('import:after-commit', ['import', file])).signal).toBe('SIGKILL');
    expect((await runCli(['import', file], ws.env())).code).toBe(0);
    expect((await oracle()).problems).toEqual([]);
  });

  it('index:mid-write — the temp index is written but not renamed: the old index stays valid, the temp is cleaned, the re-run catches up', async () => {
    changeServer();
    const old = readFileSync(ws.index);
    const r = await crashed('index:mid-write', ['ingest']);
    expect(r.signal).toBe('SIGKILL');
    expect(readFileSync(ws.index).equals(old)).toBe(true);
    expect(readdirSync(ws.dir).filter((n) => n.includes('.index.') && n.endsWith('.kratomlit-tmp'))).toHaveLength(1);
    // The store side of that run finished before the index refresh; a plain `index` is the clean re-run.
    expect((await runCli(['index'], ws.env())).code).toBe(0);
    expect((await oracle()).problems).toEqual([]);
    expect((await crashed('index:mid-write', ['index', '--rebuild'])).signal).toBe('SIGKILL');
    expect((await runCli(['index', '--rebuild'], ws.env())).code).toBe(0);
    expect((await oracle()).problems).toEqual([]);
  });

  it('digest:mid-write — a temp digest file written, not renamed: the previous digest is untouched, the re-run writes it whole', async () => {
    const md = join(ws.digests, '2026-W41.md');
    const previous = readFileSync(md);
    // New papers entered in week 41 (Oct 5-11 2026) make the next digest of that week differ.
    const recs = Array.from({ length: 4 }, (_, i) => corpusRecord(42_000_000 + i, 5 + i));
    const file = join(ws.dir, 'w41.xml');
    writeFileSync(file, makeArticleSet(recs.map((x) => x.xml)));
    for (const x of recs) expected.set(x.pmid, x);
    expect((await runCli(['import', file], ws.env())).code).toBe(0);
    const r = await crashed('digest:mid-write', ['digest', '--week', '2026-W41']);
    expect(r.signal).toBe('SIGKILL');
    expect(readFileSync(md).equals(previous)).toBe(true);
    expect(readdirSync(ws.digests).filter((n) => n.endsWith('.kratomlit-tmp'))).toHaveLength(1);
    expect((await runCli(['digest', '--week', '2026-W41'], ws.env())).code).toBe(0);
    expect(readFileSync(md).equals(previous)).toBe(false);
    expect(existsSync(join(ws.digests, 'feed.atom'))).toBe(true);
    expect((await oracle({ faultedWeek: '2026-W41' })).problems).toEqual([]);
  });

  // BUG (reported): ingest and import mark dead runs interrupted (they hold the writer lock); the digest job
  // does not, so after the crash above `status` keeps showing a digest "running" until the next ingest.
  it('does not leave the killed digest run marked running once the next digest has run', async () => {
    const runs = ledger().filter((r) => r.kind === 'digest');
    expect(runs.length).toBeGreaterThan(1);
    expect(runs.filter((r) => r.status === 'running')).toEqual([]);
  });
});
