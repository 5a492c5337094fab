/**
 * What changed between stored versions of a record: what a paper page shows that the record itself does
 * not hold.
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
