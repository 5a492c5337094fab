import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, readdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LockedError } from '../../src/errors.js';
import { shipped } from '../../src/paths.js';
import { acquireLock } from '../../src/store/lock.js';
import { openStore } from '../../src/store/open.js';
import { asSeenNow, finishRun, lastRuns, lastSuccessfulRun, markAbandonedRuns, startRun } from '../../src/store/runs.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'kratomlit-store-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  dirs.length = 0;
});

describe('migrations', () => {
  it('applies every numbered file once and is a no-op on the next open', () => {
    const path = join(tmp(), 'sub', 'lib.sqlite');
    openStore(path).close();
    const db = openStore(path);
    const names = (db.prepare('SELECT name FROM schema_migrations ORDER BY name').all() as Array<{ name: string }>).map((r) => r.name);
    expect(names).toEqual(readdirSync(shipped('db', 'migrations')).filter((f) => f.endsWith('.sql')).sort());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });

  it('refuses a database migrated by a newer version instead of misreading it', () => {
    const path = join(tmp(), 'lib.sqlite');
    const db = openStore(path);
    db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run('999_future.sql', 'x');
    db.close();
    expect(() => openStore(path)).toThrow(/999_future\.sql/);
  });

  it('applies a new migration file added after the first open', () => {
    const dir = tmp();
    const migrations = join(dir, 'migrations');
    mkdirSync(migrations);
    for (const f of readdirSync(shipped('db', 'migrations'))) copyFileSync(join(shipped('db', 'migrations'), f), join(migrations, f));
    const path = join(dir, 'lib.sqlite');
    openStore(path, { migrationsDir: migrations }).close();
    writeFileSync(join(migrations, '900_extra.sql'), 'CREATE TABLE extra (x INTEGER);');
    const db = openStore(path, { migrationsDir: migrations });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'extra'").get()).toEqual({ name: 'extra' });
    db.close();
  });
});

describe('writer lock', () => {
  it('lets one process hold the lock and names the holder to the next', async () => {
    const path = join(tmp(), 'lib.sqlite');
    openStore(path).close();
    // A real second process holds the lock (a child that takes it and waits).
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', `
        import Database from 'better-sqlite3';
        const db = new Database(${JSON.stringify(path)});
        db.prepare("INSERT INTO locks (name, pid, proc_start, host, command, acquired_at) VALUES ('writer', ?, NULL, ?, 'ingest', '2026-11-25T00:00:00Z')").run(process.pid, (await import('node:os')).hostname());
        console.log('held');
        setTimeout(() => {}, 60000);
      `],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    const db = openStore(path);
    try {
      expect(() => acquireLock(db, 'import')).toThrow(LockedError);
      expect(() => acquireLock(db, 'import')).toThrow(new RegExp(`pid ${child.pid}.*"ingest"`));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      // The holder is dead: the lock is taken over.
      const lock = acquireLock(db, 'import');
      lock.release();
      expect(db.prepare('SELECT count(*) AS n FROM locks').get()).toEqual({ n: 0 });
    } finally {
      child.kill('SIGKILL');
      db.close();
    }
  });
});

describe('run ledger', () => {
  it('records runs, finds the last successful one and marks abandoned runs interrupted', () => {
    const db = openStore(':memory:');
    const a = startRun(db, 'ingest', new Date('2026-11-20T03:00:00Z'));
    finishRun(db, a, { status: 'ok', now: new Date('2026-11-20T03:05:00Z'), details: { new: 3 } });
    const b = startRun(db, 'ingest', new Date('2026-11-21T03:00:00Z'));
    db.prepare('UPDATE runs SET pid = 999999999 WHERE id = ?').run(b);
    expect(markAbandonedRuns(db, new Date('2026-11-21T04:00:00Z'), () => false)).toBe(1);
    expect(lastRuns(db, { kind: 'ingest' }).map((r) => r.status)).toEqual(['interrupted', 'ok']);
    expect(lastSuccessfulRun(db, 'ingest')?.details).toEqual({ new: 3 });
    db.close();
  });

  it('shows a run whose process is gone as interrupted to a reader, before any writer records it, and writes nothing', () => {
    const db = openStore(join(tmp(), 'lib.sqlite'));
    const dead = startRun(db, 'ingest', new Date('2026-11-21T03:00:00Z'));
    db.prepare('UPDATE runs SET pid = 999999999 WHERE id = ?').run(dead);
    const alive = startRun(db, 'import', new Date('2026-11-21T03:01:00Z'));
    db.prepare('UPDATE runs SET pid = 12345 WHERE id = ?').run(alive);
    const seen = lastRuns(db).map((r) => asSeenNow(r, (pid) => pid === 12345));
    expect(seen.map((r) => [r.kind, r.status, r.error])).toEqual([
      ['import', 'running', null],
      ['ingest', 'interrupted', 'process ended before the run finished (the next writer run records it)'],
    ]);
    expect(lastRuns(db).map((r) => r.status)).toEqual(['running', 'running']);
    // This process's own run is running, whatever the probe says.
    const own = startRun(db, 'digest', new Date('2026-11-21T03:02:00Z'));
    expect(asSeenNow(lastRuns(db)[0] as never, () => false).status).toBe('running');
    expect(lastRuns(db)[0]?.id).toBe(own);
    db.close();
  });
});
