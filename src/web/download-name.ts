/**
 * The file name of an `/export` download, after what it holds: `kratomlit-pmid-41900012.ris` for one paper,
 * else a short slug of the query and its filters (`kratomlit-ketum-withdrawal-topic-mitragynine.csv`).
 * Pure. Names are ASCII letters, digits and hyphens only, so the plain `filename` parameter carries them
 * everywhere and no RFC 6266 `filename*` is needed.
 */
import { slug } from '../digest/text.js';
import type { SearchRequest } from './params.js';

/** Longest slug kept, in characters: a name that still fits a file dialog. */
export const MAX_SLUG = 60;


/** Cut at the last hyphen within `max` characters, so no word is cut in half (one longer word is cut). */
function bounded(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max + 1).lastIndexOf('-');
  return cut > 0 ? s.slice(0, cut) : s.slice(0, max);
}

/** The query's words, then each filter as `name-value` (`since-2020`, `retracted-false`). */
function describe(req: SearchRequest): string {
  const filters: Array<[string, string | boolean | undefined]> = [
    ['topic', req.topic], ['design', req.design], ['theme', req.theme], ['type', req.type],
    ['since', req.since], ['until', req.until], ['retracted', req.retracted],
  ];
  const parts = [req.q, ...filters.filter(([, v]) => v !== undefined).map(([k, v]) => `${k} ${String(v)}`)];
  return slug(parts.join(' '));
}

/**
 * The download's file name: one paper by its PMID, else the query and filters as a bounded slug, else
 * (nothing of them survives as ASCII, or there is none: the whole library) the number of records.
 */
export function downloadName(req: SearchRequest, pmids: readonly string[], extension: string): string {
  if (pmids.length === 1) return `kratomlit-pmid-${slug(pmids[0] as string)}.${extension}`;
  const s = bounded(describe(req), MAX_SLUG);
  return `kratomlit-${s === '' ? `${pmids.length}-records` : s}.${extension}`;
}
