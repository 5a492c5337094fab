/// <reference lib="dom" />
/**
 * A real browser on the served pages (playwright-core driving Debian's chromium): search, a facet, a paper,
 * the RIS download, a digest and the evidence matrix, with JavaScript on and off; screenshots at 1280 px
 * and 390 px under test-artifacts/serve/; axe-core finds no serious or critical violation on any page kind.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type WebWorld } from './fixture.js';

const CHROMIUM = process.env['CHROMIUM_BIN'] ?? '/usr/bin/chromium';
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'serve');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const haveChromium = existsSync(CHROMIUM);

let w: WebWorld;
let browser: Browser;
beforeAll(async () => {
  if (!haveChromium) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  w = await startWorld();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await w?.close();
});

async function newPage(js: boolean, width = 1280): Promise<Page> {
  const ctx = await browser.newContext({ javaScriptEnabled: js, viewport: { width, height: 900 }, acceptDownloads: true });
  return ctx.newPage();
}

/** The journey a reader makes; the same with or without JavaScript because nothing needs it. */
async function journey(page: Page): Promise<void> {
  await page.goto(`${w.base}/`);
  await page.getByLabel(/Search words/).fill('kratom');
  await Promise.all([page.waitForURL(/\?q=kratom/), page.getByRole('button', { name: 'Search' }).click()]);
  const total = w.lib.facets('kratom').total;
  expect(await page.locator('#results-heading').textContent()).toMatch(new RegExp(`^${total} results, showing 1`));

  await Promise.all([page.waitForURL(/design=case-report/), page.getByRole('complementary', { name: 'Filters' }).getByRole('link', { name: 'Case report' }).click()]);
  expect(await page.locator('ol.hits > li').count()).toBe(w.lib.facets('kratom', { design: 'case-report' }).total);

  await Promise.all([page.waitForURL(/\/paper\/5000000[12]\?q=kratom&design=case-report/), page.locator('ol.hits a[href*="/paper/50000001?"], ol.hits a[href*="/paper/50000002?"]').first().click()]);
  expect(await page.locator('h1').textContent()).toMatch(/Kratom (withdrawal|hepatotoxicity)/);
  // The paper page walks the result list it was opened from.
  const list = w.lib.facets('kratom', { design: 'case-report', sort: 'relevance' }).pmids;
  const at = list.indexOf(/\/paper\/(\d+)/.exec(page.url())?.[1] ?? '');
  const bar = page.getByRole('navigation', { name: 'Previous and next paper' });
  expect(await bar.textContent()).toContain(`Result ${at + 1} of ${list.length}`);
  const step = at + 1 < list.length ? 1 : -1;
  const link = step === 1 ? 'Next paper →' : '← Previous paper';
  await Promise.all([page.waitForURL(new RegExp(`/paper/${list[at + step]}\\?q=kratom&design=case-report`)), bar.getByRole('link', { name: link }).click()]);
  expect(await bar.textContent()).toContain(`Result ${at + step + 1} of ${list.length}`);
  await page.goBack();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download RIS' }).click()]);
  // One paper's download is named after it.
  expect(download.suggestedFilename()).toBe(`kratomlit-pmid-${/\/paper\/(\d+)/.exec(page.url())?.[1] ?? '?'}.ris`);
  const ris = readFileSync(await download.path(), 'utf8');
  expect(ris).toMatch(/^TY {2}- /m);
  expect(ris.match(/^TY {2}- /gm)).toHaveLength(1);

  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Digests' }).click();
  await Promise.all([page.waitForURL(/\/digests\/2026-W47$/), page.getByRole('link', { name: '2026-W47' }).first().click()]);
  expect(await page.locator('h1').textContent()).toBe('Digest 2026-W47');

  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Evidence map' }).click();
  const rctPain = w.lib.facets('', { design: 'rct', theme: 'pain' });
  await Promise.all([page.waitForURL(/design=rct&theme=pain/), page.getByRole('link', { name: `${rctPain.total} RCT papers on pain` }).click()]);
  expect(await page.locator('ol.hits > li').count()).toBe(rctPain.total);
  expect(await page.locator('ol.hits').textContent()).toContain('Mitragynine analgesia trial');
}

describe.skipIf(!haveChromium)(`serve in chromium (${CHROMIUM})`, () => {
  it('searches, filters, opens a paper, downloads RIS, follows a digest and the evidence matrix with JavaScript on', async () => {
    await journey(await newPage(true));
  }, 60_000);

  it('does the same with JavaScript off', async () => {
    await journey(await newPage(false));
  }, 60_000);

  const KINDS: Array<[string, string]> = [
    ['search', '/?q=kratom'], ['browse', '/'], ['paper', '/paper/50000010'], ['digests', '/digests/'], ['digest', '/digests/2026-W47'],
    ['evidence', '/evidence'], ['status', '/status'], ['error', '/paper/99999999'],
  ];

  it('writes screenshots of every page kind at 1280 px and 390 px, with nothing wider than the 390 px screen', async () => {
    for (const width of [1280, 390]) {
      const page = await newPage(false, width);
      for (const [kind, path] of KINDS) {
        await page.goto(`${w.base}${path}`);
        const file = join(ARTIFACTS, `${kind}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        expect(existsSync(file)).toBe(true);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${kind} at ${width} px scrolls sideways`).toBeLessThanOrEqual(0);
      }
    }
  }, 120_000);

  it('axe-core finds no serious or critical violation on any page kind', async () => {
    const ctx = await browser.newContext({ bypassCSP: true });
    const page = await ctx.newPage();
    for (const [kind, path] of KINDS) {
      await page.goto(`${w.base}${path}`);
      await page.addScriptTag({ content: AXE });
      const result = await page.evaluate(async () => {
        const axe = (globalThis as unknown as { axe: { run: (c: Document) => Promise<{ passes: unknown[]; violations: Array<{ id: string; impact: string | null; nodes: unknown[] }> }> } }).axe;
        const r = await axe.run(document);
        return { passes: r.passes.length, list: r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })) };
      });
      // axe ran its rules (some passed), and none of the failures is serious or critical.
      expect(result.passes, kind).toBeGreaterThan(10);
      expect(result.list.filter((v) => v.impact === 'serious' || v.impact === 'critical'), kind).toEqual([]);
    }
  }, 120_000);

  it('prints a paper\'s open citations whole, without the cite controls, and the address of its link to a notice', async () => {
    const page = await newPage(false);
    await page.goto(`${w.base}/paper/50000010`);
    await page.emulateMedia({ media: 'print' });
    const ris = w.lib.export(['50000010'], 'ris');
    const shown = (selector: string) => page.locator(selector).evaluateAll((els) => els.filter((e) => e instanceof HTMLElement && e.offsetParent !== null).length);
    // The open RIS block prints its whole text; the textarea (which prints only the lines it shows), the
    // download links and the closed formats do not print.
    expect((await page.locator('.cite details[open] pre').innerText()).trimEnd()).toBe(ris.replace(/\r\n/g, '\n').trimEnd());
    expect([await shown('.cite textarea'), await shown('.cite .download a'), await shown('.cite details:not([open]) summary')]).toEqual([0, 0, 0]);
    const after = await page.getByRole('link', { name: 'PMID 50000011' }).evaluate((a) => getComputedStyle(a, '::after').content);
    expect(after).toBe('" (https://pubmed.ncbi.nlm.nih.gov/50000011/)"');
    // On screen the cite box is the textarea and its download link, with no second copy of the text.
    await page.emulateMedia({ media: 'screen' });
    expect([await shown('.cite details[open] textarea'), await shown('.cite details[open] .download a'), await shown('.cite pre')]).toEqual([1, 1, 0]);
  }, 60_000);

  it('outlines a focused textarea as it does every other control', async () => {
    const page = await newPage(false);
    await page.goto(`${w.base}/paper/50000010`);
    const outline = (selector: string) => page.locator(selector).first().evaluate((e) => {
      (e as HTMLElement).focus();
      const s = getComputedStyle(e);
      return `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`;
    });
    expect(await outline('.cite textarea')).toBe('solid 3px rgb(240, 165, 0)');
    expect(await outline('.cite textarea')).toBe(await outline('input[type=search], a'));
  }, 60_000);

  it('lets a keyboard user skip to the content first', async () => {
    const page = await newPage(false);
    await page.goto(`${w.base}/?q=kratom`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  }, 60_000);
});
