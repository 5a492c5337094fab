/**
 * The evidence map of a set of records: design x theme counts and papers per year by design, for
 * `kratomlit evidence` and the digest chart. Pure.
 */
import type { ListedArticle } from '../types.js';
import { classifyByRules } from './classify.js';
import { DESIGNS, DESIGN_LABELS, THEMES, type Design, type Evidence, type EvidenceMap, type Theme } from './types.js';

export type { EvidenceMap } from './types.js';

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** The year a paper was published: PubDate, else the electronic date, else the entry date. */
export function paperYear(a: ListedArticle): number | null {
  if (a.pubDate.year !== null) return a.pubDate.year;
  const d = a.articleDate ?? a.history['entrez'] ?? a.history['pubmed'] ?? null;
  return d === null ? null : Number(d.slice(0, 4));
}

/** The record's stored classification, or the current rules' one when the store gave none. */
export function evidenceOf(a: ListedArticle): Evidence {
  return a.evidence ?? classifyByRules(a);
}

/**
 * The map of the records of `records` in one topic, published from one year on, and without (false) or
 * only (true) retracted papers (each left out: all), the records counted one at a time (the map holds
 * none of them).
 */
export function evidenceMapOf(records: Iterable<ListedArticle>, o: { topic?: string; since?: number; retracted?: boolean } = {}): EvidenceMap {
  const f = { since: o.since ?? null, topic: o.topic ?? null, retracted: o.retracted ?? null };
  // Topics compare ignoring case, as every other filter compares them.
  const topic = f.topic?.toLowerCase() ?? null;
  const keep = (a: ListedArticle) => (topic === null || a.topics.some((t) => t.toLowerCase() === topic))
    && (f.since === null || (paperYear(a) ?? -Infinity) >= f.since)
    && (f.retracted === null || a.retracted === f.retracted);
  return evidenceMap(matching(records, keep), f);
}

/** The filters a map says it was counted with; a caller that never filters retractions may leave `retracted` out. */
type MapFilters = Omit<EvidenceMap['filters'], 'retracted'> & { retracted?: boolean | null };

function* matching(all: Iterable<ListedArticle>, keep: (a: ListedArticle) => boolean): Generator<ListedArticle> {
  for (const a of all) if (keep(a)) yield a;
}

/** Counts the map of `articles` (already filtered by the caller; `filters.retracted` absent: null). */
export function evidenceMap(articles: Iterable<ListedArticle>, given: MapFilters): EvidenceMap {
  const filters = { ...given, retracted: given.retracted ?? null };
  const byDesign = zeros(DESIGNS);
  const byTheme = zeros(THEMES);
  const matrix = Object.fromEntries(DESIGNS.map((d) => [d, zeros(THEMES)])) as Record<Design, Record<Theme, number>>;
  const years = new Map<number, Record<Design, number>>();
  let total = 0;
  let retracted = 0;
  for (const a of articles) {
    const e = evidenceOf(a);
    total += 1;
    if (a.retracted) retracted += 1;
    byDesign[e.design] += 1;
    for (const t of e.themes) {
      byTheme[t] += 1;
      matrix[e.design][t] += 1;
    }
    const y = paperYear(a);
    if (y !== null) {
      const row = years.get(y) ?? zeros(DESIGNS);
      row[e.design] += 1;
      years.set(y, row);
    }
  }
  const yearRows = [...years.entries()].sort((a, b) => a[0] - b[0]).map(([year, row]) => ({
    year, total: DESIGNS.reduce((n, d) => n + row[d], 0), byDesign: row,
  }));
  return { total, retracted, filters, byDesign, byTheme, matrix, years: yearRows };
}

/** The retraction filter as a map's scope names it; null when the map counts every paper. */
export function retractedScope(retracted: boolean | null): string | null {
  return retracted === null ? null : retracted ? 'retracted papers only' : 'retracted papers left out';
}

/**
 * What a map counting every paper says of its retracted ones (a reader would otherwise take the matrix
 * for sound evidence only); `leaveOut` names how this face leaves them out (`--retracted false`).
 */
export function retractedCounted(n: number, leaveOut: string): string {
  return n === 0 ? `${retractedWords(n)}.` : `${retractedWords(n)} (${leaveOut} leaves them out).`;
}

/** "2 of them are retracted and counted like any other paper", or "None of them is retracted": each face adds how to leave them out. */
export function retractedWords(n: number): string {
  if (n === 0) return 'None of them is retracted';
  return `${n === 1 ? '1 of them is' : `${n.toLocaleString('en')} of them are`} retracted and counted like any other paper`;
}

function grid(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

/** The map as two plain-text tables (design x theme, then year x design). */
export function formatEvidenceMap(m: EvidenceMap): string {
  const f = m.filters;
  const scope = [f.topic ? `topic ${f.topic}` : null, f.since !== null ? `published ${f.since} or later` : null, retractedScope(f.retracted)].filter(Boolean).join(', ');
  const used = DESIGNS.filter((d) => m.byDesign[d] > 0);
  const matrix = grid(
    ['design', ...THEMES, 'records'],
    [...used.map((d) => [DESIGN_LABELS[d], ...THEMES.map((t) => String(m.matrix[d][t] || '.')), String(m.byDesign[d])]),
      ['all', ...THEMES.map((t) => String(m.byTheme[t])), String(m.total)]],
  );
  const years = grid(
    ['year', ...used.map((d) => DESIGN_LABELS[d]), 'all'],
    m.years.map((y) => [String(y.year), ...used.map((d) => String(y.byDesign[d] || '.')), String(y.total)]),
  );
  const head = [`Evidence map: ${m.total} records${scope ? ` (${scope})` : ''}`];
  if (f.retracted === null) head.push(retractedCounted(m.retracted, '--retracted false'));
  return [...head, '', matrix, '', 'Papers per year by design', '', years].join('\n');
}
