import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { applyChanges, buildIndex } from '../../src/search/build.js';
import type { SearchEngine } from '../../src/search/engine.js';
import type { TermData } from '../../src/search/engine.js';
import { runSearch } from '../../src/search/query.js';
import { LazyTermMap, type TermTree } from '../../src/search/term-map.js';
import type { Article } from '../../src/types.js';
import { makeArticle, pmids, reloadIndex, TEST_SYNONYMS } from './helpers.js';

const base = [
  makeArticle('701', { title: 'Mitragynine pharmacokinetics', abstract: 'Plasma mitragynine in volunteers.' }),
  makeArticle('702', { title: 'Paynantheine in leaves', abstract: 'Paynantheine content varied.' }),
  makeArticle('703', { title: 'Corynoxine isolated', abstract: 'Corynoxine was isolated from leaves.' }),
  makeArticle('704', { title: 'Mitragynines pseudoindoxyl', abstract: 'Analogs were made.' }),
];

/** A search over `mini` reading records from a mutable list (the store). */
function searcher(mini: SearchEngine, store: Map<string, Article>) {
  const ctx = { engine: mini, synonyms: TEST_SYNONYMS, fetchArticles: (ids: string[]) => ids.flatMap((p) => store.get(p) ?? []) };
  return (q: string) => pmids(runSearch(ctx, q)).sort();
}

/** Adds 705 (new words), replaces 703 (corynoxine -> rhynchophylline), deletes 702 (paynantheine). */
function update(mini: SearchEngine, store: Map<string, Article>): void {
  const added = makeArticle('705', { title: 'Speciogynine binding', abstract: 'Speciogynine and speciociliatine were tested.' });
  const replaced = makeArticle('703', { title: 'Rhynchophylline isolated', abstract: 'Rhynchophylline was isolated from leaves.' });
  expect(applyChanges(mini, [added, replaced], ['702'])).toEqual({ added: 1, replaced: 1, removed: 1 });
  store.set('705', added);
  store.set('703', replaced);
  store.delete('702');
}

function expectUpdated(search: (q: string) => string[]): void {
  expect(search('specioc*')).toEqual(['705']);
  expect(search('speciog')).toEqual(['705']);
  expect(search('speciogynie')).toEqual(['705']);
  expect(search('rhyncho*')).toEqual(['703']);
  expect(search('paynanth*')).toEqual([]);
  expect(search('paynantheine')).toEqual([]);
  expect(search('paynanthene')).toEqual([]);
  expect(search('corynox*')).toEqual([]);
  expect(search('corynoxin')).toEqual([]);
  expect(search('mitragyn*')).toEqual(['701', '704']);
}

describe('term lookups of a loaded index (sorted terms made on first use)', () => {
  it('answers prefix and fuzzy queries after loading, before and after an exact one', () => {
    const store = new Map(base.map((a) => [a.pmid, a]));
    const search = searcher(reloadIndex(buildIndex(base, TEST_SYNONYMS), TEST_SYNONYMS), store);
    expect(search('paynantheine')).toEqual(['702']);
    expect(search('paynanth*')).toEqual(['702']);
    expect(search('corynoxne')).toEqual(['703']);
    const fresh = searcher(reloadIndex(buildIndex(base, TEST_SYNONYMS), TEST_SYNONYMS), store);
    expect(fresh('mitragyn*')).toEqual(['701', '704']);
    expect(fresh('paynanthene')).toEqual(['702']);
  });

  it('finds terms an update added and no longer those of discarded or replaced records (sorted terms not yet made)', () => {
    const store = new Map(base.map((a) => [a.pmid, a]));
    const mini = reloadIndex(buildIndex(base, TEST_SYNONYMS), TEST_SYNONYMS);
    update(mini, store);
    expectUpdated(searcher(mini, store));
  });

  it('does the same when the sorted terms were made before the update, and after writing and reloading it', () => {
    const store = new Map(base.map((a) => [a.pmid, a]));
    const mini = reloadIndex(buildIndex(base, TEST_SYNONYMS), TEST_SYNONYMS);
    expect(searcher(mini, store)('coryn*')).toEqual(['703']);
    update(mini, store);
    expectUpdated(searcher(mini, store));
    expectUpdated(searcher(reloadIndex(mini, TEST_SYNONYMS), store));
  });
});

describe('LazyTermMap', () => {
  const Tree = (new MiniSearch({ fields: ['x'] }) as unknown as { _index: { constructor: new () => TermTree } })._index.constructor;
  const data = (n: number): TermData => new Map([[0, new Map([[n, 1]])]]);

  function snapshot(m: TermTree): unknown {
    return {
      size: m.size,
      entries: [...m].map(([t, d]) => [t, d.get(0)?.keys().next().value]).sort(),
      prefix: [...m.atPrefix('ka')].map(([t]) => t).sort(),
      fuzzy: [...m.fuzzyGet('kratom', 1).entries()].map(([t, [, dist]]) => [t, dist]).sort(),
      has: [m.has('kratom'), m.has('ketum'), m.has('kava')],
      get: m.get('kava')?.get(0)?.keys().next().value,
    };
  }

  it('behaves as the radix tree through any mix of writes, before and after the sorted terms are made', () => {
    const ops = (m: TermTree, buildAt: number): void => {
      const steps: Array<() => void> = [
        () => m.set('kratom', data(1)), () => m.set('kratum', data(2)), () => m.set('kava', data(3)),
        () => m.fetch('kava', () => data(99)), () => m.fetch('kanna', () => data(4)), () => m.delete('kratum'),
        () => m.set('ketum', data(5)), () => m.delete('nothing'), () => m.set('kava', data(6)), () => m.fetch('kratim', () => data(7)),
      ];
      steps.forEach((step, i) => {
        if (i === buildAt) m.atPrefix('x');
        step();
      });
    };
    // Two terms come from the "file" (made on first use), the rest are written.
    const reference = new Tree();
    reference.set('kanna', data(40));
    reference.set('krathom', data(41));
    ops(reference, -1);
    for (let buildAt = -1; buildAt <= 10; buildAt += 1) {
      const lazy = new LazyTermMap({ names: new Map([['kanna', 0], ['krathom', 1]]), at: (i) => data(40 + i) });
      ops(lazy, buildAt);
      expect(snapshot(lazy), `sorted terms made before step ${buildAt}`).toEqual(snapshot(reference));
    }
  });
});
