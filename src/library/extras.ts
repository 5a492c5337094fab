/**
 * What the long-running faces (web pages, MCP server, e-mail delivery) need from the library beyond
 * search, records and export: whole-result facet counts, following the store's change sequence a slice at
 * a time, a record's revisions and the notices linking to it, the digest archive, and one status report.
 * Everything reads; nothing here writes the store or the digest folder. Wired into `openLibrary`.
 */
import type Database from 'better-sqlite3';
import { describeRevision } from '../digest/changes.js';
import type { SearchIndex, SearchOptions } from '../search/index.js';
import { countArticles, getArticle, getChangeSeq } from '../store/articles.js';
import { listRevisionsOf } from '../store/revisions.js';
import { lastRuns, lastSuccessfulRun, type RunRow } from '../store/runs.js';
import type { ArticleRevision } from '../types.js';
import { type DigestArchive, digestArchive } from './digests.js';
import type { RecordEvidence } from './evidence.js';
import { facetSearch, type FacetResult } from './facets.js';
import { type LinkingRecord, recordTable, type RecordTable } from './record-table.js';

export type { FacetCounts, FacetResult } from './facets.js';
export type { RecordEvidence } from './evidence.js';
export type { LinkingRecord } from './record-table.js';
export type { DigestArchive, DigestFormat } from './digests.js';
export { digestArchive, isWeekName } from './digests.js';

/** One revision of a record: when, from where, and what changed in words ("title corrected"). */
export interface PaperHistoryEntry {
  revision: number;
  at: string;
  source: 'import' | 'ingest';
  changes: string[];
}

/** The library's state in one document (what `status` tools and pages show). */
export interface LibraryReport {
  records: ReturnType<typeof countArticles>;
  /** Store change sequence: grows with every stored change; equal values mean nothing changed. */
  changeSeq: number;
  /** Live records per topic, configured topics first (0 when empty), then stored ones. */
  topics: Array<{ name: string; records: number }>;
  lastImport: RunRow | null;
  lastIngest: RunRow | null;
  lastDigest: RunRow | null;
  /** Latest runs of any kind, newest first (at most 10). */
  runs: RunRow[];
  /** Weeks with a stored digest, newest first. */
  digestWeeks: string[];
}

/** The library's read-only extras (each call reads the store as it is now). */
export interface LibraryExtras extends DigestArchive {
  /** Every match of the query (paging ignored): total, PMIDs in result order, facet counts. Throws UsageError like `search`. */
  facets(query: string, opts?: SearchOptions): FacetResult;
  /** The store's change sequence now (grows with every stored change; another process's ingest raises it). */
  changeSeq(): number;
  /** The change sequence the in-memory search index reflects. */
  indexedSeq(): number;
  /** Indexes at most `max` (default 500) changed records; true when the index has caught up with the store. */
  refresh(max?: number): boolean;
  /** Stored revisions of a record, newest first (`[]` when it never changed or is unknown). */
  revisions(pmid: string): ArticleRevision[];
  /** The same revisions oldest first, each described in words. */
  history(pmid: string): PaperHistoryEntry[];
  /** The evidence classification of every live record, as far as the index has come. */
  classifications(): ReadonlyMap<string, RecordEvidence>;
  /** Live records whose CommentsCorrections point at this one (retraction notices and the like). */
  linkedFrom(pmid: string): LinkingRecord[];
  /** Counts, topics, last runs and stored digests. */
  report(): Promise<LibraryReport>;
}

/** Options of {@link libraryExtras}. */
export interface LibraryExtrasOptions {
  /** Folder of the weekly digests. Default `digests`. */
  digestDir?: string;
  /** Configured topic names, in order (listed even when empty). Default: none. */
  topics?: readonly string[];
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

/** Builds the extras over an open store and its search index. */
export function libraryExtras(db: Database.Database, index: SearchIndex, opts: LibraryExtrasOptions = {}): LibraryExtras {
  const table = recordTable(db);
  const archive = digestArchive(opts.digestDir ?? 'digests');
  return {
    ...archive,
    facets: cachedFacets(index, table),
    changeSeq: () => getChangeSeq(db),
    indexedSeq: () => index.highWater,
    refresh: (max) => index.refresh(max),
    revisions: (pmid) => listRevisionsOf(db, pmid).reverse(),
    history: (pmid) => {
      const article = getArticle(db, pmid);
      if (!article) return [];
      return listRevisionsOf(db, pmid).map((r) => ({ revision: r.revision, at: r.at, source: r.source, changes: describeRevision(article, r) }));
    },
    classifications: () => table.current(index.highWater).evidence,
    linkedFrom: (pmid) => [...(table.current(index.highWater).linkedFrom.get(pmid) ?? [])],
    report: async () => {
      const records = countArticles(db);
      const configured = opts.topics ?? [];
      const stored = Object.keys(records.byTopic).filter((t) => !configured.includes(t));
      return {
        records,
        changeSeq: getChangeSeq(db),
        topics: [...configured, ...stored].map((name) => ({ name, records: records.byTopic[name] ?? 0 })),
        lastImport: lastSuccessfulRun(db, 'import'),
        lastIngest: lastSuccessfulRun(db, 'ingest'),
        lastDigest: lastSuccessfulRun(db, 'digest'),
        runs: lastRuns(db, { limit: 10 }),
        digestWeeks: archive.digestWeeks(),
      };
    },
  };
}
