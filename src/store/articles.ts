import type Database from 'better-sqlite3';
import type { Article, ArticleRevision, RecordCounts } from '../types.js';
import { type ArticleRow, rowToArticle } from './article-rows.js';
import { type RevisionRow, toRevision } from './revisions.js';
import { EVIDENCE_JOIN, EVIDENCE_SELECT } from './evidence.js';
import { prepared } from './prepared.js';

export { upsertParsed, applyDeletions, type UpsertOptions, type StoreSource } from './upsert.js';

// Every reader selects the same columns, topics folded into one string (U+001F never occurs in topic names).
const SELECT = `
  SELECT a.pmid, a.version, a.deleted, a.deleted_at, a.revision, a.first_seen_at, a.updated_at, a.change_seq,
         a.content_hash, a.date_revised, a.record_json,
         (SELECT group_concat(topic, char(31)) FROM article_topics t WHERE t.pmid = a.pmid) AS topics,
         ${EVIDENCE_SELECT}
  FROM articles a ${EVIDENCE_JOIN}`;

/** One record by PMID, deleted ones included (`deleted: true`); `null` when never stored. */
export function getArticle(db: Database.Database, pmid: string): Article | null {
  const row = db.prepare(`${SELECT} WHERE a.pmid = ?`).get(pmid) as ArticleRow | undefined;
  return row ? rowToArticle(row, db.name) : null;
}

/** Records for the PMIDs asked, in that order; PMIDs never stored are skipped. Deleted ones are included. */
export function getArticles(db: Database.Database, pmids: readonly string[]): Article[] {
  // Prepared once per connection: a search reads 20 records per query, and preparing this join each time was ~4% of its CPU.
  const stmt = prepared(db, `${SELECT} WHERE a.pmid = ?`);
  const out: Article[] = [];
  for (const pmid of pmids) {
    const row = stmt.get(pmid) as ArticleRow | undefined;
    if (row) out.push(rowToArticle(row, db.name));
  }
  return out;
}

/** Every live (not deleted) record, by PMID; streamed from SQLite, so memory stays flat. */
export function* iterateLiveArticles(db: Database.Database): IterableIterator<Article> {
  const stmt = db.prepare(`${SELECT} WHERE a.deleted = 0 ORDER BY a.pmid`);
  for (const row of stmt.iterate() as IterableIterator<ArticleRow>) yield rowToArticle(row, db.name);
}

/** Every record, deleted ones included, by PMID; streamed. */
export function* iterateAllArticles(db: Database.Database): IterableIterator<Article> {
  const stmt = db.prepare(`${SELECT} ORDER BY a.pmid`);
  for (const row of stmt.iterate() as IterableIterator<ArticleRow>) yield rowToArticle(row);
}

/** The store's high-water mark: it grows with every stored change (new, updated, deleted record). */
export function getChangeSeq(db: Database.Database): number {
  // Prepared once per connection: a server asks on every request.
  return (prepared(db, "SELECT CAST(value AS INTEGER) AS v FROM meta WHERE key = 'change_seq'").get() as { v: number }).v;
}

/** How many records changed after `seq` (exclusive): how far behind an index at `seq` is. */
export function countChangesSince(db: Database.Database, seq: number): number {
  return (db.prepare('SELECT count(*) AS n FROM articles WHERE change_seq > ?').get(seq) as { n: number }).n;
}

/** Records changed after `seq` (exclusive), oldest change first: what an index at `seq` must apply (at most `limit`). */
export function listChangesSince(
  db: Database.Database,
  seq: number,
  limit = -1,
): Array<{ pmid: string; deleted: boolean; changeSeq: number }> {
  const rows = db
    .prepare('SELECT pmid, deleted, change_seq FROM articles WHERE change_seq > ? ORDER BY change_seq LIMIT ?')
    .all(seq, limit) as Array<{ pmid: string; deleted: number; change_seq: number }>;
  return rows.map((r) => ({ pmid: r.pmid, deleted: r.deleted === 1, changeSeq: r.change_seq }));
}

/** Live records whose entry date (history.entrez, else history.pubmed) is in [fromDate, toDate], inclusive. */
export function listArticlesEnteredBetween(db: Database.Database, fromDate: string, toDate: string): Article[] {
  const rows = db
    .prepare(`${SELECT} WHERE a.deleted = 0 AND a.entry_date BETWEEN ? AND ? ORDER BY a.entry_date, a.pmid`)
    .all(fromDate, toDate) as ArticleRow[];
  return rows.map((r) => rowToArticle(r, db.name));
}

/**
 * Live records first stored in [fromIso, toIso) whose entry date is before `beforeDate` or unknown, by
 * PMID: the candidates for a week's late arrivals (library/digest.ts decides which arrived after their
 * own week's digest, then reads only those). Without their records: after an import of a library's
 * history, that is every record.
 */
export function listFirstStoredBetween(db: Database.Database, fromIso: string, toIso: string, beforeDate: string): Array<{ pmid: string; entryDate: string | null; firstSeenAt: string }> {
  return db
    .prepare(`SELECT pmid, entry_date AS entryDate, first_seen_at AS firstSeenAt FROM articles
              WHERE deleted = 0 AND first_seen_at >= ? AND first_seen_at < ? AND (entry_date IS NULL OR entry_date < ?) ORDER BY pmid`)
    .all(fromIso, toIso, beforeDate) as Array<{ pmid: string; entryDate: string | null; firstSeenAt: string }>;
}

/** Records PubMed withdrew (marked deleted) in [fromIso, toIso), by PMID. */
export function listDeletedBetween(db: Database.Database, fromIso: string, toIso: string): Article[] {
  const rows = db.prepare(`${SELECT} WHERE a.deleted = 1 AND a.deleted_at >= ? AND a.deleted_at < ? ORDER BY a.pmid`).all(fromIso, toIso) as ArticleRow[];
  return rows.map((r) => rowToArticle(r, db.name));
}

/** Revisions stored in [fromIso, toIso) of records that are still live, oldest first. */
export function listRevisionsBetween(
  db: Database.Database,
  fromIso: string,
  toIso: string,
): Array<{ article: Article; revision: ArticleRevision }> {
  const revs = db
    .prepare(
      `SELECT r.pmid, r.revision, r.at, r.changed_json, r.previous_json, r.source FROM revisions r
       JOIN articles a ON a.pmid = r.pmid
       WHERE a.deleted = 0 AND r.at >= ? AND r.at < ? ORDER BY r.at, r.pmid, r.revision`,
    )
    .all(fromIso, toIso) as RevisionRow[];
  const articles = new Map(getArticles(db, [...new Set(revs.map((r) => r.pmid))]).map((a) => [a.pmid, a]));
  return revs.flatMap((r) => {
    const article = articles.get(r.pmid);
    if (!article) return [];
    const revision = toRevision(r);
    return [{ article, revision }];
  });
}

/** Counts for `status`: live records, deleted, books, retracted, and live records per topic. */
export function countArticles(db: Database.Database): RecordCounts {
  const c = db
    .prepare(
      `SELECT COALESCE(SUM(deleted = 0), 0) AS live, COALESCE(SUM(deleted = 1), 0) AS deleted,
              COALESCE(SUM(deleted = 0 AND is_book = 1), 0) AS books,
              COALESCE(SUM(deleted = 0 AND retracted = 1), 0) AS retracted
       FROM articles`,
    )
    .get() as { live: number; deleted: number; books: number; retracted: number };
  const topics = db
    .prepare(
      `SELECT t.topic, COUNT(*) AS n FROM article_topics t JOIN articles a ON a.pmid = t.pmid
       WHERE a.deleted = 0 GROUP BY t.topic ORDER BY t.topic`,
    )
    .all() as Array<{ topic: string; n: number }>;
  return { ...c, byTopic: Object.fromEntries(topics.map((t) => [t.topic, t.n])) };
}

/** The raw XML kept for a record (inflated), or null. */
export function getRawXml(db: Database.Database, pmid: string, inflate: (b: Buffer) => Buffer): string | null {
  const row = db.prepare('SELECT raw_xml FROM articles WHERE pmid = ?').get(pmid) as { raw_xml: Buffer | null } | undefined;
  return row?.raw_xml ? inflate(row.raw_xml).toString('utf8') : null;
}
