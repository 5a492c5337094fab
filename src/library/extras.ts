/**
 * What a long-running face (the web pages of `serve`) needs from the library beyond search and records:
 * whole-result facet counts, following the store's change sequence a slice at a time, stored revisions and
 * the notices linking to a record, and the digest archive. Wired into `openLibrary` (src/index.ts).
 */
import type Database from 'better-sqlite3';
import type { DigestDocument } from '../digest/model.js';
import type { SearchIndex, SearchOptions } from '../search/index.js';
import { getChangeSeq } from '../store/articles.js';
import type { ArticleRevision } from '../types.js';
import { listDigestWeeks, readDigest, readFeed } from './digests.js';
import type { EvidenceFilter } from './evidence.js';
import { evidenceTable, facetSearch, type FacetResult } from './facets.js';
import { type LinkingRecord, listLinkingRecords, listRevisions } from './revisions.js';

export type { FacetCounts, FacetResult } from './facets.js';
export type { EvidenceFilter, RecordEvidence } from './evidence.js';
export type { LinkingRecord } from './revisions.js';
export { evidenceOf } from './evidence.js';
export { isWeekName } from './digests.js';

/** The library's read-only extras (each call reads the store as it is now). */
export interface LibraryExtras {
  /** Every match of the query (paging ignored): total, PMIDs in result order, facet counts. Throws UsageError like `search`. */
  facets(query: string, opts?: SearchOptions & EvidenceFilter): FacetResult;
  /** The store's change sequence now (grows with every stored change). */
  changeSeq(): number;
  /** The change sequence the in-memory search index reflects. */
  indexedSeq(): number;
  /** Indexes at most `max` (default 500) changed records; true when the index has caught up with the store. */
  refresh(max?: number): boolean;
  /** Stored revisions of a record, newest first. */
  revisions(pmid: string): ArticleRevision[];
  /** Live records whose CommentsCorrections point at this one (retraction notices and the like). */
  linkedFrom(pmid: string): LinkingRecord[];
  /** Weeks with a digest in the digest folder, newest first. */
  digestWeeks(): string[];
  /** One week's digest document (`YYYY-Www`), or null. */
  digest(week: string): DigestDocument | null;
  /** The digest folder's Atom feed, or null before the first digest. */
  feed(): string | null;
}

/** Builds the extras over an open store and index; `digestsDir` is where the digest job writes. */
export function libraryExtras(db: Database.Database, index: SearchIndex, digestsDir: string): LibraryExtras {
  const table = evidenceTable(db);
  return {
    facets: (q, o = {}) => facetSearch(index, table, q, o),
    changeSeq: () => getChangeSeq(db),
    indexedSeq: () => index.highWater,
    refresh: (max) => index.refresh(max),
    revisions: (pmid) => listRevisions(db, pmid),
    linkedFrom: (pmid) => listLinkingRecords(db, pmid),
    digestWeeks: () => listDigestWeeks(digestsDir),
    digest: (week) => readDigest(digestsDir, week),
    feed: () => readFeed(digestsDir),
  };
}
