import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStore, openStore } from '../../src/store/open.js';
import { applyDeletions } from '../../src/store/upsert.js';
import { get, startWorld, type WebWorld } from './fixture.js';

let w: WebWorld;
beforeAll(async () => {
  w = await startWorld();
  // PubMed withdraws one fixture record; the server's index follows the store.
  const db = openStore(w.dbPath);
  applyDeletions(db, [{ pmid: '50000002', version: 1 }], { now: new Date('2026-11-25T10:00:00Z'), source: 'ingest' });
  closeStore(db);
  await w.lib.refreshIndex();
});
afterAll(async () => {
  await w.close();
});

describe('serve: a withdrawn record and exports', () => {
  it('shows a withdrawn record without citations or download links, saying why', async () => {
    const r = await get(`${w.base}/paper/50000002`);
    expect(r.status).toBe(200);
    expect(r.body).toContain('Withdrawn from PubMed: this record is not exported');
    expect(r.body).not.toContain('/export?');
    expect(r.body).not.toContain('<textarea');
  });

  it('badges a withdrawn record on its paper page in the digest\'s words, and the notice says the same', async () => {
    const r = await get(`${w.base}/paper/50000002`);
    expect(r.body).toMatch(/<p><span class="badge retracted">Withdrawn from PubMed<\/span>/);
    expect(r.body).toContain('<p class="notice" role="note"><strong>Withdrawn from PubMed.</strong> It is kept here for reference.</p>');
    expect(r.body).not.toContain('PubMed has withdrawn');
    const live = await get(`${w.base}/paper/50000001`);
    expect(live.body).not.toContain('Withdrawn from PubMed');
  });

  it('still offers the citations of a live record', async () => {
    const r = await get(`${w.base}/paper/50000001`);
    expect(r.body).toContain('/export?q=pmid%3A50000001&amp;format=ris');
  });

  it('answers an export of a withdrawn PMID with a 404 page naming why, not an empty attachment', async () => {
    for (const format of ['ris', 'csl-json']) {
      const r = await get(`${w.base}/export?q=pmid%3A50000002&format=${format}`);
      expect(r.status).toBe(404);
      expect(r.headers.get('content-disposition')).toBeNull();
      expect(r.headers.get('content-type')).toMatch(/^text\/html/);
      expect(r.body).toContain('Nothing to export: PMID 50000002 was withdrawn from PubMed (deleted on 2026-11-25). Exports leave withdrawn records out.');
    }
  });

  it('names each looked-up PMID an export found nothing for, withdrawn or not stored, in the search page\'s words', async () => {
    const r = await get(`${w.base}/export?q=pmid%3A50000002+pmid%3A99999999&format=ris`);
    expect(r.status).toBe(404);
    expect(r.body).toContain('Nothing to export: PMID 50000002 was withdrawn from PubMed (deleted on 2026-11-25); PMID 99999999 is not in the library. Exports leave withdrawn records out.');
  });

  it('says why a search for withdrawn or unknown PMIDs finds nothing, on the page and in its JSON twin', async () => {
    const page = await get(`${w.base}/?q=pmid%3A50000002+pmid%3A99999999`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('No records match: PMID 50000002 was withdrawn from PubMed (deleted on 2026-11-25); PMID 99999999 is not in the library.');
    const json = JSON.parse((await get(`${w.base}/search.json?q=pmid%3A50000002`)).body) as { total: number; leftOut: unknown };
    expect([json.total, json.leftOut]).toEqual([0, [{ pmid: '50000002', reason: 'deleted', deletedAt: '2026-11-25T10:00:00.000Z', text: 'PMID 50000002 was withdrawn from PubMed (deleted on 2026-11-25)' }]]);
    // Beside what a lookup found, the PMIDs that found nothing, on the page and in the JSON.
    const some = await get(`${w.base}/?q=pmid%3A50000001+pmid%3A99999999`);
    expect(some.body).toContain('<p class="lookup-gaps">1 looked-up PMID found nothing: PMID 99999999 is not in the library.</p>');
    const someJson = JSON.parse((await get(`${w.base}/search.json?q=pmid%3A50000001+pmid%3A99999999`)).body) as { total: number; leftOut: unknown };
    expect([someJson.total, someJson.leftOut]).toEqual([1, [{ pmid: '99999999', reason: 'not-stored', text: 'PMID 99999999 is not in the library' }]]);
    expect((await get(`${w.base}/?q=pmid%3A50000001`)).body).not.toContain('lookup-gaps');
    // Words make it a search, not a lookup: the plain answer.
    expect((await get(`${w.base}/?q=pmid%3A50000002+kratom`)).body).toContain('>No records match.<');
  });

  it('answers an export whose search matches nothing with a 404 page naming the search', async () => {
    const r = await get(`${w.base}/export?q=zzzunmatched&format=bibtex`);
    expect(r.status).toBe(404);
    expect(r.body).toContain('Nothing to export: &quot;zzzunmatched&quot; with these filters matches no record in the library');
  });
});
