import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../src/library/open.js';
import { openSearchIndex } from '../../src/library/search-index.js';
import { formatCheck } from '../../src/cli/check.js';
import { parsePubmedXml } from '../../src/pubmed/normalize.js';
import { applyDeletions, getArticle, upsertParsed } from '../../src/store/articles.js';
import { attachTopic } from '../../src/store/completeness.js';
import { listedOf, LISTED_FORMAT, packListed, unpackListed } from '../../src/store/listed-form.js';
import type { Article } from '../../src/types.js';
import { fillListed, getListedRecords } from '../../src/store/listed-rows.js';
import { migrate } from '../../src/store/migrate.js';
import { openStore } from '../../src/store/open.js';
import { reclassifyAll } from '../../src/store/reclassify.js';
import { article, parsed } from './helpers.js';

const MIGRATIONS = fileURLToPath(new URL('../../db/migrations/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kratomlit-listed-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const now = new Date('2026-11-20T10:00:00Z');
const later = new Date('2026-11-27T10:00:00Z');
let n = 0;
const fresh = () => join(dir, `lib-${(n += 1)}.sqlite`);

/** What a result list gets for `pmid`: the kept form with its store fields, unpacked. */
function listed(db: Database.Database, pmid: string) {
  const [found] = getListedRecords(db, [pmid]);
  // What the reader keeps (packed) reads back as what it hands out.
  if (found) expect(unpackListed(found.packed)).toEqual(found.listed);
  return found?.listed;
}

/** The same record read from its whole JSON, as a result list would take it. */
function fromJson(db: Database.Database, pmid: string) {
  const a = getArticle(db, pmid);
  return a ? listedOf(a) : undefined;
}

const keptRows = (db: Database.Database) => (db.prepare('SELECT pmid FROM article_listed ORDER BY pmid').all() as Array<{ pmid: string }>).map((r) => r.pmid);

describe('the kept list form of each record (migration 008)', () => {
  it('is written with every record and reads back as the record read from its JSON, for every record of the sample file', () => {
    const db = openStore(fresh());
    const sample = parsePubmedXml(readFileSync('data/sample/pubmed-sample.xml', 'utf8')).articles;
    expect(sample.length).toBeGreaterThan(20);
    upsertParsed(db, sample, { source: 'import', now, topics: ['mitragynine'] });
    expect(keptRows(db)).toEqual(sample.map((p) => p.article.pmid).sort());
    for (const p of sample) expect(listed(db, p.article.pmid), p.article.pmid).toEqual(fromJson(db, p.article.pmid));
    // Byte for byte what packing the whole record gives (the same keys in the same order).
    for (const p of sample) expect(getListedRecords(db, [p.article.pmid])[0]?.packed.toString('utf8')).toBe(packListed(getArticle(db, p.article.pmid) as Article).toString('utf8'));
    db.close();
  });

  it('never contradicts its record when a writer that does not know it (an older build still running) changes the record', () => {
    const db = openStore(fresh());
    upsertParsed(db, ['600', '601'].map((p) => parsed(article(p))), { source: 'ingest', now });
    // As the previous build's writer stores a newer copy and a deletion: articles only.
    const json = JSON.parse(db.prepare("SELECT record_json FROM articles WHERE pmid = '600'").pluck().get() as string) as Article;
    db.prepare("UPDATE articles SET record_json = ?, title = ?, updated_at = ? WHERE pmid = '600'").run(JSON.stringify({ ...json, title: 'Revised by the old writer' }), 'Revised by the old writer', later.toISOString());
    db.prepare("UPDATE articles SET deleted = 1, updated_at = ? WHERE pmid = '601'").run(later.toISOString());
    expect(keptRows(db)).toEqual(['601']);
    expect(listed(db, '600')?.title).toBe('Revised by the old writer');
    expect([listed(db, '601')?.deleted, listed(db, '601')?.updatedAt]).toEqual([true, later.toISOString()]);
    for (const pmid of ['600', '601']) expect(listed(db, pmid), pmid).toEqual(fromJson(db, pmid));
    // This build's writer stores the next copy with its row again.
    upsertParsed(db, [parsed(article('600', { title: 'Stored again', dateRevised: '2026-12-01' }))], { source: 'ingest', now: later });
    expect(keptRows(db)).toEqual(['600', '601']);
    expect(listed(db, '600')?.title).toBe('Stored again');
    db.close();
  });

  it('a kept form damaged in the middle is read from the record JSON instead, and check --repair writes it again', async () => {
    const path = fresh();
    const db = openStore(path);
    upsertParsed(db, ['610', '611'].map((p) => parsed(article(p))), { source: 'ingest', now });
    const bytes = db.prepare("SELECT listed FROM article_listed WHERE pmid = '610'").pluck().get() as Buffer;
    db.prepare("UPDATE article_listed SET listed = ? WHERE pmid = '610'").run(Buffer.from(bytes.toString('utf8').replace('"title":"', '"title":')));
    expect(listed(db, '610')).toEqual(fromJson(db, '610'));
    db.close();
    const lib = await openLibrary({ db: path, config: false });
    try {
      expect((await lib.check()).listedStale).toEqual(['610']);
      await lib.repairLists();
      expect((await lib.check()).ok).toBe(true);
    } finally {
      lib.close();
    }
  });

  it('a kept form that reads but is another record\'s is read from the record JSON instead (the record stays findable)', () => {
    const db = openStore(fresh());
    upsertParsed(db, ['620', '621'].map((p) => parsed(article(p))), { source: 'ingest', now });
    const other = db.prepare("SELECT listed FROM article_listed WHERE pmid = '621'").pluck().get() as Buffer;
    db.prepare("UPDATE article_listed SET listed = ? WHERE pmid = '620'").run(other);
    expect(listed(db, '620')?.pmid).toBe('620');
    expect(listed(db, '620')).toEqual(fromJson(db, '620'));
    db.close();
  });

  it('is written for a library stored before it by the first writer run of this build (an import), under its lock', async () => {
    const path = fresh();
    const old = new Database(path);
    migrate(old, migrationsUpTo(7));
    upsertParsed(old, ['620', '621'].map((p) => parsed(article(p))), { source: 'import', now });
    old.close();
    const said: string[] = [];
    const note = (obj: object, msg?: string) => void said.push(msg ?? '');
    const lib = await openLibrary({ db: path, config: false, logger: { info: note, warn: note, error: note, debug: () => {} } });
    const look = openStore(path, { readonly: true });
    try {
      expect(keptRows(look)).toEqual([]);
      const file = join(dir, 'one.xml');
      writeFileSync(file, '<PubmedArticleSet></PubmedArticleSet>');
      await lib.import([file]);
      expect(keptRows(look)).toEqual(['620', '621']);
      // The pause is announced, once: the next run has nothing to write and says nothing.
      const upkeep = () => said.filter((m) => m.startsWith('store:'));
      expect(upkeep()).toEqual(['store: writing the list form of 2 record(s) stored before this version, once (about 1 s)']);
      await lib.import([file]);
      expect(upkeep()).toHaveLength(1);
      expect(look.prepare("SELECT value FROM meta WHERE key = 'listed_format'").pluck().get()).toBe(String(LISTED_FORMAT));
    } finally {
      look.close();
      lib.close();
    }
  });

  it('follows the record: a revision rewrites it, a topic, a deletion and a reclassification show at once', () => {
    const db = openStore(fresh());
    upsertParsed(db, [parsed(article('100')), parsed(article('101'))], { source: 'ingest', now, topics: ['alpha'] });
    upsertParsed(db, [parsed(article('100', { title: 'Mitragynine study, revised', dateRevised: '2026-11-25' }))], { source: 'ingest', now: later });
    attachTopic(db, ['101'], 'beta', later);
    applyDeletions(db, [{ pmid: '101', version: 1 }], { now: later, source: 'ingest' });
    reclassifyAll(db, { now: later, overrides: new Map([['100', { design: 'rct', origin: 'overrides.json' }]]) });
    const revised = listed(db, '100');
    expect(revised?.title).toBe('Mitragynine study, revised');
    expect(revised?.evidence?.design).toBe('rct');
    expect([revised?.firstSeenAt, revised?.updatedAt]).toEqual([now.toISOString(), later.toISOString()]);
    const deleted = listed(db, '101');
    expect([deleted?.deleted, deleted?.topics, deleted?.updatedAt]).toEqual([true, ['alpha', 'beta'], later.toISOString()]);
    for (const pmid of ['100', '101']) expect(listed(db, pmid), pmid).toEqual(fromJson(db, pmid));
    expect(getListedRecords(db, ['999', '100']).map((r) => r.pmid)).toEqual(['100']);
    db.close();
  });

  it('is what a search lists: the kept form, not the record JSON; without one of this format, the JSON', async () => {
    const path = fresh();
    const db = openStore(path);
    upsertParsed(db, ['200', '201'].map((p) => parsed(article(p))), { source: 'ingest', now });
    const titles = async () => (await openSearchIndex(db, { indexPath: `${path}.index` })).search('mitragynine').map((h) => [h.pmid, h.title]);
    expect(await titles()).toEqual([['200', 'Mitragynine study 200'], ['201', 'Mitragynine study 201']]);
    // The kept form changed by hand (only check would notice): the page shows it, so it is what was read.
    const kept = db.prepare("SELECT listed FROM article_listed WHERE pmid = '201'").pluck().get() as Buffer;
    db.prepare("UPDATE article_listed SET listed = ? WHERE pmid = '201'").run(Buffer.from(kept.toString('utf8').replace('Mitragynine study 201', 'Kept form 201')));
    expect(await titles()).toEqual([['200', 'Mitragynine study 200'], ['201', 'Kept form 201']]);
    // Another format (another build wrote it), or no row: the record JSON.
    db.prepare("UPDATE article_listed SET format = ? WHERE pmid = '201'").run(LISTED_FORMAT + 1);
    db.prepare("DELETE FROM article_listed WHERE pmid = '200'").run();
    expect(listed(db, '201')?.title).toBe('Mitragynine study 201');
    expect(listed(db, '200')).toEqual(fromJson(db, '200'));
    db.close();
  });

  it('is written for a library stored before it by the next writer run, once, skipping a record whose JSON cannot be read', () => {
    const path = fresh();
    const old = new Database(path);
    migrate(old, migrationsUpTo(7));
    upsertParsed(old, ['300', '301', '302'].map((p) => parsed(article(p))), { source: 'import', now, topics: ['alpha'] });
    old.prepare("UPDATE articles SET record_json = 'not json' WHERE pmid = '302'").run();
    old.close();
    const reader = openStore(path, { readonly: true }); // no migration: no table yet, every record from its JSON
    expect(listed(reader, '300')).toEqual(fromJson(reader, '300'));
    reader.close();
    const db = openStore(path);
    expect(keptRows(db)).toEqual([]);
    // Told before the pause, with the records it is about to write (not 302, whose JSON does not parse).
    const told: number[] = [];
    expect(fillListed(db, { onStart: (n) => told.push(n) })).toBe(2);
    expect(told).toEqual([2]);
    expect(keptRows(db)).toEqual(['300', '301']);
    for (const pmid of ['300', '301']) expect(listed(db, pmid), pmid).toEqual(fromJson(db, pmid));
    // Done once: the store says so, and the next writer run looks no further.
    expect(db.prepare("SELECT value FROM meta WHERE key = 'listed_format'").get()).toEqual({ value: String(LISTED_FORMAT) });
    db.prepare("DELETE FROM article_listed WHERE pmid = '301'").run();
    expect(fillListed(db, { onStart: (n) => told.push(n) })).toBe(0);
    expect(told).toEqual([2]);
    // A new format: every row is written again.
    db.prepare("UPDATE meta SET value = '0' WHERE key = 'listed_format'").run();
    db.prepare('UPDATE article_listed SET format = 0').run();
    expect(fillListed(db)).toBe(2);
    expect(keptRows(db)).toEqual(['300', '301']);
    db.close();
  });
});

describe('check over the kept list forms', () => {
  it('check names a record whose kept form says something else (not as damage); repairLists (check --repair) writes it again', async () => {
    const path = fresh();
    const db = openStore(path);
    upsertParsed(db, ['500', '501', '502'].map((p) => parsed(article(p))), { source: 'ingest', now });
    // A kept form out of step with its record: another title, and (502) another date.
    const wrong = Buffer.from((db.prepare("SELECT listed FROM article_listed WHERE pmid = '501'").pluck().get() as Buffer).toString('utf8').replace('Mitragynine study 501', 'Something else'));
    db.prepare("UPDATE article_listed SET listed = ? WHERE pmid = '501'").run(wrong);
    db.prepare("UPDATE article_listed SET updated_at = '2001-01-01T00:00:00.000Z' WHERE pmid = '502'").run();
    db.close();
    const lib = await openLibrary({ db: path, config: false });
    try {
      const report = await lib.check();
      expect([report.ok, report.listedStale, report.unreadable, report.integrity]).toEqual([false, ['501', '502'], [], []]);
      expect(formatCheck(report)).toBe(`${path}: 2 records' list forms (what search pages show) differ from the records (501, 502); kratomlit check --repair writes them again`);
      expect(await lib.repairLists()).toBe(3);
      expect((await lib.check()).listedStale).toEqual([]);
      expect(lib.search('something').map((h) => h.pmid)).toEqual([]);
      expect(lib.search('mitragynine').map((h) => h.title)).toContain('Mitragynine study 501');
    } finally {
      lib.close();
    }
  });
});

describe('check --repair on a library stored before the list forms', () => {
  it('writes each readable record\'s list form once, announces and counts only those, and records that it is done', async () => {
    const path = fresh();
    const old = new Database(path);
    migrate(old, migrationsUpTo(7));
    upsertParsed(old, ['700', '701', '702'].map((p) => parsed(article(p))), { source: 'import', now });
    old.prepare("UPDATE articles SET record_json = 'not json' WHERE pmid = '702'").run();
    old.close();
    // Upgraded as the library's first open does (migration 008, no list forms yet); every list-form write
    // counted by a trigger of the test's own.
    const db = openStore(path);
    db.exec("CREATE TABLE test_fills (pmid TEXT); CREATE TRIGGER test_fill AFTER INSERT ON article_listed BEGIN INSERT INTO test_fills VALUES (NEW.pmid); END;");
    db.close();
    const said: string[] = [];
    const note = (_obj: object, msg?: string) => void said.push(msg ?? '');
    const lib = await openLibrary({ db: path, config: false, loadIndex: false, logger: { info: note, warn: note, error: note, debug: () => {} } });
    const look = openStore(path, { readonly: true });
    try {
      expect(await lib.repairLists()).toBe(2);
      expect(look.prepare('SELECT pmid FROM test_fills ORDER BY pmid').pluck().all()).toEqual(['700', '701']);
      expect(keptRows(look)).toEqual(['700', '701']);
      expect(said.filter((m) => m.includes('list form'))).toEqual(['check: writing the list forms of 2 record(s) again from the records (about 1 s)']);
      expect(look.prepare("SELECT value FROM meta WHERE key = 'listed_format'").pluck().get()).toBe(String(LISTED_FORMAT));
      // Done: the one-time fill of the next writer run writes none.
      const next = openStore(path);
      expect(fillListed(next)).toBe(0);
      next.close();
      expect(look.prepare('SELECT count(*) FROM test_fills').pluck().get()).toBe(2);
    } finally {
      look.close();
      lib.close();
    }
  });
});

/** The migrations up to `last`, alone in a folder: a library as an older kratomlit left it. */
function migrationsUpTo(last: number): string {
  const out = join(dir, `up-to-${last}`);
  mkdirSync(out, { recursive: true });
  for (const f of readdirSync(MIGRATIONS)) if (Number(f.slice(0, 3)) <= last) copyFileSync(join(MIGRATIONS, f), join(out, f));
  return out;
}
