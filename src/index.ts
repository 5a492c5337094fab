/**
 * kratomlit's library API for scripts:
 *
 * ```ts
 * import { openLibrary } from 'kratomlit';
 * const lib = await openLibrary({ db: 'db/kratomlit.sqlite' });
 * const hits = lib.search('"mu opioid" agonist -review', { since: '2020', topic: 'mitragynine', limit: 20 });
 * const record = lib.get(hits[0].pmid);
 * const ris = lib.export(hits.map((h) => h.pmid), 'ris');
 * lib.close();
 * ```
 */
import { AppError } from './errors.js';
import { evidenceMap, type EvidenceMap } from './evidence/summary.js';
import { type ExportFormat, type ExportOptions, exportArticles } from './export/index.js';
import type { TopicCompleteness } from './ingest/completeness.js';
import { libraryExtras } from './library/extras.js';
import type { LibraryExtras, LibraryExtrasOptions } from './library/types.js';
import { type Logger, silentLogger } from './log.js';
import { openSearchIndex } from './library/search-index.js';
import type { SearchHit, SearchIndex, SearchOptions } from './search/types.js';
import { countArticles, getArticle, getArticles, iterateLiveArticles } from './store/articles.js';
import { checkedTopics, readCompleteness } from './store/completeness.js';
import { closeStore, openStore } from './store/open.js';
import { lastRuns } from './store/runs.js';
import type { Article, RecordCounts, RunRow } from './types.js';

// The public types never name better-sqlite3's (a devDependency for its types): a consumer compiling with
// `strict` and without `skipLibCheck` must not need them (test/package/consumer-types.test.ts).
export type * from './types.js';
export type { HitExplain, MatchKind, SearchHit, SearchOptions, TermContribution } from './search/types.js';
export type { ExportFormat, ExportOptions } from './export/index.js';
export type { TopicCompleteness } from './ingest/completeness.js';
export type * from './library/types.js';

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
export { AppError, UsageError, ConfigError, InputError, LockedError, EutilsError } from './errors.js';
export { EXPORT_FORMATS, exportArticles } from './export/index.js';
export { DESIGNS, THEMES, DESIGN_LABELS, EVIDENCE_VERSION, classifyEvidence } from './evidence/index.js';
export type { Design, Theme, Evidence } from './evidence/index.js';
export type { EvidenceMap } from './evidence/summary.js';

export interface OpenLibraryOptions extends LibraryExtrasOptions {
  /** SQLite database path. Default `db/kratomlit.sqlite`. */
  db?: string;
  /** Search index path. Default: the database path + `.index`. */
  indexPath?: string;
  /** Where to log index rebuilds and the like. Default: silent. */
  logger?: Logger;
  /** False: searches do not catch up with the store themselves; call `refresh` (long-running servers). Default true. */
  followOnSearch?: boolean;
}

/** An open library: synchronous reads after the index is loaded once. */
export interface Library extends LibraryExtras {
  /** Ranked hits (see README "Query syntax"); throws UsageError for an unusable query. */
  search(query: string, opts?: SearchOptions): SearchHit[];
  /** One record (deleted ones too, with `deleted: true`), or null. */
  get(pmid: string): Article | null;
  /** Records in the order asked; unknown PMIDs skipped. */
  getMany(pmids: readonly string[]): Article[];
  /** Every live record, streamed. */
  all(): IterableIterator<Article>;
  /** Citations of the given records or PMIDs in RIS, BibTeX, CSL-JSON or CSV. */
  export(records: ReadonlyArray<string | Article>, format: ExportFormat, opts?: ExportOptions): string;
  /** The evidence map (design x theme, papers per year by design) of every live record, or of one topic's. */
  evidence(opts?: { topic?: string }): EvidenceMap;
  /**
   * Counts, the latest runs, and per-topic completeness against PubMed (docs/completeness.md) for the
   * topics named in `OpenLibraryOptions.topics`, or for every topic ever checked when none were named.
   */
  status(): { records: RecordCounts; runs: RunRow[]; completeness: Record<string, TopicCompleteness> };
  /** The underlying better-sqlite3 connection, for SQL users (read it; write through the CLI). */
  readonly db: SqlConnection;
  close(): void;
}

/**
 * Opens an existing library (a missing or empty database is refused with NO_LIBRARY; nothing is created) and
 * loads (or rebuilds, if missing or stale) its search index.
 */
export async function openLibrary(opts: OpenLibraryOptions = {}): Promise<Library> {
  const dbPath = opts.db ?? 'db/kratomlit.sqlite';
  const db = openStore(dbPath, { mustExist: true });
  let index: SearchIndex;
  try {
    index = await openSearchIndex(db, {
      indexPath: opts.indexPath ?? `${dbPath}.index`, logger: opts.logger ?? silentLogger(), followOnSearch: opts.followOnSearch ?? true,
    });
  } catch (err) {
    db.close();
    throw err;
  }
  return {
    ...libraryExtras(db, index, opts),
    db,
    search: (q, o) => index.search(q, o),
    get: (pmid) => getArticle(db, pmid),
    getMany: (pmids) => getArticles(db, pmids),
    all: () => iterateLiveArticles(db),
    export: (records, format, o) => {
      const pmids = records.filter((r): r is string => typeof r === 'string');
      const byPmid = new Map(getArticles(db, pmids).map((a) => [a.pmid, a]));
      const articles = records.map((r) => {
        if (typeof r !== 'string') return r;
        const a = byPmid.get(r);
        if (!a) throw new AppError('NOT_FOUND', `export: PMID ${r} is not in the library`);
        return a;
      });
      return exportArticles(articles, format, o);
    },
    evidence: (o) => {
      const topic = o?.topic ?? null;
      const live = [...iterateLiveArticles(db)].filter((a) => topic === null || a.topics.includes(topic));
      return evidenceMap(live, { since: null, topic });
    },
    status: () => ({ records: countArticles(db), runs: lastRuns(db, { limit: 10 }), completeness: readCompleteness(db, opts.topics ?? checkedTopics(db)) }),
    close: () => closeStore(db),
  };
}
