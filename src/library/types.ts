/**
 * The public types of the library's extras (what the web pages, the MCP server and e-mail delivery read).
 * Kept apart from the implementation so the published types never name better-sqlite3's.
 */
import type { DigestDocument } from '../digest/model.js';
import type { Evidence } from '../evidence/types.js';
import type { SearchOptions } from '../search/types.js';
import type { ArticleRevision, RecordCounts, RunRow } from '../types.js';

/** What faces read of a record's evidence classification. */
export type RecordEvidence = Evidence;

/** Counts per facet value, most frequent first (years newest first). */
export interface FacetCounts {
  topic: Array<[string, number]>;
  year: Array<[string, number]>;
  retracted: Array<['true' | 'false', number]>;
  design: Array<[string, number]>;
  theme: Array<[string, number]>;
}

/** A whole result set: its size, PMIDs in result order, and facet counts. */
export interface FacetResult {
  total: number;
  pmids: string[];
  counts: FacetCounts;
}

/** A stored record that links to another in its CommentsCorrections (`RetractionOf`, `ErratumFor`...). */
export interface LinkingRecord {
  pmid: string;
  /** The link type as the linking record states it. */
  type: string;
}

/** Formats a stored weekly digest exists in. */
export type DigestFormat = 'json' | 'md' | 'html';

/** The digest folder as faces read it. */
export interface DigestArchive {
  /** Weeks with a stored `<week>.json`, newest first (`[]` when the folder is missing). */
  digestWeeks(): string[];
  /** One week's digest document, or null when that week has none. */
  digest(week: string): DigestDocument | null;
  /** A stored digest file's text, or null when that week was not written; UsageError for a malformed week. */
  readDigest(week: string, format: DigestFormat): Promise<string | null>;
  /** The folder's Atom feed, or null before the first digest. */
  feed(): string | null;
}

/** One revision of a record: when, from where, and what changed in words ("title corrected"). */
export interface PaperHistoryEntry {
  revision: number;
  at: string;
  source: 'import' | 'ingest';
  changes: string[];
}

/** The library's state in one document (what `status` tools and pages show). */
export interface LibraryReport {
  records: RecordCounts;
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

/** Options of the extras (part of `openLibrary`'s options). */
export interface LibraryExtrasOptions {
  /** Folder of the weekly digests. Default `digests`. */
  digestDir?: string;
  /** Configured topic names, in order (listed even when empty; status reports their completeness). Default: none. */
  topics?: readonly string[];
}
