import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/types.js';
import { parseQuery } from '../../src/search/query-parse.js';
import { planQuery } from '../../src/search/query-plan.js';
import { rank } from '../../src/search/rank.js';
import { partHash, phraseSequence, sequenceMayHavePhrase } from '../../src/search/phrase-index.js';
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

/**
 * Below the first window the rest is screened a score tier at a time (the next 4 x window, then four times
 * that ...) and reading stops with the tier that fills the page: pages must be exactly those of the whole
 * ranking, whichever tier each match falls in, ties in the same order.
 */
describe('phrase matches spread over the score tiers below the first window', () => {
  const strong = Array.from({ length: 3000 }, (_, i) => makeArticle(String(10_000 + i), {
    // Both words, never adjacent, repeated more or less often: decoys spread over many scores.
    title: `Receptor occupancy and binding kinetics ${'receptor '.repeat(i % 7)}${i}`,
    abstract: `The receptor was studied; binding was measured ${'again and binding '.repeat(i % 5)}(${i}).`,
  }));
  // True matches of every strength, so they fall in every tier; pairs of twins tie exactly.
  const matches = Array.from({ length: 40 }, (_, i) => {
    const j = Math.floor(i / 2);
    return makeArticle(String(20_000 + i), {
      title: j % 4 === 0 ? `Receptor binding ${'receptor '.repeat(j % 3)}` : `Binding study ${j}`,
      abstract: `${`${filler} `.repeat(j % 5)}receptor binding ${'receptor and binding '.repeat(j % 3)}.`,
    });
  });
  const top = { title: 'Receptor binding '.repeat(8), abstract: 'Receptor binding '.repeat(8) };
  matches.push(makeArticle('20100', top), makeArticle('20101', top));
  const lib = library([...strong, ...matches]);
  // A decoy is read only when its sequence passes the screen (a 12-bit hash collision of "binding" with a
  // word written after "receptor": 3,000 distinct numbers make one likely); every other read is a match.
  const check = { parts: ['receptor', 'bind'], field: null }; // folded and stemmed
  const collides = new Set(strong.filter((a) => sequenceMayHavePhrase(phraseSequence(a), check, check.parts.map(partHash))).map((a) => a.pmid));

  it('gives the pages of the full ranking at every offset, reading only screened records', () => {
    // The order the tiers are cut from: the phrase query's term ranking, uncut and unscreened (the unquoted
    // query would rank adjacent words first, by proximity).
    const plan = planQuery(parseQuery('"receptor binding"'), lib.ctx.synonyms, (t) => lib.ctx.engine.docFrequency(t));
    const plain = rank(lib.ctx.engine, plan, { filter: null, sort: 'relevance', cap: null, screen: null }).candidates.map((c) => c.id);
    const ranks = matches.map((a) => plain.indexOf(a.pmid));
    // Matches in the first window (200 at limit 1), in the first tier (the next 800) and beyond it.
    for (const [from, to] of [[0, 200], [200, 1000], [1000, 2000], [2000, plain.length]] as const) {
      expect(ranks.filter((r) => r >= from && r < to).length, `ranks ${from}-${to}`).toBeGreaterThan(1);
    }
    // With limit 1000 the first window (4,000) holds every candidate: nothing is tiered. The reference.
    const whole = lib.search('"receptor binding"', { limit: 1000 });
    expect(collides.size).toBeLessThan(5);
    expect(pmids(whole).sort()).toEqual(matches.map((a) => a.pmid).sort());
    for (const [limit, step] of [[1, 1], [3, 3], [7, 5], [20, 20]] as const) {
      for (let offset = 0; offset < whole.length + 5; offset += step) {
        lib.reads.length = 0;
        const page = lib.search('"receptor binding"', { limit, offset });
        expect(page, `limit ${limit} offset ${offset}`).toEqual(whole.slice(offset, offset + limit));
        expect(lib.reads.filter((p) => p < '20000' && !collides.has(p))).toEqual([]);
      }
    }
  });
});
