import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// The built modules: from dist, `search-thread.js` exists, so these start real worker threads (the
// TypeScript sources have no `.js` module to start and render every page on the serving thread).
// `npm test` builds dist first.
import { openLibrary } from '../../dist/src/index.js';
import { startServer } from '../../dist/src/web/serve.js';
import { upsertParsed } from '../../src/store/articles.js';
import { closeStore, openStore } from '../../src/store/open.js';
import { makeArticle } from '../search/helpers.js';
import { get, startWorld, type WebWorld } from './fixture.js';

type Server = Awaited<ReturnType<typeof startServer>>;
type Lib = Awaited<ReturnType<typeof openLibrary>>;

let world: WebWorld;
let lib: Lib;
const servers: Server[] = [];
const logs: object[] = [];
const log = { info: () => undefined, error: (o: object) => logs.push(o) };

beforeEach(async () => {
  // The fixture's store, opened again by the built library (the fixture's own server is not used).
  world = await startWorld();
  lib = await openLibrary({ db: world.dbPath, followOnSearch: false });
  logs.length = 0;
});

afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  lib.close();
  await world.close();
});

async function serve(threads: number | null, db = world.dbPath, config: string | false = false): Promise<Server> {
  const s = await startServer({ library: lib, port: 0, log, followMs: 20, ...(threads === null ? {} : { searchThreads: { db, indexPath: `${world.dbPath}.index`, config, count: threads } }) });
  servers.push(s);
  return s;
}

const PAGES = [
  '/?q=kratom', '/?q=mitragynine&sort=date', '/?q=kratom&topic=mitragynine', '/search.json?q=kratom+withdrawal', '/?q=%22liver+injury%22',
  // Bad input is answered by the thread too, as the same 400 page.
  '/?q=kratom&topic=astrology', '/search.json?q=kratom&page=0', '/?q=kratom&page=99',
];

describe('search threads', () => {
  it('render every search page exactly as the serving thread does, and take no other page', async () => {
    const seq = lib.changeSeq();
    const here = await serve(null);
    const threaded = await serve(1);
    expect(here.threads).toBeNull();
    expect(await threaded.threads?.ready).toBe(1);
    for (const path of PAGES) {
      const [a, b] = await Promise.all([get(`${here.url.replace(/\/$/, '')}${path}`), get(`${threaded.url.replace(/\/$/, '')}${path}`)]);
      expect({ path, status: b.status, body: b.body }).toEqual({ path, status: a.status, body: a.body });
      expect(b.headers.get('content-type')).toBe(a.headers.get('content-type'));
      expect(b.headers.get('content-security-policy')).toBe(a.headers.get('content-security-policy'));
    }
    expect(threaded.threads?.answered).toBe(PAGES.length);
    // A repeated page comes from the serving thread's page cache; a paper page is rendered there.
    expect((await get(`${threaded.url}?q=kratom`)).status).toBe(200);
    expect((await get(`${threaded.url}paper/50000001`)).status).toBe(200);
    expect(threaded.threads?.answered).toBe(PAGES.length);
    // Read-only: the threads' libraries wrote nothing to the store.
    expect(lib.changeSeq()).toBe(seq);
  });

  it('follow the store: a record stored after start is found by a thread-rendered page', async () => {
    const s = await serve(1);
    expect(await s.threads?.ready).toBe(1);
    const url = `${s.url}search.json?q=zyxquokka`;
    expect(JSON.parse((await get(url)).body)).toMatchObject({ total: 0 });
    const db = openStore(world.dbPath);
    upsertParsed(db, [{ article: makeArticle('50000099', { title: 'The zyxquokka alkaloid', topics: ['mitragynine'] }), raw: '<PubmedArticle/>' }], { source: 'import', now: new Date('2026-11-22T10:00:00Z'), topics: ['mitragynine'] });
    closeStore(db);
    // Until the thread has applied the change its pages say total 0; each answer is the thread's.
    let asked = 1;
    let doc: { total: number; hits: Array<{ pmid: string }> };
    do {
      await new Promise((r) => setTimeout(r, 10));
      doc = JSON.parse((await get(url)).body) as typeof doc;
      asked += 1;
    } while (doc.total === 0);
    expect(doc.hits.map((h) => h.pmid)).toEqual(['50000099']);
    expect(s.threads?.answered).toBe(asked);
  });

  it('end when the server closes, also while still loading, leaving no thread behind', async () => {
    const loaded = await serve(2);
    expect(await loaded.threads?.ready).toBe(2);
    expect(loaded.threads?.live).toBe(2);
    await loaded.close();
    expect(loaded.threads?.live).toBe(0);
    const loading = await serve(1);
    await loading.close();
    expect(loading.threads?.live).toBe(0);
    expect(await loading.threads?.ready).toBe(0);
  });

  it('know the topics of the configuration the server read, as the serving thread does', async () => {
    const config = join(world.dir, 'topics.config.json');
    writeFileSync(config, JSON.stringify({ db: world.dbPath, topics: [{ name: 'mitragynine', query: 'mitragynine' }, { name: 'newtopic', query: 'speciociliatine' }] }));
    lib.close();
    lib = await openLibrary({ db: world.dbPath, config, followOnSearch: false });
    const here = await serve(null);
    const threaded = await serve(1, world.dbPath, config);
    expect(await threaded.threads?.ready).toBe(1);
    // A configured topic no record carries yet: an empty result on both, not a 400 from the thread.
    for (const path of ['/?q=kratom&topic=newtopic', '/?q=kratom+topic:newtopic', '/?q=kratom+topic:astrology']) {
      const [a, b] = await Promise.all([get(`${here.url.replace(/\/$/, '')}${path}`), get(`${threaded.url.replace(/\/$/, '')}${path}`)]);
      expect({ path, status: b.status, body: b.body }).toEqual({ path, status: a.status, body: a.body });
      expect([path, a.status]).toEqual([path, path.includes('astrology') ? 400 : 200]);
    }
    expect(threaded.threads?.answered).toBe(3);
  });

  it('leave the pages to the serving thread when they cannot open the library', async () => {
    const s = await serve(1, `${world.dir}/missing.sqlite`);
    expect(await s.threads?.ready).toBe(0);
    expect(logs).toContainEqual(expect.objectContaining({ err: expect.stringContaining('missing.sqlite') }));
    const page = await get(`${s.url}?q=kratom`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('/paper/50000001');
    expect(s.threads?.answered).toBe(0);
  });
});
