import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLibrary } from '../../src/index.js';
import { withRun } from '../../src/library/run.js';
import { acquireLock } from '../../src/store/lock.js';
import { closeStore, openStore } from '../../src/store/open.js';
import { lastRuns, startRun } from '../../src/store/runs.js';

const AT = new Date('2026-12-01T03:00:00Z');
const clock = () => AT;

describe('the run wrapper', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = openStore(':memory:');
  });
  afterEach(() => closeStore(db));

  it('records the run ok with its figures, and refreshes after closing the row and releasing the lock', async () => {
    const seen: string[] = [];
    const r = await withRun(db, clock, {
      lock: 'test', kind: 'import', begin: () => ({ files: ['a.xml'] }),
      work: async (ledger) => {
        expect(db.prepare("SELECT command FROM locks WHERE name = 'writer'").get()).toEqual({ command: 'test' });
        ledger.update({ files: ['a.xml'], done: 1 });
        expect(lastRuns(db)[0]).toMatchObject({ status: 'running', details: { done: 1 } });
        return 7;
      },
      end: (n) => ({ status: 'ok', details: { n } }),
      refresh: () => {
        const locks = db.prepare('SELECT count(*) AS n FROM locks').get() as { n: number };
        seen.push(`${lastRuns(db)[0]?.status ?? 'none'}, ${locks.n} locks`);
      },
    });
    expect(r).toBe(7);
    expect(seen).toEqual(['ok, 0 locks']);
    expect(lastRuns(db)[0]).toMatchObject({ kind: 'import', status: 'ok', details: { n: 7 }, startedAt: AT.toISOString() });
    expect(db.prepare('SELECT count(*) AS n FROM locks').get()).toEqual({ n: 0 });
  });

  it('closes the row failed with the error, rethrows it, does not refresh, and releases the lock', async () => {
    let refreshed = false;
    const run = withRun(db, clock, {
      lock: 'test', kind: 'digest', begin: () => ({ week: '2026-W48' }),
      work: async () => {
        throw new Error('disk on fire');
      },
      refresh: () => {
        refreshed = true;
      },
    });
    await expect(run).rejects.toThrow('disk on fire');
    expect(refreshed).toBe(false);
    expect(lastRuns(db)[0]).toMatchObject({ kind: 'digest', status: 'failed', error: 'disk on fire', details: { week: '2026-W48' } });
    expect(db.prepare('SELECT count(*) AS n FROM locks').get()).toEqual({ n: 0 });
  });

  it('marks a run a dead process left running as interrupted before opening its own', async () => {
    const dead = startRun(db, 'ingest', AT);
    db.prepare('UPDATE runs SET pid = ? WHERE id = ?').run(2 ** 22 + 12345, dead);
    await withRun(db, clock, { lock: null, kind: 'digest', work: async () => 0, end: () => ({ status: 'ok', details: {} }) });
    expect(lastRuns(db).map((r) => [r.kind, r.status])).toEqual([['digest', 'ok'], ['ingest', 'interrupted']]);
  });
});

describe('openLibrary on a path without a library', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kratomlit-open-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates nothing: reads throw NO_LIBRARY, and mustExist refuses at open', async () => {
    const db = join(dir, 'sub', 'lib.sqlite');
    const lib = await openLibrary({ db, config: false });
    expect(() => lib.get('1')).toThrow(expect.objectContaining({ code: 'NO_LIBRARY' }));
    expect(() => lib.search('kratom')).toThrow(expect.objectContaining({ code: 'NO_LIBRARY' }));
    lib.close();
    await expect(openLibrary({ db, config: false, mustExist: true })).rejects.toMatchObject({ code: 'NO_LIBRARY' });
    expect(existsSync(join(dir, 'sub'))).toBe(false);
  });

  it('lets the first import create it, then searches what was imported', async () => {
    const db = join(dir, 'lib.sqlite');
    const lib = await openLibrary({ db, config: false });
    try {
      const r = await lib.import(['data/sample/pubmed-sample.xml']);
      expect(r).toMatchObject({ status: 'ok', files: 1, new: 60, rejected: 0 });
      const hits = lib.search('ketum', { limit: 3 });
      expect(hits.length).toBeGreaterThan(0);
      for (const h of hits) expect(lib.get(h.pmid)?.pmid).toBe(h.pmid);
      expect(lib.lastSuccessfulRun('import')).toMatchObject({ status: 'ok' });
    } finally {
      lib.close();
    }
  });

  it('an import that reads no file does not create it: a failed report naming each file, and no file or folder', async () => {
    const db = join(dir, 'sub', 'lib.sqlite');
    writeFileSync(join(dir, 'notes.txt'), 'reading list\n');
    const lib = await openLibrary({ db, config: false });
    try {
      const r = await lib.import([join(dir, 'nope.xml'), join(dir, 'notes.txt')]);
      expect(r).toMatchObject({ status: 'failed', files: 2, filesFailed: 2, new: 0 });
      expect(r.fileErrors.map((e) => [e.file, e.code])).toEqual([[join(dir, 'nope.xml'), 'FILE_NOT_FOUND'], [join(dir, 'notes.txt'), 'NOT_PUBMED']]);
      expect(() => lib.get('1')).toThrow(expect.objectContaining({ code: 'NO_LIBRARY' }));
    } finally {
      lib.close();
    }
    expect(existsSync(join(dir, 'sub'))).toBe(false);
  });

  it('refuses a second writer while the first holds the lock, naming it', async () => {
    const db = join(dir, 'lib.sqlite');
    const other = openStore(db);
    const held = acquireLock(other, 'ingest (another process)');
    // The same process may retake its own lock: pretend the holder is another live process.
    other.prepare("UPDATE locks SET pid = ?, proc_start = NULL WHERE name = 'writer'").run(process.ppid);
    const lib = await openLibrary({ db, config: false, loadIndex: false });
    try {
      await expect(lib.import(['data/sample/pubmed-sample.xml'])).rejects.toMatchObject({ name: 'LockedError', message: expect.stringContaining('ingest (another process)') });
      expect(lastRuns(other)).toEqual([]);
    } finally {
      lib.close();
      held.release();
      closeStore(other);
    }
  });
});
