/**
 * `kratomlit search` with a misspelt or unknown field prefix exits 2 with one line naming it and the field
 * meant, instead of "no hits" (which read as "the library has nothing by this author").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, articleSet, assertBuilt, sandbox } from './run-cli.js';

describe('search with an unknown field prefix', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    assertBuilt();
    sb = sandbox();
    const xml = articleSet([{ pmid: '41900036', entrez: '2026-03-02', title: 'Kratom: a review of analgesia.', authors: [['Hargreaves', 'Tom J']] }]);
    const made = await sb.run(['import', sb.write('one.xml', xml)]);
    if (made.code !== 0) throw new Error(`could not create the test library: ${made.stderr}`);
  }, 60_000);
  afterAll(() => sb.cleanup());

  it('exits 2 naming the token and the field meant, where the right field finds the paper', async () => {
    const [typo, right] = await Promise.all([sb.run(['search', 'auther:Hargreaves']), sb.run(['search', 'author:Hargreaves', '--json'])]);
    expect([typo.code, typo.stdout]).toEqual([2, '']);
    // The last line: the ones before it are the index being built on first search.
    expect(typo.stderr.trimEnd().split('\n').at(-1)).toBe(
      'kratomlit: search: unknown field "auther:" in "auther:Hargreaves" (did you mean "author:"?); the fields are title: abstract: author: journal: mesh: chemical: keyword: year: type: topic: retracted: pmid: design: theme:',
    );
    expect(right.code, right.stderr).toBe(0);
    expect((JSON.parse(right.stdout) as Array<{ pmid: string }>).map((h) => h.pmid)).toEqual(['41900036']);
  }, 60_000);

  it('points sort:date at --sort, and keeps "Kratom: a review" plain words', async () => {
    const [sort, colon] = await Promise.all([sb.run(['search', 'kratom sort:date']), sb.run(['search', 'Kratom: a review', '--json'])]);
    expect([sort.code, sort.stdout]).toEqual([2, '']);
    expect(sort.stderr).toContain('sort:date is not a query field; sort with the search\'s sort option (kratomlit search --sort date');
    expect(colon.code, colon.stderr).toBe(0);
    expect((JSON.parse(colon.stdout) as Array<{ pmid: string }>).map((h) => h.pmid)).toEqual(['41900036']);
  }, 60_000);
});
