/**
 * Every PMID for a query and date window, despite PubMed's esearch ceiling (9,999 ids per query, also
 * through the history server).
 *
 * A slice whose count fits under the cap is paged (first page from the search itself, later pages via
 * its WebEnv + query_key). A slice over the cap is split: the date window is bisected by day, and a
 * single day still over the cap (or a query without a window) is split by PMID ranges
 * (`AND lo:hi[uid]`). The children's counts must add up to the parent's count (after one recount, as
 * PubMed changes during a run); a mismatch throws `SLICE_MISMATCH`, never a silent partial result.
 */
import { EutilsError } from '../errors.js';
import type { EsearchResult, PubmedClient } from './client.js';

/** A search window on entry (`edat`) or modification (`mdat`) date; `YYYY/MM/DD`, inclusive. */
export interface HarvestWindow {
  datetype: 'edat' | 'mdat';
  mindate: string;
  maxdate: string;
}

/** A leaf slice that was paged: what `onSlice` reports. */
export interface HarvestSlice {
  window: HarvestWindow | null;
  uidRange: [number, number] | null;
  count: number;
}

export interface HarvestOptions {
  /** esearch id ceiling. Default 9999 (PubMed). */
  cap?: number;
  /** retmax per page. Default = cap (fewest requests). */
  pageSize?: number;
  onSlice?: (s: HarvestSlice) => void;
}

export interface HarvestResult {
  /** Unique PMIDs, in slice then page order. */
  ids: string[];
  /** The count esearch reported for the whole query and window. */
  count: number;
  /** Leaf slices paged. */
  slices: number;
  /** esearch requests made (retries inside the client not included). */
  requests: number;
}

/**
 * Upper PMID bound for [uid] splitting (PMIDs have 8 digits in 2026); a PMID above it would make the
 * halves miss it, which the sum check reports as `SLICE_MISMATCH`.
 */
const MAX_UID = 999_999_999;
/** WebEnv losses tolerated per slice before giving up. */
const MAX_HISTORY_REDOS = 3;

interface Slice {
  window: HarvestWindow | null;
  uid: [number, number] | null;
}

interface Run {
  client: PubmedClient;
  term: string;
  cap: number;
  pageSize: number;
  onSlice?: (s: HarvestSlice) => void;
  requests: number;
  slices: number;
}

/** Collects every id of `term` in `window` (null: no date limit). See the module comment. */
export async function harvestIds(
  client: PubmedClient,
  term: string,
  window: HarvestWindow | null,
  opts: HarvestOptions = {},
): Promise<HarvestResult> {
  const cap = opts.cap ?? 9999;
  const run: Run = { client, term, cap, pageSize: Math.max(1, Math.min(opts.pageSize ?? cap, cap)), onSlice: opts.onSlice, requests: 0, slices: 0 };
  const { ids, count } = await collect(run, { window, uid: null });
  const unique = [...new Set(ids)];
  if (unique.length !== count) {
    throw new EutilsError('SLICE_MISMATCH', `harvest "${term}": gathered ${unique.length} unique ids but esearch counted ${count}`);
  }
  return { ids: unique, count, slices: run.slices, requests: run.requests };
}

function sliceTerm(run: Run, s: Slice): string {
  return s.uid === null ? run.term : `(${run.term}) AND ${s.uid[0]}:${s.uid[1]}[uid]`;
}

function describe(run: Run, s: Slice): string {
  const w = s.window ? ` ${s.window.datetype} ${s.window.mindate}..${s.window.maxdate}` : '';
  const u = s.uid ? ` uid ${s.uid[0]}..${s.uid[1]}` : '';
  return `harvest "${run.term}"${w}${u}`;
}

function search(
  run: Run,
  s: Slice,
  extra: { retstart: number; retmax?: number; usehistory?: boolean; webEnv?: string; queryKey?: string },
): Promise<EsearchResult> {
  run.requests++;
  const w = s.window ?? undefined;
  return run.client.esearch({ term: sliceTerm(run, s), datetype: w?.datetype, mindate: w?.mindate, maxdate: w?.maxdate, retmax: run.pageSize, ...extra });
}

/** One slice: page it if it fits, else split it; retried once if its pages were inconsistent. */
async function collect(run: Run, slice: Slice): Promise<{ ids: string[]; count: number }> {
  let problem = '';
  for (let round = 0; round < 2; round++) {
    const first = await search(run, slice, { retstart: 0, usehistory: true });
    if (first.count > run.cap) return split(run, slice, first);
    const paged = await pageAll(run, slice, first);
    if (paged === CAP_HIT) return split(run, slice, first);
    if (typeof paged !== 'string') {
      run.slices++;
      run.onSlice?.({ window: slice.window, uidRange: slice.uid, count: first.count });
      return { ids: paged, count: first.count };
    }
    problem = paged;
  }
  throw new EutilsError('SLICE_INCONSISTENT', `${describe(run, slice)}: pages inconsistent twice (${problem})`);
}

/** pageAll's answer when the server's id ceiling turned out lower than `cap`. */
const CAP_HIT = Symbol('cap hit');

/**
 * Pages a slice that fits under the cap. Returns its unique ids, or why they do not match its count,
 * or CAP_HIT when the server refused a retstart below our cap: the real ceiling is lower (a
 * misconfigured cap), so it is lowered for the rest of the run and the slice gets split.
 */
async function pageAll(run: Run, slice: Slice, first: EsearchResult): Promise<string[] | string | typeof CAP_HIT> {
  const ids = new Set(first.ids);
  let history = { webEnv: first.webEnv, queryKey: first.queryKey };
  let retstart = first.ids.length;
  let redos = 0;
  while (retstart < first.count && first.ids.length > 0) {
    let page: EsearchResult;
    try {
      page = await search(run, slice, history.webEnv && history.queryKey ? { retstart, webEnv: history.webEnv, queryKey: history.queryKey } : { retstart });
    } catch (err) {
      if (err instanceof EutilsError && err.code === 'RETSTART_CAP' && retstart > 0 && retstart < run.cap) {
        run.cap = retstart;
        run.pageSize = Math.min(run.pageSize, retstart);
        return CAP_HIT;
      }
      // NCBI forgets WebEnvs ("Unable to obtain query #1"): redo the search for the remaining part.
      if (!(err instanceof EutilsError && err.code === 'WEBENV_EXPIRED') || ++redos > MAX_HISTORY_REDOS) throw err;
      page = await search(run, slice, { retstart, usehistory: true });
      history = { webEnv: page.webEnv, queryKey: page.queryKey };
    }
    if (page.count !== first.count) return `count changed from ${first.count} to ${page.count} between pages`;
    if (page.ids.length === 0) break;
    for (const id of page.ids) ids.add(id);
    retstart += page.ids.length;
  }
  if (ids.size !== first.count) return `${ids.size} unique ids for a count of ${first.count}`;
  return [...ids];
}

/** Splits an over-cap slice in two, collects both, and checks their counts add up. */
async function split(run: Run, slice: Slice, first: EsearchResult): Promise<{ ids: string[]; count: number }> {
  const children = halves(run, slice, first);
  const a = await collect(run, children[0]);
  const b = await collect(run, children[1]);
  if (a.count + b.count === first.count) return { ids: [...a.ids, ...b.ids], count: first.count };
  // PubMed may have changed while the halves were searched: count the whole again once before failing.
  const again = await search(run, slice, { retstart: 0, retmax: 0 });
  if (a.count + b.count === again.count) return { ids: [...a.ids, ...b.ids], count: again.count };
  throw new EutilsError(
    'SLICE_MISMATCH',
    `${describe(run, slice)}: counted ${again.count} but its halves count ${a.count} + ${b.count}; refusing a partial result`,
  );
}

/**
 * Bisects the date window while it spans more than one day. A query without a window is split by PMID
 * range straight away: bisecting an open-ended date span (1800..3000) would spend a dozen requests on
 * empty halves before reaching the years that hold records.
 */
function halves(run: Run, slice: Slice, first: EsearchResult): [Slice, Slice] {
  const window = slice.window;
  if (window !== null && dayNumber(window.mindate) < dayNumber(window.maxdate)) {
    const mid = Math.floor((dayNumber(window.mindate) + dayNumber(window.maxdate)) / 2);
    return [
      { window: { ...window, maxdate: dayString(mid) }, uid: slice.uid },
      { window: { ...window, mindate: dayString(mid + 1) }, uid: slice.uid },
    ];
  }
  const [ulo, uhi] = slice.uid ?? [1, MAX_UID];
  if (ulo >= uhi) throw new EutilsError('SLICE_UNSPLITTABLE', `${describe(run, slice)}: ${first.count} hits in one PMID`);
  const mid = uidSplitPoint(first.ids, ulo, uhi);
  return [
    { window, uid: [ulo, mid] },
    { window, uid: [mid + 1, uhi] },
  ];
}

/**
 * Where to cut a PMID range: just above the lowest tenth of the ids esearch listed. PubMed lists the
 * newest (highest) PMIDs first, so the upper half then holds about 90% of a full page and fits under
 * the cap, and each split removes most of a page; whatever the order, both halves hold records.
 * Falls back to the arithmetic middle when fewer than two listed ids lie in the range.
 */
export function uidSplitPoint(ids: string[], lo: number, hi: number): number {
  const inside = [...new Set(ids.map(Number))].filter((n) => n >= lo && n <= hi).sort((x, y) => x - y);
  const cut = inside[Math.floor((inside.length - 1) * 0.1)];
  if (cut !== undefined && inside.length > 1) return cut;
  return Math.floor((lo + hi) / 2);
}

/** `YYYY/MM/DD` -> days since 1970-01-01 (UTC). */
export function dayNumber(date: string): number {
  const m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(date);
  if (!m) throw new EutilsError('INVALID_WINDOW', `harvest: date must be YYYY/MM/DD, got ${JSON.stringify(date)}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
}

/** Days since 1970-01-01 -> `YYYY/MM/DD`. */
export function dayString(day: number): string {
  const d = new Date(day * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
}
