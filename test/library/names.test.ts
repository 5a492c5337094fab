/**
 * An author's name through the library, as the web export and a paper's previous/next read it: the
 * result set (`facets().pmids`), its total and the list agree, also for a paper whose named author
 * comes after the six the index keeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Library } from '../../src/index.js';
import { storedLibrary } from './stored-library.js';
import { makeArticle, person } from '../search/helpers.js';

describe('author names in the result set', () => {
  let lib: Library;
  let close: () => void;
  beforeAll(async () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ ...person(`Coauthor${'abcdefg'[i]}`, 'A'), foreName: 'Ann' }));
    ({ lib, close } = await storedLibrary('kratomlit-names-', [
      makeArticle('801', { title: 'Kratom one', authors: [{ ...person('Smith', 'L'), foreName: 'Lena' }] }),
      makeArticle('802', { title: 'Kratom two', authors: [{ ...person("O'Brien-Smith", 'L'), foreName: 'Liam' }] }),
      makeArticle('803', { title: 'Kratom three', authors: [...many, { ...person('Smith', 'KL'), foreName: 'Kim L' }] }),
      makeArticle('804', { title: 'Kratom four', authors: [...many, { ...person('Smith', 'LK'), foreName: 'Lars K' }] }),
    ]));
  });
  afterAll(() => close());

  it('exports, counts and lists the same papers: the one(s) named, not a longer last name nor an eighth author of another name', () => {
    const q = 'author:"Smith L"';
    expect(lib.search(q).map((h) => h.pmid).sort()).toEqual(['801', '804']);
    const set = lib.facets(q);
    expect([set.total, [...set.pmids].sort()]).toEqual([2, ['801', '804']]);
    const page = lib.searchPage(q, { limit: 20 });
    expect([page.total, page.hits.map((h) => h.pmid).sort()]).toEqual([2, ['801', '804']]);
    expect(lib.export(set.pmids, 'csv').trimEnd().split('\n')).toHaveLength(3);
  });
});
