import { inflateRawSync } from 'node:zlib';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyDeletions,
  countArticles,
  getArticle,
  getChangeSeq,
  getRawXml,
  iterateLiveArticles,
  listArticlesEnteredBetween,
  listChangesSince,
  listRevisionsBetween,
  upsertParsed,
} from '../../src/store/articles.js';
import { openStore } from '../../src/store/open.js';
import { article, parsed } from './helpers.js';

const T1 = new Date('2026-11-20T10:00:00Z');
const T2 = new Date('2026-11-21T10:00:00Z');

describe('article store', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = openStore(':memory:');
  });
  afterEach(() => db.close());

  it('stores a new record and returns it with store fields filled', () => {
    const r = upsertParsed(db, [parsed(article('100'))], { source: 'import', now: T1, topics: ['mitragynine'] });
    expect(r).toEqual([{ pmid: '100', outcome: 'new', changed: [] }]);
    const a = getArticle(db, '100');
    expect(a).toMatchObject({ pmid: '100', deleted: false, topics: ['mitragynine'], firstSeenAt: T1.toISOString(), updatedAt: T1.toISOString() });
    expect(a?.authors[1]?.collectiveName).toBe('Kratom Research Consortium');
  });

  it('writes the normalized child tables for SQL users', () => {
    upsertParsed(db, [parsed(article('100'))], { source: 'import', now: T1 });
    expect(db.prepare('SELECT count(*) AS n FROM authors WHERE pmid = ?').get('100')).toEqual({ n: 2 });
    expect(db.prepare('SELECT affiliation FROM author_affiliations WHERE pmid = ?').all('100')).toEqual([{ affiliation: 'Columbia University' }]);
    expect(db.prepare('SELECT name FROM mesh_qualifiers WHERE pmid = ?').all('100')).toEqual([{ name: 'chemistry' }]);
    expect(db.prepare('SELECT value FROM article_ids WHERE pmid = ? AND id_type = ?').get('100', 'doi')).toEqual({ value: '10.1000/100' });
  });

  it('keeps the raw XML compressed and readable', () => {
    const p = parsed(article('100'));
    upsertParsed(db, [p], { source: 'import', now: T1 });
    expect(getRawXml(db, '100', inflateRawSync)).toBe(p.raw);
  });

  it('counts the same copy again as unchanged and bumps nothing', () => {
    upsertParsed(db, [parsed(article('100'))], { source: 'import', now: T1 });
    const seq = getChangeSeq(db);
    const r = upsertParsed(db, [parsed(article('100'))], { source: 'import', now: T2 });
    expect(r[0]?.outcome).toBe('unchanged');
    expect(getChangeSeq(db)).toBe(seq);
    expect(getArticle(db, '100')?.updatedAt).toBe(T1.toISOString());
  });

  it('never lets an older DateRevised overwrite a newer one, whatever the import order', () => {
    const newer = article('100', { dateRevised: '2026-11-20', title: 'Corrected title' });
    const older = article('100', { dateRevised: '2026-11-18', title: 'Title with a typo' });
    upsertParsed(db, [parsed(newer)], { source: 'import', now: T1 });
    expect(upsertParsed(db, [parsed(older)], { source: 'import', now: T2 })[0]?.outcome).toBe('older');
    expect(getArticle(db, '100')?.title).toBe('Corrected title');
  });

  it('prefers a higher PMID Version over a later DateRevised', () => {
    upsertParsed(db, [parsed(article('100', { version: 2, dateRevised: '2026-01-01', title: 'v2' }))], { source: 'import', now: T1 });
    const r = upsertParsed(db, [parsed(article('100', { version: 1, dateRevised: '2026-12-01', title: 'v1' }))], { source: 'import', now: T2 });
    expect(r[0]?.outcome).toBe('older');
    expect(getArticle(db, '100')?.title).toBe('v2');
  });

  it('records a revision with what changed and the previous values', () => {
    upsertParsed(db, [parsed(article('100'))], { source: 'ingest', now: T1 });
    const revised = article('100', {
      dateRevised: '2026-11-21',
      publicationTypes: ['Journal Article', 'Retracted Publication'],
      retracted: true,
      mesh: [],
    });
    const r = upsertParsed(db, [parsed(revised)], { source: 'ingest', now: T2 });
    expect(r[0]).toEqual({ pmid: '100', outcome: 'updated', changed: ['mesh', 'publicationTypes', 'retracted'] });
    const revs = listRevisionsBetween(db, '2026-11-21T00:00:00Z', '2026-11-22T00:00:00Z');
    expect(revs).toHaveLength(1);
    expect(revs[0]?.revision).toMatchObject({ pmid: '100', revision: 2, changed: ['mesh', 'publicationTypes', 'retracted'], source: 'ingest' });
    expect(revs[0]?.revision.previous['retracted']).toBe(false);
    expect(revs[0]?.article.retracted).toBe(true);
  });

  it('counts a DeleteCitation as deleted only when it deleted a stored record', () => {
    upsertParsed(db, [parsed(article('100'))], { source: 'import', now: T1, topics: ['mitragynine'] });
    const outcomes = applyDeletions(db, [{ pmid: '100', version: 1 }, { pmid: '999', version: 1 }, { pmid: '100', version: 1 }], { source: 'import', now: T2 });
    expect(outcomes.map((o) => o.outcome)).toEqual(['deleted', 'unchanged', 'unchanged']);
  });

  it('marks a DeleteCitation as deleted: gone from counts and listings, still shown with deleted: true', () => {
    upsertParsed(db, [parsed(article('100')), parsed(article('101'))], { source: 'import', now: T1, topics: ['mitragynine'] });
    applyDeletions(db, [{ pmid: '100', version: 1 }], { source: 'import', now: T2 });
    expect(getArticle(db, '100')?.deleted).toBe(true);
    expect([...iterateLiveArticles(db)].map((a) => a.pmid)).toEqual(['101']);
    expect(countArticles(db)).toMatchObject({ live: 1, deleted: 1, byTopic: { mitragynine: 1 } });
    expect(listArticlesEnteredBetween(db, '2026-11-16', '2026-11-22').map((a) => a.pmid)).toEqual(['101']);
  });

  it('does not bring a deleted record back from an older file, but restores it when E-utilities serves it live', () => {
    applyDeletions(db, [{ pmid: '100', version: 1 }], { source: 'import', now: T1 });
    expect(upsertParsed(db, [parsed(article('100'))], { source: 'import', now: T2 })[0]?.outcome).toBe('tombstoned');
    expect(getArticle(db, '100')).toBeNull();
    expect(upsertParsed(db, [parsed(article('100'))], { source: 'ingest', now: T2 })[0]?.outcome).toBe('undeleted');
    expect(getArticle(db, '100')?.deleted).toBe(false);
  });

  it('reports changes since a high-water mark in change order, deletions included', () => {
    upsertParsed(db, [parsed(article('100')), parsed(article('101'))], { source: 'import', now: T1 });
    const mark = getChangeSeq(db);
    upsertParsed(db, [parsed(article('101', { dateRevised: '2026-12-01' }))], { source: 'import', now: T2 });
    applyDeletions(db, [{ pmid: '100', version: 1 }], { source: 'import', now: T2 });
    expect(listChangesSince(db, mark).map((c) => [c.pmid, c.deleted])).toEqual([
      ['101', false],
      ['100', true],
    ]);
  });

  it('rolls back a whole batch when one record fails to store', () => {
    upsertParsed(db, [parsed(article('100'))], { source: 'import', now: T1 });
    const bad = article('102');
    (bad as { title: unknown }).title = null; // violates NOT NULL
    expect(() => upsertParsed(db, [parsed(article('101')), parsed(bad)], { source: 'import', now: T2 })).toThrow();
    expect(getArticle(db, '101')).toBeNull();
    expect(countArticles(db).live).toBe(1);
  });

  it('adds topics without duplicating them when a record matches again', () => {
    upsertParsed(db, [parsed(article('100'))], { source: 'ingest', now: T1, topics: ['mitragynine'] });
    upsertParsed(db, [parsed(article('100'))], { source: 'ingest', now: T2, topics: ['mitragynine', '7-hydroxymitragynine'] });
    expect(getArticle(db, '100')?.topics).toEqual(['7-hydroxymitragynine', 'mitragynine']);
  });
});
