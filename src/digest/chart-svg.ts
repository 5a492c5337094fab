/**
 * The HTML digest's chart of papers per publication year by evidence design: inline SVG, stacked bars,
 * a text legend, no script and nothing remote (the page's CSP forbids both anyway). Drawn in a 360-unit
 * wide viewBox scaled to the page width, so labels stay legible on a 390 px phone. Pure.
 */
import { DESIGNS, DESIGN_LABELS, type Design } from '../evidence/types.js';
import { escapeHtml as esc } from './text.js';
import type { YearRow } from './types.js';

export type { YearRow } from './types.js';

/** At most this many years, the most recent ones up to the digest's year. */
export const CHART_YEARS = 12;

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

function bars(rows: readonly YearRow[], max: number): string[] {
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
      out.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${width.toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[d]}"><title>${r.year} ${esc(DESIGN_LABELS[d])}: ${n}</title></rect>`);
    }
    out.push(`<text x="${(x + width / 2).toFixed(1)}" y="${PLOT_TOP + PLOT_H + 12}" text-anchor="middle">${String(r.year).slice(2)}</text>`);
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

/** The chart for `rows` up to `lastYear`, or '' when there is nothing to draw. */
export function renderYearChart(rows: readonly YearRow[], lastYear: number): string {
  const shown = rows.filter((r) => r.year <= lastYear && r.total > 0).slice(-CHART_YEARS);
  if (shown.length === 0) return '';
  const max = Math.max(...shown.map((r) => r.total));
  const used = DESIGNS.filter((d) => shown.some((r) => r.byDesign[d] > 0));
  const legendTop = PLOT_TOP + PLOT_H + 30;
  const height = legendTop + Math.ceil(used.length / 3) * 14;
  const first = shown[0]?.year ?? lastYear;
  const label = `Papers per publication year by study design, ${first} to ${shown.at(-1)?.year ?? lastYear}; at most ${max} in one year`;
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
