import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Library, openLibrary } from '../../src/index.js';
import { readDigest } from '../../src/library/digests.js';
import { upsertParsed } from '../../src/store/articles.js';
import { closeStore, openStore } from '../../src/store/open.js';
import { finishRun, startRun } from '../../src/store/runs.js';
import { makeArticle } from '../search/helpers.js';

let dir: string;
let dbPath: string;
let lib: Library;

function store(articles: ReturnType<typeof makeArticle>[], now: string) {
  const db = openStore(dbPath);
  upsertParsed(db, articles.map((a) => ({ article: a, raw: '<PubmedArticle/>' })), { source: 'import', now: new Date(now), topicsFor: (p) => (Number(p) % 2 ? ['odd'] : ['even']) });
  closeStore(db);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kratomlit-extras-'));
  dbPath = join(dir, 'lib.sqlite');
  store(
    Array.from({ length: 30 }, (_, i) => makeArticle(String(70000 + i), {
      title: i % 3 === 0 ? `Kratom liver study ${i}` : `Mitragynine receptor study ${i}`,
      pubDate: { year: 2000 + i, month: 1, day: 1, season: null, raw: `${2000 + i}` },
      retracted: i === 7,
    })),
    '2026-11-20T10:00:00Z',
  );
  lib = await openLibrary({ db: dbPath, digestDir: join(dir, 'digests'), followOnSearch: false });
});
afterAll(() => {
  lib.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('library facets', () => {
  it('counts every match, agreeing with the full search list', () => {
    const f = lib.facets('kratom');
    const hits = lib.search('kratom', { limit: 1000 });
    expect(f.total).toBe(10);
    expect([...f.pmids].sort()).toEqual(hits.map((h) => h.pmid).sort());
    expect(f.counts.topic).toEqual([['even', 5], ['odd', 5]]);
    expect(f.counts.year[0]).toEqual(['2027', 1]);
    // Every record has a design (here the rules' answer), so the design counts add up to the total.
    expect(f.counts.design.reduce((n, [, c]) => n + c, 0)).toBe(10);
    const byDesign = new Map<string, number>();
    for (const h of hits) {
      const d = lib.get(h.pmid)?.evidence?.design ?? 'none';
      byDesign.set(d, (byDesign.get(d) ?? 0) + 1);
    }
    expect(new Map(f.counts.design)).toEqual(byDesign);
  });

  it('gives search\'s page and the facets\' result set from one ranking, with the records the hits were read from', () => {
    const cases: Array<[string, Parameters<Library['search']>[1]]> = [
      ['kratom', {}], ['study', { limit: 7, offset: 7 }], ['study', { sort: 'date', limit: 5, offset: 20 }], ['"receptor study"', {}],
      ['study -liver', { since: '2010' }], ['mitragynine OR liver', { topic: 'odd', limit: 3 }], ['study', { retracted: true }],
    ];
    for (const [q, o] of cases) {
      const page = lib.searchPage(q, o);
      expect(page.hits, q).toEqual(lib.search(q, o));
      expect(page.hits.length, q).toBeGreaterThan(0);
      expect(page.records.map((r) => r.pmid), q).toEqual(page.hits.map((h) => h.pmid));
      const { limit: _l, offset: _o, ...filters } = o ?? {};
      expect({ total: page.total, pmids: page.pmids, counts: page.counts }, q).toEqual(lib.facets(q, filters));
    }
    expect(lib.searchPage('', { since: '2020' })).toMatchObject({ hits: [], records: [], total: 10 });
    expect(() => lib.searchPage('the')).toThrow(/stop words/);
  });

  it('hands out hits the caller may change, though the records they were read from are shared and frozen', () => {
    const page = lib.searchPage('kratom', {});
    const hit = page.hits[0];
    expect(Object.isFrozen(page.records[0])).toBe(true);
    expect(() => {
      hit?.topics.push('mine');
      hit?.publicationTypes.sort().reverse();
    }).not.toThrow();
    expect(lib.searchPage('kratom', {}).hits[0]?.topics).not.toContain('mine');
  });

  it('puts the result set in the order of the options asked, whatever the caller does with its options object later', () => {
    const expected = lib.facets('study', { since: '2010' }).pmids;
    const o: Parameters<Library['searchPage']>[1] = { since: '2010' };
    const page = lib.searchPage('study', o);
    Object.assign(o, { since: '2025', sort: 'date' });
    expect(page.pmids).toEqual(expected);
    expect(page.total).toBe(expected.length);
  });

  it('refuses bad paging for an empty query too, as search does', () => {
    expect(() => lib.search('', { limit: -1 })).toThrow(/limit -1 must be an integer/);
    expect(() => lib.searchPage('', { limit: -1 })).toThrow(/limit -1 must be an integer/);
    expect(() => lib.searchPage('', { offset: 1.5 })).toThrow(/offset 1.5 must be a non-negative integer/);
  });

  it('browses every live record newest first when the query is empty, filters applied', () => {
    const all = lib.facets('');
    expect(all.total).toBe(30);
    expect(all.pmids[0]).toBe('70029');
    expect(all.counts.retracted).toEqual([['false', 29], ['true', 1]]);
    expect(lib.facets('', { since: '2025', topic: 'odd' }).pmids).toEqual(['70029', '70027', '70025']);
  });

  it('counts the evidence map from the records kept in memory as evidence() counts it from the store', () => {
    for (const o of [{}, { topic: 'odd' }, { topic: 'ODD' }, { since: 2015 }, { topic: 'even', since: 2010 }]) {
      const m = lib.indexedEvidence(o);
      expect(m, JSON.stringify(o)).toEqual(lib.evidence(o));
    }
    expect(() => lib.indexedEvidence({ topic: 'none' })).toThrow(/topic "none" is not a configured topic and no stored paper has it/);
    expect(lib.indexedEvidence({ topic: 'odd' }).total).toBe(15);
  });

  it('throws the search UsageError for an unusable query', () => {
    expect(() => lib.facets('*')).toThrow(/"\*" has no letters or digits to search for/);
  });
});

describe('library follows the store a slice at a time', () => {
  it('indexes at most the slice asked, advancing its high-water mark only over what it applied', () => {
    const before = lib.indexedSeq();
    store(Array.from({ length: 5 }, (_, i) => makeArticle(String(80000 + i), { title: `Zebrafish larvae ${i}` })), '2026-11-21T10:00:00Z');
    expect(lib.changeSeq()).toBe(before + 5);
    expect(lib.search('zebrafish')).toEqual([]); // no catch-up on search in this mode
    expect(lib.refresh(2)).toBe(false);
    expect(lib.indexedSeq()).toBe(before + 2);
    expect(lib.search('zebrafish', { limit: 10 })).toHaveLength(2);
    expect(lib.refresh(2)).toBe(false);
    expect(lib.refresh(2)).toBe(true);
    expect(lib.indexedSeq()).toBe(lib.changeSeq());
    expect(lib.facets('zebrafish').total).toBe(5);
  });

  it('links a notice stored later back to the paper it names, once the index has reached it', () => {
    expect(lib.linkedFrom('70003')).toEqual([]);
    store([makeArticle('80100', { title: 'Retraction notice', commentsCorrections: [{ type: 'RetractionOf', pmid: '70003', source: null }] })], '2026-11-22T10:00:00Z');
    expect(lib.linkedFrom('70003')).toEqual([]);
    while (!lib.refresh(1)) ;
    expect(lib.linkedFrom('70003')).toEqual([{ pmid: '80100', type: 'RetractionOf' }]);
    store([makeArticle('80100', { title: 'Retraction notice, link removed' })], '2026-11-23T10:00:00Z');
    while (!lib.refresh(1)) ;
    expect(lib.linkedFrom('70003')).toEqual([]);
  });
});

describe('digest archive', () => {
  it('reads only well-formed week names, so no URL can name a file outside the folder', () => {
    const digests = join(dir, 'digests');
    expect(readDigest(digests, '../lib.sqlite')).toBeNull();
    expect(readDigest(digests, '2026-W47/../../x')).toBeNull();
    expect(readDigest(digests, '2026-W47')).toBeNull();
    expect(lib.digestWeeks()).toEqual([]);
    expect(lib.feed()).toBeNull();
  });

  it('dates the feed before the first digest by the end of the latest ingest or import, the same in every process', async () => {
    const db = openStore(dbPath);
    const updated = () => /<updated>([^<]+)<\/updated>/.exec(lib.feed({ orEmpty: true }))?.[1];
    expect(updated()).toBe('1970-01-01T00:00:00.000Z');
    finishRun(db, startRun(db, 'import', new Date('2026-11-20T10:00:00Z')), { status: 'ok', now: new Date('2026-11-20T10:05:00Z'), details: {} });
    // A run that does not store records (an index rebuild) is no change the feed reports.
    finishRun(db, startRun(db, 'index', new Date('2026-11-21T09:00:00Z')), { status: 'ok', now: new Date('2026-11-21T09:01:00Z'), details: {} });
    // A run still going has not ended: the feed does not move until it does.
    startRun(db, 'ingest', new Date('2026-11-22T03:00:00Z'));
    closeStore(db);
    expect(updated()).toBe('2026-11-20T10:05:00.000Z');
    const other = await openLibrary({ db: dbPath, digestDir: join(dir, 'digests'), followOnSearch: false });
    try {
      expect(other.feed({ orEmpty: true })).toBe(lib.feed({ orEmpty: true }));
    } finally {
      other.close();
    }
  });
});
