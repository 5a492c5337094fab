import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, startWorld, type WebWorld } from './fixture.js';

let w: WebWorld;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w.close();
});

describe('serve: addresses people type or share', () => {
  it('redirects /search to the search page with the same query, the HTML twin of /search.json', async () => {
    const r = await get(`${w.base}/search?q=kratom&sort=date`);
    expect([r.status, r.headers.get('location')]).toEqual([301, '/?q=kratom&sort=date']);
    expect((await get(`${w.base}/search`)).headers.get('location')).toBe('/');
  });

  it('ignores tracking parameters on every page and keeps them out of its links', async () => {
    const plain = await get(`${w.base}/?q=kratom`);
    for (const tag of ['utm_source=x&utm_medium=email', 'fbclid=abc', 'gclid=1', 'mc_cid=2&mc_eid=3']) {
      const r = await get(`${w.base}/?q=kratom&${tag}`);
      expect(r.status, tag).toBe(200);
      expect(r.body, tag).not.toMatch(/utm_|fbclid|gclid|mc_cid|mc_eid/);
      expect(r.body.match(/\d+ results?/)?.[0], tag).toBe(plain.body.match(/\d+ results?/)?.[0]);
    }
    for (const path of ['/paper/50000001?utm_source=x', '/status?fbclid=abc', '/digests/?gclid=1', '/evidence.json?utm_campaign=y']) {
      expect((await get(`${w.base}${path}`)).status, path).toBe(200);
    }
  });

  it('still refuses other unknown parameters', async () => {
    const r = await get(`${w.base}/?q=kratom&utmsource=x`);
    expect(r.status).toBe(400);
    expect(r.body).toContain('Unknown parameter &quot;utmsource&quot;');
  });

  it('names what a paper page takes when it is given an unknown parameter', async () => {
    const r = await get(`${w.base}/paper/50000001?x=1`);
    expect(r.status).toBe(400);
    expect(r.body).toContain('Unknown parameter &quot;x&quot;. A paper page takes only the search it was opened from (q, topic, design, theme, type, since, until, retracted, sort, page), for its previous and next links.');
  });
});
