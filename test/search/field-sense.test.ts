import { describe, expect, it } from 'vitest';
import { makeArticle, memoryLibrary, pmids } from './helpers.js';

/**
 * Field sense on real-sized records: PubMed abstracts in the project's NCBI samples have a median of about
 * 175 words and a 90th percentile of about 290. A paper whose subject is the word (title, MeSH) must rank
 * above one that mentions it in passing deep in a long abstract, and a mention counts for less in a long
 * abstract than in a short one (BM25 length normalization per field).
 */
const VOCABULARY = (
  'patients were enrolled at three sites and followed for twelve months while clinicians recorded dose ' +
  'frequency adverse events laboratory values and self reported outcomes using structured interviews ' +
  'questionnaires and chart review the analysis adjusted for age sex baseline severity and concurrent ' +
  'medication use with sensitivity analyses excluding participants lost to follow up'
).split(' ');

/** Letters standing for a number (`0` -> `a`, `27` -> `bb`): distinct made-up words, never numbers. */
function letters(i: number): string {
  return i < 26 ? String.fromCharCode(97 + i) : letters(Math.floor(i / 26) - 1) + String.fromCharCode(97 + (i % 26));
}

/**
 * `n` words of abstract-like prose, deterministic, with `insert` placed at the given word indexes. Every
 * other word is made distinct, as in a real abstract: MiniSearch measures a field's length in distinct
 * terms, so a text repeating a small vocabulary would be short whatever its word count.
 */
function prose(n: number, seed: number, insert: Record<number, string> = {}): string {
  const words: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const word = VOCABULARY[(i * 7 + seed * 13) % VOCABULARY.length] as string;
    words.push(insert[i] ?? (i % 2 ? `${word}${letters(i)}` : word));
  }
  return `${words.join(' ')}.`;
}

const background = Array.from({ length: 120 }, (_, i) => makeArticle(String(1000 + i), {
  title: `Outcomes of a cohort study number ${i}`,
  abstract: prose(175, i),
  mesh: [{ descriptor: 'Humans', ui: null, major: false, qualifiers: [] }],
}));
const heading = (descriptor: string) => ({ descriptor, ui: null, major: true, qualifiers: [] });

const subject = makeArticle('1', { title: 'Seizures after concentrated extract use', abstract: prose(175, 1, { 20: 'seizures' }), mesh: [heading('Seizures')] });
const meshOnly = makeArticle('2', { title: 'Emergency presentations in a regional network', abstract: prose(175, 2), mesh: [heading('Seizures')] });
const titleOnly = makeArticle('3', { title: 'Seizures in adults', abstract: prose(175, 3) });
// A passing mention: the word twice, deep in an abstract of 90th-percentile length.
const passing = makeArticle('4', { title: 'Liver enzymes in daily users', abstract: prose(290, 4, { 230: 'seizures', 262: 'seizures' }) });
// One mention each, in a long and in a short abstract: the short one must count for more.
const longOnce = makeArticle('5', { title: 'Sleep in daily users', abstract: prose(290, 5, { 240: 'seizures' }) });
const shortOnce = makeArticle('6', { title: 'Mood in daily users', abstract: prose(60, 6, { 40: 'seizures' }) });

describe('field sense', () => {
  const lib = memoryLibrary([...background, subject, meshOnly, titleOnly, passing, longOnce, shortOnce]);

  it('ranks papers about the word (title, MeSH) above passing mentions deep in a long abstract', () => {
    const order = pmids(lib.search('seizures', { limit: 10 }));
    expect(order.slice(0, 3).sort()).toEqual(['1', '2', '3']);
    expect(order[0]).toBe('1');
    expect(order.slice(3).sort()).toEqual(['4', '5', '6']);
  });

  it('weighs a mention in a long abstract below the same mention in a short one', () => {
    const hits = lib.search('seizures', { limit: 10, explain: true });
    const abstractPart = (pmid: string) => hits.find((h) => h.pmid === pmid)?.explain?.terms.find((t) => t.field === 'abstract');
    const [long, short] = [abstractPart('5'), abstractPart('6')];
    expect(long?.tf).toBe(1);
    expect(short?.tf).toBe(1);
    // Same word, same tf, same prior (same date and type): only the abstract's length differs.
    expect(short?.contribution ?? 0).toBeGreaterThan((long?.contribution ?? 0) * 1.2);
  });
});

describe('MeSH qualifiers', () => {
  it('are searchable with their heading, as PubMed shows them (Microsomes, Liver / metabolism)', () => {
    const lib = memoryLibrary([
      makeArticle('1', { title: 'Inhibition in microsomes', abstract: 'Enzymes were inhibited.', mesh: [{ descriptor: 'Microsomes, Liver', ui: null, major: false, qualifiers: [{ name: 'metabolism', ui: null, major: true }] }] }),
      makeArticle('2', { title: 'Inhibition in microsomes', abstract: 'Enzymes were inhibited.', mesh: [{ descriptor: 'Microsomes, Liver', ui: null, major: false, qualifiers: [] }] }),
    ]);
    expect(pmids(lib.search('mesh:metabolism'))).toEqual(['1']);
    expect(pmids(lib.search('mesh:"liver metabolism"'))).toEqual(['1']);
    expect(pmids(lib.search('mesh:"Microsomes, Liver"')).sort()).toEqual(['1', '2']);
  });
});
