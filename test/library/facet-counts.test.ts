/** Facet counts of a result set, against the plainest count there is (a Map per facet, as it was written first). */
import { describe, expect, it } from 'vitest';
import { countFacets } from '../../src/library/facets.js';
import type { MatchedDoc } from '../../src/search/index.js';
import { seededRandom as random } from '../support/random.js';

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const TOPICS = ['mitragynine', '7-hydroxymitragynine', 'Retired', 'speciociliatine'];
const DESIGNS = [null, 'rct', 'case-report', 'animal', 'review', 'other'];
const THEMES = ['pharmacology', 'toxicity', 'dependence', 'pain', 'chemistry'];
// Years inside and outside the counted range, and none.
const YEARS = [null, 1650, 1699, 1700, 1788, 1999, 2024, 2026, 2211, 2212, 9999];

function doc(r: () => number, i: number): MatchedDoc {
  const some = <T>(xs: readonly T[]) => xs.filter(() => r() < 0.35);
  return {
    pmid: String(1000 + i), year: pick(r, YEARS), date: null, topics: some(TOPICS), retracted: r() < 0.1,
    publicationTypes: [], design: pick(r, DESIGNS), themes: some(THEMES),
  };
}

function reference(docs: readonly MatchedDoc[]) {
  const count = (values: string[]) => {
    const m = new Map<string, number>();
    for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
    return m;
  };
  const byCount = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return {
    topic: byCount(count(docs.flatMap((d) => d.topics))),
    year: [...count(docs.flatMap((d) => (d.year === null ? [] : [String(d.year)])))].sort((a, b) => (a[0] < b[0] ? 1 : -1)),
    retracted: byCount(count(docs.map((d) => String(d.retracted)))),
    design: byCount(count(docs.flatMap((d) => (d.design ? [d.design] : [])))),
    theme: byCount(count(docs.flatMap((d) => d.themes))),
  };
}

describe('countFacets', () => {
  it('counts as a Map per facet does, over 200 random result sets (years outside the tallied range included)', () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const r = random(seed);
      const docs = Array.from({ length: Math.floor(r() * 400) }, (_, i) => doc(r, i));
      expect([seed, countFacets(docs)]).toEqual([seed, reference(docs)]);
    }
  });

  it('gives empty counts for no matches', () => {
    expect(countFacets([])).toEqual({ topic: [], year: [], retracted: [], design: [], theme: [] });
  });
});
