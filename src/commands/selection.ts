import { emptyEvidenceFilter, evidenceMatches } from '../evidence/filter.js';
import { evidenceOf } from '../evidence/summary.js';
import type Database from 'better-sqlite3';
import { weekRange } from '../digest/week.js';
import { UsageError } from '../errors.js';
import { iterateLiveArticles, listArticlesEnteredBetween } from '../store/articles.js';
import type { Article } from '../types.js';

/** Filters shared by `export` (and the same meaning as in `search`). */
export interface SelectionFilters {
  topic?: string;
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: publication date on or after. */
  since?: string;
  until?: string;
  /** Publication type, case-insensitive (`review` also matches `Systematic Review`). */
  type?: string;
  retracted?: boolean;
  /** Evidence design id (checked by the caller). */
  design?: string;
  /** Evidence theme id (checked by the caller). */
  theme?: string;
}

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** Validates the filter options, naming the bad one. */
export function checkFilters(f: SelectionFilters): void {
  for (const key of ['since', 'until'] as const) {
    const v = f[key];
    if (v !== undefined && !DATE.test(v)) throw new UsageError(`--${key} must be YYYY, YYYY-MM or YYYY-MM-DD, got "${v}"`);
  }
}

/** The record's publication date as `YYYY-MM-DD` (missing parts as 01), or null without a year. */
export function pubDateKey(a: Article): string | null {
  const y = a.pubDate.year;
  if (y === null) return null;
  const m = String(a.pubDate.month ?? 1).padStart(2, '0');
  const d = String(a.pubDate.day ?? 1).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** True when the record passes every filter given. */
export function matchesFilters(a: Article, f: SelectionFilters): boolean {
  if (f.topic && !a.topics.includes(f.topic)) return false;
  if (f.retracted !== undefined && a.retracted !== f.retracted) return false;
  if (f.design || f.theme) {
    const e = evidenceOf(a);
    const want = { ...emptyEvidenceFilter(), designs: f.design ? [f.design] : [], themes: f.theme ? [f.theme] : [] };
    if (!evidenceMatches(e.design, e.themes, want)) return false;
  }
  if (f.type) {
    const want = f.type.toLowerCase();
    if (!a.publicationTypes.some((t) => t.toLowerCase() === want || t.toLowerCase().includes(want))) return false;
  }
  const date = pubDateKey(a);
  if (f.since && (date === null || date < padDate(f.since, '01'))) return false;
  if (f.until && (date === null || date > padDate(f.until, '31'))) return false;
  return true;
}

function padDate(d: string, fill: string): string {
  if (d.length === 4) return `${d}-${fill === '01' ? '01' : '12'}-${fill}`;
  if (d.length === 7) return `${d}-${fill}`;
  return d;
}

/** Live records of a digest week (entry date in the week, in `timeZone`), filtered. */
export function selectWeek(db: Database.Database, week: string, timeZone: string, f: SelectionFilters): Article[] {
  const r = weekRange(week, timeZone);
  return listArticlesEnteredBetween(db, r.from, r.to).filter((a) => matchesFilters(a, f));
}

/** Every live record passing the filters, by PMID. */
export function selectAll(db: Database.Database, f: SelectionFilters): Article[] {
  const out: Article[] = [];
  for (const a of iterateLiveArticles(db)) if (matchesFilters(a, f)) out.push(a);
  return out;
}
