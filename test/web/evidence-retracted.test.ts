/**
 * `/evidence?retracted=` and `/evidence.json?retracted=`: the map leaves retracted papers out (false) or
 * counts only them (true) as `kratomlit evidence --retracted` does, says how many it counts, offers the
 * choice in a plain form, and every link carries it, so each count is the total of the search it opens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceMap } from '../../src/index.js';
import { get, startWorld, type WebWorld } from './fixture.js';

let w: WebWorld;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w.close();
});

const json = async (path: string): Promise<EvidenceMap> => JSON.parse((await get(`${w.base}${path}`)).body) as EvidenceMap;
const unescape = (href: string) => href.replace(/&amp;/g, '&');

/**
 * Every count the page links, with its link: a linked cell's own number, and a row heading's row total
 * (the row's last number).
 */
function linkedCounts(page: string): Array<{ href: string; n: number }> {
  const out: Array<{ href: string; n: number }> = [];
  for (const [row] of page.matchAll(/<tr>[\s\S]*?<\/tr>/g)) {
    for (const m of row.matchAll(/<td class="num"><a href="([^"]+)"[^>]*>(\d+)<\/a><\/td>/g)) out.push({ href: unescape(m[1] as string), n: Number(m[2]) });
    const head = /<th scope="row"><a href="([^"]+)">/.exec(row);
    const nums = [...row.matchAll(/<td class="num">(?:<a [^>]*>)?(\d+)(?:<\/a>)?<\/td>/g)];
    if (head && nums.length > 0) out.push({ href: unescape(head[1] as string), n: Number((nums.at(-1) as RegExpMatchArray)[1]) });
  }
  return out;
}

describe('the evidence map and retracted papers', () => {
  it('answers /evidence.json?retracted= as the library map with the same option, any case', async () => {
    const whole = await json('/evidence.json');
    expect(whole.retracted).toBeGreaterThan(0);
    expect(whole.filters.retracted).toBeNull();
    for (const [q, retracted] of [['false', false], ['FALSE', false], ['true', true]] as const) {
      const m = await json(`/evidence.json?retracted=${q}`);
      expect(m, q).toEqual(JSON.parse(JSON.stringify(w.lib.evidence({ retracted }))));
      expect(m.total, q).toBe(retracted ? whole.retracted : whole.total - whole.retracted);
      expect(m.retracted, q).toBe(retracted ? whole.retracted : 0);
    }
    // Empty means every paper (what the page's form sends for "counted").
    expect(await json('/evidence.json?retracted=')).toEqual(whole);
  });

  it('says how many retracted papers it counts, or that they are left out, with a link to the other choice', async () => {
    const whole = await json('/evidence.json');
    const page = (await get(`${w.base}/evidence`)).body;
    const n = whole.retracted;
    expect(page).toContain(`<p>${n === 1 ? '1 of them is' : `${n} of them are`} retracted and counted like any other paper (<a href="/evidence?retracted=false">leave retracted papers out</a>).</p>`);
    const out = (await get(`${w.base}/evidence?topic=mitragynine&retracted=false`)).body;
    expect(out).toContain('<p>Retracted papers are left out (<a href="/evidence?topic=mitragynine">count them too</a>).</p>');
    expect((await get(`${w.base}/evidence?retracted=true`)).body).toContain('<p>Only retracted papers are counted (<a href="/evidence">count every paper</a>).</p>');
  });

  it('offers the choice in a GET form that keeps the topic and year and shows the current choice', async () => {
    const page = (await get(`${w.base}/evidence?topic=mitragynine&since=2024&retracted=False`)).body;
    const form = /<form class="evidence-filter" method="get" action="\/evidence">[\s\S]*?<\/form>/.exec(page)?.[0] ?? '';
    expect(form).toContain('<input type="hidden" name="topic" value="mitragynine"><input type="hidden" name="since" value="2024">');
    expect(form).toContain('<label for="retracted">Retracted papers</label>');
    expect([...form.matchAll(/<option value="([^"]*)"( selected)?>/g)].map((m) => [m[1], m[2] === ' selected'])).toEqual([['', false], ['false', true], ['true', false]]);
  });

  it('links every count to a search whose total is that count, for each choice', async () => {
    for (const q of ['', '?retracted=false', '?retracted=true', '?topic=mitragynine&retracted=false']) {
      const page = (await get(`${w.base}/evidence${q}`)).body;
      const links = linkedCounts(page);
      expect(links.length, q).toBeGreaterThan(3);
      for (const { href, n } of links) {
        expect(href, q).toMatch(/^\/\?/);
        if (q.includes('retracted=')) expect(href, q).toContain(q.includes('true') ? 'retracted=true' : 'retracted=false');
        const total = (JSON.parse((await get(`${w.base}/search.json${href.slice(1)}`)).body) as { total: number }).total;
        expect(total, `${q} ${href}`).toBe(n);
      }
    }
  });

  it('refuses a retracted value that is not true or false with a 400 naming it', async () => {
    for (const path of ['/evidence?retracted=maybe', '/evidence.json?retracted=0']) {
      const r = await get(`${w.base}${path}`);
      expect([r.status, r.body], path).toEqual([400, expect.stringMatching(/&quot;retracted&quot; must be true or false|"retracted\\?" must be true or false/)]);
    }
  });
});
