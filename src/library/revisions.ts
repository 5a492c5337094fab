/**
 * What changed between stored versions of a record, and the notices (retraction, correction, expression
 * of concern) that point at it from other stored records: the two things a paper page shows that a
 * single record does not hold.
 */
import type Database from 'better-sqlite3';
import { type RevisionRow, rowToRevision } from '../store/articles.js';
import type { ArticleRevision } from '../types.js';

/** Every stored revision of `pmid`, newest first. */
export function listRevisions(db: Database.Database, pmid: string): ArticleRevision[] {
  const rows = db
    .prepare('SELECT pmid, revision, at, changed_json, previous_json, source FROM revisions WHERE pmid = ? ORDER BY revision DESC')
    .all(pmid) as RevisionRow[];
  return rows.map(rowToRevision);
}

/** A stored record that links to this one in its CommentsCorrections (a notice's `RetractionOf` and the like). */
export interface LinkingRecord {
  pmid: string;
  /** The link type as the other record states it (`RetractionOf`, `ErratumFor`, `ExpressionOfConcernFor`...). */
  type: string;
}

/**
 * Live records whose CommentsCorrections name `pmid`, whatever the link type (the caller chooses which to
 * show). A substring test screens the stored JSON before SQLite's json functions read it; at most 50.
 */
export function listLinkingRecords(db: Database.Database, pmid: string): LinkingRecord[] {
  const rows = db
    .prepare(
      `SELECT a.pmid AS pmid, json_extract(c.value, '$.type') AS type
       FROM articles a, json_each(a.record_json, '$.commentsCorrections') c
       WHERE a.deleted = 0 AND a.pmid <> ? AND instr(a.record_json, ?) > 0 AND json_extract(c.value, '$.pmid') = ? LIMIT 50`,
    )
    .all(pmid, `"${pmid}"`, pmid) as Array<{ pmid: string; type: string | null }>;
  return rows.map((r) => ({ pmid: r.pmid, type: r.type ?? 'Link' }));
}
