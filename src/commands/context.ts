import type Database from 'better-sqlite3';
import { type Config, loadConfig } from '../config.js';
import { type Logger, createLogger } from '../log.js';
import { type HeldLock, acquireLock } from '../store/lock.js';
import { markAbandonedRuns } from '../store/runs.js';
import { isProcessAlive } from '../store/lock.js';
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
  /** stdout is for data only (`--json`, exports); messages go to the logger on stderr. */
  out: (text: string) => void;
  isTty: boolean;
  now: () => Date;
  /** Opens the store (read-write, migrated). */
  openDb: () => Database.Database;
  /** Opens the store and takes the writer lock; throws LockedError naming the holder. */
  openDbForWriting: (command: string) => { db: Database.Database; lock: HeldLock };
}

export function createContext(g: GlobalOptions): CommandContext {
  const config = loadConfig({ path: g.config ?? null, db: g.db ?? null });
  const level = g.quiet ? 'warn' : g.verbose ? 'debug' : 'info';
  const logger = createLogger({ level });
  const openDb = () => openStore(config.db);
  return {
    config,
    logger,
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    isTty: process.stderr.isTTY === true && !g.quiet,
    now: () => new Date(),
    openDb,
    openDbForWriting: (command) => {
      const db = openDb();
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
