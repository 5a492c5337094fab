import type Database from 'better-sqlite3';
import { type Config, loadConfig } from '../config.js';
import { AppError, errorMessage } from '../errors.js';
import { type Logger, createLogger } from '../log.js';
import { type HeldLock, acquireLock, isProcessAlive } from '../store/lock.js';
import { markAbandonedRuns } from '../store/runs.js';
import { openStore } from '../store/open.js';

/** Global options every command accepts. */
export interface GlobalOptions {
  db?: string;
  config?: string;
  quiet?: boolean;
  verbose?: boolean;
}

/** What a command needs from the outside world; built once per process by {@link createContext}. */
export interface CommandContext {
  config: Config;
  logger: Logger;
  /** stdout is for data only (`--json`, `show`, search hits, exports); a newline is added when missing. */
  out: (text: string) => void;
  /** A human-readable line for the user on stderr (summaries, "no hits"); silent under `--quiet`. */
  say: (text: string) => void;
  /** True when progress bars may be drawn: stderr is a terminal and `--quiet` is off. */
  isTty: boolean;
  now: () => Date;
  /**
   * Opens an existing library (migrated) for a command that reads: a missing or empty file is refused with
   * `no library at PATH`, exit 1, and nothing is created.
   */
  openDb: () => Database.Database;
  /** Opens the store, creating it and its folder on first use (import, ingest); a path that cannot be created fails naming it. */
  openOrCreateDb: () => Database.Database;
  /** Opens the store and takes the writer lock; throws LockedError naming the holder. */
  openDbForWriting: (command: string) => { db: Database.Database; lock: HeldLock };
}

/**
 * Builds the context from the global options: configuration (validated now, so a bad key fails before any
 * work), logger on stderr (`--quiet` = warn, `--verbose` = debug, default info).
 */
export function createContext(g: GlobalOptions): CommandContext {
  const config = loadConfig({ path: g.config ?? null, db: g.db ?? null });
  const level = g.quiet ? 'warn' : g.verbose ? 'debug' : 'info';
  const logger = createLogger({ level });
  const openOrCreateDb = () => openDatabase(config.db, false);
  return {
    config,
    logger,
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    say: (text) => {
      if (!g.quiet) process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    isTty: process.stderr.isTTY === true && !g.quiet,
    now: () => new Date(),
    openDb: () => openDatabase(config.db, true),
    openOrCreateDb,
    openDbForWriting: (command) => {
      const db = openOrCreateDb();
      try {
        const lock = acquireLock(db, command);
        markAbandonedRuns(db, new Date(), isProcessAlive);
        return { db, lock };
      } catch (err) {
        db.close();
        throw err;
      }
    },
  };
}

/** openStore, with file-system failures (folder not creatable, EACCES) reported naming the database path. */
function openDatabase(path: string, mustExist: boolean): Database.Database {
  try {
    return openStore(path, { mustExist });
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('DB_OPEN', `cannot create or open database ${path}: ${errorMessage(err)}`, { cause: err });
  }
}
