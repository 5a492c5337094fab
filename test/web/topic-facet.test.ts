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
