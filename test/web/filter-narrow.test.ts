/**
 * The search page's `design=` and `retracted=` narrow the query in `q`, as the flags do: a clash with the
 * query's own `design:` or `retracted:` is a 400 naming both, never a wider or flipped answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, startWorld, type WebWorld } from './fixture.js';

let w: WebWorld;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w.close();
});

const pmidsOf = (body: string) => (JSON.parse(body) as { hits: Array<{ pmid: string }> }).hits.map((h) => h.pmid).sort();

describe('serve: facet parameters narrow the query', () => {
  it('narrows the query\'s designs (any of them) to the design parameter\'s one', async () => {
    const designOf = (pmid: string) => w.lib.get(pmid)?.evidence?.design;
    const either = pmidsOf((await get(`${w.base}/search.json?q=design:case-report+design:rct`)).body);
    expect(either).toEqual(expect.arrayContaining(['50000001', '50000002', '50000003']));
    expect(new Set(either.map(designOf))).toEqual(new Set(['case-report', 'rct']));
    const rct = await get(`${w.base}/search.json?q=design:case-report+design:rct&design=rct`);
    expect([rct.status, pmidsOf(rct.body)]).toEqual([200, either.filter((p) => designOf(p) === 'rct')]);
    expect(pmidsOf(rct.body)).toContain('50000003');
  });

  it.each([
    ['q=kratom+design:case-report&design=rct', 'design "rct" contradicts the query\'s design:case-report: a record has one design, so none can match both'],
    ['q=mitragynine+retracted:true&retracted=false', 'retracted false contradicts the query\'s retracted:true: no record can match both'],
  ])('answers %s with a 400 naming both, as JSON, as a page and as an export', async (params, message) => {
    const json = await get(`${w.base}/search.json?${params}`);
    expect([json.status, JSON.parse(json.body)]).toEqual([400, { error: { status: 400, message } }]);
    const html = await get(`${w.base}/?${params}`);
    expect(html.status).toBe(400);
    expect(html.body).toContain(message.replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
    const ris = await get(`${w.base}/export?format=ris&${params}`);
    expect(ris.status).toBe(400);
  });
});
