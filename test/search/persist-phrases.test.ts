import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyChanges, buildIndex } from '../../src/search/build.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { openSearchIndex } from '../../src/library/search-index.js';
import { writeIndexFile } from '../../src/search/persist.js';
import { FORMAT_VERSION } from '../../src/search/persist-format.js';
import { readIndexStamp } from '../../src/search/persist-read.js';
import { runSearch } from '../../src/search/query.js';
import { loadSynonymFile } from '../../src/search/synonyms-file.js';
import { getChangeSeq } from '../../src/store/articles.js';
import type { Article } from '../../src/types.js';
import { makeArticle, pmids, reloadIndex, storeWith, TEST_SYNONYMS, tempDir, testStamp } from './helpers.js';

const articles = [
  makeArticle('801', { title: 'Kratom extract potency', abstract: 'The kratom extract was potent.' }),
  makeArticle('802', { title: 'Extract of kratom leaves', abstract: 'Leaves of kratom; an extract.' }),
  makeArticle('803', { title: 'Kratom™ extract products', abstract: 'Products sold online.' }),
];
/** Search over `mini` reading from `store`; records read are appended to `reads`. */
function searcher(mini: SearchEngine, store: Map<string, Article>, reads: string[] = []) {
  const ctx = {
    engine: mini, synonyms: TEST_SYNONYMS, fetchArticles: (ids: string[]) => {
      reads.push(...ids);
      return ids.flatMap((p) => store.get(p) ?? []);
    },
  };
  return (q: string) => pmids(runSearch(ctx, q)).sort();
}

describe('phrase sequences in the index file', () => {
  it('round-trip each record\'s sequence, and a record without one is written as such and checked in full', () => {
    const built = buildIndex(articles, TEST_SYNONYMS);
    built.phrases.delete('802');
    const loaded = reloadIndex(built, TEST_SYNONYMS);
    const seqs = loaded.phrases;
    expect([...seqs.keys()].sort()).toEqual(['801', '803']);
    expect(Array.from(seqs.get('801') ?? [])).toEqual(Array.from(built.phrases.get('801') ?? []));
    const search = searcher(loaded, new Map(articles.map((a) => [a.pmid, a])));
    expect(search('"kratom extract"')).toEqual(['801', '803']);
    expect(search('"kratom leaves"')).toEqual(['802']);
    expect(search('"extract of kratom"')).toEqual(['802']);
  });

  it('follow replaced and deleted records after the first phrase query, in memory and after a reload', () => {
    const store = new Map(articles.map((a) => [a.pmid, a]));
    const mini = reloadIndex(buildIndex(articles, TEST_SYNONYMS), TEST_SYNONYMS);
    expect(searcher(mini, store)('"kratom extract"')).toEqual(['801', '803']);
    // 801 keeps both words but no longer adjacent; 802 gains the phrase; 803 is deleted.
    const revised = [
      makeArticle('801', { title: 'Extract potency of kratom', abstract: 'The kratom was extracted.' }),
      makeArticle('802', { title: 'Kratom extract of leaves', abstract: 'Leaves of kratom.' }),
    ];
    expect(applyChanges(mini, revised, ['803'])).toEqual({ added: 0, replaced: 2, removed: 1 });
    for (const a of revised) store.set(a.pmid, a);
    store.delete('803');
    // The screen uses the new sequences (not ones cached before the update): 801 is ruled out unread.
    const reads: string[] = [];
    expect(searcher(mini, store, reads)('"kratom extract"')).toEqual(['802']);
    expect(reads).toEqual(['802']);
    expect(searcher(mini, store)('"extract potency"')).toEqual(['801']);
    reads.length = 0;
    expect(searcher(reloadIndex(mini, TEST_SYNONYMS), store, reads)('"kratom extract"')).toEqual(['802']);
    expect(reads).toEqual(['802']);
  });

  it('an index file of format version 2 is rebuilt on open, with the reason, and then loads', async () => {
    const dir = tempDir('kl-v2-');
    const indexPath = join(dir, 'lib.sqlite.index');
    const db = storeWith(articles);
    const synonyms = loadSynonymFile();
    const old = buildIndex(articles, synonyms);
    writeIndexFile(indexPath, old, testStamp(old, synonyms, { formatVersion: 2, changeSeq: getChangeSeq(db) }));
    const reasons: string[] = [];
    const index = await openSearchIndex(db, { indexPath, onRebuild: (r) => reasons.push(r) });
    expect(reasons).toEqual([`index format version 2 is not the supported ${FORMAT_VERSION}`]);
    expect(readIndexStamp(indexPath)?.formatVersion).toBe(FORMAT_VERSION);
    expect(pmids(index.search('"kratom extract"')).sort()).toEqual(['801', '803']);
    await openSearchIndex(db, { indexPath, onRebuild: (r) => reasons.push(r) });
    expect(reasons).toHaveLength(1);
  });
});
