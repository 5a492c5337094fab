import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facetPage } from '../../src/library/facets.js';
import { keptListedReader, listedOf, listedReader, packListed, unpackListed, unpackedCache } from '../../src/library/listed.js';
import { readFileSync } from 'node:fs';
import { parsePubmedXml } from '../../src/pubmed/normalize.js';
import { classifyByRules } from '../../src/evidence/classify.js';
import { recordTable } from '../../src/library/record-table.js';
import { openSearchIndex } from '../../src/library/search-index.js';
import { FIELDS, fieldText } from '../../src/search/documents.js';
import { getArticles, upsertParsed } from '../../src/store/articles.js';
import { closeStore, openStore } from '../../src/store/open.js';
import type { Article } from '../../src/types.js';
import { makeArticle } from '../search/helpers.js';

function rich(pmid: string, title: string): Article {
  return makeArticle(pmid, {
    title, titleHtml: title, vernacularTitle: 'Kratom und Leber',
    abstract: 'BACKGROUND: Kratom leaf use.\n\nRESULTS: Liver injury after chronic use.',
    abstractSections: [{ label: 'BACKGROUND', category: 'BACKGROUND', text: 'Kratom leaf use.' }, { label: 'RESULTS', category: 'RESULTS', text: 'Liver injury after chronic use.' }],
    otherAbstracts: [{ type: 'Publisher', language: 'ger', text: 'Leberschaden nach Kratom.' }],
    authors: [
      { lastName: 'Kruegel', foreName: 'Andrew C', initials: 'AC', suffix: null, collectiveName: null, orcid: '0000-0002-1825-0097', affiliations: ['Columbia University, New York'], equalContrib: false },
      { lastName: null, foreName: null, initials: null, suffix: null, collectiveName: 'Kratom Study Group', orcid: null, affiliations: [], equalContrib: false },
    ],
    mesh: [{ descriptor: 'Liver', ui: 'D008099', major: true, qualifiers: [{ name: 'drug effects', ui: 'Q000187', major: false }] }],
    chemicals: [{ name: 'mitragynine', registryNumber: '4098-40-2', ui: 'C006848' }],
    keywords: ['kratom', 'hepatotoxicity'],
    grants: [{ id: 'R01', acronym: null, agency: 'NIDA', country: 'United States' }],
    history: { entrez: '2020-01-02', pubmed: '2020-01-02' },
    commentsCorrections: [{ type: 'CommentIn', pmid: '1', source: 'Hepatology 2020' }],
    ids: { pubmed: pmid, doi: '10.1/x' },
    doi: '10.1/x',
    publicationTypes: ['Journal Article', 'Case Reports'],
  });
}

describe('records as result pages keep them in memory', () => {
  it('keeps the text of every searchable field, so phrase checks and snippets read what the index read', () => {
    const a = rich('4001', 'Kratom-associated liver injury');
    const l = listedOf(a);
    for (const f of FIELDS) expect(fieldText(l, f), f).toBe(fieldText(a, f));
    expect(l).toMatchObject({ title: a.title, titleHtml: a.titleHtml, doi: a.doi, publicationTypes: a.publicationTypes, pubDate: a.pubDate, journal: a.journal, topics: a.topics, retracted: a.retracted });
    expect([l.evidence?.design, l.evidence?.themes]).toEqual([a.evidence?.design, a.evidence?.themes]);
    // What a list never shows is left out (the point: tens of megabytes at 10,000 records, not hundreds).
    expect(l).toMatchObject({ abstractSections: [], grants: [], ids: {}, commentsCorrections: [], history: a.history });
    expect(l.authors.map((x) => (x as { affiliations?: string[] }).affiliations)).toEqual([[], []]);
    expect(a.authors[0]?.affiliations).toEqual(['Columbia University, New York']);
  });

  it('reads from the store only the records it lacks, in the order asked, skipping unknown ones', () => {
    const kept = new Map([['1', packListed(rich('1', 'one'))], ['3', packListed(rich('3', 'three'))]]);
    const asked: string[][] = [];
    const read = listedReader(kept, (pmids) => {
      asked.push(pmids);
      return pmids.filter((p) => p === '2').map((p) => rich(p, 'two'));
    });
    expect(read(['3', '2', '9', '1']).map((a) => a.title)).toEqual(['three', 'two', 'one']);
    expect(asked).toEqual([['2', '9']]);
    expect(read(['1', '3']).map((a) => a.pmid)).toEqual(['1', '3']);
    expect(asked).toHaveLength(1);
  });
});

describe('records kept between searches (the search index over a store)', () => {
  it('listedOf gives what packing and unpacking gives, for every record of the sample file and a rich one', () => {
    const sample = parsePubmedXml(readFileSync('data/sample/pubmed-sample.xml', 'utf8')).articles.map((p) => ({ ...p.article, topics: ['kratom'], evidence: classifyByRules(p.article) }));
    expect(sample.length).toBeGreaterThan(20);
    for (const a of [...sample, rich('4002', 'Kratom-associated liver injury')]) expect(listedOf(a), a.pmid).toEqual(unpackListed(packListed(a)));
  });

  /** A store of `records` with a change list, counting what is read. */
  function fakeStore(max = 3) {
    const records = new Map<string, Article>();
    const changes: string[] = [];
    const reads: string[][] = [];
    const put = (a: Article) => { records.set(a.pmid, a); changes.push(a.pmid); };
    const reader = keptListedReader({
      changeSeq: () => changes.length,
      changedSince: (seq, limit) => changes.slice(seq, seq + limit),
      listed: (pmids) => {
        reads.push([...pmids]);
        return pmids.flatMap((p) => {
          const a = records.get(p);
          return a ? [{ pmid: p, packed: packListed(a), listed: listedOf(a) }] : [];
        });
      },
    }, max);
    return { reader, reads, put, changes };
  }

  it('reads a record once until the store changes it (changed, deleted), in the order asked', () => {
    const { reader, reads, put } = fakeStore();
    for (const p of ['1', '2', '3']) put(rich(p, `title ${p}`));
    expect(reader(['2', '9', '1']).map((a) => a.title)).toEqual(['title 2', 'title 1']);
    expect(reader(['1', '2', '3']).map((a) => a.title)).toEqual(['title 1', 'title 2', 'title 3']);
    expect(reads).toEqual([['2', '9', '1'], ['3']]); // 9 was never stored: asked, skipped
    // Changed in the store (its change list): read anew, whatever the search index knows.
    put(rich('2', 'title 2, revised'));
    put({ ...rich('3', 'title 3'), deleted: true });
    const again = reader(['3', '2', '1']);
    expect(again.map((a) => [a.title, a.deleted])).toEqual([['title 3', true], ['title 2, revised', false], ['title 1', false]]);
    expect(reads.at(-1)).toEqual(['3', '2']);
    expect(again).toEqual([rich('3', 'title 3'), rich('2', 'title 2, revised'), rich('1', 'title 1')].map((a, i) => listedOf(i === 0 ? { ...a, deleted: true } : a)));
  });

  it('drops everything kept when the store changed too much to look up, or went back (restored)', () => {
    const { reader, reads, put, changes } = fakeStore(5000);
    for (let i = 0; i < 3; i += 1) put(rich(String(i), `title ${i}`));
    reader(['0', '1', '2']);
    for (let i = 0; i < 1001; i += 1) put(rich(String(100 + i), 'other'));
    reads.length = 0;
    reader(['0', '1']);
    expect(reads).toEqual([['0', '1']]);
    reader(['0', '1']);
    expect(reads).toEqual([['0', '1'], []]);
    changes.length = 2; // the store's change number went back
    reader(['0']);
    expect(reads.at(-1)).toEqual(['0']);
  });

  it('keeps no more than it was told (the least recently read goes) and hands out records the caller may change', () => {
    const { reader, reads, put } = fakeStore();
    for (const p of ['1', '2', '3', '4']) put(rich(p, `title ${p}`));
    reader(['1', '2', '3']);
    reader(['1']); // 1 is now the most recent; 2 the least
    reader(['4']); // 4 pushes 2 out
    reads.length = 0;
    reader(['1', '3', '4']);
    expect(reads).toEqual([[]]);
    reader(['2']);
    expect(reads).toEqual([[], ['2']]);
    const [a] = reader(['1']);
    (a as { title: string }).title = 'changed by a caller';
    expect(reader(['1'])[0]?.title).toBe('title 1');
  });

  it('over a real store: a search reads each hit once, and a record changed since is read and shown anew', async () => {
    const d = mkdtempSync(join(tmpdir(), 'kratomlit-kept-'));
    try {
      const db = openStore(join(d, 'lib.sqlite'));
      upsertParsed(db, ['7001', '7002'].map((p) => ({ article: rich(p, `Kratom hepatotoxicity ${p}`), raw: '' })), { source: 'import', now: new Date('2026-11-20T00:00:00Z') });
      const index = await openSearchIndex(db, { indexPath: join(d, 'lib.sqlite.index') });
      expect(index.search('hepatotoxicity').map((h) => h.title).sort()).toEqual(['Kratom hepatotoxicity 7001', 'Kratom hepatotoxicity 7002']);
      const stmt = db.prepare('SELECT 1');
      const proto = Object.getPrototypeOf(stmt) as { get: (...a: unknown[]) => unknown };
      const original = proto.get;
      let gets = 0;
      proto.get = function (this: unknown, ...a: unknown[]) { gets += 1; return original.apply(this, a); };
      try {
        expect(index.search('hepatotoxicity')).toHaveLength(2);
        expect(gets).toBe(2); // the store's change number (the index, the kept records), none of the records
      } finally {
        proto.get = original;
      }
      upsertParsed(db, [{ article: { ...rich('7002', 'Kratom hepatotoxicity 7002, corrected'), version: 2 }, raw: '' }], { source: 'ingest', now: new Date('2026-11-21T00:00:00Z') });
      expect(index.search('hepatotoxicity').map((h) => h.title).sort()).toEqual(['Kratom hepatotoxicity 7001', 'Kratom hepatotoxicity 7002, corrected']);
      closeStore(db);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('a search page of the record table', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kratomlit-listed-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the hits a store read gives, without reading the store, phrases included', async () => {
    const dbPath = join(dir, 'lib.sqlite');
    const db = openStore(dbPath);
    const records = Array.from({ length: 12 }, (_, i) => rich(String(5000 + i), i % 2 ? `Kratom liver injury case ${i}` : `Mitragynine receptor binding ${i}`));
    upsertParsed(db, records.map((article) => ({ article, raw: '<PubmedArticle/>' })), { source: 'import', now: new Date('2026-11-20T10:00:00Z'), topicsFor: () => ['t'] });
    try {
      const index = await openSearchIndex(db, { indexPath: join(dir, 'lib.index') });
      const table = recordTable(db);
      const fromStore = (pmids: string[]) => getArticles(db, pmids);
      for (const q of ['kratom', '"liver injury"', 'binding -case', 'author:"Kruegel AC"', 'drug effects', 'leberschaden']) {
        const asked: string[] = [];
        const { page } = facetPage(index, table, q, {}, (pmids) => {
          asked.push(...pmids);
          return fromStore(pmids);
        });
        expect(page.hits.length, q).toBeGreaterThan(0);
        expect(asked, q).toEqual([]);
        // The records the table keeps (no affiliations), not records parsed from SQLite for this page.
        expect(page.records.map((r) => (r.authors[0] as { affiliations?: string[] } | undefined)?.affiliations), q).toEqual(page.records.map(() => []));
        expect(fromStore([page.records[0]?.pmid ?? ''])[0]?.authors[0]?.affiliations, q).toEqual(['Columbia University, New York']);
        expect(page.hits, q).toEqual(index.searchPage(q, {}).hits);
      }
    } finally {
      closeStore(db);
    }
  });

  it('keeps the last records it unpacked, frozen and shared, and no more than it was told', () => {
    const unpack = unpackedCache(2);
    const [a, b, c] = ['7001', '7002', '7003'].map((p) => packListed(rich(p, `Kratom ${p}`))) as [Buffer, Buffer, Buffer];
    const first = unpack(a);
    expect(unpack(a)).toBe(first);
    expect(first).toEqual(listedOf(rich('7001', 'Kratom 7001')));
    expect([first, first.authors[0], first.mesh[0]?.qualifiers, first.history].every((x) => Object.isFrozen(x))).toBe(true);
    expect(() => {
      (first as { title: string }).title = 'changed by a caller';
    }).toThrow(TypeError);
    unpack(b);
    unpack(c); // a was used least recently: dropped
    const again = unpack(a);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it('lists a record changed in the store since the last search as changed, when the search brings the index up first', async () => {
    const db = openStore(join(dir, 'follow.sqlite'));
    const stored = (a: Article, now: string) => upsertParsed(db, [{ article: a, raw: '<PubmedArticle/>' }], { source: 'import', now: new Date(now), topicsFor: () => ['t'] });
    try {
      stored(rich('6001', 'Kratom liver injury case'), '2026-11-20T10:00:00Z');
      const index = await openSearchIndex(db, { indexPath: join(dir, 'follow.index') }); // follows the store on search
      const table = recordTable(db);
      expect(facetPage(index, table, 'kratom', {}, (p) => getArticles(db, p)).page.records[0]?.title).toBe('Kratom liver injury case');
      stored(rich('6001', 'Kratom liver injury case, revised'), '2026-11-21T10:00:00Z');
      const { page } = facetPage(index, table, 'revised', {}, (p) => getArticles(db, p));
      expect(page.hits.map((h) => h.pmid)).toEqual(['6001']);
      expect(page.records[0]?.title).toBe('Kratom liver injury case, revised');
    } finally {
      closeStore(db);
    }
  });
});
