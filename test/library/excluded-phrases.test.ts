/**
 * An excluded phrase (`kratom -"case report"`) through the library, as the web's totals, facet counts,
 * export and a paper's previous/next read it: the result set (`facets()`), `searchPage`'s total and the
 * list agree, and the papers holding the phrase are in none of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Library } from '../../src/index.js';
import { storedLibrary } from './stored-library.js';
import { makeArticle } from '../search/helpers.js';

describe('excluded phrases in the result set', () => {
  let lib: Library;
  let close: () => void;
  beforeAll(async () => {
    ({ lib, close } = await storedLibrary('kratomlit-excluded-', [
      makeArticle('901', { title: 'Kratom and the liver: a case report', abstract: 'We report a case of kratom use.' }),
      makeArticle('902', { title: 'Kratom use in a survey', abstract: 'The case for a report on kratom was made; no case report here.' }),
      makeArticle('903', { title: 'Kratom withdrawal', abstract: 'A case series and a report of kratom users.' }),
      makeArticle('904', { title: 'Kratom pharmacology', abstract: 'Mitragynine binds opioid receptors.' }),
      makeArticle('905', { title: 'Case reports of kratom toxicity', abstract: 'Two patients.' }),
    ]));
  });
  afterAll(() => close());

  it('counts, lists and exports the same papers, without those holding the phrase (any form of its words)', () => {
    for (const q of ['kratom -"case report"', 'kratom NOT "case report"', 'year:2015 -"case report"']) {
      const listed = lib.search(q, { limit: 100 }).map((h) => h.pmid).sort();
      expect(listed, q).toEqual(['903', '904']);
      const set = lib.facets(q);
      expect([set.total, [...set.pmids].sort()], q).toEqual([2, listed]);
      expect(set.counts.year.reduce((n, [, c]) => n + c, 0), q).toBe(2);
      const page = lib.searchPage(q, { limit: 1 });
      expect(page.total, q).toBe(2);
    }
  });

  it('keeps a paper whose words are there but not as the phrase', () => {
    expect(lib.facets('kratom -"report case"').pmids.slice().sort()).toEqual(['901', '902', '903', '904', '905']);
  });
});
