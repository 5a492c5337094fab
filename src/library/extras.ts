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
import type { EvidenceFilter, RecordEvidence } from './evidence.js';
import { facetSearch, type FacetResult } from './facets.js';
import { type LinkingRecord, recordTable, type RecordTable } from './record-table.js';
import { listRevisions } from './revisions.js';

export type { FacetCounts, FacetResult } from './facets.js';
export type { EvidenceFilter, RecordEvidence } from './evidence.js';
export type { LinkingRecord } from './record-table.js';
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
  /** The evidence classification of every classified live record, as far as the index has come. */
  evidence(): ReadonlyMap<string, RecordEvidence>;
  /** Live records whose CommentsCorrections point at this one (retraction notices and the like). */
  linkedFrom(pmid: string): LinkingRecord[];
  /** Weeks with a digest in the digest folder, newest first. */
  digestWeeks(): string[];
  /** One week's digest document (`YYYY-Www`), or null. */
  digest(week: string): DigestDocument | null;
  /** The digest folder's Atom feed, or null before the first digest. */
  feed(): string | null;
}

/** Whole result sets kept for reuse: paging and export ask for the same set again. */
const FACET_CACHE = 64;

/**
 * `facetSearch` with the last {@link FACET_CACHE} answers kept until the index moves on (a reader paging
 * through results, or toggling back a facet, asks for the same set again).
 */
function cachedFacets(index: SearchIndex, table: RecordTable): LibraryExtras['facets'] {
  const cache = new Map<string, FacetResult>();
  let seq = -1;
  return (q, o = {}) => {
    if (seq !== index.highWater) {
      cache.clear();
      seq = index.highWater;
    }
    const key = JSON.stringify([q, o]);
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit); // most recently used last
      return hit;
    }
    const result = facetSearch(index, table, q, o);
    cache.set(key, result);
    if (cache.size > FACET_CACHE) cache.delete(cache.keys().next().value as string);
    return result;
  };
}

/** Builds the extras over an open store and index; `digestsDir` is where the digest job writes. */
export function libraryExtras(db: Database.Database, index: SearchIndex, digestsDir: string): LibraryExtras {
  const table = recordTable(db);
  return {
    facets: cachedFacets(index, table),
    changeSeq: () => getChangeSeq(db),
    indexedSeq: () => index.highWater,
    refresh: (max) => index.refresh(max),
    revisions: (pmid) => listRevisions(db, pmid),
    evidence: () => table.current(index.highWater).evidence,
    linkedFrom: (pmid) => [...(table.current(index.highWater).linkedFrom.get(pmid) ?? [])],
    digestWeeks: () => listDigestWeeks(digestsDir),
    digest: (week) => readDigest(digestsDir, week),
    feed: () => readFeed(digestsDir),
  };
}
