import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/types.js';
import { makeArticle, memoryLibrary, pmids } from './helpers.js';

/**
 * query.ts ranks only the best max(4 x (offset + limit), 200) candidates of a screened phrase query first
 * and the rest only when those run out: a phrase match ranked far below the cut must still be found.
 */
const filler = 'Samples were collected and analysed by standard laboratory methods over several weeks';
const decoys = Array.from({ length: 400 }, (_, i) => makeArticle(String(2000 + i), {
  // Both words, often and in the title, never adjacent: these outrank the true matches by far.
  title: `Receptor occupancy and binding kinetics ${i}`,
  abstract: `The receptor was studied; binding was measured. Receptor density and binding sites varied (${i}).`,
  pubDate: { year: 2000 + (i % 20), month: 1, day: 1, season: null, raw: '' },
}));
const low = makeArticle('3001', {
  title: 'Laboratory methods',
  abstract: `${`${filler}. `.repeat(12)}Receptor binding was measured once. ${`${filler}. `.repeat(12)}`,
  pubDate: { year: 2015, month: 1, day: 1, season: null, raw: '' },
});
const high = makeArticle('3002', {
  title: 'Receptor binding of receptor ligands and binding partners',
  abstract: 'Receptor binding, receptor binding and more binding at the receptor.',
  pubDate: { year: 2016, month: 1, day: 1, season: null, raw: '' },
});

function library(extra: Article[]) {
  const corpus = [...decoys, ...extra];
  const reads: string[] = [];
  const lib = memoryLibrary(corpus);
  const fetch = lib.ctx.fetchArticles;
  lib.ctx.fetchArticles = (ids) => {
    reads.push(...ids);
    return fetch(ids);
  };
  return { ...lib, reads };
}

describe('phrase matches ranked below the first candidate window', () => {
  it('are found, and only screened candidates are read from the store', () => {
    const lib = library([low]);
    const rank = pmids(lib.search('receptor binding', { limit: 1000 })).indexOf('3001');
    expect(rank).toBeGreaterThan(300);
    lib.reads.length = 0;
    expect(pmids(lib.search('"receptor binding"'))).toEqual(['3001']);
    expect(lib.reads).toEqual(['3001']);
    expect(pmids(lib.search('"receptor binding"', { limit: 1 }))).toEqual(['3001']);
    expect(pmids(lib.search('title:"receptor binding"'))).toEqual([]);
  });

  it('come after the matches above the cut, across pages', () => {
    const lib = library([low, high]);
    expect(pmids(lib.search('"receptor binding"'))).toEqual(['3002', '3001']);
    expect(pmids(lib.search('"receptor binding"', { limit: 1, offset: 1 }))).toEqual(['3001']);
    expect(pmids(lib.search('"receptor binding" -"binding partners"'))).toEqual(['3001']);
  });

  it('are found with a filter and with date order too', () => {
    const lib = library([low, high]);
    expect(pmids(lib.search('"receptor binding" year:..2015'))).toEqual(['3001']);
    expect(pmids(lib.search('"receptor binding"', { since: '2015', until: '2015' }))).toEqual(['3001']);
    expect(pmids(lib.search('"receptor binding"', { sort: 'date' }))).toEqual(['3002', '3001']);
    expect(pmids(lib.search('"receptor binding" OR "binding kinetics 7"'))).toEqual(['2007', '3002', '3001']);
  });
});
