/**
 * An author's name through the library, as the web export and a paper's previous/next read it: the
 * result set (`facets().pmids`), its total and the list agree, also for a paper whose named author
 * comes after the six the index keeps.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Library, openLibrary } from '../../src/index.js';
import { upsertParsed } from '../../src/store/articles.js';
import { openStore } from '../../src/store/open.js';
import { makeArticle, person } from '../search/helpers.js';

describe('author names in the result set', () => {
  let dir: string;
  let lib: Library;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kratomlit-names-'));
    const db = openStore(join(dir, 'lib.sqlite'));
    const many = Array.from({ length: 7 }, (_, i) => ({ ...person(`Coauthor${'abcdefg'[i]}`, 'A'), foreName: 'Ann' }));
    upsertParsed(db, [
      makeArticle('801', { title: 'Kratom one', authors: [{ ...person('Smith', 'L'), foreName: 'Lena' }] }),
      makeArticle('802', { title: 'Kratom two', authors: [{ ...person("O'Brien-Smith", 'L'), foreName: 'Liam' }] }),
      makeArticle('803', { title: 'Kratom three', authors: [...many, { ...person('Smith', 'KL'), foreName: 'Kim L' }] }),
      makeArticle('804', { title: 'Kratom four', authors: [...many, { ...person('Smith', 'LK'), foreName: 'Lars K' }] }),
    ].map((article) => ({ article, raw: '<x/>' })), { source: 'import', now: new Date('2026-11-20T00:00:00Z') });
    db.close();
    lib = await openLibrary({ db: join(dir, 'lib.sqlite'), config: false });
  });
  afterAll(() => {
    lib.close();
    rmSync(dir, { recursive: true, force: true });
  });

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
