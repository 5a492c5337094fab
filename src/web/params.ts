/**
 * Validating a page's query string: only the parameters a page knows, each at most once and of bounded
 * size, values in their vocabulary. Anything else is an HttpError 400 that names the parameter. Pure.
 */
import { HttpError } from './errors.js';
import type { QueryParams } from './urls.js';

/** Parameters of the search page and of /export (same meaning). */
export const SEARCH_PARAMS = ['q', 'topic', 'design', 'theme', 'type', 'since', 'until', 'retracted', 'sort', 'page'] as const;
export type SearchParam = (typeof SEARCH_PARAMS)[number];

/** A validated search request. */
export interface SearchRequest {
  q: string;
  topic?: string;
  design?: string;
  theme?: string;
  /** Words of a publication type (`review`, `rct`), as the CLI's `--type`. */
  type?: string;
  since?: string;
  until?: string;
  retracted?: boolean;
  sort: 'relevance' | 'date';
  page: number;
  /** The request's parameters, normalized, for building links (pagination, facets). */
  params: QueryParams;
}

export const PAGE_SIZE = 20;
/** Pages beyond this are refused: a reader refines the query long before (PubMed stops at 10,000 too). */
export const MAX_PAGE = 500;
const MAX_VALUE = 1000;
const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/**
 * Parameters that links shared on the web pick up on the way (campaign tags, click ids): ignored on every
 * page, so a shared link opens; they never reach a page's own links. Any other unknown parameter is refused.
 */
export function isTrackingParam(key: string): boolean {
  return key.startsWith('utm_') || key === 'fbclid' || key === 'gclid' || key === 'mc_cid' || key === 'mc_eid';
}

/**
 * The known parameters of a page (each at most once, at most 1,000 characters); tracking parameters
 * ({@link isTrackingParam}) are left out. Throws HttpError 400 for an unknown or repeated parameter or an
 * over-long value; `takes` is the sentence naming what the page takes (default: the list of `known`).
 */
export function readParams(search: URLSearchParams, known: readonly string[], takes?: string): QueryParams {
  const out: QueryParams = {};
  for (const [key, value] of search) {
    if (isTrackingParam(key)) continue;
    if (!known.includes(key)) {
      takes ??= known.length ? `This page takes: ${known.join(', ')}.` : 'This page takes no parameters.';
      throw new HttpError(400, `Unknown parameter "${key.slice(0, 40)}". ${takes}`);
    }
    if (out[key] !== undefined) throw new HttpError(400, `Parameter "${key}" was given more than once.`);
    if (value.length > MAX_VALUE) throw new HttpError(400, `Parameter "${key}" is longer than ${MAX_VALUE} characters.`);
    out[key] = value.trim();
  }
  return out;
}

function date(params: QueryParams, name: 'since' | 'until'): string | undefined {
  const v = params[name] || undefined;
  if (v !== undefined && !DATE.test(v)) throw new HttpError(400, `"${name}" must be a date YYYY, YYYY-MM or YYYY-MM-DD, not "${v.slice(0, 40)}".`);
  return v;
}

/** A `retracted=` value: true or false in any case, empty or absent for none; a 400 naming it otherwise. */
export function readRetracted(v: string | undefined): boolean | undefined {
  if (v === undefined || v === '') return undefined;
  const lower = v.toLowerCase();
  if (lower === 'true' || lower === 'false') return lower === 'true';
  throw new HttpError(400, `"retracted" must be true or false, not "${v.slice(0, 40)}".`);
}

function page(v: string | undefined): number {
  if (v === undefined || v === '') return 1;
  const n = /^\d{1,6}$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) throw new HttpError(400, `"page" must be a whole number from 1 to ${MAX_PAGE}.`);
  return n;
}

/**
 * Reads and checks the search parameters (facet values are checked against the library by the caller);
 * `takes` names them for a page that is not the search page (see {@link readParams}).
 */
export function readSearch(search: URLSearchParams, extra: readonly string[] = [], takes?: string): SearchRequest {
  const params = readParams(search, [...SEARCH_PARAMS, ...extra], takes);
  const sort = params.sort || 'relevance';
  if (sort !== 'relevance' && sort !== 'date') throw new HttpError(400, `"sort" must be relevance or date, not "${sort.slice(0, 40)}".`);
  const req: SearchRequest = { q: params.q ?? '', sort, page: page(params.page), params };
  const optional = { topic: params.topic || undefined, design: params.design || undefined, theme: params.theme || undefined, type: params.type || undefined };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) req[k as 'topic'] = v;
  const s = date(params, 'since');
  const u = date(params, 'until');
  const r = readRetracted(params.retracted);
  if (s !== undefined) req.since = s;
  if (u !== undefined) req.until = u;
  if (r !== undefined) req.retracted = r;
  return req;
}
