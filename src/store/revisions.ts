import type Database from 'better-sqlite3';
import type { ArticleRevision, ChangedField } from '../types.js';

/** A `revisions` row as selected by the readers below and in articles.ts. */
export interface RevisionRow {
  pmid: string;
  revision: number;
  at: string;
  changed_json: string;
  previous_json: string;
  source: 'import' | 'ingest';
}

/** Row to domain revision (the JSON columns parsed). */
export function toRevision(r: RevisionRow): ArticleRevision {
  return {
    pmid: r.pmid,
    revision: r.revision,
    at: r.at,
    changed: JSON.parse(r.changed_json) as ChangedField[],
    previous: JSON.parse(r.previous_json) as ArticleRevision['previous'],
    source: r.source,
  };
}

/** Every stored revision of one record, oldest first (`[]` for a record never revised or never stored). */
export function listRevisionsOf(db: Database.Database, pmid: string): ArticleRevision[] {
  const rows = db
    .prepare('SELECT pmid, revision, at, changed_json, previous_json, source FROM revisions WHERE pmid = ? ORDER BY revision')
    .all(pmid) as RevisionRow[];
  return rows.map(toRevision);
}
