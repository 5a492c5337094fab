/// <reference lib="dom" />
/**
 * The evidence page in a real browser (playwright-core driving Debian's chromium), JavaScript off: at
 * 390 px its tables scroll inside a named, focusable box that keeps the design labels and the caption in
 * view; the "Retracted papers" form works without script; axe-core finds nothing serious.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type WebWorld } from './fixture.js';

const CHROMIUM = process.env['CHROMIUM_BIN'] ?? '/usr/bin/chromium';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const haveChromium = existsSync(CHROMIUM);

let w: WebWorld;
let browser: Browser;
beforeAll(async () => {
  if (!haveChromium) return;
  w = await startWorld();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await w?.close();
});

/** A page with JavaScript off; `forAxe` turns it on (only for the injected checker) and lets it past the CSP. */
async function newPage(width: number, forAxe = false): Promise<Page> {
  const ctx = await browser.newContext({ javaScriptEnabled: forAxe, viewport: { width, height: 900 }, bypassCSP: forAxe });
  return ctx.newPage();
}

describe.skipIf(!haveChromium)(`the evidence page in chromium (${CHROMIUM})`, () => {
  it('at 390 px keeps each table\'s row labels and caption inside its scroll box while the numbers scroll', async () => {
    const page = await newPage(390);
    await page.goto(`${w.base}/evidence`);
    const boxes = await page.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('main div.scroll'), (box) => {
      const before = box.querySelector('tbody th[scope=row]')?.getBoundingClientRect().left ?? NaN;
      box.scrollLeft = box.scrollWidth;
      const r = box.getBoundingClientRect();
      const th = box.querySelector('tbody th[scope=row]')?.getBoundingClientRect();
      const cap = box.querySelector('caption')?.getBoundingClientRect();
      return { wide: box.scrollWidth > box.clientWidth, scrolled: box.scrollLeft, boxLeft: r.left, boxRight: r.right, before, thLeft: th?.left, capLeft: cap?.left, capRight: cap?.right };
    }));
    expect(boxes).toHaveLength(2);
    expect(boxes[0]?.wide, 'the matrix is wider than the screen (else this test checks nothing)').toBe(true);
    for (const b of boxes.filter((x) => x.wide)) {
      expect(b.scrolled).toBeGreaterThan(0);
      // The row heading stays at the box's left edge (not scrolled off with the numbers) ...
      expect(b.thLeft).toBeCloseTo(b.before, 0);
      expect(b.thLeft).toBeCloseTo(b.boxLeft, 0);
      // ... and the caption wraps within the box instead of running past its right edge.
      expect(b.capLeft).toBeGreaterThanOrEqual(b.boxLeft - 0.5);
      expect(b.capRight).toBeLessThanOrEqual(b.boxRight + 0.5);
    }
  }, 60_000);

  it('makes each scroll box a region named by its caption that the keyboard reaches', async () => {
    const page = await newPage(390);
    await page.goto(`${w.base}/evidence`);
    const matrix = page.getByRole('region', { name: /^Papers by study design and theme/ });
    const years = page.getByRole('region', { name: /^Papers per publication year by study design/ });
    expect([await matrix.count(), await years.count()]).toEqual([1, 1]);
    // Tab from the last control before the matrix (the form's button) lands on the matrix box.
    await page.getByRole('button', { name: 'Show' }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-labelledby'))).toBe('matrix-caption');
    // Focused, the arrow keys scroll it.
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await matrix.evaluate((e) => e.scrollLeft)).toBeGreaterThan(0);
  }, 60_000);

  it('leaves retracted papers out through the page\'s form with JavaScript off', async () => {
    const page = await newPage(1280);
    await page.goto(`${w.base}/evidence?topic=mitragynine`);
    await page.getByLabel('Retracted papers').selectOption('false');
    await Promise.all([page.waitForURL(/\/evidence\?topic=mitragynine&retracted=false$/), page.getByRole('button', { name: 'Show' }).click()]);
    const want = w.lib.evidence({ topic: 'mitragynine', retracted: false }).total;
    expect(await page.locator('main').textContent()).toContain(`${want} records on mitragynine`);
    expect(await page.locator('main').textContent()).toContain('Retracted papers are left out');
  }, 60_000);

  it('axe-core finds no serious or critical violation on the evidence page at 390 and 1280 px', async () => {
    for (const [width, path] of [[390, '/evidence'], [1280, '/evidence?retracted=false']] as const) {
      const page = await newPage(width, true);
      await page.goto(`${w.base}${path}`);
      await page.addScriptTag({ content: AXE });
      const result = await page.evaluate(async () => {
        const axe = (globalThis as unknown as { axe: { run: (c: Document) => Promise<{ passes: unknown[]; violations: Array<{ id: string; impact: string | null }> }> } }).axe;
        const r = await axe.run(document);
        return { passes: r.passes.length, list: r.violations.map((v) => ({ id: v.id, impact: v.impact })) };
      });
      expect(result.passes, path).toBeGreaterThan(10);
      expect(result.list.filter((v) => v.impact === 'serious' || v.impact === 'critical'), `${path} at ${width}`).toEqual([]);
    }
  }, 60_000);
});
