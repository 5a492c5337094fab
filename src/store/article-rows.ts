import type Database from 'better-sqlite3';
import { AppError, errorMessage } from '../errors.js';
import { classifyByRules } from '../evidence/classify.js';
import type { Article } from '../types.js';
import { type EvidenceColumns, evidenceFromColumns } from './evidence.js';

/**
 * The `articles` row as SQLite holds it (snake_case). `Article` (camelCase) and this row meet only in
 * {@link articleColumns} and `rowToArticle` (kysely's table-vs-domain split).
 */
export interface ArticleRow extends Partial<EvidenceColumns> {
  pmid: string;
  version: number;
  deleted: number;
  deleted_at: string | null;
  revision: number;
  first_seen_at: string;
  updated_at: string;
  change_seq: number;
  content_hash: string;
  date_revised: string | null;
  record_json: string;
  topics: string | null;
}

/** Store-owned fields are not part of the normalized JSON we keep: they live in their own columns. */
export function recordJson(a: Article): string {
  const { topics: _t, firstSeenAt: _f, updatedAt: _u, deleted: _d, evidence: _e, ...rest } = a;
  return JSON.stringify(rest);
}

/**
/**
 * Rebuilds the public record from a stored row (topics as a `\u001f`-joined list from the query). A row
 * that cannot be decoded (a damaged file) throws RECORD_UNREADABLE naming the record and the database
 * (`db.name`), pointing at `kratomlit check`, never a bare JSON parse error. A record stored before the
 * evidence table existed gets the current rules' classification, computed here and not stored (a read
 * never writes; `kratomlit evidence --reclassify` stores it).
 */
export function rowToArticle(row: ArticleRow, database?: string): Article {
  let base: Omit<Article, 'topics' | 'firstSeenAt' | 'updatedAt' | 'deleted' | 'evidence'>;
  try {
    base = JSON.parse(row.record_json) as typeof base;
  } catch (err) {
    const where = database ? ` in ${database}` : '';
    throw new AppError('RECORD_UNREADABLE', `record ${row.pmid}${where} cannot be read (${errorMessage(err)}); run kratomlit check`, { cause: err });
  }
  const article: Article = {
    ...base,
    deleted: row.deleted === 1,
    topics: row.topics ? row.topics.split('\u001f').sort() : [],
    firstSeenAt: row.first_seen_at,
    updatedAt: row.updated_at,
    evidence: null,
  };
  article.evidence = evidenceFromColumns({
    ev_design: row.ev_design ?? null, ev_design_also: row.ev_design_also ?? null, ev_themes: row.ev_themes ?? null,
    ev_cues: row.ev_cues ?? null, ev_source: row.ev_source ?? null, ev_version: row.ev_version ?? null,
  }) ?? classifyByRules(article);
  return article;
}

/** Values of the scalar `articles` columns derived from the record. */
export function articleColumns(a: Article): Record<string, string | number | null> {
  return {
    pmid: a.pmid,
    version: a.version,
    status: a.status,
    is_book: a.isBook ? 1 : 0,
    title: a.title,
    title_html: a.titleHtml,
    abstract: a.abstract,
    journal_title: a.journal.title,
    journal_iso: a.journal.isoAbbreviation,
    issn: a.journal.issn,
    volume: a.journal.volume,
    issue: a.journal.issue,
    pages: a.pages,
    pub_year: a.pubDate.year,
    pub_date_raw: a.pubDate.raw,
    article_date: a.articleDate,
    entry_date: entryDate(a),
    date_revised: a.dateRevised,
    doi: a.doi,
    pmcid: a.pmcid,
    publication_status: a.publicationStatus,
    retracted: a.retracted ? 1 : 0,
    retraction_notice: a.retractionNotice ? 1 : 0,
  };
}

/** The date a record entered PubMed: `history.entrez`, else `history.pubmed` (date part only). */
export function entryDate(a: Article): string | null {
  const d = a.history['entrez'] ?? a.history['pubmed'] ?? null;
  return d === null ? null : d.slice(0, 10);
}

const CHILD_TABLES = [
  'author_affiliations',
  'mesh_qualifiers',
  'authors',
  'mesh_headings',
  'chemicals',
  'keywords',
  'publication_types',
  'grants',
  'article_ids',
  'comments_corrections',
] as const;

/** Prepared statements for the normalized child tables of one connection. */
export interface ChildStatements {
  clear: Database.Statement[];
  author: Database.Statement;
  affiliation: Database.Statement;
  mesh: Database.Statement;
  qualifier: Database.Statement;
  chemical: Database.Statement;
  keyword: Database.Statement;
  pubType: Database.Statement;
  grant: Database.Statement;
  articleId: Database.Statement;
  comment: Database.Statement;
}

export function prepareChildStatements(db: Database.Database): ChildStatements {
  return {
    clear: CHILD_TABLES.map((t) => db.prepare(`DELETE FROM ${t} WHERE pmid = ?`)),
    author: db.prepare(
      `INSERT INTO authors (pmid, position, last_name, fore_name, initials, suffix, collective_name, orcid, equal_contrib)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    affiliation: db.prepare(
      'INSERT INTO author_affiliations (pmid, author_position, position, affiliation) VALUES (?, ?, ?, ?)',
    ),
    mesh: db.prepare('INSERT INTO mesh_headings (pmid, position, descriptor, ui, major) VALUES (?, ?, ?, ?, ?)'),
    qualifier: db.prepare(
      'INSERT INTO mesh_qualifiers (pmid, heading_position, position, name, ui, major) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    chemical: db.prepare('INSERT INTO chemicals (pmid, position, name, ui, registry_number) VALUES (?, ?, ?, ?, ?)'),
    keyword: db.prepare('INSERT INTO keywords (pmid, position, keyword) VALUES (?, ?, ?)'),
    pubType: db.prepare('INSERT INTO publication_types (pmid, position, name) VALUES (?, ?, ?)'),
    grant: db.prepare(
      'INSERT INTO grants (pmid, position, grant_id, acronym, agency, country) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    articleId: db.prepare('INSERT OR REPLACE INTO article_ids (pmid, id_type, value) VALUES (?, ?, ?)'),
    comment: db.prepare(
      'INSERT INTO comments_corrections (pmid, position, ref_type, ref_pmid, source) VALUES (?, ?, ?, ?, ?)',
    ),
  };
}

/**
 * Rewrites every normalized child row of one record (called inside the batch transaction). `fresh`: the
 * `articles` row was inserted just now, so no child rows can exist (they reference it, are only written
 * with it in one transaction, and no `articles` row is ever deleted) and the ten clearing DELETEs are
 * skipped; an orphan row would still not be silently kept, the child insert would fail on its primary key.
 */
export function writeChildRows(s: ChildStatements, a: Article, fresh = false): void {
  const p = a.pmid;
  if (!fresh) for (const stmt of s.clear) stmt.run(p);
  a.authors.forEach((au, i) => {
    s.author.run(p, i, au.lastName, au.foreName, au.initials, au.suffix, au.collectiveName, au.orcid, au.equalContrib ? 1 : 0);
    au.affiliations.forEach((aff, j) => s.affiliation.run(p, i, j, aff));
  });
  a.mesh.forEach((m, i) => {
    s.mesh.run(p, i, m.descriptor, m.ui, m.major ? 1 : 0);
    m.qualifiers.forEach((q, j) => s.qualifier.run(p, i, j, q.name, q.ui, q.major ? 1 : 0));
  });
  a.chemicals.forEach((c, i) => s.chemical.run(p, i, c.name, c.ui, c.registryNumber));
  a.keywords.forEach((k, i) => s.keyword.run(p, i, k));
  a.publicationTypes.forEach((t, i) => s.pubType.run(p, i, t));
  a.grants.forEach((g, i) => s.grant.run(p, i, g.id, g.acronym, g.agency, g.country));
  for (const [type, value] of Object.entries(a.ids)) s.articleId.run(p, type, value);
  a.commentsCorrections.forEach((c, i) => s.comment.run(p, i, c.type, c.pmid, c.source));
}
