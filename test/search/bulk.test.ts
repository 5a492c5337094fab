import { describe, expect, it } from 'vitest';
import { buildIndex, createIndex, putArticle } from '../../src/search/build.js';
import type { SearchEngine, TermData } from '../../src/search/engine.js';
import { loadSynonymFile } from '../../src/search/synonyms-file.js';
import type { Article } from '../../src/types.js';
import { randomCorpus } from './corpus.js';
import { makeArticle } from './helpers.js';

const synonyms = loadSynonymFile();

/** Everything an engine holds, in a comparable form (postings per term sorted by field). */
function state(engine: SearchEngine): unknown {
  const postings = (data: TermData) => [...data].map(([f, docs]) => [f, [...docs]]).sort((a, b) => (a[0] as number) - (b[0] as number));
  const terms = [...engine.terms()].map(([t, d]) => [t, postings(d)]).sort(([a], [b]) => (a as string < (b as string) ? -1 : 1));
  const docs = engine.docs();
  const { averageFieldLength, ...meta } = engine.meta();
  return {
    meta, avg: averageFieldLength.map((x) => Math.round(x * 1e9) / 1e9), pmids: docs.pmids, shortIds: [...docs.shortIds],
    fieldLength: [...docs.fieldLength], priors: [...docs.priors], stored: docs.pmids.map((_, row) => docs.stored(row)), terms,
    phrases: [...engine.phrases].map(([p, s]) => [p, [...s]]),
  };
}

/** The reference: MiniSearch's own `add`, record by record, through the engine. */
function addOneByOne(articles: readonly Article[]): SearchEngine {
  const engine = createIndex(synonyms);
  for (const a of articles) if (!a.deleted) putArticle(engine, a);
  return engine;
}

describe('bulk build (engine-bulk.ts)', () => {
  it('holds exactly what adding the records one by one with MiniSearch holds', () => {
    const corpus = [
      ...randomCorpus(7, 120),
      makeArticle('90001', { title: 'Kratom (Mitragyna speciosa) and 7-OH: COVID-19-related use', abstract: '' }),
      makeArticle('90002', { title: 'Ketum tea', abstract: 'μ-opioid receptor agonists; kratom kratom', keywords: ['pain relief'] }),
    ];
    expect(state(buildIndex(corpus, synonyms))).toEqual(state(addOneByOne(corpus)));
  });

  it('skips deleted records and lets a repeated PMID replace its first version', async () => {
    const first = makeArticle('91001', { title: 'first version about kratom' });
    const second = makeArticle('91001', { title: 'second version about ketum' });
    const gone = makeArticle('91002', { title: 'deleted record', deleted: true });
    const built = buildIndex([first, gone, makeArticle('91003', { title: 'other' }), second], synonyms);
    // The first version's postings are dirt until vacuum, as after any replace.
    expect({ count: built.documentCount, dirt: built.dirtCount, deleted: built.has('91002') }).toEqual({ count: 2, dirt: 1, deleted: false });
    await built.vacuum();
    expect({ first: built.docFrequency('first'), second: built.docFrequency('second') }).toEqual({ first: 0, second: 1 });
  });

  it('counts document frequencies from still-encoded postings as from decoded ones', () => {
    const corpus = randomCorpus(8, 150);
    const encoded = buildIndex(corpus, synonyms);
    const decoded = addOneByOne(corpus);
    const terms = [...decoded.terms()].map(([t]) => t);
    const freq = (e: SearchEngine) => terms.map((t) => [t, e.docFrequency(t)]);
    expect(freq(encoded)).toEqual(freq(decoded));
    expect(terms.some((t) => decoded.docFrequency(t) > 100) && terms.some((t) => decoded.docFrequency(t) <= 100)).toBe(true);
  });

  it('builds an empty index from no records', () => {
    expect(state(buildIndex([], synonyms))).toEqual(state(addOneByOne([])));
  });
});
