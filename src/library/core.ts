/**
 * What every method of an open library shares: its configuration, logger and clock, the store (opened
 * when it exists, created by the first writer), and the in-memory search index (loaded when the library
 * searches). No module state: one core per `openLibrary` call.
 */
import type Database from 'better-sqlite3';
import type { Config } from '../config.js';
import { AppError, errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import type { PubmedClient } from '../pubmed/client.js';
import { openSearchIndex } from './search-index.js';
import type { SearchIndex } from '../search/types.js';
import { lockHolder } from '../store/lock.js';
import { closeStore, libraryExists, noLibraryError, openStore } from '../store/open.js';
import { refreshIndexFile } from './refresh-index.js';

/** How the faces open a library beyond the public options (the CLI's search and demo tune these). */
export interface CoreSetup {
  logger: Logger;
  clock: () => Date;
  /** Load the search index when the store exists (else on the first write). Default true. */
  loadIndex?: boolean;
  /** False: searches do not catch up with the store themselves (long-running servers call `refresh`). */
  followOnSearch?: boolean;
  /** More pending changes than this at open: answer from the published index (see openSearchIndex). */
  maxCatchUp?: number;
  /** The E-utilities client to use instead of one built from the configuration (the demo's loopback client). */
  client?: PubmedClient;
  /** Environment the password of `delivery.email` is read from. Default `process.env`. */
  env?: Record<string, string | undefined>;
}

/** The shared state of one open library. */
export interface LibraryCore {
  readonly config: Config;
  readonly setup: CoreSetup;
  readonly logger: Logger;
  readonly clock: () => Date;
  /** The store; NO_LIBRARY while none exists at the configured path (a read never creates one). */
  db(): Database.Database;
  /** The store, created with its folder on first use (the writers). */
  writableDb(): Database.Database;
  /** The store for a writer that only changes what is stored (reclassifying): NO_LIBRARY when there is none. */
  existingWritableDb(): Database.Database;
  /** The in-memory search index; throws when the library was opened without it. */
  index(): SearchIndex;
  /** True when the store is open (it existed at open, or a writer created it). */
  hasStore(): boolean;
  /** True once the in-memory index is loaded. */
  hasIndex(): boolean;
  /** Loads (or rebuilds) the in-memory search index now. */
  loadIndex(): Promise<SearchIndex>;
  /** After a write: the index file catches up; a library that searches and had no index (a new library) loads it. */
  afterWrite(): Promise<void>;
  close(): void;
}

/**
 * How a library treats its database at open: `existing` refuses a missing one (NO_LIBRARY), `lazy` leaves
 * it to the first writer to create, `create` creates it now (the scheduler, which reads the ledger at once).
 */
export type OpenMode = 'existing' | 'lazy' | 'create';

/** Creates the core and opens the store as `mode` says. */
export function createCore(config: Config, setup: CoreSetup, mode: OpenMode): LibraryCore {
  let db: Database.Database | null = null;
  let index: SearchIndex | null = null;
  // A file that exists is opened as a library or refused (another program's database is never migrated into
  // one); only a missing file is created, and only by a writer.
  const open = (create: boolean): Database.Database => (db ??= openDatabase(config.db, !create));
  if (mode === 'existing' && !libraryExists(config.db)) throw noLibraryError(config.db);
  if (mode === 'create') open(true);
  else if (libraryExists(config.db)) {
    try {
      open(false);
    } catch (err) {
      // A file without tables (a first migration that never committed): no library yet, which a lazy
      // library's first writer creates; anything else (another program's database) is refused now.
      if (mode !== 'lazy' || (err as { code?: string }).code !== 'NO_LIBRARY') throw err;
    }
  }
  const core: LibraryCore = {
    config,
    setup,
    logger: setup.logger,
    clock: setup.clock,
    db: () => db ?? open(false),
    writableDb: () => open(true),
    existingWritableDb: () => {
      if (!db && !libraryExists(config.db)) throw noLibraryError(config.db);
      return open(false);
    },
    index: () => {
      // No library yet is the better answer than "no index" (a search before the first ingest).
      if (!index && !db && !libraryExists(config.db)) throw noLibraryError(config.db);
      if (!index) throw new AppError('NO_INDEX', `search: the library at ${config.db} was opened without its search index (open it with loadIndex, or await refreshIndex() first)`);
      return index;
    },
    hasStore: () => db !== null,
    hasIndex: () => index !== null,
    loadIndex: async () => {
      if (index) return index;
      // A one-shot search process (the CLI) is told when the index was rebuilt, and answers from the
      // published index only while a writer runs (it publishes the index when done). With none running,
      // the changes are applied here and the index saved, however many: nobody else would publish them
      // (after an upgrade whose migration renumbered records, or a writer that was killed).
      const { maxCatchUp } = setup;
      const writer = maxCatchUp === undefined ? null : lockHolder(core.db());
      index = await openSearchIndex(core.db(), {
        indexPath: config.indexPath,
        logger: setup.logger,
        followOnSearch: setup.followOnSearch ?? true,
        ...(maxCatchUp === undefined ? {} : { onRebuild: (why: string) => setup.logger.info({ why }, 'search index rebuilt') }),
        ...(writer === null ? {} : {
          maxCatchUp,
          onBehind: (n: number) => setup.logger.warn({ pending: n, writer }, `search: the index is ${n} changed records behind the library while "${writer}" writes; answering from the last published index`),
        }),
      });
      return index;
    },
    afterWrite: async () => {
      await refreshIndexFile(core.db(), config.indexPath, setup.logger);
      if (!index && setup.loadIndex !== false) await core.loadIndex();
    },
    close: () => {
      if (db) closeStore(db);
      db = null;
      index = null;
    },
  };
  return core;
}

/** openStore, with file-system failures (folder not creatable, EACCES) reported naming the database path. */
function openDatabase(path: string, mustExist: boolean): Database.Database {
  try {
    return openStore(path, mustExist ? { mustExist } : { refuseForeign: true });
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('DB_OPEN', `cannot create or open database ${path}: ${errorMessage(err)}`, { cause: err });
  }
}
