/**
 * The HTML digest's chart of papers per publication year by evidence design: inline SVG, stacked bars,
 * a text legend, no script and nothing remote (the page's CSP forbids both anyway). Drawn in a 360-unit
 * wide viewBox scaled to the page width, so labels stay legible on a 390 px phone. Pure.
 */
import { DESIGNS, DESIGN_LABELS, type Design } from '../evidence/types.js';
import { escapeHtml as esc } from './text.js';
import type { YearRow } from './types.js';

export type { YearRow } from './types.js';

/**
 * At most this many bars. A library spanning more years pools its earliest ones into the first bar (labelled
 * `≤16`), so every counted paper is drawn and the bars stay readable on a phone.
 */
export const CHART_YEARS = 12;

/** One bar: the papers of `from` to `to` (one year, the pooled earliest years, or the pooled years past the latest). */
export interface ChartBar {
  from: number;
  to: number;
  total: number;
  byDesign: Record<Design, number>;
  /** The last bar pools years past the latest plausible one (a record's wrong year, e.g. 2207). */
  later?: true;
}

/**
 * The bars for `rows`: one per year on a linear axis from the first year with papers to the last (a year
 * with none is an empty bar, never left out, so the spacing stays true), the earliest years pooled into
 * the first bar beyond {@link CHART_YEARS}. Every paper of `rows` is in exactly one bar, next-year issues
 * (PubMed's ahead-of-print) included.
 */
export function chartBars(rows: readonly YearRow[], latest = Number.POSITIVE_INFINITY): ChartBar[] {
  const counted = rows.filter((r) => r.total > 0);
  if (counted.length === 0) return [];
  const first = Math.min(...counted.map((r) => r.year));
  const top = Math.max(...counted.map((r) => r.year));
  // Years past `latest` (PubMed accepts a year up to 2100; one wrong record would stretch the axis over
  // decades of empty bars and pool every real paper into the first) are one last bar.
  const later = top > latest;
  const last = later ? Math.max(first, latest + 1) : top;
  const start = Math.max(first, last - CHART_YEARS + 1);
  const bars: ChartBar[] = [];
  for (let y = start; y <= last; y++) bars.push({ from: y === start ? first : y, to: y, total: 0, byDesign: zeros() });
  if (later) Object.assign(bars[bars.length - 1] as ChartBar, { from: last, to: top, later: true });
  for (const r of counted) {
    const bar = bars[Math.min(bars.length - 1, Math.max(0, r.year - start))] as ChartBar;
    bar.total += r.total;
    for (const d of DESIGNS) bar.byDesign[d] += r.byDesign[d];
  }
  return bars;
}

function zeros(): Record<Design, number> {
  return Object.fromEntries(DESIGNS.map((d) => [d, 0])) as Record<Design, number>;
}

/** `26`, `≤16` for the pooled first bar, `≥28` for the pooled last one. */
function barLabel(b: ChartBar): string {
  if (b.later) return `≥${String(b.from).slice(2)}`;
  return `${b.from < b.to ? '≤' : ''}${String(b.to).slice(2)}`;
}

/** `2026`, or `2005 to 2016` for a pooled bar. */
function barYears(b: ChartBar): string {
  return b.from < b.to ? `${b.from} to ${b.to}` : String(b.to);
}

// Distinct on light and dark backgrounds; the legend names every colour, so colour is never the only cue.
const COLORS: Readonly<Record<Design, string>> = {
  'systematic-review': '#6a3d9a', rct: '#1f78b4', 'clinical-trial': '#a6cee3', observational: '#33a02c',
  'case-report': '#e31a1c', animal: '#ff7f00', 'in-vitro': '#fdbf6f', analytical: '#b15928', review: '#cab2d6',
  other: '#999999',
};

const W = 360;
const PLOT_TOP = 14;
const PLOT_H = 110;
const LEFT = 26;

function bars(rows: readonly ChartBar[], max: number): string[] {
  const step = (W - LEFT) / rows.length;
  const width = Math.max(4, Math.min(24, step * 0.7));
  const out: string[] = [];
  rows.forEach((r, i) => {
    const x = LEFT + i * step + (step - width) / 2;
    let y = PLOT_TOP + PLOT_H;
    for (const d of DESIGNS) {
      const n = r.byDesign[d];
      if (n === 0) continue;
      const h = (n / max) * PLOT_H;
      y -= h;
      out.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${width.toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[d]}"><title>${barYears(r)} ${esc(DESIGN_LABELS[d])}: ${n}</title></rect>`);
    }
    out.push(`<text x="${(x + width / 2).toFixed(1)}" y="${PLOT_TOP + PLOT_H + 12}" text-anchor="middle">${barLabel(r)}</text>`);
  });
  return out;
}

function legend(designs: readonly Design[], top: number): string[] {
  return designs.map((d, i) => {
    const x = 4 + (i % 3) * 120;
    const y = top + Math.floor(i / 3) * 14;
    return `<rect x="${x}" y="${y - 8}" width="9" height="9" fill="${COLORS[d]}"/><text x="${x + 13}" y="${y}">${esc(DESIGN_LABELS[d])}</text>`;
  });
}

/**
 * The latest publication year a digest's chart draws as its own bar: the year after the week's (PubMed's
 * ahead-of-print issues carry next year's date); any later year is a record's error, pooled into a last bar.
 */
export function chartLatestYear(doc: { range: { to: string } }): number {
  return Number(doc.range.to.slice(0, 4)) + 1;
}

/** The chart of `rows` ({@link chartBars}, years past `latest` pooled into a last bar), or '' when there is nothing to draw. */
export function renderYearChart(rows: readonly YearRow[], latest = Number.POSITIVE_INFINITY): string {
  const shown = chartBars(rows, latest);
  const head = shown[0];
  const tail = shown.at(-1);
  if (head === undefined || tail === undefined) return '';
  const max = Math.max(...shown.map((r) => r.total));
  const used = DESIGNS.filter((d) => shown.some((r) => r.byDesign[d] > 0));
  const legendTop = PLOT_TOP + PLOT_H + 30;
  const height = legendTop + Math.ceil(used.length / 3) * 14;
  const pooled = [
    ...(head.from < head.to && !head.later ? [`${head.from} to ${head.to} together in the first bar`] : []),
    ...(tail.later ? [`${tail.from} to ${tail.to} together in the last bar`] : []),
  ];
  const label = `Papers per publication year by study design, ${head.from} to ${tail.to}${pooled.length > 0 ? ` (${pooled.join('; ')})` : ''}; at most ${max} in one ${pooled.length === 0 ? 'year' : 'bar'}`;
  return [
    `<svg class="chart" viewBox="0 0 ${W} ${height}" width="100%" role="img" aria-label="${esc(label)}" font-size="10" fill="currentColor">`,
    `<title>${esc(label)}</title>`,
    `<text x="0" y="${PLOT_TOP - 4}">${max}</text>`,
    `<line x1="${LEFT - 2}" y1="${PLOT_TOP + PLOT_H}" x2="${W}" y2="${PLOT_TOP + PLOT_H}" stroke="currentColor" stroke-width="0.5"/>`,
    ...bars(shown, max),
    ...legend(used, legendTop),
    '</svg>',
  ].join('\n');
}
