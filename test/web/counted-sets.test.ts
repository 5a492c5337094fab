/**
 * A result page reuses the counted set of its query and filters in another order or at another offset,
 * and counts again once the index moved on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { libraryExtras } from '../../src/library/extras.js';
import { openSearchIndex } from '../../src/library/search-index.js';
import type { SearchIndex } from '../../src/search/index.js';
import { upsertParsed } from '../../src/store/articles.js';
import { closeStore, openStore } from '../../src/store/open.js';
import { makeArticle } from '../search/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kratomlit-counted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const put = (db: ReturnType<typeof openStore>, from: number, n: number, now: string) => upsertParsed(db, Array.from({ length: n }, (_, i) => ({
  article: makeArticle(String(from + i), { title: `Kratom study ${i}`, pubDate: { year: 2000 + (i % 20), month: 1, day: 1, season: null, raw: `${2000 + (i % 20)}` } }),
  raw: '',
})), { source: 'import', now: new Date(now), topicsFor: (p) => (Number(p) % 2 ? ['odd'] : ['even']) });

describe('result pages of one result set', () => {
  it('count it once across pages and orders, and again when the store changed it', async () => {
    const path = join(dir, 'lib.sqlite');
    const db = openStore(path);
    put(db, 80000, 60, '2026-11-20T00:00:00Z');
    const index = await openSearchIndex(db, { indexPath: `${path}.index`, followOnSearch: false });
    const asked: Array<boolean | undefined> = [];
    const spied: SearchIndex = Object.create(index, {
      searchPage: { value: (...a: Parameters<SearchIndex['searchPage']>) => { asked.push(a[3]); return index.searchPage(...a); } },
    });
    const extras = libraryExtras({ config: loadConfig({ db: path, discover: false, env: {} }), db: () => db, index: () => spied });
    const first = extras.searchPage('kratom', { limit: 20 });
    const second = extras.searchPage('kratom', { limit: 20, offset: 20 });
    const newest = extras.searchPage('kratom', { limit: 20, sort: 'date' });
    const filtered = extras.searchPage('kratom', { limit: 20, topic: 'odd' });
    expect(asked).toEqual([true, false, false, true]);
    for (const p of [second, newest]) expect([p.total, p.counts]).toEqual([first.total, first.counts]);
    expect(first.total).toBe(60);
    expect(filtered.total).toBe(30);
    // The reused set is the one counted: every PMID of the set, in each page's own order.
    expect([...newest.pmids].sort()).toEqual([...first.pmids].sort());
    expect(second.hits.map((h) => h.pmid)).toEqual(first.pmids.slice(20, 40));
    // The store changes and the index follows: counted again, with the new records.
    put(db, 90000, 4, '2026-11-21T00:00:00Z');
    while (!index.refresh()) { /* until caught up */ }
    const after = extras.searchPage('kratom', { limit: 20, offset: 20 });
    expect(asked.at(-1)).toBe(true);
    expect(after.total).toBe(64);
    closeStore(db);
  });
});
