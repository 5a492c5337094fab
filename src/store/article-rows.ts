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

/** A row's store-owned fields but evidence (topics as a `\u001f`-joined list from the query). */
export function storeFieldsOf(row: Pick<ArticleRow, 'deleted' | 'topics' | 'first_seen_at' | 'updated_at'>): Pick<Article, 'deleted' | 'topics' | 'firstSeenAt' | 'updatedAt'> {
  return { deleted: row.deleted === 1, topics: row.topics ? row.topics.split('\u001f').sort() : [], firstSeenAt: row.first_seen_at, updatedAt: row.updated_at };
}

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
  const article: Article = { ...base, ...storeFieldsOf(row), evidence: null };
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
