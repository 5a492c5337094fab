import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSearchIndex } from '../../src/library/search-index.js';
import { applyDeletions, getArticle, getChangeSeq, listChangesSince, upsertParsed } from '../../src/store/articles.js';
import { attachTopic, removeTopic } from '../../src/store/completeness.js';
import { migrate } from '../../src/store/migrate.js';
import { openStore } from '../../src/store/open.js';
import { article, parsed } from './helpers.js';

const MIGRATIONS = fileURLToPath(new URL('../../db/migrations/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kratomlit-topic-changes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const now = new Date('2026-11-20T10:00:00Z');
let n = 0;
const fresh = () => join(dir, `lib-${(n += 1)}.sqlite`);

/** PMIDs a topic-filtered search of the index over `db` finds for `word`. */
async function topicHits(path: string, db: Database.Database, word: string, topic: string): Promise<string[]> {
  const index = await openSearchIndex(db, { indexPath: `${path}.index` });
  return index.search(word, { topic }).map((h) => h.pmid);
}

describe('a record that gains a topic is a change the search index follows', () => {
  it('upsert: an unchanged record matched by a second topic gets a new change number, and topic searches find it', async () => {
    const path = fresh();
    const db = openStore(path);
    upsertParsed(db, [parsed(article('100')), parsed(article('101'))], { source: 'ingest', now, topics: ['alpha'] });
    const index = await openSearchIndex(db, { indexPath: `${path}.index` });
    expect(index.search('mitragynine', { topic: 'beta' })).toEqual([]);
    const seq = getChangeSeq(db);
    const [r] = upsertParsed(db, [parsed(article('100'))], { source: 'ingest', now, topics: ['beta'] });
    expect(r?.outcome).toBe('unchanged');
    expect(getArticle(db, '100')?.topics).toEqual(['alpha', 'beta']);
    expect(listChangesSince(db, seq).map((c) => c.pmid)).toEqual(['100']);
    // The index opened before the change follows it on its next search; a reopened one too.
    expect(index.search('mitragynine', { topic: 'beta' }).map((h) => h.pmid)).toEqual(['100']);
    expect(await topicHits(path, db, 'mitragynine', 'beta')).toEqual(['100']);
    // Offered again with topics it already has: nothing changed, no new change number.
    const after = getChangeSeq(db);
    upsertParsed(db, [parsed(article('100'))], { source: 'ingest', now, topics: ['alpha', 'beta'] });
    expect(getChangeSeq(db)).toBe(after);
    db.close();
  });

  it('a search shows a kept record with the topics it gained or lost since, and leaves it out once deleted', async () => {
    const path = fresh();
    const db = openStore(path);
    upsertParsed(db, [parsed(article('150')), parsed(article('151'))], { source: 'ingest', now, topics: ['alpha'] });
    const index = await openSearchIndex(db, { indexPath: `${path}.index` });
    const topicsOf = () => Object.fromEntries(index.search('mitragynine').map((h) => [h.pmid, h.topics]));
    // Read once without a filter: both records are now kept by the search.
    expect(topicsOf()).toEqual({ 150: ['alpha'], 151: ['alpha'] });
    upsertParsed(db, [parsed(article('150'))], { source: 'ingest', now, topics: ['beta'] });
    expect(topicsOf()).toEqual({ 150: ['alpha', 'beta'], 151: ['alpha'] });
    removeTopic(db, ['150'], 'alpha');
    expect(topicsOf()).toEqual({ 150: ['beta'], 151: ['alpha'] });
    applyDeletions(db, [{ pmid: '151', version: null }], { source: 'ingest', now });
    expect(topicsOf()).toEqual({ 150: ['beta'] });
    db.close();
  });

  it('a new or updated record gets one change number, topics and all', () => {
    const db = openStore(fresh());
    const seq = getChangeSeq(db);
    upsertParsed(db, [parsed(article('200'))], { source: 'ingest', now, topics: ['alpha', 'beta'] });
    expect(getChangeSeq(db)).toBe(seq + 1);
    upsertParsed(db, [parsed(article('200', { version: 2 }))], { source: 'ingest', now, topics: ['gamma'] });
    expect(getChangeSeq(db)).toBe(seq + 2);
    expect(listChangesSince(db, seq)).toEqual([{ pmid: '200', deleted: false, changeSeq: seq + 2 }]);
    db.close();
  });

  it('attachTopic (the completeness audit) gives each record that gained the topic its own change number', () => {
    const db = openStore(fresh());
    upsertParsed(db, ['300', '301', '302'].map((p) => parsed(article(p))), { source: 'ingest', now, topics: ['alpha'] });
    attachTopic(db, ['300'], 'beta', now);
    const seq = getChangeSeq(db);
    expect(attachTopic(db, ['300', '301', '302'], 'beta', now)).toBe(2);
    expect(listChangesSince(db, seq)).toEqual([
      { pmid: '301', deleted: false, changeSeq: seq + 1 },
      { pmid: '302', deleted: false, changeSeq: seq + 2 },
    ]);
    expect(getChangeSeq(db)).toBe(seq + 2);
    db.close();
  });
});

/** The migrations before 007, alone in a folder: a library as kratomlit left it before this fix. */
function migrationsUpTo006(): string {
  const out = join(dir, 'up-to-006');
  mkdirSync(out, { recursive: true });
  for (const f of readdirSync(MIGRATIONS)) if (/^00[1-6]_/.test(f)) copyFileSync(join(MIGRATIONS, f), join(out, f));
  return out;
}

describe('migration 007: records that gained a topic before the fix', () => {
  it('gives every live record that gained a topic after it was written a new, distinct change number, so an index built before finds it by topic', async () => {
    const path = fresh();
    const old = new Database(path);
    migrate(old, migrationsUpTo006());
    upsertParsed(old, ['400', '401', '402', '403', '404'].map((p) => parsed(article(p))), { source: 'ingest', now, topics: ['alpha'] });
    // Imported without a topic: its first topic came later, from an ingest that found it unchanged.
    upsertParsed(old, [parsed(article('405'))], { source: 'import', now });
    old.close();
    // The index as it stood before the topics were attached (by the old writer: no new change number).
    const before = openStore(path, { readonly: true }); // read-only: no migration
    expect(await topicHits(path, before, 'mitragynine', 'beta')).toEqual([]);
    expect(await topicHits(path, before, 'mitragynine', 'alpha')).toHaveLength(5);
    before.close();
    const raw = new Database(path);
    const attach = raw.prepare("INSERT INTO article_topics (pmid, topic, matched_at) VALUES (?, ?, '2026-11-21T08:00:00.000Z')");
    for (const p of ['401', '403', '402']) attach.run(p, 'beta');
    attach.run('405', 'alpha');
    raw.prepare("UPDATE articles SET deleted = 1, deleted_at = '2026-11-22' WHERE pmid = '402'").run();
    // 404 gained beta and was then written again (a new version, a new number): nothing to do for it.
    attach.run('404', 'beta');
    raw.prepare("UPDATE articles SET updated_at = '2026-11-23T08:00:00.000Z' WHERE pmid = '404'").run();
    const seq = Number((raw.prepare("SELECT value FROM meta WHERE key = 'change_seq'").get() as { value: string }).value);
    raw.close();

    const db = openStore(path); // applies 007
    expect(listChangesSince(db, seq)).toEqual([
      { pmid: '401', deleted: false, changeSeq: seq + 1 },
      { pmid: '403', deleted: false, changeSeq: seq + 2 },
      { pmid: '405', deleted: false, changeSeq: seq + 3 },
    ]);
    expect(getChangeSeq(db)).toBe(seq + 3);
    expect((await topicHits(path, db, 'mitragynine', 'beta')).sort()).toEqual(['401', '403']);
    expect((await topicHits(path, db, 'mitragynine', 'alpha')).sort()).toEqual(['400', '401', '403', '404', '405']);
    expect(db.prepare("SELECT name FROM sqlite_temp_master WHERE name = 'topic_changes'").all()).toEqual([]);
    db.close();
  });

  it('numbers 20,000 records that gained a topic one by one, in PMID order, after every number given before', () => {
    const path = fresh();
    const old = new Database(path);
    migrate(old, migrationsUpTo006());
    const pmids = Array.from({ length: 20_000 }, (_, i) => String(500_000 + i));
    upsertParsed(old, pmids.map((p) => parsed(article(p))), { source: 'ingest', now, topics: ['alpha'] });
    const attach = old.prepare("INSERT INTO article_topics (pmid, topic, matched_at) VALUES (?, 'beta', '2026-11-21T08:00:00.000Z')");
    old.transaction(() => { for (const p of pmids) attach.run(p); })();
    const seq = Number((old.prepare("SELECT value FROM meta WHERE key = 'change_seq'").get() as { value: string }).value);
    old.close();
    const db = openStore(path);
    const changes = listChangesSince(db, seq);
    expect(changes).toHaveLength(20_000);
    expect(changes.every((c, i) => c.pmid === pmids[i] && c.changeSeq === seq + 1 + i)).toBe(true);
    db.close();
  });
});
