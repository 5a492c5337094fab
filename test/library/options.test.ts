/**
 * A script's (or an assistant's) options to the library's reads are checked like the CLI's flags: a
 * misspelt topic or sort is an error naming it, never a silently empty or unsorted answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Library, type SearchOptions, openLibrary } from '../../src/index.js';
import { upsertParsed } from '../../src/store/articles.js';
import { openStore } from '../../src/store/open.js';
import { rec } from '../evidence/records.js';

describe('the library refuses options it would otherwise ignore', () => {
  let dir: string;
  let lib: Library;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kratomlit-options-'));
    const db = openStore(join(dir, 'lib.sqlite'));
    upsertParsed(db, [
      { article: { ...rec({ pmid: '701', title: 'Kratom use in adults', abstract: 'A survey of kratom use.', pt: ['Journal Article', 'Review'] }), history: { entrez: '2026-11-02' } }, raw: '<x/>' },
      { article: { ...rec({ pmid: '702', title: 'Kratom and pain', abstract: 'Kratom for pain in a cohort.', pt: ['Journal Article', 'Randomized Controlled Trial'] }), history: { entrez: '2026-11-03' } }, raw: '<x/>' },
    ], { source: 'import', now: new Date('2026-11-20T00:00:00Z'), topics: ['mitragynine'] });
    upsertParsed(db, [
      { article: { ...rec({ pmid: '703', title: 'Kratom in an old topic', abstract: 'Kratom, stored under a topic no longer configured.' }), history: { entrez: '2026-11-04' } }, raw: '<x/>' },
    ], { source: 'import', now: new Date('2026-11-20T00:00:00Z'), topics: ['Retired'] });
    db.close();
    lib = await openLibrary({ db: join(dir, 'lib.sqlite'), config: false });
  });
  afterAll(() => {
    lib.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['topic', 'nope', /^search: topic "nope" is not a configured topic and no stored paper has it \(configured: mitragynine, 7-hydroxymitragynine\)$/],
    ['sort', 'bogus', /^search: sort must be "relevance" or "date", got "bogus"$/],
    ['retracted', 'yes', /^search: retracted must be true \(only retracted papers\) or false \(leave them out\), got "yes"$/],
    ['since', '2026-02-30', /^search: since "2026-02-30" is not a date: use YYYY, YYYY-MM or YYYY-MM-DD \(a real calendar day\)$/],
    ['design', 'anecdote', /^search: design "anecdote" is not a design \(one of /],
    ['type', 7, /^search: type must be a string, got 7$/],
    ['type', 'reveiw', /^search: type "reveiw" is not a publication type of any stored paper \(closest: Review, /],
  ];

  it.each(bad)('search, facets and searchPage refuse %s %j, naming it', (key, value, message) => {
    const opts = { [key]: value } as SearchOptions;
    expect(() => lib.search('kratom', opts)).toThrow(message);
    expect(() => lib.facets('kratom', opts)).toThrow(message);
    expect(() => lib.searchPage('kratom', opts)).toThrow(message);
    expect(() => lib.checkFilters(opts)).toThrow(message);
  });

  it("refuses the query's own topic: filter by the same rule, kept or excluded, in every read that takes a query", () => {
    const message = /^query: topic: "nope" is not a configured topic and no stored paper has it \(configured: mitragynine, 7-hydroxymitragynine\)$/;
    for (const q of ['kratom topic:nope', 'kratom -topic:nope', 'kratom TOPIC:nope', 'kratom topic:"nope"']) {
      expect(() => lib.search(q)).toThrow(message);
      expect(() => lib.facets(q)).toThrow(message);
      expect(() => lib.searchPage(q)).toThrow(message);
      expect(() => lib.select({ query: q })).toThrow(message);
    }
    // Known topics in any case, a retired one still carried by stored papers, and an exclusion of one.
    expect(lib.search('kratom topic:Mitragynine').map((h) => h.pmid).sort()).toEqual(['701', '702']);
    expect(lib.search('kratom topic:retired').map((h) => h.pmid)).toEqual(['703']);
    expect(lib.searchPage('kratom -topic:mitragynine').total).toBe(1);
    // A query that does not parse is named by the search itself, not by the topic check.
    expect(() => lib.search('kratom year:20x topic:nope')).toThrow(/^query: year:20x is not a year or range/);
    // The word "topic" without a colon filter is a search word like any other.
    expect(lib.search('topic').map((h) => h.pmid)).toEqual(['703']);
  });

  it('takes a publication type any stored paper has, in any case or as an alias, and refuses one none has in the query too', () => {
    expect(lib.search('kratom', { type: 'REVIEW' }).map((h) => h.pmid)).toEqual(['701']);
    expect(lib.search('kratom', { type: 'rct' }).map((h) => h.pmid)).toEqual(['702']);
    expect(lib.search('kratom', { type: 'controlled trial' }).map((h) => h.pmid)).toEqual(['702']);
    expect(lib.search('kratom type:review').map((h) => h.pmid)).toEqual(['701']);
    const message = /^query: type: "reveiw" is not a publication type of any stored paper \(closest: Review, /;
    for (const q of ['kratom type:reveiw', 'kratom -type:reveiw', 'kratom TYPE:"reveiw"']) {
      expect(() => lib.search(q)).toThrow(message);
      expect(() => lib.facets(q)).toThrow(message);
      expect(() => lib.select({ query: q })).toThrow(message);
    }
    // A page refused once is not kept as an empty answer that the same set's facets (an export) would reuse.
    expect(() => lib.searchPage('kratom', { type: 'reveiw' })).toThrow(/^search: type "reveiw"/);
    expect(() => lib.facets('kratom', { type: 'reveiw' })).toThrow(/^search: type "reveiw"/);
    // Whole words, as the filter matches: a part of a word is no type.
    expect(() => lib.search('kratom', { type: 'revi' })).toThrow(/^search: type "revi" is not a publication type of any stored paper/);
  });

  it('refuses no publication type in a library without records: there is nothing to compare it with', async () => {
    const empty = join(dir, 'empty.sqlite');
    openStore(empty).close();
    const other = await openLibrary({ db: empty, config: false });
    try {
      expect(other.search('kratom', { type: 'review' })).toEqual([]);
    } finally {
      other.close();
    }
  });

  it('select and export refuse a selection key they do not read, rather than selecting every record', () => {
    const message = /^export: unknown selection key "pmid" \(keys: pmids, query, week, all, /;
    expect(() => lib.select({ pmid: ['701'] } as never)).toThrow(message);
    expect(() => lib.export({ pmid: ['701'] } as never, 'csv')).toThrow(message);
    expect(() => lib.select({ PMIDs: ['701'], all: true } as never)).toThrow(/unknown selection key "PMIDs"/);
    expect(lib.select({ pmids: ['701'] }).map((a) => a.pmid)).toEqual(['701']);
  });

  it('select names a bad date as the selection spells it, not as a command-line flag', () => {
    expect(() => lib.select({ all: true, since: '2026-02-30' })).toThrow(/^export: since "2026-02-30" is not a date: use YYYY, YYYY-MM or YYYY-MM-DD/);
    expect(() => lib.select({ all: true, since: '2026', until: '2025' })).toThrow(/^export: until "2025" is before since "2026": no date can match both$/);
  });

  it('selects PMIDs as a pmid: query does, in the order given, and says which it left out', () => {
    expect(lib.select({ pmids: ['702', '0701', '702', '999'] }).map((a) => a.pmid)).toEqual(['702', '701']);
    expect(lib.leftOut(['702', '999'])).toEqual([{ pmid: '999', reason: 'not-stored' }]);
    expect(lib.select({ pmids: ['701', '703'], topic: 'mitragynine' }).map((a) => a.pmid)).toEqual(['701']);
    expect(() => lib.select({ pmids: ['0'] })).toThrow(/^export: pmids: not a PMID: "0" \(a PubMed id is 1 to 9 digits, not starting with 0\)$/);
    expect(() => lib.select({ pmids: '701' as unknown as string[] })).toThrow(/^export: pmids must be an array of PubMed ids, got "701"$/);
    expect(() => lib.select({ pmids: ['701'], query: 'kratom' })).toThrow(/^export: use only one of pmids, a query, a week or all$/);
  });

  it('select refuses two sources at once (a week and a query would have ignored the query) and an all that is not true', () => {
    expect(() => lib.select({ week: '2026-W47', query: 'zebrafish' })).toThrow(/^export: use only one of pmids, a query, a week or all$/);
    expect(() => lib.select({ all: true, query: 'kratom' })).toThrow(/^export: use only one of pmids, a query, a week or all$/);
    expect(() => lib.select({ all: false })).toThrow(/^export: all must be true \(every live record\) or left out, got false$/);
    expect(() => lib.select({ week: '0001-W01' })).toThrow(/^export: week "0001-W01" is out of range \(1800-W01 to 9999-W51\)$/);
    // Filters alone, as export's flags give them: every live record that passes.
    expect(lib.select({ topic: 'mitragynine' }).map((a) => a.pmid).sort()).toEqual(['701', '702']);
  });

  it('search refuses an option key it does not read, a query that is not a string, and a malformed highlight', () => {
    expect(() => lib.search('kratom', { topics: 'mitragynine' } as never)).toThrow(/^search: unknown option "topics" \(options: limit, offset, /);
    expect(() => lib.search(null as unknown as string)).toThrow(/^search: the query must be a string, got null$/);
    expect(() => lib.search(42 as unknown as string)).toThrow(/^search: the query must be a string, got 42$/);
    expect(() => lib.search('kratom', { highlight: 5 as never })).toThrow(/^search: highlight must be \{ pre: string, post: string \}, got 5$/);
    expect(() => lib.search('kratom', { explain: 'yes' as never })).toThrow(/^search: explain must be true or false, got "yes"$/);
    expect(lib.search('kratom', { highlight: { pre: '[', post: ']' } }).every((h) => !h.snippet.includes('undefined'))).toBe(true);
  });

  it('takes a configured topic in any case, and the good options still answer', () => {
    expect(lib.search('kratom', { topic: 'MITRAGYNINE', sort: 'date' }).map((h) => h.pmid).sort()).toEqual(['701', '702']);
    // A topic no longer configured still names its stored papers (the web face lists it as a facet).
    expect(lib.search('kratom', { topic: 'retired' }).map((h) => h.pmid)).toEqual(['703']);
    expect(lib.evidence({ topic: 'retired' })).toEqual(lib.evidence({ topic: 'Retired' }));
    expect(lib.evidence({ topic: 'retired' }).total).toBe(1);
    expect(() => lib.checkFilters({ topic: 'mitragynine', retracted: false })).not.toThrow();
  });

  it('evidence refuses an unconfigured topic and a since that is not a year, and reads a topic in any case', () => {
    expect(() => lib.evidence({ topic: 'nope' })).toThrow(/^evidence: topic "nope" is not a configured topic and no stored paper has it/);
    expect(() => lib.evidence(null as unknown as { since: number })).toThrow(/^evidence: options must be an object, got null$/);
    expect(() => lib.evidence({ since: 'abc' as unknown as number })).toThrow(/^evidence: since must be a year \(a whole number YYYY\), got "abc"$/);
    expect(() => lib.indexedEvidence({ topic: 'nope' })).toThrow(/is not a configured topic and no stored paper has it/);
    const exact = lib.evidence({ topic: 'mitragynine' });
    expect(exact.total).toBe(2);
    expect(lib.evidence({ topic: 'Mitragynine' })).toEqual(exact);
  });

  it('db is a read-only connection: a script can query the store but not change it behind the library', () => {
    expect(lib.db.prepare('SELECT count(*) AS n FROM articles').get()).toEqual({ n: 3 });
    const sqlite = lib.db as unknown as { prepare(sql: string): { run(): unknown } };
    expect(() => sqlite.prepare('DELETE FROM articles').run()).toThrow(/readonly/);
    expect(lib.search('kratom').length).toBe(3);
  });

  it('counts a topic in the evidence map whatever case the records were filed under, and import files them as configured', async () => {
    const other = mkdtempSync(join(tmpdir(), 'kratomlit-options-case-'));
    try {
      const db = openStore(join(other, 'lib.sqlite'));
      upsertParsed(db, [
        { article: { ...rec({ pmid: '801', title: 'Kratom filed in capitals', abstract: 'Kratom.' }), history: { entrez: '2026-11-02' } }, raw: '<x/>' },
      ], { source: 'import', now: new Date('2026-11-20T00:00:00Z'), topics: ['MITRAGYNINE'] });
      db.close();
      const capitals = await openLibrary({ db: join(other, 'lib.sqlite'), config: false });
      try {
        expect(capitals.evidence({ topic: 'mitragynine' }).total).toBe(1);
        const r = await capitals.import(['data/sample/pubmed-sample.xml'], { topics: ['7-HYDROXYMITRAGYNINE'] });
        expect(r.status).toBe('ok');
        const filed = capitals.db.prepare('SELECT DISTINCT topic FROM article_topics ORDER BY topic').all();
        expect(filed).toEqual([{ topic: '7-hydroxymitragynine' }, { topic: 'MITRAGYNINE' }]);
      } finally {
        capitals.close();
      }
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

