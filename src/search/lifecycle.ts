/**
 * The search index as the library and CLI use it: load the persisted index if it is valid and fresh,
 * otherwise rebuild it from the store (saying why), bring it up to the store's change sequence
 * incrementally, persist atomically, and answer queries. This is the I/O edge of src/search: it reads and
 * writes the index file; the store is read through an injected RecordSource (types.ts).
 */
import { applyChanges, buildIndex, vacuumIfDirty, type UpdateCounts } from './build.js';
import type { SearchEngine } from './engine.js';
import { indexOptions, optionsHash } from './index-options.js';
import { checkReplaceable, cleanStaleTemps, writeIndexFile } from './persist.js';
import { FORMAT_VERSION, type IndexStamp } from './persist-format.js';
import { readIndexFile } from './persist-read.js';
import { damageOf } from './persist-lazy.js';
import { UsageError } from '../errors.js';
import { catchUpSome } from './follow.js';
import { matchAll, searchPage } from './match.js';
import { runSearch } from './query.js';
import type { SynonymMatcher } from './synonyms.js';
import { loadSynonymFile } from './synonyms-file.js';
import type { RecordSource, SearchIndex, SearchLogger } from './types.js';

/** Options shared by open/update/rebuild. */
export interface IndexFileOptions {
  /** Index file, by convention `<database path>.index`. */
  indexPath: string;
  logger?: SearchLogger;
  /** Synonym file; default the shipped data/synonyms.json. */
  synonymsPath?: string;
  /**
   * True (default): each search first catches up with the store. False: the owner calls `refresh` (a
   * long-running server, so that no request waits for a whole import batch to be indexed).
   */
  followOnSearch?: boolean;
}

interface Loaded {
  engine: SearchEngine;
  synonyms: SynonymMatcher;
  hash: string;
  changeSeq: number;
}

const BATCH = 500;

function stampOf(loaded: Loaded): IndexStamp {
  return {
    format: 'kratomlit-search-index', formatVersion: FORMAT_VERSION, optionsHash: loaded.hash,
    changeSeq: loaded.changeSeq, records: loaded.engine.documentCount, createdAt: new Date().toISOString(),
  };
}

/** Applies store changes after `loaded.changeSeq` (in memory). Returns what changed. */
export function catchUp(source: RecordSource, loaded: Loaded): UpdateCounts {
  const target = source.changeSeq();
  const counts: UpdateCounts = { added: 0, replaced: 0, removed: 0 };
  if (target <= loaded.changeSeq) return counts;
  const pmids = [...new Set(source.changesSince(loaded.changeSeq).map((c) => c.pmid))];
  for (let i = 0; i < pmids.length; i += BATCH) {
    const batch = pmids.slice(i, i + BATCH);
    const articles = source.articles(batch);
    const found = new Set(articles.map((a) => a.pmid));
    const r = applyChanges(loaded.engine, articles, batch.filter((p) => !found.has(p)));
    counts.added += r.added;
    counts.replaced += r.replaced;
    counts.removed += r.removed;
  }
  loaded.changeSeq = Math.max(target, loaded.changeSeq);
  return counts;
}

/** Builds from the store. The change sequence is read first, so changes made during the build are re-applied later. */
function build(source: RecordSource, synonyms: SynonymMatcher, onProgress?: (done: number) => void): Loaded {
  const changeSeq = source.changeSeq();
  const engine = buildIndex(source.liveArticles(), synonyms, onProgress);
  return { engine, synonyms, hash: optionsHash(synonyms), changeSeq };
}

/**
 * Writes the index; a failure (read-only folder, full disk) is logged and the in-memory index kept. A
 * damaged block of the file it was loaded from is thrown on (see {@link recovering}).
 */
function save(loaded: Loaded, path: string, logger?: SearchLogger): boolean {
  try {
    writeIndexFile(path, loaded.engine, stampOf(loaded));
    return true;
  } catch (err) {
    const damage = damageOf(err);
    if (damage) throw damage;
    if (err instanceof UsageError) throw err; // not an index file at that path: the user must choose another
    logger?.warn({ err, indexPath: path }, 'search index not saved; it will be rebuilt or updated next time');
    return false;
  }
}

type RebuildOptions = IndexFileOptions & { onRebuild?: (reason: string) => void };

/**
 * Runs `work` over the loaded index. The index file is read as queries need it, a block at a time, and a
 * block that fails its checksum throws there; then the index is rebuilt from the store (saying why, as a
 * damage found at open is) and `work` runs once more on the rebuilt one, so damage never gives a wrong or
 * missing answer.
 */
export function recovering<T>(source: RecordSource, loaded: Loaded, opts: RebuildOptions, work: () => T): T {
  try {
    return work();
  } catch (err) {
    rebuildAfterDamage(source, loaded, opts, err);
    return work();
  }
}

/** Rethrows `err` unless it is damage of the index file; then rebuilds the index from the store and saves it. */
function rebuildAfterDamage(source: RecordSource, loaded: Loaded, opts: RebuildOptions, err: unknown): void {
  const damage = damageOf(err);
  if (!damage) throw err;
  opts.logger?.warn({ indexPath: opts.indexPath, reason: damage.reason }, `rebuilding search index ${opts.indexPath}: ${damage.reason}`);
  opts.onRebuild?.(damage.reason);
  const fresh = build(source, loaded.synonyms);
  loaded.engine = fresh.engine;
  loaded.changeSeq = fresh.changeSeq;
  if (save(loaded, opts.indexPath, opts.logger)) fromSavedFile(loaded, opts.indexPath, loaded.hash);
}

/** Loads a valid index or rebuilds it; `onRebuild` and the logger get the reason. */
async function loadOrRebuild(source: RecordSource, opts: RebuildOptions): Promise<{ loaded: Loaded; rebuilt: boolean }> {
  const synonyms = loadSynonymFile(opts.synonymsPath);
  const hash = optionsHash(synonyms);
  cleanStaleTemps(opts.indexPath);
  const read = readIndexFile(opts.indexPath, indexOptions(synonyms), hash);
  let reason = read.ok ? null : read.reason;
  if (read.ok && read.stamp.changeSeq > source.changeSeq()) {
    reason = 'the index is ahead of the database (was the database replaced or restored?)';
  }
  if (read.ok && reason === null) {
    return { loaded: { engine: read.engine, synonyms, hash, changeSeq: read.stamp.changeSeq }, rebuilt: false };
  }
  // Before any work: a file there that is not an index (the database, the configuration) stays untouched.
  if (!read.ok) checkReplaceable(opts.indexPath);
  const why = `rebuilding search index ${opts.indexPath}: ${reason}`;
  // A first build is routine; anything else (truncated, foreign, other options) deserves a warning.
  if (read.ok || read.reason !== 'no index file yet') opts.logger?.warn({ indexPath: opts.indexPath, reason }, why);
  else opts.logger?.info({ indexPath: opts.indexPath, reason }, why);
  opts.onRebuild?.(reason ?? 'unknown');
  const loaded = build(source, synonyms);
  if (save(loaded, opts.indexPath, opts.logger)) fromSavedFile(loaded, opts.indexPath, hash);
  return { loaded, rebuilt: true };
}

/**
 * Answers from the file just written instead of the index built in memory: the same index (the file is
 * what any later process loads), read as queries need it, so a long-running process that built it
 * (`serve` on a library imported without one) does not keep the whole built index in its heap (about
 * 100 MB of resident memory at 10,000 real records). Should the file not read back, the built one stays.
 */
function fromSavedFile(loaded: Loaded, path: string, hash: string): void {
  const read = readIndexFile(path, indexOptions(loaded.synonyms), hash);
  if (read.ok && read.stamp.changeSeq === loaded.changeSeq && read.engine.documentCount === loaded.engine.documentCount) loaded.engine = read.engine;
}

/** Vacuums and saves after a catch-up; a damaged block found on the way rebuilds (and so saves) instead. */
async function persistRecovering(source: RecordSource, loaded: Loaded, opts: RebuildOptions): Promise<void> {
  try {
    await vacuumIfDirty(loaded.engine);
    save(loaded, opts.indexPath, opts.logger);
  } catch (err) {
    rebuildAfterDamage(source, loaded, opts, err);
  }
}

function searchIndexOf(source: RecordSource, loaded: Loaded, file: RebuildOptions, follow = true): SearchIndex {
  // The engine is read at each call: a damaged file found mid-query replaces it (recovering).
  const read = source.listed?.bind(source) ?? ((pmids: readonly string[]) => source.articles(pmids));
  const ctx = { get engine() { return loaded.engine; }, synonyms: loaded.synonyms, fetchArticles: (pmids: string[]) => read(pmids) };
  return {
    search(query, opts) {
      return recovering(source, loaded, file, () => {
        // Another process (the nightly ingest) may have changed the store since we loaded: catch up in memory.
        if (follow) catchUp(source, loaded);
        return runSearch(ctx, query, opts);
      });
    },
    match(query, opts) {
      return recovering(source, loaded, file, () => {
        if (follow) catchUp(source, loaded);
        return matchAll(ctx, query, opts);
      });
    },
    searchPage(query, opts, read, withMatched) {
      return recovering(source, loaded, file, () => {
        if (follow) catchUp(source, loaded);
        return searchPage(read ? { engine: loaded.engine, synonyms: loaded.synonyms, fetchArticles: read } : ctx, query, opts, withMatched);
      });
    },
    refresh: (max) => recovering(source, loaded, file, () => catchUpSome(source, loaded, max ?? 500)),
    get size() {
      return loaded.engine.documentCount;
    },
    get highWater() {
      return loaded.changeSeq;
    },
  };
}

/**
 * Opens the search index over the records of `source`: loads `indexPath` when it is valid (format version, options hash,
 * checksums) and not ahead of the store, else rebuilds it from the store and calls `onRebuild(reason)`;
 * then applies store changes since its stamp and persists when anything changed. Each search also
 * catches up with changes made by other processes since. With `maxCatchUp`, more pending changes than
 * that (a writer is busy) are not applied: the index answers as last published, `onBehind(pending)` is
 * told, and the searches do not follow the store. Throws UsageError for a broken synonym file.
 */
export async function openSearchIndex(
  source: RecordSource,
  opts: IndexFileOptions & { onRebuild?: (reason: string) => void; maxCatchUp?: number; onBehind?: (pending: number) => void },
): Promise<SearchIndex> {
  const { loaded, rebuilt } = await loadOrRebuild(source, opts);
  const pending = opts.maxCatchUp === undefined ? 0 : source.countChangesSince(loaded.changeSeq);
  if (pending > (opts.maxCatchUp ?? Infinity)) {
    // A writer (a big import) is ahead of the published index: answer from the index as it is rather than
    // replaying its changes here (that took 40 s a search); records it no longer holds are still dropped,
    // because hits are read back from the store. The writer publishes the index when it finishes.
    opts.onBehind?.(pending);
    return searchIndexOf(source, loaded, opts, false);
  }
  const counts = recovering(source, loaded, opts, () => catchUp(source, loaded));
  if (!rebuilt && counts.added + counts.replaced + counts.removed > 0) await persistRecovering(source, loaded, opts);
  return searchIndexOf(source, loaded, opts, opts.followOnSearch ?? true);
}

/**
 * Brings the index file up to date after an ingest or import: incremental by the store's change list,
 * persisted atomically. A missing or invalid index is rebuilt (then everything counts as added).
 */
export async function updateSearchIndex(source: RecordSource, opts: IndexFileOptions): Promise<UpdateCounts> {
  const { loaded, rebuilt } = await loadOrRebuild(source, opts);
  const counts = recovering(source, loaded, opts, () => catchUp(source, loaded));
  if (rebuilt) return { added: loaded.engine.documentCount, replaced: 0, removed: 0 };
  if (counts.added + counts.replaced + counts.removed > 0) await persistRecovering(source, loaded, opts);
  return counts;
}

/** Rebuilds the index from the store and persists it; `onProgress(done, total)` every 1,000 records. */
export async function rebuildSearchIndex(
  source: RecordSource,
  opts: IndexFileOptions & { onProgress?: (done: number, total: number) => void },
): Promise<{ records: number; ms: number }> {
  const started = performance.now();
  const synonyms = loadSynonymFile(opts.synonymsPath);
  checkReplaceable(opts.indexPath);
  cleanStaleTemps(opts.indexPath);
  const total = source.liveCount();
  const loaded = build(source, synonyms, (done) => opts.onProgress?.(done, total));
  catchUp(source, loaded);
  await vacuumIfDirty(loaded.engine);
  writeIndexFile(opts.indexPath, loaded.engine, stampOf(loaded));
  const ms = Math.round(performance.now() - started);
  opts.logger?.info({ records: loaded.engine.documentCount, ms }, 'search index rebuilt');
  return { records: loaded.engine.documentCount, ms };
}
