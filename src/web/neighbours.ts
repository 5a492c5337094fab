/**
 * Previous and next on a paper's page. A reader who came from a result list expects to walk that list,
 * so a result's link carries the search that produced it (`/paper/PMID?q=…&topic=…&sort=…`) and the
 * neighbours are the records before and after it in that search's result order. A reader who came from
 * anywhere else (a bookmark, a digest, a notice link) walks the library by PMID, the one order every
 * record has and PubMed readers know. A record that is no longer in the carried search (it changed since)
 * falls back to PMID order, and the page says which list it walks.
 */
import type { Library } from '../index.js';
import type { SearchRequest } from './params.js';
import type { QueryParams } from './urls.js';

/** The search parameters a paper link carries (not the page: the position in the list says where). */
export const CONTEXT_PARAMS = ['q', 'topic', 'design', 'theme', 'type', 'since', 'until', 'retracted', 'sort'] as const;

/** Where a paper sits in the list the reader walks. */
export interface Neighbours {
  /** `search`: the carried search's results; `pmid`: every live record by PMID. */
  list: 'search' | 'pmid';
  prev: string | null;
  next: string | null;
  /** 1-based position in the list, and its length (null position: not in the list, e.g. a deleted record). */
  position: number | null;
  total: number;
  /** The carried search parameters (empty for PMID order): paper links and "back to results" reuse them. */
  context: QueryParams;
  /** The result page holding this paper (search lists only). */
  page: number | null;
}

/** The carried search parameters of a request, without empty ones. */
export function contextOf(params: QueryParams): QueryParams {
  const out: QueryParams = {};
  for (const k of CONTEXT_PARAMS) if (params[k]) out[k] = params[k];
  return out;
}

/** Live PMIDs in numeric order, kept per index state (the caller's cache). */
export function pmidOrder(lib: Library): string[] {
  return [...lib.facets('', {}).pmids].sort((a, b) => Number(a) - Number(b));
}

/** Where `pmid` is or would be in `sorted` (numeric order). */
function seek(sorted: readonly string[], pmid: string): number {
  const n = Number(pmid);
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Number(sorted[mid]) < n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether `pmid` is in `sorted` (live PMIDs in numeric order): a membership test that reads no record. */
export function isListed(sorted: readonly string[], pmid: string): boolean {
  return sorted[seek(sorted, pmid)] === pmid;
}

function byPmid(sorted: readonly string[], pmid: string): Neighbours {
  const lo = seek(sorted, pmid);
  const found = sorted[lo] === pmid;
  return {
    list: 'pmid', prev: sorted[lo - 1] ?? null, next: sorted[found ? lo + 1 : lo] ?? null,
    position: found ? lo + 1 : null, total: sorted.length, context: {}, page: null,
  };
}

/**
 * The neighbours of `pmid` in the carried search (`req`, when it carries any parameter) or else in
 * `sorted` (live PMIDs in numeric order). `results` runs the search (the library's whole result list).
 */
export function neighbours(pmid: string, req: SearchRequest, results: () => readonly string[], sorted: () => readonly string[], pageSize: number): Neighbours {
  const context = contextOf(req.params);
  if (Object.keys(context).length > 0) {
    const list = results();
    const i = list.indexOf(pmid);
    if (i !== -1) {
      return {
        list: 'search', prev: list[i - 1] ?? null, next: list[i + 1] ?? null, position: i + 1, total: list.length,
        context, page: Math.floor(i / pageSize) + 1,
      };
    }
  }
  return byPmid(sorted(), pmid);
}
