/**
 * The public shape of an open library (`openLibrary`'s options and the `Library` it returns). Types only,
 * kept apart from the implementation so the published types never name better-sqlite3's: a consumer
 * compiling with `strict` and without `skipLibCheck` must not need them (test/package/).
 */
import type { EvidenceMap } from '../evidence/summary.js';
import type { ExportFormat, ExportOptions } from '../export/index.js';
import type { Logger } from '../log.js';
import type { SearchHit, SearchOptions } from '../search/types.js';
import type { TopicCompleteness } from '../completeness.js';
import type { Article, RecordCounts, RunKind, RunRow } from '../types.js';
import type {
  CheckReport, DigestReport, DigestRunOptions, ImportReport, ImportRunOptions, IndexRebuildReport, IndexRefreshReport,
  IngestRunOptions, IngestSummary, LibraryExtras, ReclassifyReport, RunOptions, StatusReport,
} from './types.js';

/** A prepared statement of {@link SqlConnection} (better-sqlite3's `Statement`, the reading part). */
export interface SqlStatement {
  all(...params: unknown[]): unknown[];
  get(...params: unknown[]): unknown;
  iterate(...params: unknown[]): IterableIterator<unknown>;
}

/** The reading part of the better-sqlite3 connection behind a {@link Library}, typed without its package. */
export interface SqlConnection {
  prepare(sql: string): SqlStatement;
  /** The database file's path. */
  readonly name: string;
}

/**
 * Options of `openLibrary`. Settings not given here come from the configuration file and the environment
 * exactly as the CLI reads them (docs/library.md "Configuration").
 */
export interface OpenLibraryOptions {
  /** SQLite database path. Default: `KRATOMLIT_DB`, else the configuration's `db` (`db/kratomlit.sqlite`). */
  db?: string;
  /**
   * Configuration file. Default: `KRATOMLIT_CONFIG`, else `kratomlit.config.json` in `cwd` when present.
   * `false`: built-in defaults, and no `KRATOMLIT_*` variables (E-utilities and NCBI variables still apply).
   */
  config?: string | false;
  /** Environment the configuration, NCBI settings and SMTP password are read from. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Folder relative paths are resolved against. Default `process.cwd()`. */
  cwd?: string;
  /** Search index path. Default: the configuration's, else the database path + `.index`. */
  indexPath?: string;
  /** Folder of the weekly digests. Default: the configuration's `digest.outDir` (`digests`). */
  digestDir?: string;
  /** E-utilities settings over the configuration's (the environment's `EUTILS_BASE_URL`, `NCBI_EMAIL`, `NCBI_API_KEY` apply first). */
  eutils?: { baseUrl?: string; email?: string | null; apiKey?: string | null; tool?: string };
  /** Topic names `status()` reports completeness for (default: every topic ever checked). Ingest uses the configured topics. */
  topics?: readonly string[];
  /** Where to log runs, index rebuilds and the like. Default: silent. */
  logger?: Logger;
  /** The clock runs are dated by (tests, replays). Default: the real clock. */
  clock?: () => Date;
  /** Refuse with NO_LIBRARY when no library exists at `db` (instead of waiting for the first writer). Default false. */
  mustExist?: boolean;
  /** Load the search index at open (default true); false for a script that only writes or reads by PMID. */
  loadIndex?: boolean;
  /** False: searches do not catch up with the store themselves; call `refresh` (long-running servers). Default true. */
  followOnSearch?: boolean;
}

/** Which records an export (or `select`) takes: a query, a digest week or every live record, each filtered. */
export interface RecordSelection {
  /**
   * These PubMed ids, in the order given (each once): the live records among them, as a `pmid:` query
   * selects them; a PMID deleted from PubMed or not stored is left out (see {@link Library.leftOut}).
   */
  pmids?: readonly string[];
  /** Every record matching this query (same syntax as `search`; never capped at a page). */
  query?: string;
  /** Records that entered PubMed in this ISO week `YYYY-Www` (digest time zone). */
  week?: string;
  /** Every live record. */
  all?: boolean;
  topic?: string;
  since?: string;
  until?: string;
  type?: string;
  retracted?: boolean;
  design?: string;
  theme?: string;
}

/** A PubMed XML export being written (see {@link Library.pubmedXml}). */
export interface PubmedXmlExport {
  /** The live records' PMIDs, in document order (those in {@link noXml} are not written). */
  readonly pmids: readonly string[];
  /** Deleted records given by PMID or as records (never in a selection), written as one `DeleteCitation` after the records. */
  readonly deleted: readonly string[];
  /**
   * The `PubmedArticleSet` document (PubMed's DOCTYPE, each record's XML as kept) in runs of about a
   * megabyte, read from the store as they are taken: iterate once, to the end.
   */
  readonly chunks: Iterable<string>;
  /**
   * Selected records left out because the library keeps no readable PubMed XML for them (stored by an
   * older build, or damaged), in document order; complete once {@link chunks} has been read to the end.
   */
  readonly noXml: string[];
}

/** A PMID a `{ pmids }` selection left out, and why (see {@link Library.leftOut}). */
export interface LeftOutPmid {
  pmid: string;
  /** `deleted`: PubMed deleted the record (the library keeps a tombstone); `not-stored`: not in the library. */
  reason: 'deleted' | 'not-stored';
  /** When the library recorded the deletion (ISO 8601 UTC), for `deleted`. */
  deletedAt?: string;
}

/** Options of `Library.statusReport`. */
export interface StatusOptions {
  /** How many recent runs to list. Default 5. */
  runs?: number;
  /** Next fire times per scheduled job, from the scheduler (the library does not schedule). Default `{}`. */
  nextRuns?: Record<string, string[]>;
  /** The time a topic's last completeness check is judged stale against. Default: the library's clock. */
  now?: Date;
}

/** The writing methods: each one run, under the writer lock when it writes the store, recorded in the run ledger. */
export interface LibraryWriters {
  /** Brings the library up to date with PubMed (`kratomlit ingest`); creates the database on first use. */
  ingest(opts?: IngestRunOptions): Promise<IngestSummary>;
  /** Imports PubMed XML files (`kratomlit import`); creates the database on first use. */
  import(files: readonly string[], opts?: ImportRunOptions): Promise<ImportReport>;
  /** Writes a week's digest files and updates the feed (`kratomlit digest`); with `send`, e-mails it. */
  digest(opts?: DigestRunOptions): Promise<DigestReport>;
  /** Brings the index file up to date with the store (`kratomlit index`). */
  refreshIndex(opts?: RunOptions): Promise<IndexRefreshReport>;
  /** Rebuilds the index file from the store (`kratomlit index --rebuild`). */
  rebuildIndex(opts?: RunOptions & { onProgress?: (p: { done: number; total: number }) => void }): Promise<IndexRebuildReport>;
  /** Recomputes every record's evidence classification (`kratomlit evidence --reclassify`). */
  reclassifyEvidence(opts?: RunOptions): Promise<ReclassifyReport>;
  /**
   * Writes every record's list form (what search pages read) again from the record, under the writer lock
   * (`check --repair`, for the records `check` names in `listedStale`); resolves with how many it wrote.
   */
  repairLists(): Promise<number>;
  /**
   * Makes this process the library's one scheduler until `release()` (or its exit): a second
   * `kratomlit schedule` on the same library throws LockedError naming the first (pid, host, since when).
   * Creates the database on first use, as `ingest` does.
   */
  holdScheduler(command: string): { release(): void };
}

/** An open library: synchronous reads over the store and the in-memory index, async runs that write. */
export interface Library extends LibraryExtras, LibraryWriters {
  /** Ranked hits (see docs/search.md); throws UsageError for an unusable query or option (an unconfigured topic, a sort that is neither "relevance" nor "date"). */
  search(query: string, opts?: SearchOptions): SearchHit[];
  /**
   * Throws the UsageError `search` would throw for these filters (an unconfigured topic, a date that is not
   * one, an unknown design or theme), for a face that filters records itself.
   */
  checkFilters(opts: SearchOptions): void;
  /** One record (deleted ones too, with `deleted: true`), or null. */
  get(pmid: string): Article | null;
  /** Records in the order asked; unknown PMIDs skipped. */
  getMany(pmids: readonly string[]): Article[];
  /** Every live record, streamed. */
  all(): IterableIterator<Article>;
  /** The live records of a selection (query hits in rank order, else by PMID). */
  select(selection: RecordSelection): Article[];
  /**
   * Why each of `pmids` a `{ pmids }` selection leaves out is left out: `deleted` (PubMed deleted the
   * record; the library keeps it as a tombstone) or `not-stored`, in the order given; empty when none is.
   */
  leftOut(pmids: readonly string[]): LeftOutPmid[];
  /**
   * For a query that only looks up PMIDs (`pmid:` terms, nothing else): {@link leftOut} of its PMIDs, so a
   * face can say why a lookup found nothing, or beside what it found which PMIDs found nothing (say them
   * with `describeLeftOut`, or `lookupGapsLine` beside hits). Empty for any other query
   * and for one that does not parse (the search names what is wrong with it).
   */
  lookupLeftOut(query: string): LeftOutPmid[];
  /**
   * Citations in RIS, BibTeX, CSL-JSON or CSV, or the records' PubMed XML (`pubmed-xml`, as
   * {@link pubmedXml} writes it, in one string), of the given records or PMIDs, or of a selection. For
   * `pubmed-xml`, a selected record without kept XML is an AppError `NO_RAW_XML` naming it.
   */
  export(records: ReadonlyArray<string | Article> | RecordSelection, format: ExportFormat, opts?: ExportOptions): string;
  /**
   * The selected records' own PubMed XML (as kept when they were stored) as one `PubmedArticleSet`
   * document that `import` reads back, streamed: a large selection is never one string. A selection holds
   * no deleted record, so its document holds no `DeleteCitation`; a deleted record given by PMID or as a
   * record is written as one (what PubMed now says of it), never as its last live version.
   */
  pubmedXml(records: ReadonlyArray<string | Article> | RecordSelection): PubmedXmlExport;
  /**
   * The evidence map (design x theme, papers per year by design) of the live records, optionally of one
   * topic, from a year, and without (`retracted: false`) or only (`true`) retracted papers.
   */
  evidence(opts?: { topic?: string; since?: number; retracted?: boolean }): EvidenceMap;
  /**
   * Counts, the latest runs, and per-topic completeness against PubMed (docs/completeness.md) for the
   * topics named in `OpenLibraryOptions.topics`, or for every topic ever checked when none were named.
   */
  status(): { records: RecordCounts; runs: RunRow[]; completeness: Record<string, TopicCompleteness> };
  /** `status().completeness` alone (per topic, from the completeness tables), without counting the records. */
  completeness(): Record<string, TopicCompleteness>;
  /** The document `kratomlit status --json` prints. */
  statusReport(opts?: StatusOptions): Promise<StatusReport>;
  /** The latest run of `kind` that ended ok or partial, or null. */
  lastSuccessfulRun(kind: RunKind): RunRow | null;
  /** True when the last complete week's digest files, or its configured e-mail, are still to do (scheduler catch-up). */
  digestDue(now?: Date): boolean;
  /** SQLite integrity, foreign keys and a read-back of every record (`kratomlit check`). */
  check(): Promise<CheckReport>;
  /** Writes the kept raw XML of every readable record to a new file (`check --salvage`). */
  salvage(file: string): Promise<{ written: number; skipped: number }>;
  /** A read-only better-sqlite3 connection to the store, for SQL users (opened on first use, closed by `close`); writes go through the methods. */
  readonly db: SqlConnection;
  close(): void;
}
