/** A topic in the page's facets is one the library has or one it is configured to collect, as everywhere. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Library, openLibrary } from '../../src/index.js';
import { upsertParsed } from '../../src/store/articles.js';
import { closeStore, openStore } from '../../src/store/open.js';
import { render, routeContext } from '../../src/web/server.js';
import { makeArticle } from '../search/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kratomlit-topic-facet-'));
let lib: Library;
beforeAll(async () => {
  const db = join(dir, 'lib.sqlite');
  const store = openStore(db);
  upsertParsed(store, [{ article: makeArticle('60000001', { title: 'Kratom seizures' }), raw: '' }], { source: 'import', now: new Date('2026-11-20T00:00:00Z'), topics: ['mitragynine'] });
  closeStore(store);
  const config = join(dir, 'kratomlit.config.json');
  writeFileSync(config, JSON.stringify({ topics: [{ name: 'mitragynine', query: 'mitragynine' }, { name: 'speciociliatine', query: 'speciociliatine' }] }));
  lib = await openLibrary({ db, config, followOnSearch: false });
});
afterAll(() => {
  lib.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a configured topic that no record carries yet', () => {
  it('is an empty result on the web page and its JSON twin, as in search; an unknown one stays a 400', async () => {
    expect(lib.search('kratom', { topic: 'speciociliatine' })).toEqual([]);
    const c = routeContext(lib, '');
    const page = await render(c, '/', new URLSearchParams('q=kratom&topic=speciociliatine'));
    expect(page.status).toBe(200);
    expect(page.body).toContain('No records match');
    const json = await render(c, '/search.json', new URLSearchParams('q=kratom&topic=SPECIOCILIATINE'));
    expect([json.status, (JSON.parse(String(json.body)) as { total: number }).total]).toEqual([200, 0]);
    const unknown = await render(c, '/', new URLSearchParams('q=kratom&topic=astrology'));
    expect(unknown.status).toBe(400);
    expect(unknown.body).toContain('Unknown topic &quot;astrology&quot;');
    expect((await render(c, '/', new URLSearchParams('q=kratom&topic=mitragynine'))).body).toContain('/paper/60000001');
  });

  it("is checked the same way when written in the query (topic:), on the page and in the export", async () => {
    const c = routeContext(lib, '');
    expect((await render(c, '/', new URLSearchParams('q=kratom+topic:speciociliatine'))).status).toBe(200);
    expect((await render(c, '/', new URLSearchParams('q=kratom+topic:mitragynine'))).body).toContain('/paper/60000001');
    for (const path of ['/', '/search.json', '/export']) {
      const unknown = await render(c, path, new URLSearchParams(`q=kratom+topic:astrology${path === '/export' ? '&format=ris' : ''}`));
      expect([path, unknown.status]).toEqual([path, 400]);
      expect(String(unknown.body)).toMatch(/topic: (&quot;|\\?")astrology(&quot;|\\?") is not a configured topic/);
    }
  });
});

describe('a topic facet under a chosen topic', () => {
  it('offers each other topic with the count of papers that have both, and its link finds exactly those', async () => {
    const d = mkdtempSync(join(tmpdir(), 'kratomlit-topic-narrow-'));
    const db = join(d, 'lib.sqlite');
    const store = openStore(db);
    const put = (pmid: string, topics: string[]) =>
      upsertParsed(store, [{ article: makeArticle(pmid, { title: `Kratom study ${pmid}` }), raw: '' }], { source: 'import', now: new Date('2026-11-20T00:00:00Z'), topics });
    put('61000001', ['mitragynine']);
    put('61000002', ['mitragynine', 'speciociliatine']);
    put('61000003', ['speciociliatine']);
    put('61000004', ['speciociliatine']);
    closeStore(store);
    const config = join(d, 'kratomlit.config.json');
    writeFileSync(config, JSON.stringify({ topics: [{ name: 'mitragynine', query: 'mitragynine' }, { name: 'speciociliatine', query: 'speciociliatine' }] }));
    const narrow = await openLibrary({ db, config, followOnSearch: false });
    try {
      const c = routeContext(narrow, '');
      const page = String((await render(c, '/', new URLSearchParams('q=kratom&topic=mitragynine'))).body);
      const link = /<a href="([^"]+)">speciociliatine<\/a> <span class="count">(\d+)<\/span>/.exec(page);
      expect(link?.[2]).toBe('1');
      const href = (link?.[1] ?? '').replace(/&amp;/g, '&');
      expect(href).toBe('/?q=kratom%20topic%3Aspeciociliatine&topic=mitragynine');
      const followed = await render(c, '/search.json', new URL(href, 'http://x').searchParams);
      expect((JSON.parse(String(followed.body)) as { total: number }).total).toBe(1);
      // With no topic chosen, a topic's link chooses it, and finds its count.
      const all = String((await render(c, '/', new URLSearchParams('q=kratom'))).body);
      expect(/<a href="([^"]+)">speciociliatine<\/a> <span class="count">(\d+)<\/span>/.exec(all)?.slice(1)).toEqual(['/?q=kratom&amp;topic=speciociliatine', '3']);
    } finally {
      narrow.close();
      rmSync(d, { recursive: true, force: true });
    }
  });
});
