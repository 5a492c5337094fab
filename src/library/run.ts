/**
 * The one run wrapper every writer goes through (ingest, import, digest, evidence reclassification, index
 * rebuild): take the writer lock, mark runs a dead process left `running` as interrupted, open a ledger
 * row, do the work, close the row with the work's outcome, release the lock, refresh the search index.
 * A thrown error closes the row `failed` and is rethrown; the lock is released whatever happens.
 */
import type Database from 'better-sqlite3';
import { errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import { fillListed } from '../store/listed-rows.js';
import { acquireLock, isProcessAlive } from '../store/lock.js';
import { finishRun, markAbandonedRuns, startRun, updateRunDetails } from '../store/runs.js';
import type { RunKind, RunStatus } from '../types.js';

/** The ledger row of a running writer; `id` is null for a writer that keeps none. */
export interface RunLedger {
  id: number | null;
  /** Saves the figures so far (a crash still leaves them in the ledger). */
  update(details: Record<string, unknown>): void;
}

/** How a finished run is recorded. */
export interface RunEnd {
  status: Exclude<RunStatus, 'running'>;
  details: Record<string, unknown>;
  error?: string | null;
}

/** One writer's steps, given to {@link withRun}. */
export interface RunSpec<T> {
  /** Shown to a second writer the lock turns away ("import 2 file(s)"); null: no lock (the digest reads the records and writes only its ledger row). */
  lock: string | null;
  /** The ledger row's kind; null: no row. */
  kind: RunKind | null;
  /** The row's start time. Default: `clock()` (a run planned for a given instant passes it). */
  at?: Date;
  /** Figures of the row as it opens, computed under the lock (the ingest plan reads the store). */
  begin?: () => Record<string, unknown>;
  work: (ledger: RunLedger) => Promise<T>;
  /** The row's final status and figures from the work's result. */
  end?: (result: T) => RunEnd;
  /** Brings the search index up to date after the row is closed; never fails the run (see refresh-index.ts). */
  refresh?: (result: T) => Promise<void> | void;
  /** Told of the one-time upkeep a writer does under the lock before the work (list forms after an upgrade). */
  logger?: Logger;
  /**
   * True when the work itself writes every record's list form (`check --repair`): the one-time fill before
   * it would write them all a first time for nothing. Default false.
   */
  writesAllLists?: boolean;
}

/** Runs `spec` against `db` with `clock` dating the ledger; see the module comment. */
export async function withRun<T>(db: Database.Database, clock: () => Date, spec: RunSpec<T>): Promise<T> {
  const result = await underLock(db, clock, spec);
  // After the lock is released: the refresh only reads the store, and a process killed while it writes the
  // index file must not leave the writer lock behind.
  await spec.refresh?.(result);
  return result;
}

/** The lock, the sweep and the ledger row around the work. */
async function underLock<T>(db: Database.Database, clock: () => Date, spec: RunSpec<T>): Promise<T> {
  const lock = spec.lock === null ? null : acquireLock(db, spec.lock);
  try {
    // Kept list forms for records a store written before them (or by a build packing them otherwise) lacks.
    if (lock && !db.readonly && spec.writesAllLists !== true) {
      fillListed(db, {
        onStart: (n) => spec.logger?.info({ records: n }, `store: writing the list form of ${n} record(s) stored before this version, once (about ${Math.max(1, Math.round(n / 5000))} s)`),
      });
    }
    // A read-only connection (a digest from a read-only copy) writes no ledger.
    const ledgered = spec.kind !== null && !db.readonly;
    if (ledgered || lock) markAbandonedRuns(db, clock(), isProcessAlive);
    const details = spec.begin?.() ?? {};
    const id = ledgered && spec.kind ? startRun(db, spec.kind, spec.at ?? clock(), details) : null;
    const ledger: RunLedger = { id, update: (d) => id !== null && updateRunDetails(db, id, d) };
    let result: T;
    try {
      result = await spec.work(ledger);
    } catch (err) {
      if (id !== null) finishRun(db, id, { status: 'failed', now: clock(), details, error: errorMessage(err) });
      throw err;
    }
    if (id !== null && spec.end) finishRun(db, id, { ...spec.end(result), now: clock() });
    return result;
  } finally {
    lock?.release();
  }
}
