/**
 * `/export`: each format's download carries the media type the export module declares for it (CSV with its
 * header row announced), and PubMed XML missing a record's kept XML is refused naming it (409), through the
 * library's export rather than a copy of it.
 */
import Database from 'better-sqlite3';
import { downloadName, MAX_SLUG } from '../../src/web/download-name.js';
import { readSearch } from '../../src/web/params.js';
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

  it('names one paper\'s download after its PMID and a result set after its query and filters', async () => {
    const disposition = async (q: string) => (await get(`${w.base}/export?${q}`)).headers.get('content-disposition');
    expect(await disposition('format=ris&q=pmid%3A50000003')).toBe('attachment; filename="kratomlit-pmid-50000003.ris"');
    expect(await disposition('format=csv&q=Kratom%21&topic=mitragynine&since=2020')).toBe('attachment; filename="kratomlit-kratom-topic-mitragynine-since-2020.csv"');
  });
});

describe('download names', () => {
  const name = (query: string, pmids = ['1', '2']) => downloadName(readSearch(new URLSearchParams(query)), pmids, 'ris');

  it('keep only ASCII letters, digits and hyphens, accents dropped and other scripts left out', () => {
    expect(name('q=Kratom%C3%A9+%22withdrawal%22+AND+title%3A%2F..%2Fetc')).toBe('kratomlit-kratome-withdrawal-and-title-etc.ris');
    expect(name('q=%E5%85%8B%E6%8B%89%E5%A7%86&retracted=false')).toBe('kratomlit-retracted-false.ris');
  });

  it('fall back to the number of records when nothing of the query is ASCII, or there is no query', () => {
    expect(name('q=%E5%85%8B%E6%8B%89%E5%A7%86')).toBe('kratomlit-2-records.ris');
    expect(name('', ['1', '2', '3'])).toBe('kratomlit-3-records.ris');
  });

  it('are bounded, cut between words', () => {
    const n = name(`q=${'mitragynine '.repeat(20)}`);
    expect(n).toBe(`kratomlit-${Array(5).fill('mitragynine').join('-')}.ris`);
    expect(n.length - 'kratomlit-.ris'.length).toBeLessThanOrEqual(MAX_SLUG);
    expect(name(`q=${'a'.repeat(200)}`)).toBe(`kratomlit-${'a'.repeat(MAX_SLUG)}.ris`);
  });
});
