import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { AppError, errorMessage } from '../errors.js';
import { makeFolders } from '../fs/folders.js';
import { shipped } from '../paths.js';
import { migrate } from './migrate.js';
import { hasTable } from './prepared.js';

/** Options for {@link openStore}. */
export interface OpenStoreOptions {
  /** Open without writing (no migrations, no pragmas that write). Default false. */
  readonly?: boolean;
  /** Milliseconds a statement waits for another connection's lock. Default 10,000. */
  busyTimeoutMs?: number;
  /** Folder of numbered migrations. Default: the package's `db/migrations`. */
  migrationsDir?: string;
  /**
   * Refuse (NO_LIBRARY, exit 1) instead of creating when the file is missing or empty: the mode of every
   * read, so that `status` or `search` on a mistyped path never leaves a new library behind. Default false.
   */
  mustExist?: boolean;
  /**
   * Refuse (NO_LIBRARY, exit 1) a file that holds another program's tables instead of adding kratomlit's to
   * it: the mode of every writer. A file with no tables at all (a library whose first migration never
   * committed) is migrated. Default false.
   */
  refuseForeign?: boolean;
}

/** Thrown by {@link openStore} with `mustExist` when there is no library at the path. */
export function noLibraryError(path: string): AppError {
  if (isFolder(path)) return new AppError('NO_LIBRARY', `${path} is a folder: --db names the library's file (e.g. ${join(path, 'kratomlit.sqlite')})`);
  return new AppError('NO_LIBRARY', `no library at ${path} (run kratomlit ingest or kratomlit import first)`);
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Thrown by {@link openStore} with `mustExist` when the file is some other program's SQLite database. */
export function foreignFileError(path: string): AppError {
  return new AppError('NOT_A_LIBRARY', `${path} is not a kratomlit library (an SQLite file without kratomlit's tables); it was left as it is: choose another --db`);
}

/** True when `path` holds something that could be a library (an existing, non-empty file). */
export function libraryExists(path: string): boolean {
  try {
    const st = statSync(path);
    return st.isFile() && st.size > 0;
  } catch {
    return false;
  }
}

/** Creates the folders above `path` (one level at a time: see src/fs/folders.ts), naming the database on failure. */
export function ensureParentDir(path: string): void {
  try {
    makeFolders(dirname(path));
  } catch (err) {
    throw new AppError('DB_OPEN', `cannot create database ${path}: ${errorMessage(err)}`, { cause: err });
  }
}

/**
 * Opens (creating the file and its folder on first use, unless `mustExist`) the SQLite store and brings its
 * schema up to date.
 * WAL mode so readers never block the nightly writer; `synchronous=FULL` set explicitly because only the
 * connection that switched the file to WAL keeps FULL (docs/pitfalls.md); foreign keys on; a busy timeout so a
 * concurrent reader's checkpoint does not fail a write at once.
 */
export function openStore(path: string, opts: OpenStoreOptions = {}): Database.Database {
  if (path !== ':memory:') {
    if (((opts.mustExist || opts.readonly) && !libraryExists(path)) || isFolder(path)) throw noLibraryError(path);
    if (!opts.readonly && !opts.mustExist) ensureParentDir(path);
  }
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  } catch (err) {
    throw new AppError('DB_OPEN', `cannot open database ${path}: ${errorMessage(err)}`, { cause: err });
  }
  try {
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 10_000}`);
    db.pragma('foreign_keys = ON');
    if ((opts.mustExist || opts.refuseForeign) && !hasSchema(db)) {
      if (hasTables(db)) throw foreignFileError(path);
      if (opts.mustExist) throw noLibraryError(path);
    }
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      migrate(db, opts.migrationsDir ?? shipped('db', 'migrations'));
    }
  } catch (err) {
    db.close();
    if (err instanceof AppError) throw err;
    if (/readonly database/i.test(errorMessage(err))) {
      // SQLite opened the file read-only because this user may not write it (or its folder).
      throw new AppError('DB_OPEN', `database ${path} is not writable by this user: kratomlit opens its library for writing, even for a read (it brings the schema up to date, and SQLite keeps ${path}-wal and -shm beside it); run as the user who owns it, or copy it`, { cause: err });
    }
    throw new AppError('DB_OPEN', `database ${path} is not usable: ${errorMessage(err)}`, { cause: err });
  }
  return db;
}

/** True when the file holds any table (another program's, when {@link hasSchema} is false). */
function hasTables(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1").get() !== undefined;
}

/** A file SQLite opens but that kratomlit never migrated (another tool's database, an empty one) is no library. */
function hasSchema(db: Database.Database): boolean {
  return hasTable(db, 'schema_migrations');
}

/** An open write transaction that its owner fills across `await`s and then ends. */
export interface WriteBatch {
  commit(): void;
  /** Undoes everything since the batch began (nothing if SQLite already rolled back, e.g. disk full). */
  rollback(): void;
}

/**
 * Begins an immediate transaction (like better-sqlite3's `.immediate()`: no SQLITE_BUSY_SNAPSHOT when
 * another connection commits meanwhile) that stays open until `commit` or `rollback`, so a writer can add
 * its parts as they arrive (the import stores each slice the parse worker posts). Nothing else may use
 * the connection meanwhile; transaction functions called inside become savepoints.
 *
 * `foreignKeys: false` turns enforcement off for the batch (restored when it ends; SQLite ignores the
 * pragma inside a transaction, hence here): for a writer whose child rows reference, by construction,
 * the parent row it has just written in the same transaction, each child insert then skips its parent
 * lookup (~6% of the import's store time).
 */
export function beginWriteBatch(db: Database.Database, opts: { foreignKeys?: boolean } = {}): WriteBatch {
  const restoreKeys = opts.foreignKeys === false && db.pragma('foreign_keys', { simple: true }) === 1;
  if (restoreKeys) db.pragma('foreign_keys = OFF');
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (err) {
    if (restoreKeys) db.pragma('foreign_keys = ON');
    throw err;
  }
  const end = (sql: 'COMMIT' | 'ROLLBACK') => {
    try {
      if (sql === 'COMMIT' || db.inTransaction) db.exec(sql);
    } finally {
      if (restoreKeys && !db.inTransaction) db.pragma('foreign_keys = ON');
    }
  };
  return { commit: () => end('COMMIT'), rollback: () => end('ROLLBACK') };
}

/**
 * Closes a store after writing: a TRUNCATE checkpoint first, so the WAL does not keep the size of the
 * biggest run while some other connection (a long reader, `sqlite3` in another terminal) stays open. A busy
 * checkpoint (a reader still inside a transaction) is fine: the next writer's close tries again.
 */
export function closeStore(db: Database.Database): void {
  if (!db.open) return;
  if (!db.readonly && !db.memory) {
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // SQLITE_BUSY / SQLITE_LOCKED: leave the WAL for the next close.
    }
  }
  db.close();
}
