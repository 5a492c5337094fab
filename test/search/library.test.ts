import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSearchIndex, rebuildSearchIndex, updateSearchIndex } from '../../src/library/search-index.js';
import { applyDeletions, getChangeSeq, upsertParsed } from '../../src/store/articles.js';
import { makeArticle, pmids, storeWith, tempDir } from './helpers.js';

const now = new Date('2026-11-21T10:00:00Z');
const seed = () => [
  makeArticle('201', { title: 'Kratom withdrawal', abstract: 'Ketum users reported withdrawal.' }),
  makeArticle('202', { title: 'Mitragynine metabolism', abstract: 'Hepatic metabolism of mitragynine.' }),
];

function setup() {
  const dir = tempDir('kl-lib-');
  const synonymsPath = join(dir, 'synonyms.json');
  writeFileSync(synonymsPath, JSON.stringify({ version: 1, groups: [{ id: 'kratom', terms: ['kratom', 'ketum'] }] }));
  return { db: storeWith(seed()), indexPath: join(dir, 'lib.sqlite.index'), synonymsPath };
}

describe('openSearchIndex', () => {
  it('rebuilds a missing index from the store, saying why, then loads it without rebuilding', async () => {
    const { db, indexPath, synonymsPath } = setup();
    const reasons: string[] = [];
    const first = await openSearchIndex(db, { indexPath, synonymsPath, onRebuild: (r) => reasons.push(r) });
    expect(reasons).toEqual(['no index file yet']);
    expect(first.size).toBe(2);
    expect(first.highWater).toBe(getChangeSeq(db));
    const second = await openSearchIndex(db, { indexPath, synonymsPath, onRebuild: (r) => reasons.push(r) });
    expect(reasons).toHaveLength(1);
    expect(pmids(second.search('ketum'))).toEqual(['201']);
  });

  it('rebuilds a truncated index and one built with another synonym list', async () => {
    const { db, indexPath, synonymsPath } = setup();
    await openSearchIndex(db, { indexPath, synonymsPath });
    const warnings: string[] = [];
    const logger = { info: () => undefined, warn: (_o: object, msg?: string) => warnings.push(msg ?? '') };
    writeFileSync(indexPath, readFileSync(indexPath).subarray(0, 100));
    const reasons: string[] = [];
    await openSearchIndex(db, { indexPath, synonymsPath, logger, onRebuild: (r) => reasons.push(r) });
    writeFileSync(synonymsPath, JSON.stringify({ version: 1, groups: [{ id: 'kratom', terms: ['kratom', 'ketum', 'biak'] }] }));
    const index = await openSearchIndex(db, { indexPath, synonymsPath, logger, onRebuild: (r) => reasons.push(r) });
    expect(reasons).toEqual([expect.stringMatching(/truncated/), expect.stringMatching(/other options, tokenizer or synonym list/)]);
    expect(warnings[0]).toMatch(/rebuilding search index .*lib.sqlite.index: the file is truncated/);
    expect(pmids(index.search('kratom'))).toEqual(['201']);
  });

  it('rebuilds when the index is ahead of the database (database replaced)', async () => {
    const { db, indexPath, synonymsPath } = setup();
    await openSearchIndex(db, { indexPath, synonymsPath });
    const reasons: string[] = [];
    const fresh = storeWith([makeArticle('301', { title: 'Different library' })]);
    expect(getChangeSeq(fresh)).toBeLessThan(getChangeSeq(db));
    const index = await openSearchIndex(fresh, { indexPath, synonymsPath, onRebuild: (r) => reasons.push(r) });
    expect(reasons).toEqual([expect.stringMatching(/ahead of the database/)]);
    expect(pmids(index.search('different'))).toEqual(['301']);
    expect(index.search('kratom')).toEqual([]);
  });
});

describe('updateSearchIndex', () => {
  it('applies updated titles and deletions incrementally and persists them', async () => {
    const { db, indexPath, synonymsPath } = setup();
    await rebuildSearchIndex(db, { indexPath, synonymsPath });
    upsertParsed(db, [{ article: makeArticle('202', { title: 'Paynantheine pharmacology', abstract: 'New abstract.' }), raw: '<x/>' }], { source: 'ingest', now });
    upsertParsed(db, [{ article: makeArticle('203', { title: 'Krathom in Thailand' }), raw: '<x/>' }], { source: 'ingest', now });
    applyDeletions(db, [{ pmid: '201', version: null }], { now, source: 'ingest' });
    expect(await updateSearchIndex(db, { indexPath, synonymsPath })).toEqual({ added: 1, replaced: 1, removed: 1 });
    const reasons: string[] = [];
    const index = await openSearchIndex(db, { indexPath, synonymsPath, onRebuild: (r) => reasons.push(r) });
    expect(reasons).toEqual([]);
    expect(pmids(index.search('paynantheine'))).toEqual(['202']);
    expect(index.search('metabolism')).toEqual([]);
    expect(index.search('withdrawal')).toEqual([]);
    expect(await updateSearchIndex(db, { indexPath, synonymsPath })).toEqual({ added: 0, replaced: 0, removed: 0 });
  });

  it('lets an open index catch up with changes made after it was opened', async () => {
    const { db, indexPath, synonymsPath } = setup();
    const index = await openSearchIndex(db, { indexPath, synonymsPath });
    upsertParsed(db, [{ article: makeArticle('204', { title: 'Speciociliatine binding' }), raw: '<x/>' }], { source: 'ingest', now });
    applyDeletions(db, [{ pmid: '202', version: null }], { now, source: 'ingest' });
    expect(pmids(index.search('speciociliatine'))).toEqual(['204']);
    expect(index.search('mitragynine')).toEqual([]);
    expect(index.highWater).toBe(getChangeSeq(db));
  });

  it('reports rebuild progress and counts', async () => {
    const { db, indexPath, synonymsPath } = setup();
    const progress: Array<[number, number]> = [];
    const r = await rebuildSearchIndex(db, { indexPath, synonymsPath, onProgress: (d, t) => progress.push([d, t]) });
    expect(r.records).toBe(2);
    expect(progress.at(-1)).toEqual([2, 2]);
  });
});
