import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/library/import-files.js';
import { rebuildSearchIndex } from '../../src/library/search-index.js';
import { openStore } from '../../src/store/open.js';
import { startRun } from '../../src/store/runs.js';
import { makeArticleSet } from '../support/make-record.js';
import { checkConvergence, corpusRecord, faultCorpus } from '../support/oracle.js';

// The oracle must be able to fail, or every "converges" in test/faults proves nothing.
describe('the convergence oracle', () => {
  let dir: string;
  let db: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kratomlit-oracle-test-'));
    db = join(dir, 'lib.sqlite');
    const file = join(dir, 'a.xml');
    writeFileSync(file, makeArticleSet(faultCorpus(10).map((r) => r.xml)));
    const store = openStore(db);
    await importFiles(store, [file], { now: () => new Date() });
    await rebuildSearchIndex(store, { indexPath: `${db}.index` });
    store.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('passes a store, index and digest that match the source', async () => {
    const r = await checkConvergence({ dbPath: db, expected: faultCorpus(10), index: { path: `${db}.index`, fresh: true }, digest: { week: '2026-W41', topics: ['alpha', 'beta'] } });
    expect(r).toEqual({ problems: [], live: 10, lost: 0, duplicates: 0 });
  });

  it('reports a record the store lacks, a stale version, a removed record still live and a run left running', async () => {
    const store = openStore(db);
    startRun(store, 'ingest', new Date());
    store.close();
    const expected = [...faultCorpus(9), corpusRecord(30_000_001, 1, 1), corpusRecord(39_999_999, 0)].filter((r) => r.pmid !== '30000001' || r.xml.includes('revision'));
    const r = await checkConvergence({ dbPath: db, expected, removed: ['30000009'] });
    expect(r.lost).toBe(2);
    expect(r.problems.join('\n')).toMatch(/39999999: missing/);
    expect(r.problems.join('\n')).toMatch(/30000001: stored .* source .*revision 1/);
    expect(r.problems.join('\n')).toMatch(/30000009 was removed from the source but is still live/);
    expect(r.problems.join('\n')).toMatch(/runs still marked running: ingest#/);
  });

  it('reports an index file that misses stored records when freshness is demanded', async () => {
    const file = join(dir, 'b.xml');
    writeFileSync(file, makeArticleSet([corpusRecord(30_000_100, 3).xml]));
    const store = openStore(db);
    await importFiles(store, [file], { now: () => new Date() });
    store.close();
    const r = await checkConvergence({ dbPath: db, expected: [...faultCorpus(10), corpusRecord(30_000_100, 3)], index: { path: `${db}.index`, fresh: true } });
    expect(r.problems).toEqual([expect.stringMatching(/index file .* as left by the run: 1 live records missing \(30000100\)/)]);
  });
});
