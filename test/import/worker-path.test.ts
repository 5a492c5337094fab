import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import type { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// The built module: from dist, `import-parse-worker.js` exists, so this runs the real worker thread (the
// TypeScript source falls back to parsing in-thread). `npm test` builds dist first.
import { createParser } from '../../dist/src/import-parse-worker.js';
import { importFiles as importWithWorker } from '../../dist/src/library/import-files.js';
import { importFiles } from '../../src/library/import-files.js';
import { parseItems } from '../../src/pubmed/normalize.js';
import { readPubmedFile } from '../../src/pubmed/read-file.js';
import { getArticle } from '../../src/store/articles.js';
import { applyDeletions, upsertParsed } from '../../src/store/upsert.js';
import { makeArticleSet } from '../support/make-record.js';
import { generated, mixedRecords, store, tempDir, writeSet } from './fixtures.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const opts = { now: () => NOW, batchSize: 7, topics: ['kratom'] };

/** Every table of the store (but the migration log, which holds its own clock) as sorted JSON rows. */
function dump(db: Database.Database): Record<string, string[]> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name").pluck().all() as string[];
  return Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT * FROM "${t}"`).all() as unknown[]).map((r) => JSON.stringify(r)).sort()]));
}

/** The pre-worker import, step by step: split, parse, let upsert compute JSON/hash/deflate itself. */
async function importLikeBefore(db: Database.Database, file: string): Promise<void> {
  for await (const items of readPubmedFile(file, { batchSize: opts.batchSize })) {
    const parsed = parseItems(items);
    upsertParsed(db, parsed.articles, { source: 'import', now: NOW, topics: opts.topics });
    applyDeletions(db, parsed.deletions, { source: 'import', now: NOW });
  }
}

/** Runs `fn`, counting the worker threads it starts and the exit codes of those that ended. */
async function withWorkers<T>(fn: () => Promise<T>): Promise<{ value: T; started: number; exits: number[] }> {
  let started = 0;
  const exits: number[] = [];
  const onWorker = (w: Worker) => {
    started += 1;
    w.once('exit', (code) => exits.push(code));
  };
  process.on('worker', onWorker);
  try {
    return { value: await fn(), started, exits };
  } finally {
    process.off('worker', onWorker);
  }
}

/** Writes the first 90% of a 60-record file: the reader fails with XML_TRUNCATED near the end. */
function truncatedFile(dir: string): string {
  const path = writeSet(dir, 'cut.xml', mixedRecords(60));
  const text = readFileSync(path, 'utf8');
  writeFileSync(path, text.slice(0, Math.floor(text.length * 0.9)));
  return path;
}

describe('import through the parse worker', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores exactly what the in-thread path and the pre-worker import store, in a real worker thread', async () => {
    const first = writeSet(dir, 'a.xml', mixedRecords(40));
    const second = writeSet(dir, 'b.xml', mixedRecords(12).slice(0, 8));
    const [viaWorker, inThread, before] = [store(dir, 'w.sqlite'), store(dir, 't.sqlite'), store(dir, 'b.sqlite')];
    const { value: w, started } = await withWorkers(() => importWithWorker(viaWorker, [first, second], opts));
    const t = await importFiles(inThread, [first, second], { ...opts, parseInWorker: false });
    await importLikeBefore(before, first);
    await importLikeBefore(before, second);

    expect(started).toBe(1);
    expect(w.summary).toEqual(t.summary);
    expect(w.summary).toMatchObject({ files: 2, filesFailed: 0, new: 43, deleted: 1, rejected: 1 });
    expect(w.problems).toEqual(t.problems);
    expect(w.problems[0]).toMatchObject({ pmid: '40000777', file: first });
    expect(w.changedPmids).toEqual(t.changedPmids);
    expect(JSON.stringify(getArticle(viaWorker, '40000011'))).toBe(JSON.stringify(getArticle(before, '40000011')));
    expect(dump(viaWorker)).toEqual(dump(before));
    expect(dump(inThread)).toEqual(dump(before));
    // The kept list forms too: the worker packs them, the writer binds them (one per stored record).
    expect(dump(viaWorker)['article_listed']).toHaveLength(viaWorker.prepare('SELECT count(*) FROM articles').pluck().get() as number);
    for (const db of [viaWorker, inThread, before]) db.close();
  });

  it('keeps the raw XML of each record as the file holds it, and as the text path stores it where the bytes are not UTF-8', async () => {
    // Record 40000001's title holds bytes that are not UTF-8 (decoding makes them U+FFFD); the others are
    // non-ASCII but valid, so their stored raw XML is the file's own bytes.
    const records = generated(3);
    const [head, tail] = (records[1] as string).split('study 1');
    const path = join(dir, 'bytes.xml');
    const set = makeArticleSet([records[0] as string, `${head}@@${tail}`, records[2] as string]);
    writeFileSync(path, Buffer.concat(set.split('@@').flatMap((part, i) => (i === 0 ? [Buffer.from(part)] : [Buffer.from([0xc3, 0xff, 0xe2]), Buffer.from(part)]))));
    const [viaWorker, before] = [store(dir, 'w.sqlite'), store(dir, 'b.sqlite')];
    await importWithWorker(viaWorker, [path], opts);
    await importLikeBefore(before, path);

    expect(dump(viaWorker)).toEqual(dump(before));
    const raw = (pmid: string) => inflateRawSync(viaWorker.prepare('SELECT raw_xml FROM articles WHERE pmid = ?').pluck().get(pmid) as Buffer);
    const bytes = readFileSync(path);
    const first = raw('40000000');
    expect(bytes.includes(first)).toBe(true);
    expect(first.toString('utf8')).toContain('— “receptor”');
    expect(raw('40000001').toString('utf8')).toContain('\ufffd');
    expect(bytes.includes(raw('40000001'))).toBe(false);
    for (const db of [viaWorker, before]) db.close();
  });

  it('leaves every foreign key satisfied and enforcement back on after importing, re-importing and revising', async () => {
    const file = writeSet(dir, 'a.xml', mixedRecords(30));
    const revised = writeSet(dir, 'r.xml', generated(12).map((r) => r.replace('<DateRevised><Year>2026', '<DateRevised><Year>2027').replace('study', 'revised study')));
    const db = store(dir);
    for (const f of [file, file, revised]) await importWithWorker(db, [f], opts);
    expect(db.prepare('SELECT count(*) FROM revisions').pluck().get()).toBeGreaterThan(0);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('reports a truncated file with the reader code and message and stores none of its parsed batches', async () => {
    const good = writeSet(dir, 'good.xml', mixedRecords(5));
    const whole = truncatedFile(dir);
    const db = store(dir);
    await importWithWorker(db, [good], opts);
    const before = dump(db);
    const other = store(dir, 'other.sqlite');
    const expected = await importFiles(other, [whole], { ...opts, parseInWorker: false });
    other.close();

    const r = await importWithWorker(db, [whole, good], opts);
    expect(r.fileErrors).toEqual(expected.fileErrors);
    expect(r.fileErrors).toEqual([{ file: whole, code: 'XML_TRUNCATED', message: expect.stringContaining(whole) }]);
    // 8: the file's DeleteCitation of an already deleted record is unchanged too, not a second deletion.
    expect(r.summary).toMatchObject({ files: 2, filesFailed: 1, unchanged: 8, deleted: 0 });
    const after = dump(db);
    expect(after['articles']).toEqual(before['articles']);
    expect(after['meta']).toEqual(before['meta']);
    db.close();
  });

  it('stops between batches when aborted, terminating the worker and keeping whole batches only', async () => {
    const file = writeSet(dir, 'many.xml', mixedRecords(60));
    const db = store(dir);
    const abort = new AbortController();
    const { value: r, started, exits } = await withWorkers(() =>
      importWithWorker(db, [file, file], { ...opts, signal: abort.signal, onProgress: () => abort.abort() }),
    );
    expect(r.summary.records).toBe(opts.batchSize);
    expect(r.summary.files).toBe(1);
    expect(db.prepare('SELECT count(*) FROM articles').pluck().get()).toBe(opts.batchSize);
    // terminate() ends a worker with exit code 1; it was mid-file, two batches ahead.
    expect([started, exits]).toEqual([1, [1]]);
    db.close();
  });

  it('rebuilds an error raised inside the worker with the class, code and message the reader threw', async () => {
    const cut = truncatedFile(dir);
    const fromReader = await (async () => {
      for await (const _ of readPubmedFile(cut, { batchSize: 7 })) void _;
    })().catch((e: unknown) => e as { name: string; code: string; message: string });
    const parser = createParser(true);
    const job = parser.open(cut, 7);
    let batches = 0;
    const fromWorker = await (async () => {
      while ((await job.next()) !== null) batches += 1;
    })().catch((e: unknown) => e as { name: string; code: string; message: string });
    await parser.close();
    expect(fromReader).toMatchObject({ name: 'InputError', code: 'XML_TRUNCATED' });
    expect(fromWorker).toMatchObject({ name: fromReader?.name, code: fromReader?.code, message: fromReader?.message });
    expect(batches).toBeGreaterThan(3);
  });
});
