import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertParsed } from '../../src/store/articles.js';
import { closeStore, openStore } from '../../src/store/open.js';
import { makeArticle } from '../search/helpers.js';
import { get, startWorld, type WebWorld } from './fixture.js';

let w: WebWorld;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w.close();
});

const json = async (path: string) => {
  const r = await get(`${w.base}${path}`);
  return { status: r.status, type: r.headers.get('content-type'), doc: JSON.parse(r.body) as Record<string, unknown> };
};

/** Stores `article` from another connection (as `ingest` would) and waits until the server's index has it. */
async function storeElsewhere(article: ReturnType<typeof makeArticle>): Promise<void> {
  const writer = openStore(w.dbPath);
  upsertParsed(writer, [{ article, raw: `<PubmedArticle><PMID>${article.pmid}</PMID></PubmedArticle>` }], { source: 'ingest', now: new Date('2026-11-23T10:00:00Z'), topics: article.topics });
  const seq = (writer.prepare("SELECT CAST(value AS INTEGER) AS v FROM meta WHERE key = 'change_seq'").get() as { v: number }).v;
  closeStore(writer);
  // The follower indexes on its own timer: wait for the event (the index reached the write).
  const deadline = Date.now() + 20_000;
  while (w.lib.indexedSeq() < seq && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect(w.lib.indexedSeq()).toBe(seq);
}

describe('serve: JSON twins', () => {
  it('links every page to its twin with rel=alternate, and the twin answers JSON', async () => {
    const pairs: Array<[string, string]> = [
      ['/?q=kratom&sort=date', '/search.json?q=kratom&amp;sort=date'], ['/paper/50000010', '/paper/50000010.json'],
      ['/digests/', '/digests.json'], ['/digests/2026-W47', '/digests/2026-W47.json'], ['/evidence', '/evidence.json'], ['/status', '/status.json'],
    ];
    for (const [page, twin] of pairs) {
      const html = await get(`${w.base}${page}`);
      expect(html.body, page).toContain(`<link rel="alternate" type="application/json" href="${twin}">`);
      const r = await json(twin.replace(/&amp;/g, '&'));
      expect([r.status, r.type], twin).toEqual([200, 'application/json; charset=utf-8']);
    }
  });

  it('answers a search with the hits `search --json` gives, the whole-set total and the facet counts', async () => {
    const { doc } = await json('/search.json?q=kratom');
    expect(doc.hits).toEqual(w.lib.search('kratom', { sort: 'relevance', limit: 20 }));
    expect(doc.total).toBe(w.lib.facets('kratom').total);
    expect(doc.facets).toEqual(w.lib.facets('kratom', { sort: 'relevance' }).counts);
    expect((doc.links as Record<string, unknown>).html).toBe('/?q=kratom');
  });

  it('answers a paper with the record `show --json` gives and its neighbours', async () => {
    const { doc } = await json('/paper/50000010.json');
    expect(doc.record).toEqual(JSON.parse(JSON.stringify(w.lib.get('50000010'))));
    expect(doc.linkedFrom).toEqual([{ pmid: '50000011', type: 'RetractionOf' }]);
    expect((doc.neighbours as { next: { pmid: string } }).next.pmid).toBe('50000011');
  });

  it('answers the evidence map `evidence --json` gives and the digest document as written', async () => {
    expect((await json('/evidence.json')).doc).toEqual(JSON.parse(JSON.stringify(w.lib.evidence())));
    expect((await json('/digests/2026-W47.json')).doc).toEqual(JSON.parse(JSON.stringify(w.lib.digestDocument('2026-W47'))));
    expect((await json('/digests.json')).doc.weeks).toEqual(['2026-W47']);
  });

  it('answers bad input with a JSON error of the page status', async () => {
    for (const [path, status, message] of [['/paper/99999999.json', 404, /not in this library/], ['/search.json?colour=red', 400, /Unknown parameter "colour"/], ['/export.json', 404, /no JSON/]] as const) {
      const r = await json(path);
      expect([r.status, r.type], path).toEqual([status, 'application/json; charset=utf-8']);
      expect((r.doc.error as { message: string }).message, path).toMatch(message);
    }
  });
});

describe('serve: previous and next on a paper page', () => {
  it('walks the result list the reader came from, carried in the links, with a way back to its page', async () => {
    const list = w.lib.facets('kratom', { sort: 'date' }).pmids;
    expect(list.length).toBeGreaterThan(2);
    const results = await get(`${w.base}/?q=kratom&sort=date`);
    expect(results.body).toContain(`href="/paper/${list[1]}?q=kratom&amp;sort=date"`);
    const paper = await get(`${w.base}/paper/${list[1]}?q=kratom&sort=date`);
    expect(paper.body).toContain(`<a rel="prev" href="/paper/${list[0]}?q=kratom&amp;sort=date">`);
    expect(paper.body).toContain(`<a rel="next" href="/paper/${list[2]}?q=kratom&amp;sort=date">`);
    expect(paper.body).toContain(`Result 2 of ${list.length}`);
    expect(paper.body).toContain('<a href="/?q=kratom&amp;sort=date">Back to the results</a>');
    const first = await get(`${w.base}/paper/${list[0]}?q=kratom&sort=date`);
    expect(first.body).toContain('No previous paper');
  });

  it('walks the library by PMID when the reader came from elsewhere', async () => {
    const paper = await get(`${w.base}/paper/50000010`);
    expect(paper.body).toContain('<a rel="next" href="/paper/50000011">');
    expect(paper.body).toMatch(/<a rel="prev" href="\/paper\/5000000\d">/);
    expect(paper.body).toMatch(/Paper \d+ of \d+ by PMID/);
  });

  it('refuses a carried search with a bad parameter like the search page does', async () => {
    expect((await get(`${w.base}/paper/50000010?topic=astrology`)).status).toBe(400);
  });
});

describe('serve: cached pages never outlive a write', () => {
  it('shows a record changed by another process on the next request after the index follows', async () => {
    const before = await get(`${w.base}/paper/50000002`);
    expect(before.body).toContain('Kratom hepatotoxicity case');
    expect((await get(`${w.base}/paper/50000002`)).body).toBe(before.body);
    await storeElsewhere(makeArticle('50000002', { title: 'Kratom hepatotoxicity case, revised title', titleHtml: 'Kratom hepatotoxicity case, revised title', version: 3, topics: ['mitragynine'] }));
    const after = await get(`${w.base}/paper/50000002`);
    expect(after.body).toContain('Kratom hepatotoxicity case, revised title');
    const found = await json('/search.json?q=revised');
    expect((found.doc.hits as Array<{ pmid: string }>).map((h) => h.pmid)).toEqual(['50000002']);
  });
});
