/** The status page's record counts read as English, one book or many. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../src/index.js';
import { upsertParsed } from '../../src/store/articles.js';
import { closeStore, openStore } from '../../src/store/open.js';
import { render, routeContext } from '../../src/web/server.js';
import { makeArticle } from '../search/helpers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function statusPage(books: number, others: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kratomlit-status-page-'));
  dirs.push(dir);
  const db = join(dir, 'lib.sqlite');
  const store = openStore(db);
  const articles = [
    ...Array.from({ length: books }, (_, i) => makeArticle(String(61_000_001 + i), { isBook: true })),
    ...Array.from({ length: others }, (_, i) => makeArticle(String(61_100_001 + i))),
  ];
  upsertParsed(store, articles.map((article) => ({ article, raw: '' })), { source: 'import', now: new Date('2026-11-20T00:00:00Z'), topics: ['mitragynine'] });
  closeStore(store);
  const lib = await openLibrary({ db, config: false });
  try {
    return String((await render(routeContext(lib, ''), '/status', new URLSearchParams())).body);
  } finally {
    lib.close();
  }
}

describe('the status page', () => {
  it('counts one book and one live record in the singular, more in the plural', async () => {
    expect(await statusPage(1, 0)).toContain('1 live record (1 book, 0 retracted), 0 withdrawn from PubMed.');
    expect(await statusPage(2, 1)).toContain('3 live records (2 books, 0 retracted), 0 withdrawn from PubMed.');
  });
});
