import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { upsertParsed } from '../../src/store/articles.js';
import { closeStore, openStore } from '../../src/store/open.js';
import { startServer } from '../../src/web/serve.js';
import { makeArticle } from '../search/helpers.js';
import { fixtureArticles, get, startWorld, type WebWorld } from './fixture.js';

let w: WebWorld;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w.close();
});

/** Every page kind, as a reader and a script would hit them. */
const EVERY_ROUTE = [
  '/', '/?q=mitragynine', '/?q=kratom&topic=mitragynine&sort=date', '/?design=case-report', '/?theme=pain&q=trial',
  '/?since=2024&until=2024', '/?retracted=true', '/paper/50000010', '/paper/50000011', '/paper/50000003', '/digests/',
  '/digests/2026-W47', '/feed.atom', '/evidence', '/status', '/export?format=ris&q=kratom', '/export?format=bibtex',
  '/export?format=csl-json&design=rct', '/export?format=csv&topic=mitragynine', '/style.css', '/favicon.ico', '/favicon.svg',
];

describe('serve: pages', () => {
  it('answers every page kind with 200, the strict CSP and no inline script or remote resource', async () => {
    for (const path of EVERY_ROUTE) {
      const r = await get(`${w.base}${path}`);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('content-security-policy'), path).toBe("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
      if (r.headers.get('content-type')?.startsWith('text/html')) {
        expect(r.body, path).not.toMatch(/<script|\sstyle=|src="https?:|href="https?:\/\/(?!pubmed\.ncbi|doi\.org|www\.ncbi)/);
      }
    }
  });

  it('serves its icon at /favicon.ico and /favicon.svg, cached, and every page links it', async () => {
    const n = w.logs.length;
    for (const path of ['/favicon.ico', '/favicon.svg']) {
      const r = await get(`${w.base}${path}`);
      expect([r.status, r.headers.get('content-type'), r.headers.get('cache-control')], path).toEqual([200, 'image/svg+xml', 'public, max-age=86400']);
      expect(XMLValidator.validate(r.body), path).toBe(true);
      expect(r.body, path).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>/);
      expect(r.body, path).not.toMatch(/<script|\sstyle=|\shref=|\son\w+=/);
    }
    expect(w.logs.slice(n)).toEqual([
      expect.objectContaining({ access: true, url: '/favicon.ico', status: 200 }),
      expect.objectContaining({ access: true, url: '/favicon.svg', status: 200 }),
    ]);
    for (const path of ['/', '/digests/', '/nowhere']) {
      expect((await get(`${w.base}${path}`)).body, path).toContain('<link rel="icon" type="image/svg+xml" href="/favicon.svg">');
    }
  });

  it('counts facets over the whole result set and filters by the evidence design', async () => {
    const all = await get(`${w.base}/?q=kratom`);
    const total = Number(/(\d+) results?/.exec(all.body)?.[1]);
    expect(total).toBe(w.lib.facets('kratom').total);
    expect(total).toBeGreaterThan(2);
    const cases = await get(`${w.base}/?q=kratom&design=case-report`);
    const caseReports = w.lib.facets('kratom', { design: 'case-report' });
    expect(caseReports.total).toBeLessThan(total);
    expect(cases.body).toContain(`${caseReports.total} result`);
    expect(cases.body).toContain('/paper/50000001');
    expect(cases.body).not.toContain('/paper/50000003"');
  });

  it('filters by publication type as the CLI\'s --type does, and carries it to the export and paper links', async () => {
    const all = w.lib.facets('kratom');
    const reviews = w.lib.facets('kratom', { type: 'review' });
    expect(reviews.total).toBeGreaterThan(0);
    expect(reviews.total).toBeLessThan(all.total);
    const page = await get(`${w.base}/search.json?q=kratom&type=review&retracted=FALSE`);
    expect(page.status, page.body).toBe(200);
    expect((JSON.parse(page.body) as { total: number }).total).toBe(w.lib.facets('kratom', { type: 'review', retracted: false }).total);
    const html = await get(`${w.base}/?q=kratom&type=review`);
    expect(html.body).toContain(`${reviews.total} result`);
    expect(html.body).toMatch(/href="\/paper\/\d+\?q=kratom&amp;type=review"/);
    const ris = await get(`${w.base}/export?format=ris&q=kratom&type=review`);
    expect((ris.body.match(/^TY {2}- /gm) ?? []).length).toBe(reviews.total);
  });

  it('highlights the query words in snippets and shows badges', async () => {
    const r = await get(`${w.base}/?q=withdrawal`);
    expect(r.body).toMatch(/<mark>withdrawal<\/mark>/i);
    const retracted = await get(`${w.base}/?retracted=true`);
    expect(retracted.body).toContain('<span class="badge retracted">Retracted</span>');
    expect((await get(`${w.base}/paper/50000003`)).body).toContain('>Updated</span>');
  });

  it('links a retracted paper and its notice both ways, and shows what changed between versions', async () => {
    const paper = await get(`${w.base}/paper/50000010`);
    expect(paper.body).toContain('This paper has been retracted.');
    expect(paper.body).toContain('Retraction notice: <a href="/paper/50000011" data-print-url="https://pubmed.ncbi.nlm.nih.gov/50000011/">PMID 50000011</a>');
    const notice = await get(`${w.base}/paper/50000011`);
    expect(notice.body).toContain('<a href="/paper/50000010" data-print-url="https://pubmed.ncbi.nlm.nih.gov/50000010/">PMID 50000010</a>');
    const revised = await get(`${w.base}/paper/50000003`);
    expect(revised.body).toContain('What changed between stored versions');
    expect(revised.body).toContain('Title before: Mitragynine analgesia trial<');
    expect(revised.body).toMatch(/<dt>Design<\/dt><dd>RCT/);
  });

  it('exports the whole result set with a download name', async () => {
    const r = await get(`${w.base}/export?format=ris&q=kratom`);
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="kratomlit-kratom.ris"');
    expect((r.body.match(/^TY {2}- /gm) ?? []).length).toBe(w.lib.facets('kratom').total);
    // A format name in any case, as the CLI's --format and the library read it.
    const upper = await get(`${w.base}/export?format=RIS&q=kratom`);
    expect([upper.status, upper.body]).toEqual([200, r.body]);
    expect(w.lib.export(w.lib.facets('kratom').pmids, 'RIS' as 'ris')).toBe(r.body);
  });

  it('exports the result set as PubMed XML: the records as kept, with its content type and an .xml name', async () => {
    const r = await get(`${w.base}/export?format=pubmed-xml&q=kratom`);
    expect([r.status, r.headers.get('content-type'), r.headers.get('content-disposition')]).toEqual([200, 'application/xml; charset=utf-8', 'attachment; filename="kratomlit-kratom.xml"']);
    expect(XMLValidator.validate(r.body)).toBe(true);
    expect(r.body).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<!DOCTYPE PubmedArticleSet PUBLIC /);
    // The fixture keeps `<PubmedArticle><PMID>N</PMID></PubmedArticle>` as each record's raw XML.
    const pmids = [...r.body.matchAll(/<PubmedArticle><PMID>(\d+)<\/PMID><\/PubmedArticle>/g)].map((m) => m[1]);
    expect(pmids).toEqual(w.lib.facets('kratom').pmids);
    expect(w.lib.export(w.lib.facets('kratom').pmids, 'pubmed-xml')).toBe(r.body);
    expect((await get(`${w.base}/?q=kratom`)).body).toContain('format=pubmed-xml" download>PubMed XML</a>');
  });

  it('sends a PMID written with leading zeros to the paper page at its one address, keeping the query', async () => {
    const pmid = fixtureArticles()[0]?.pmid ?? '';
    const r = await get(`${w.base}/paper/00${pmid}?q=kratom`);
    expect([r.status, r.headers.get('location')]).toEqual([301, `/paper/${pmid}?q=kratom`]);
    expect((await get(`${w.base}/paper/0${pmid}.json`)).headers.get('location')).toBe(`/paper/${pmid}.json`);
  });

  it('serves the digest archive, a week, and the Atom feed at stable URLs', async () => {
    expect((await get(`${w.base}/digests/`)).body).toContain('href="/digests/2026-W47"');
    expect((await get(`${w.base}/digests`)).headers.get('location')).toBe('/digests/');
    const week = await get(`${w.base}/digests/2026-W47`);
    expect(week.body).toContain('<h1>Digest 2026-W47</h1>');
    const feed = await get(`${w.base}/feed.atom`);
    expect(feed.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(feed.body).toContain('<feed');
    // A subscriber's reader resolves each entry link against xml:base and the feed's address: it reaches
    // the week's page (the digest job wrote the link as the file beside the feed, 2026-W47.html).
    const base = new URL(/xml:base="([^"]+)"/.exec(feed.body)?.[1] ?? '', `${w.base}/feed.atom`);
    const entry = /<entry>[\s\S]*?<link href="([^"]+)"/.exec(feed.body)?.[1] ?? '';
    const moved = await get(new URL(entry, base).href);
    expect([moved.status, moved.headers.get('location')]).toEqual([301, '/digests/2026-W47']);
    expect((await get(new URL(moved.headers.get('location') ?? '', w.base).href)).body).toContain('<h1>Digest 2026-W47</h1>');
    expect((await get(new URL('feed.atom', base).href)).headers.get('location')).toBe('/feed.atom');
  });

  it('draws the design x theme matrix from the records evidence, each cell a link to that search', async () => {
    const r = await get(`${w.base}/evidence`);
    // Every record is counted (classified when stored, overridden, or by the rules when read).
    expect(r.body).toContain(`${fixtureArticles().length} records, each counted`);
    expect(r.body).toContain('href="/?design=case-report&amp;theme=dependence"');
  });

  it('narrows the map by topic and year as kratomlit evidence --topic --since does, its links carrying the topic and year', async () => {
    const whole = JSON.parse((await get(`${w.base}/evidence.json`)).body) as { total: number };
    for (const [params, opts] of [['since=2024', { since: 2024 }], ['topic=MITRAGYNINE', { topic: 'MITRAGYNINE' }], ['topic=mitragynine&since=2025', { topic: 'mitragynine', since: 2025 }]] as const) {
      const json = JSON.parse((await get(`${w.base}/evidence.json?${params}`)).body) as { total: number };
      expect(json, params).toEqual(JSON.parse(JSON.stringify(w.lib.evidence(opts))));
      expect(json.total, params).toBeLessThanOrEqual(whole.total);
    }
    expect(JSON.parse((await get(`${w.base}/evidence.json?since=2024`)).body).total).toBeLessThan(whole.total);
    const page = await get(`${w.base}/evidence?topic=mitragynine&since=2024`);
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/records on mitragynine, published 2024 or later, each counted/);
    expect(page.body).toContain('href="/?topic=mitragynine&amp;design=case-report&amp;since=2024"');
    // A year's row asks for that year alone, within the topic.
    expect(page.body).toContain('href="/?topic=mitragynine&amp;since=2024&amp;until=2024"');
    for (const [bad, why] of [['since=2024-01', /since(&quot;)? must be a year YYYY/], ['topic=nosuch', /topic/i], ['q=kratom', /Unknown parameter (&quot;)?q/]] as const) {
      const r = await get(`${w.base}/evidence?${bad}`);
      expect([r.status, r.body], bad).toEqual([400, expect.stringMatching(why)]);
    }
  });
});

describe('serve: hostile record content', () => {
  it('renders a record with script, onerror and javascript: text as inert text', async () => {
    for (const path of ['/?q=alert', '/paper/40000003', '/digests/2026-W47']) {
      const r = await get(`${w.base}${path}`);
      expect(r.body, path).toContain('&lt;script&gt;');
      expect(r.body, path).not.toMatch(/<script|<img|href="javascript:|<[^>]*\son\w+=/i);
    }
  });
});

describe('serve: bad input is a 4xx page in the site style, never a stack trace', () => {
  const cases: Array<[string, number, RegExp]> = [
    ['/digests/..%2f..%2fetc%2fpasswd', 404, /is not a week/],
    ['/digests/../../etc/passwd', 404, /There is no page|is not a week/],
    ['/digests/2026-W01', 404, /There is no digest for 2026-W01/],
    ['/digests/0001-W01', 404, /The week &quot;0001-W01&quot; is out of range \(1800-W01 to 9999-W51\)/],
    ['/digests/2027-W53', 404, /The week &quot;2027-W53&quot; does not exist \(2027 has 52 ISO weeks\)/],
    ['/paper/99999999', 404, /PMID 99999999 is not in this library/],
    ['/paper/abc', 404, /is not a PMID/],
    ['/paper/0', 404, /&quot;0&quot; is not a PMID \(a PubMed id is 1 to 9 digits, not starting with 0\)/],
    ['/?colour=red', 400, /Unknown parameter &quot;colour&quot;/],
    ['/?q=a&q=b', 400, /&quot;q&quot; was given more than once/],
    ['/?q=x{5000}'.replace('x{5000}', 'x'.repeat(5000)), 400, /longer than 1000 characters/],
    ['/?topic=astrology', 400, /Unknown topic &quot;astrology&quot;/],
    ['/?design=horoscope', 400, /Unknown design &quot;horoscope&quot;/],
    ['/?since=yesterday', 400, /&quot;since&quot; must be a date/],
    ['/?retracted=maybe', 400, /&quot;retracted&quot; must be true or false/],
    ['/?page=0', 400, /&quot;page&quot; must be a whole number/],
    ['/?q=kratom&page=400', 400, /There is no page 400: \d+ results make one page\./],
    ['/?q=kratom+year:1900&page=2', 400, /There is no page 2: 0 results make one page\./],
    ['/?q=*', 400, /&quot;\*&quot; has no letters or digits to search for/],
    ['/?q=%E0%A4%A', 400, /.+/],
    ['/%E0%A4%A', 400, /not validly encoded/],
    ['/export?format=docx', 400, /&quot;format&quot; must be one of ris, bibtex, csl-json, csv/],
    ['/export', 400, /&quot;format&quot; must be one of/],
    ['/evidence?x=1', 400, /Unknown parameter &quot;x&quot;/],
    ['/nowhere', 404, /There is no page at this address/],
  ];
  it.each(cases)('%.60s -> %i', async (path, status, message) => {
    const r = await get(`${w.base}${path}`);
    expect(r.status).toBe(status);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.body).toContain('<link rel="stylesheet" href="/style.css">');
    expect(r.body).toMatch(message);
    expect(r.body).not.toMatch(/\n\s+at |Error:/);
  });

  it('refuses writes with 405 and an oversized address with a 431 page', async () => {
    const post = await get(`${w.base}/`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(post.body).toMatch(/<title>Method not allowed/);
    const huge = await get(`${w.base}/?q=${'y'.repeat(70_000)}`);
    expect(huge.status).toBe(431);
    expect(huge.body).toContain('The address is too long.');
  });
});

describe('serve: read-only and current', () => {
  it('leaves the store unchanged after every route was hit, bad ones included', async () => {
    const before = w.lib.changeSeq();
    const reader = new Database(w.dbPath, { readonly: true });
    const dump = () => JSON.stringify(reader.prepare('SELECT pmid, revision, change_seq, updated_at FROM articles ORDER BY pmid').all());
    const rows = dump();
    for (const path of [...EVERY_ROUTE, '/paper/1', '/?colour=red', '/digests/..%2f..']) await get(`${w.base}${path}`);
    for (const method of ['POST', 'PUT', 'DELETE']) await get(`${w.base}/paper/50000010`, { method });
    expect(w.lib.changeSeq()).toBe(before);
    expect(dump()).toBe(rows);
    reader.close();
  });

  it('shows a record another process stores while it serves, without a restart, and knows its new facet value', async () => {
    expect((await get(`${w.base}/?topic=larvae`)).status).toBe(400);
    const writer = openStore(w.dbPath);
    const fresh = makeArticle('50000099', { title: 'Zebrafish mitragynine larvae assay' });
    upsertParsed(writer, [{ article: fresh, raw: '<PubmedArticle/>' }], { source: 'ingest', now: new Date('2026-11-22T10:00:00Z'), topics: ['mitragynine', 'larvae'] });
    const seq = writer.prepare("SELECT CAST(value AS INTEGER) AS v FROM meta WHERE key = 'change_seq'").get() as { v: number };
    closeStore(writer);
    // The follower indexes store changes on its own timer: wait for the event (the index reached the write).
    const deadline = Date.now() + 20_000;
    while (w.lib.indexedSeq() < seq.v && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(w.lib.indexedSeq()).toBe(seq.v);
    expect((await get(`${w.base}/?q=zebrafish`)).body).toContain('/paper/50000099');
    const byTopic = await get(`${w.base}/?topic=larvae`);
    expect(byTopic.status).toBe(200);
    expect(byTopic.body).toContain('/paper/50000099');
  });

  it('writes one structured access-log entry per request', async () => {
    const n = w.logs.length;
    await get(`${w.base}/paper/99999999`);
    expect(w.logs.slice(n)).toEqual([expect.objectContaining({ access: true, method: 'GET', url: '/paper/99999999', status: 404 })]);
  });
});

describe('serve: before the first digest', () => {
  it('answers /feed.atom, which every page advertises, with a valid empty feed a reader can subscribe to', async () => {
    const empty = await startWorld({ noDigests: true });
    try {
      const page = await get(`${empty.base}/digests/`);
      expect(page.body).toContain('<link rel="alternate" type="application/atom+xml" title="kratomlit weekly digests" href="/feed.atom">');
      const r = await get(`${empty.base}/feed.atom`);
      expect([r.status, r.headers.get('content-type')]).toEqual([200, 'application/atom+xml; charset=utf-8']);
      expect(XMLValidator.validate(r.body)).toBe(true);
      const feed = new XMLParser({ ignoreAttributes: false }).parse(r.body).feed;
      expect(feed).toMatchObject({ '@_xmlns': 'http://www.w3.org/2005/Atom', id: 'tag:kratomlit,2026:digest', title: 'kratomlit weekly digest' });
      expect(feed.entry).toBeUndefined();
      // A library that has never run an ingest or import: a fixed date, the same on every fetch.
      expect(feed.updated).toBe('1970-01-01T00:00:00.000Z');
      expect((await get(`${empty.base}/feed.atom`)).body).toBe(r.body);
    } finally {
      await empty.close();
    }
  });

  it('dates the empty feed by the library, so a server restart is not an update to a feed reader', async () => {
    const empty = await startWorld({ noDigests: true });
    try {
      const first = (await get(`${empty.base}/feed.atom`)).body;
      // Another server over the same library, started later, as after a restart.
      const started = Date.now();
      while (Date.now() === started) await new Promise((r) => setTimeout(r, 1));
      const again = await startServer({ library: empty.lib, port: 0, basePath: '', log: { info: () => {}, error: () => {} }, followMs: 20 });
      try {
        expect((await get(`${again.url.replace(/\/$/, '')}/feed.atom`)).body).toBe(first);
      } finally {
        await again.close();
      }
    } finally {
      await empty.close();
    }
  });
});

describe('serve: --base-path', () => {
  it('serves every page under the prefix and writes links with it', async () => {
    const p = await startWorld({ basePath: '/lit' });
    try {
      const home = await get(`${p.base}/?q=kratom`);
      expect(home.status).toBe(200);
      expect(home.body).toContain('href="/lit/style.css"');
      expect(home.body).toMatch(/href="\/lit\/paper\/\d+\?q=kratom"/);
      expect((await get(p.base.replace('/lit', '/'))).status).toBe(404);
    } finally {
      await p.close();
    }
  });
});
