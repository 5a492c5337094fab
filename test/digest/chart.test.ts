import { describe, expect, it } from 'vitest';
import { chartBars, renderYearChart } from '../../src/digest/chart-svg.js';
import { evidenceMap } from '../../src/evidence/summary.js';
import type { Article } from '../../src/types.js';
import { newArticles } from '../fixtures/digest/library.js';

/** Articles published in `years` (one per entry), each classified by the rules. */
function papersOf(years: readonly number[]): Article[] {
  const base = newArticles()[0] as Article;
  return years.map((year, i) => ({ ...base, pmid: String(41000000 + i), evidence: null, pubDate: { ...base.pubDate, year, raw: String(year) } }));
}

/** Papers per bar, read back from the SVG's per-design titles (`2026 RCT: 3`). */
function drawn(svg: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of svg.matchAll(/<title>(\d{4}(?: to \d{4})?) [^:<]+: (\d+)<\/title>/g)) out.set(m[1] as string, (out.get(m[1] as string) ?? 0) + Number(m[2]));
  return out;
}

describe('the chart of papers per publication year by study design', () => {
  it("draws next year's ahead-of-print papers and empty years on a linear axis, its totals equal to the evidence map's", () => {
    const years = evidenceMap(papersOf([2019, 2021, 2021, 2022, 2026, 2027, 2027]), { since: null, topic: null }).years;
    const svg = renderYearChart(years);
    expect(svg).toContain('aria-label="Papers per publication year by study design, 2019 to 2027;');
    const labels = [...svg.matchAll(/text-anchor="middle">([^<]+)</g)].map((m) => m[1]);
    expect(labels).toEqual(['19', '20', '21', '22', '23', '24', '25', '26', '27']);
    const xs = [...svg.matchAll(/<text x="([\d.]+)" y="\d+" text-anchor="middle">/g)].map((m) => Number(m[1]));
    const steps = xs.slice(1).map((x, i) => Math.round((x - (xs[i] as number)) * 10));
    expect(new Set(steps).size).toBe(1); // evenly spaced years, so each gap is one year
    expect(Object.fromEntries(drawn(svg))).toEqual(Object.fromEntries(years.map((y) => [String(y.year), y.total])));
  });

  it('pools the earliest years into the first bar beyond twelve years, so every paper is still drawn', () => {
    const years = evidenceMap(papersOf([1998, 2003, 2010, 2015, 2016, 2020, 2027]), { since: null, topic: null }).years;
    const bars = chartBars(years);
    expect(bars).toHaveLength(12);
    expect(bars[0]).toMatchObject({ from: 1998, to: 2016, total: 5 });
    expect(bars.reduce((s, b) => s + b.total, 0)).toBe(years.reduce((s, y) => s + y.total, 0));
    const svg = renderYearChart(years);
    expect(svg).toContain('by study design, 1998 to 2027 (1998 to 2016 together in the first bar); at most 5 in one bar');
    expect(svg).toContain('text-anchor="middle">≤16<');
    expect(drawn(svg).get('1998 to 2016')).toBe(5);
  });

  it('pools a year past the latest plausible one (a wrong record) into a last bar, keeping the real years each their own', () => {
    const years = evidenceMap(papersOf([2019, 2024, 2026, 2027, 2207]), { since: null, topic: null }).years;
    const bars = chartBars(years, 2027);
    expect(bars.map((b) => [b.from, b.to, b.total])).toEqual([
      [2019, 2019, 1], [2020, 2020, 0], [2021, 2021, 0], [2022, 2022, 0], [2023, 2023, 0], [2024, 2024, 1],
      [2025, 2025, 0], [2026, 2026, 1], [2027, 2027, 1], [2028, 2207, 1],
    ]);
    const svg = renderYearChart(years, 2027);
    expect(svg).toContain('by study design, 2019 to 2207 (2028 to 2207 together in the last bar); at most 1 in one bar');
    expect(svg).toContain('text-anchor="middle">≥28<');
    expect(drawn(svg).get('2028 to 2207')).toBe(1);
    // Without a latest year every year is its own bar (up to twelve), as before.
    expect(chartBars(years).at(-1)).toMatchObject({ from: 2207, to: 2207, total: 1 });
  });
});
