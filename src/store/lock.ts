import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type Database from 'better-sqlite3';
import { LockedError } from '../errors.js';
import { isProcessAlive } from '../fs/pid.js';

// Callers of the lock (ledger sweeps, delivery claims) import the PID probe from here.
export { isProcessAlive } from '../fs/pid.js';

/** A held writer lock; `release()` is idempotent. */
export interface HeldLock {
  release(): void;
}

interface LockRow {
  pid: number;
  proc_start: string | null;
  host: string;
  command: string;
  acquired_at: string;
}

/**
 * Takes the store's writer lock `name` (default `writer`) for this process, or throws {@link LockedError}
 * saying who holds it. The lock lives in the database itself and is taken in an immediate transaction, so
 * two processes racing for it cannot both win. A lock whose process is gone (kill -9, crash, reboot) or
 * whose PID was reused by another program (start time differs) is taken over.
 */
export function acquireLock(db: Database.Database, command: string, opts: { name?: string; now?: Date } = {}): HeldLock {
  const name = opts.name ?? 'writer';
  const me = { pid: process.pid, procStart: processStart(process.pid), host: hostname() };
  db.transaction(() => {
    const row = db.prepare('SELECT * FROM locks WHERE name = ?').get(name) as LockRow | undefined;
    if (row && row.pid !== me.pid && holderAlive(row, me.host)) {
      throw new LockedError(
        `store: another kratomlit process holds the ${name} lock: pid ${row.pid} on ${row.host} running "${row.command}" since ${row.acquired_at}`,
      );
    }
    db.prepare('INSERT OR REPLACE INTO locks (name, pid, proc_start, host, command, acquired_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      name,
      me.pid,
      me.procStart,
      me.host,
      command,
      (opts.now ?? new Date()).toISOString(),
    );
  }).immediate();
  let held = true;
  return {
    release() {
      if (!held || !db.open) return;
      held = false;
      db.prepare('DELETE FROM locks WHERE name = ? AND pid = ?').run(name, me.pid);
    },
  };
}

function holderAlive(row: LockRow, host: string): boolean {
  // A lock from another host cannot be checked: trust it (a shared network database is not supported anyway).
  if (row.host !== host) return true;
  if (!isProcessAlive(row.pid)) return false;
  const start = processStart(row.pid);
  return row.proc_start === null || start === null || start === row.proc_start;
}

/** Linux process start time (field 22 of /proc/PID/stat), to tell a reused PID from the lock holder. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const afterComm = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return afterComm[19] ?? null;
  } catch {
    return null;
  }
}

/** Who holds a lock: the process, its host, what it runs and since when (ISO instant). */
export interface LockInfo {
  pid: number;
  host: string;
  command: string;
  since: string;
}

/**
 * The live holder of lock `name` (this process included), or null when nobody holds it or its holder is
 * gone (a dead or reused PID on this host: a stale row, which the next writer takes over). A read, so a
 * read-only connection may ask.
 */
export function liveLockHolder(db: Database.Database, name: string): LockInfo | null {
  const row = db.prepare('SELECT * FROM locks WHERE name = ?').get(name) as LockRow | undefined;
  if (!row || (row.pid !== process.pid && !holderAlive(row, hostname()))) return null;
  return { pid: row.pid, host: row.host, command: row.command, since: row.acquired_at };
}

/**
 * The command of the live process (another than this one) holding the writer lock `name`, or null when
 * none does: a read, so a read-only connection may ask.
 */
export function lockHolder(db: Database.Database, name = 'writer'): string | null {
  const holder = liveLockHolder(db, name);
  return holder === null || holder.pid === process.pid ? null : holder.command;
}
