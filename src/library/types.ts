/**
 * The public types of the library's extras (what the web pages, the MCP server and e-mail delivery read).
 * Kept apart from the implementation so the published types never name better-sqlite3's.
 */
import type { DigestDocument } from '../digest/types.js';
import type { Evidence, EvidenceMap } from '../evidence/types.js';
import type { SearchHit, SearchOptions } from '../search/types.js';
import type { ArticleRevision, ListedArticle, RecordCounts, RecordProblem, RunKind, RunRow, RunStatus, TopicCompleteness } from '../types.js';

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

/**
 * A whole result set and one page of it: the page's hits and the records they were read from, as the
 * library keeps them in memory for result pages (every searchable field and what a list shows; no
 * affiliations, abstract sections, grants, ids or history: `get` reads a whole record).
 */
export interface FacetPage extends FacetResult {
  hits: SearchHit[];
  records: ListedArticle[];
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
  digestDocument(week: string): DigestDocument | null;
  /** A stored digest file's text, or null when that week was not written; UsageError for a malformed week. */
  readDigest(week: string, format: DigestFormat): Promise<string | null>;
  /** The folder's Atom feed, or null before the first digest. */
  feed(): string | null;
  /**
   * The same, or before the first digest a valid feed with no entries (the id and title the digest job's
   * feed will have), so a feed URL can be subscribed to from day one. Its `updated` is the end of the
   * library's latest ingest or import, or 1970-01-01T00:00:00Z before any: the same on every call and in
   * every process until the library changes.
   */
  feed(opts: { orEmpty: true }): string;
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
  /**
   * `search`'s page (`limit`, `offset`) and `facets`' result set from one ranking, with the page's stored
   * records; an empty query gives no hits. Throws UsageError like `search`.
   */
  searchPage(query: string, opts?: SearchOptions): FacetPage;
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
  /**
   * `evidence()`'s map as far as the index has come, counted from the records kept in memory (no
   * record read from SQLite once they are loaded): what a server follows the store with.
   */
  indexedEvidence(opts?: { topic?: string; since?: number; retracted?: boolean }): EvidenceMap;
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

// ---- The pipelines: options and results of the writing methods (see docs/library.md) ----

/** What every long-running method accepts. */
export interface RunOptions {
  /** Stops the work at its next safe point (a batch boundary); the run is then recorded `interrupted`. */
  signal?: AbortSignal;
}

/** Progress of an ingest run: one phase per esearch pass over the topics, then one over the fetch queue. */
export interface IngestProgress {
  phase: 'harvest' | 'fetch';
  done: number;
  total: number;
  /** E-utilities requests so far. */
  requests: number;
}

/** Options of `Library.ingest` (the CLI's `ingest` flags). */
export interface IngestRunOptions extends RunOptions {
  /** Only these configured topic names. Default: every configured topic. */
  topics?: readonly string[];
  /** `YYYY-MM-DD`: narrows this run's windows only (no audit, no backfill recorded). */
  since?: string;
  /** Backfill every topic again. */
  full?: boolean;
  /** Compare each topic's whole PubMed set with the library now. */
  audit?: boolean;
  onProgress?: (p: IngestProgress) => void;
}

/** One topic's part of an ingest run. */
export interface TopicSummary {
  topic: string;
  reason: 'first run' | 'query changed' | 'since' | 'incremental' | 'full';
  windows: string[];
  harvested: number;
  /** `count`: the nightly count check matched; `full`: the whole set was compared; null: not checked (--since). */
  check: 'count' | 'full' | null;
  /** Why the full audit ran (backfill, weekly, requested, count mismatch ...). */
  auditReason: string | null;
  /** PubMed's count for the topic query at the check. */
  upstream: number | null;
}

/** The ingest run's report: stored in the run ledger, printed by `ingest --json`, returned by `Library.ingest`. */
export interface IngestSummary {
  runId: number;
  status: Exclude<RunStatus, 'running'>;
  startedAt: string;
  endedAt: string;
  topics: TopicSummary[];
  requests: number;
  retries: number;
  rateLimited: number;
  fetched: number;
  new: number;
  updated: number;
  unchanged: number;
  older: number;
  deleted: number;
  /** Topics detached from records their query no longer matches upstream. */
  detached: number;
  /** Records the audits found lacking from the library (fetched in this run, or gaps). */
  lacking: number;
  missing: string[];
  /** Open gaps after the run (PMIDs upstream lists that are not stored: left out by efetch, or rejected by the parser, see `rejected`), oldest PMID first. */
  gaps: string[];
  rejected: Array<{ pmid: string | null; reason: string }>;
  error: string | null;
}

/** Figures of one import (all files), printed as the summary line and stored in the run ledger. */
export interface ImportSummary {
  files: number;
  filesFailed: number;
  records: number;
  new: number;
  updated: number;
  unchanged: number;
  older: number;
  deleted: number;
  /** Copies of PMIDs withdrawn by a DeleteCitation, not brought back. */
  tombstoned: number;
  rejected: number;
  /**
   * Records already stored as they are (counted unchanged or older) that gained a topic given with
   * `--topic`: an import that only files papers under another topic says so. Absent when none did.
   */
  gainedTopic?: number;
}

/** A file an import could not read (nothing of it was stored). */
export interface ImportFileError {
  file: string;
  code: string;
  message: string;
}

/** Options of `Library.import`. */
export interface ImportRunOptions extends RunOptions {
  /** Configured topic names attached to every imported record. */
  topics?: readonly string[];
  /** A file starts (its record count, read in the validating pass), then records stored so far in it. */
  onProgress?: (p: { file: string; done: number; total: number }) => void;
  /**
   * What to call each of `files`, in the same order, wherever the import names a file: the report, its
   * messages, progress and the run ledger (`status`). Default: the path itself. A caller that copied an
   * input to a temporary file (standard input, a pipe) gives the input as the user knows it
   * (`standard input`), so the copy's path is recorded nowhere. Must have one entry per file.
   */
  names?: readonly string[];
}

/** What `Library.import` returns and `import --json` prints. */
export interface ImportReport extends ImportSummary {
  /** ok; partial (some files unreadable); failed (none readable); interrupted (the signal fired). */
  status: Exclude<RunStatus, 'running' | 'deferred'>;
  problems: Array<RecordProblem & { file: string }>;
  fileErrors: ImportFileError[];
}

/** Options of `Library.digest`. */
export interface DigestRunOptions extends RunOptions {
  /** ISO week `YYYY-Www`. Default: the last complete week before now, in the digest time zone. */
  week?: string;
  /** Output folder. Default: the configured `digest.outDir`. */
  out?: string;
  /** Then e-mail it to `delivery.email.to` (once per week and recipient list). */
  send?: boolean;
  /** With `send`: send again a week whose previous send was cut off. */
  resend?: boolean;
}

/**
 * The e-mail part of a digest run. `partial`, `failed` and an `in-doubt` that this run itself left (a reply
 * that never came after the message was handed over) reach the caller inside a `ReportedError`.
 */
export interface DeliveryReport {
  week: string;
  status: 'sent' | 'partial' | 'failed' | 'already-sent' | 'in-progress' | 'in-doubt' | 'quiet-not-sent';
  subject: string;
  messageId: string;
  /** The recipients this run sent to (those of the list that had not got the week yet). */
  to: string[];
  attempts: number;
  /** Addresses the server accepted the message for in this run. */
  delivered?: string[];
  /** Addresses the server refused, each with its reply (permanent: not retried in this run). */
  refused?: Array<{ to: string; reason: string }>;
  /** Why the week was not (or maybe not) sent: the same line the error carries. */
  reason?: string;
}

/** What `Library.digest` returns and `digest --json` prints. */
export interface DigestReport {
  week: string;
  /** Absolute paths written (or already identical), in write order. */
  files: string[];
  /** `notices`: list entries (a notice and the paper it is about are two); `summary` counts them by paper. */
  counts: { new: number; updated: number; notices: number };
  /** The digest's own headline, "11 new papers · 0 updated · 1 retraction": what the command prints. */
  summary: string;
  /** Present when `send` was asked. */
  email?: DeliveryReport;
}

/** What `Library.refreshIndex` returns: records the index file took in. */
export interface IndexRefreshReport {
  added: number;
  replaced: number;
  removed: number;
}

/** What `Library.rebuildIndex` returns. */
export interface IndexRebuildReport {
  records: number;
  ms: number;
}

/** What `Library.reclassifyEvidence` returns and `evidence --reclassify --json` prints. */
export interface ReclassifyReport {
  /** Every stored record, withdrawn ones included. */
  total: number;
  /** Of `total`, records PubMed withdrew: the evidence map counts only the others (`total - withdrawn`). */
  withdrawn: number;
  changed: number;
  overridden: number;
  /** PMIDs the overrides file names that no stored record has (a typo, or a paper not ingested yet). */
  unmatchedOverrides: string[];
  /** The rules version every record now carries. */
  version: number;
}

/** One run of the ledger as `status` reports it; `details` holds the run's figures (requests, new, ...). */
export interface StatusRun {
  id: number;
  kind: RunKind;
  /** ok, failed, partial, deferred, interrupted, or running (still going, or abandoned by a crash). */
  status: RunStatus;
  startedAt: string;
  endedAt: string | null;
  details: Record<string, unknown>;
  error: string | null;
}

/** {@link StatusReport.scheduler}: the scheduler lock's live holder, or `running: false` and nulls. */
export type SchedulerState =
  | { running: true; pid: number; host: string; command: string; since: string }
  | { running: false; pid: null; host: null; command: null; since: null };

/**
 * The document `kratomlit status --json` prints and `Library.statusReport` returns. Stable: fields are only
 * ever added. Counts are of live records unless named otherwise; times are ISO 8601.
 */
export interface StatusReport {
  /** Absolute path of the SQLite database. */
  database: string;
  records: RecordCounts;
  /** Every configured topic (0 when it has no records yet), then any stored topic no longer configured. */
  topics: Array<{ name: string; records: number; configured: boolean }>;
  lastImport: StatusRun | null;
  lastIngest: StatusRun | null;
  lastDigest: StatusRun | null;
  /** Most recent runs first, whatever their outcome. */
  runs: StatusRun[];
  index: {
    path: string;
    exists: boolean;
    /** True when the index covers every change in the store. */
    fresh: boolean;
    /** The store change counter the index was built up to; null when unknown. */
    highWater: number | null;
    storeHighWater: number;
    bytes: number;
  };
  /**
   * Whether a `kratomlit schedule` holds this library's scheduler lock now: its pid, host, command and since
   * when (ISO). Not running (all null) when no process holds it or the holder is gone (a stale lock).
   */
  scheduler: SchedulerState;
  /**
   * Next fire time per scheduled job (`ingest`, `digest`) in the job's time zone (given by the caller): what
   * the configured schedule would do, whether or not a scheduler runs (see `scheduler`).
   */
  nextRuns: Record<string, string[]>;
  /** Per configured topic: the last check against PubMed and the open gaps (docs/completeness.md). */
  completeness: Record<string, TopicCompleteness>;
}

/** What `Library.check` returns and `check --json` prints. */
export interface CheckReport {
  database: string;
  ok: boolean;
  /** `PRAGMA integrity_check` lines other than "ok" (at most 20). */
  integrity: string[];
  /** `PRAGMA foreign_key_check` rows: a child row whose parent is missing. */
  foreignKeys: Array<{ table: string; rowid: number | null; parent: string }>;
  /** Records whose stored JSON or raw XML cannot be read back. */
  unreadable: Array<{ pmid: string; reason: string }>;
  /** Records read back whole. */
  records: number;
  /**
   * Records whose kept list form (what search pages read) says something other than the record:
   * `kratomlit check --repair` writes every kept form again.
   */
  listedStale: string[];
  /** Set when the walk over the records stopped early (SQLite could not read on): why it stopped. */
  walkError: string | null;
  /**
   * Where the walk stopped early: the PMID of the last record it reached (in stored order), readable or
   * not; null when it went to the end or stopped before the first record.
   */
  stoppedAfter: string | null;
  /**
   * Records stored, deleted ones included: the walk's own count when it went to the end; after an early
   * stop, SQLite's count from an index (it reads no record); null when that cannot be read either.
   */
  stored: number | null;
}
