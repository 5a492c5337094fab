import type Database from 'better-sqlite3';
import { isProcessAlive } from '../fs/pid.js';

// The run types live with the other domain types, so the public API's types need no better-sqlite3.
export type { RunKind, RunRow, RunStatus } from '../types.js';
import type { RunKind, RunRow, RunStatus } from '../types.js';

interface RunDbRow {
  id: number;
  kind: RunKind;
  started_at: string;
  ended_at: string | null;
  status: RunStatus;
  pid: number | null;
  details_json: string;
  error: string | null;
}

function toRun(r: RunDbRow): RunRow {
  return {
    id: r.id,
    kind: r.kind,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    status: r.status,
    pid: r.pid,
    details: JSON.parse(r.details_json) as Record<string, unknown>,
    error: r.error,
  };
}

/** Opens a run in the ledger with status `running`; returns its id. */
export function startRun(db: Database.Database, kind: RunKind, now: Date, details: Record<string, unknown> = {}): number {
  const info = db
    .prepare('INSERT INTO runs (kind, started_at, status, pid, details_json) VALUES (?, ?, ?, ?, ?)')
    .run(kind, now.toISOString(), 'running', process.pid, JSON.stringify(details));
  return Number(info.lastInsertRowid);
}

/** Saves a running run's figures so far (a crash still leaves them). */
export function updateRunDetails(db: Database.Database, id: number, details: Record<string, unknown>): void {
  db.prepare('UPDATE runs SET details_json = ? WHERE id = ?').run(JSON.stringify(details), id);
}

/** Closes a run with its final status, figures and error message (never containing secrets). */
export function finishRun(
  db: Database.Database,
  id: number,
  end: { status: Exclude<RunStatus, 'running'>; now: Date; details: Record<string, unknown>; error?: string | null },
): void {
  db.prepare('UPDATE runs SET status = ?, ended_at = ?, details_json = ?, error = ? WHERE id = ?').run(
    end.status,
    end.now.toISOString(),
    JSON.stringify(end.details),
    end.error ?? null,
    id,
  );
}

/** Whether a `running` run's process is gone: no PID recorded, or another process's that is not alive. */
function abandoned(pid: number | null, isAlive: (pid: number) => boolean): boolean {
  return pid === null || (pid !== process.pid && !isAlive(pid));
}

/**
 * Runs still marked `running` whose process is gone (killed, crashed) become `interrupted`, so the ledger
 * never claims a dead run is in progress. Called by the process that holds the lock.
 */
export function markAbandonedRuns(db: Database.Database, now: Date, isAlive: (pid: number) => boolean): number {
  const rows = db.prepare("SELECT id, pid FROM runs WHERE status = 'running'").all() as Array<{ id: number; pid: number | null }>;
  const dead = rows.filter((r) => abandoned(r.pid, isAlive));
  const stmt = db.prepare("UPDATE runs SET status = 'interrupted', ended_at = ?, error = COALESCE(error, ?) WHERE id = ?");
  for (const r of dead) stmt.run(now.toISOString(), 'process ended before the run finished', r.id);
  return dead.length;
}

/** The latest runs, newest first. */
export function lastRuns(db: Database.Database, opts: { kind?: RunKind; limit?: number } = {}): RunRow[] {
  const limit = opts.limit ?? 10;
  const rows = opts.kind
    ? db.prepare('SELECT * FROM runs WHERE kind = ? ORDER BY id DESC LIMIT ?').all(opts.kind, limit)
    : db.prepare('SELECT * FROM runs ORDER BY id DESC LIMIT ?').all(limit);
  return (rows as RunDbRow[]).map(toRun);
}

/** The latest run of `kind` that ended `ok` (or `partial`, which still completed its window), or null. */
export function lastSuccessfulRun(db: Database.Database, kind: RunKind): RunRow | null {
  const row = db
    .prepare("SELECT * FROM runs WHERE kind = ? AND status IN ('ok', 'partial') ORDER BY id DESC LIMIT 1")
    .get(kind) as RunDbRow | undefined;
  return row ? toRun(row) : null;
}

/**
 * The end of the latest ingest or import run that has ended (whatever its outcome: a failed run may have
 * stored batches), or null when none has: the last moment the library's records could have changed.
 * Abandoned runs count once a writer has marked them `interrupted` (a read writes nothing).
 */
export function lastStoringRunEnd(db: Database.Database): string | null {
  const row = db.prepare("SELECT max(ended_at) AS at FROM runs WHERE kind IN ('ingest', 'import') AND ended_at IS NOT NULL").get() as { at: string | null };
  return row.at;
}

/**
 * When each week's digest was last written: week (`2026-W47`) -> the start of its latest digest run that
 * ended `ok`. A record first stored after that instant, with an entry date in that week, is in no version
 * of that week's digest (it had not arrived): it is a late arrival of the week it was stored in.
 */
export function digestsLastWritten(db: Database.Database): Map<string, string> {
  const rows = db.prepare(
    "SELECT json_extract(details_json, '$.week') AS week, max(started_at) AS at FROM runs WHERE kind = 'digest' AND status = 'ok' GROUP BY 1",
  ).all() as Array<{ week: string | null; at: string }>;
  return new Map(rows.filter((r) => r.week !== null).map((r) => [r.week as string, r.at]));
}

/**
 * A run as a reader should see it now: a run still marked `running` whose process is gone (killed, crashed)
 * is shown `interrupted`, as the next writer run will record it (a read writes nothing). Others unchanged.
 */
export function asSeenNow(r: RunRow, isAlive: (pid: number) => boolean = isProcessAlive): RunRow {
  if (r.status !== 'running' || !abandoned(r.pid, isAlive)) return r;
  return { ...r, status: 'interrupted', error: r.error ?? 'process ended before the run finished (the next writer run records it)' };
}
