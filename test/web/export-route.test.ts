/**
 * `/export`: each format's download carries the media type the export module declares for it (CSV with its
 * header row announced), and PubMed XML missing a record's kept XML is refused naming it (409), through the
 * library's export rather than a copy of it.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, startWorld, type WebWorld } from './fixture.js';

let w: WebWorld;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w.close();
});

describe('serve: /export', () => {
  it.each([
    ['ris', 'application/x-research-info-systems; charset=utf-8'],
    ['bibtex', 'application/x-bibtex; charset=utf-8'],
    ['csl-json', 'application/vnd.citationstyles.csl+json; charset=utf-8'],
    ['csv', 'text/csv; charset=utf-8; header=present'],
    ['pubmed-xml', 'application/xml; charset=utf-8'],
  ])('serves %s as %s', async (format, type) => {
    const r = await get(`${w.base}/export?format=${format}&q=kratom`);
    expect([r.status, r.headers.get('content-type')]).toEqual([200, type]);
  });

  it('refuses PubMed XML with 409 naming the records that have no kept XML', async () => {
    const pmids = w.lib.facets('mitragynine').pmids;
    const missing = pmids[0] as string;
    const db = new Database(w.dbPath);
    db.prepare('UPDATE articles SET raw_xml = NULL WHERE pmid = ?').run(missing);
    db.close();
    const r = await get(`${w.base}/export?format=pubmed-xml&q=mitragynine`);
    expect(r.status).toBe(409);
    expect(r.body).toContain(`Cannot export PubMed XML: 1 record has no kept PubMed XML and was left out (PMID ${missing}); the library has only its normalized record`);
    // Citations do not need the kept XML.
    expect((await get(`${w.base}/export?format=ris&q=mitragynine`)).status).toBe(200);
  });
});
