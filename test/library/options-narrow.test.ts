/**
 * An option filter (`design`, `retracted`, ... in search options and selections) narrows the query it is
 * given with: it is ANDed with the query's own filters, never ORed with them or put in their place, and
 * a pair that no record can match is a usage error naming both.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Library, type SearchOptions, openLibrary } from '../../src/index.js';
import { parseOverrides } from '../../src/evidence/overrides.js';
import { upsertParsed } from '../../src/store/articles.js';
import { openStore } from '../../src/store/open.js';
import type { Article } from '../../src/types.js';
import { makeArticle, tempDir } from '../search/helpers.js';

const paper = (pmid: string, title: string, retracted = false): Article =>
  makeArticle(pmid, { title, titleHtml: title, abstract: `${title}. Kratom was studied.`, retracted });

/** Designs and themes fixed by a curator's override, so the test does not depend on the rules. */
const decided = parseOverrides(JSON.stringify({
  '801': { design: 'rct', themes: ['pain'] },
  '802': { design: 'animal', themes: ['pharmacology'] },
  '803': { design: 'animal', themes: ['pain', 'toxicity'] },
  '804': { design: 'case-report', themes: ['toxicity'] },
}), 'test-overrides.json');

let lib: Library;

beforeAll(async () => {
  const db = join(tempDir('kl-narrow-'), 'lib.sqlite');
  const store = openStore(db);
  const records = [paper('801', 'Kratom trial'), paper('802', 'Kratom in rats'), paper('803', 'Kratom in mice', true), paper('804', 'Kratom case', true)];
  upsertParsed(store, records.map((a) => ({ article: a, raw: `<PubmedArticle><PMID>${a.pmid}</PMID></PubmedArticle>` })), { source: 'import', now: new Date('2026-11-20T10:00:00Z'), evidenceOverrides: decided, topics: ['mitragynine'] });
  store.close();
  lib = await openLibrary({ db, config: false });
});

afterAll(() => lib.close());

const found = (q: string, o: SearchOptions = {}) => lib.search(q, o).map((h) => h.pmid).sort();
const selected = (query: string, o: SearchOptions = {}) => lib.select({ query, ...o }).map((a) => a.pmid).sort();

describe('option filters narrow the query', () => {
  it('reads several design: terms of a query as any of them (a record has one design), and an option design as one of those', () => {
    expect(found('kratom design:rct')).toEqual(['801']);
    expect(found('kratom design:rct design:animal')).toEqual(['801', '802', '803']);
    expect(found('kratom design:rct design:animal', { design: 'animal' })).toEqual(['802', '803']);
    expect(selected('kratom design:rct design:animal', { design: 'animal' })).toEqual(['802', '803']);
    expect(found('kratom design:rct', { design: 'rct' })).toEqual(['801']);
  });

  it('ANDs an option retracted, theme or design with the query', () => {
    expect(found('kratom retracted:true', { retracted: true })).toEqual(['803', '804']);
    expect(found('kratom retracted:true', { design: 'animal' })).toEqual(['803']);
    expect(found('kratom theme:pain', { theme: 'toxicity' })).toEqual(['803']);
    expect(selected('kratom design:animal', { retracted: false })).toEqual(['802']);
  });

  const clashes: Array<[string, SearchOptions, string]> = [
    ['kratom design:rct', { design: 'animal' }, 'design "animal" contradicts the query\'s design:rct: a record has one design, so none can match both'],
    ['design:rct design:case-report', { design: 'Animal' }, 'design "Animal" contradicts the query\'s design:rct or design:case-report: a record has one design, so none can match both'],
    ['retracted:true', { retracted: false }, 'retracted false contradicts the query\'s retracted:true: no record can match both'],
    ['kratom retracted:no', { retracted: true }, 'retracted true contradicts the query\'s retracted:false: no record can match both'],
    ['kratom -design:animal', { design: 'animal' }, 'design "animal" contradicts the query\'s -design:animal: no record can match both'],
    ['kratom -theme:pain', { theme: 'pain' }, 'theme "pain" contradicts the query\'s -theme:pain: no record can match both'],
    ['kratom -topic:mitragynine', { topic: 'Mitragynine' }, 'topic "Mitragynine" contradicts the query\'s -topic:mitragynine: no record can match both'],
    ['kratom -type:rct', { type: 'randomized controlled trial' }, 'type "randomized controlled trial" contradicts the query\'s -type:rct: no record can match both'],
  ];

  it.each(clashes)('refuses %j with %j in every read, naming both', (query, o, why) => {
    expect(() => lib.search(query, o)).toThrow(`search: ${why}`);
    expect(() => lib.facets(query, o)).toThrow(`search: ${why}`);
    expect(() => lib.searchPage(query, o)).toThrow(`search: ${why}`);
    expect(() => lib.select({ query, ...o })).toThrow(`export: ${why}`);
  });
});
