/**
 * The search, export and paper routes: each reads the library (never writes) and returns a status, a
 * content type and a body, as HTML or as its JSON twin (json.ts). Bad input is an HttpError (4xx) or a
 * library UsageError (400); the server turns both into an error page in the site's style. The other
 * pages are in routes-other.ts.
 */
import { PMID_RULE, parsePmidInput } from '../pmid.js';
import { AppError, describeLeftOut, lookupGapsLine, type FacetResult, type Library, type ListedArticle, type SearchHit } from '../index.js';
import { EXPORT_FILE_TYPES, EXPORT_FORMATS, type ExportFormat, isExportFormat } from '../export/index.js';
import { HttpError, visibleControls } from './errors.js';
import { browseHit, JSON_TYPE, jsonBody, jsonPathOf } from './json.js';
import { page, type Section } from './layout.js';
import { isListed, neighbours, type Neighbours, pmidOrder } from './neighbours.js';
import { PAGE_SIZE, readSearch, SEARCH_PARAMS, type SearchRequest } from './params.js';
import { paperBody } from './pages/paper.js';
import { neighbourBar, neighbourLinks } from './pages/paper-nav.js';
import { searchBody } from './pages/search.js';
import { type Listing, listingOf } from './pages/hits.js';
import type { SafeHtml } from './html.js';
import type { StatusView } from './pages/status.js';
import type { EvidenceMap } from '../evidence/summary.js';
import type { QueryParams, Urls } from './urls.js';
import { downloadName } from './download-name.js';

/** A route's answer; `cacheable` when it depends on the URL and the library's state only (page-cache.ts). */
export interface Reply {
  status: number;
  type: string;
  /** The page; as UTF-8 bytes when a search thread rendered it. */
  body: string | Buffer;
  headers?: Record<string, string>;
  cacheable?: boolean;
}

/** HTML page or its JSON twin. */
export type As = 'html' | 'json';

/** What routes share: the library, URL maker, status provider and per-index-state caches. */
export interface RouteContext {
  lib: Library;
  urls: Urls;
  status: () => Promise<StatusView['report']>;
  startedAt: string;
  cache: { seq: number; evidence: EvidenceMap | null; pmids: string[] | null };
  /** Listings of search pages' records by PMID, kept while the index stays at change `seq`. */
  listings: { seq: number; byPmid: Map<string, Listing> };
  /** Facet values known at index change `seq`; kept while the index moves on (see checkFacets). */
  vocab: { seq: number; known: Vocabulary } | null;
  /** Search threads taking pages now (`/status.json`); 0 when pages are all rendered here. */
  searchThreads: () => number;
  /** Where a 500's reason goes (the error page promises it is in the log); none in tests that render pages alone. */
  log?: ErrorLog;
}

/** The log a server error is written to: its message at error level, its stack at debug (`-v`). */
export interface ErrorLog {
  error(obj: object, msg?: string): void;
  debug?(obj: object, msg?: string): void;
}

/** Known facet values (lower case -> as stored), for refusing unknown ones. */
interface Vocabulary {
  topic: Map<string, string>;
  design: Map<string, string>;
  theme: Map<string, string>;
}

const HTML = 'text/html; charset=utf-8';

/** A page in the site's shell, linking its JSON twin. */
export function htmlPage(c: RouteContext, path: string, title: string, section: Section, body: SafeHtml, more: { head?: SafeHtml; params?: QueryParams } = {}): Reply {
  const footnote = `Showing the library as of store change ${c.lib.indexedSeq()}.`;
  const twin = jsonPathOf(path);
  const json = twin === null ? undefined : c.urls.to(twin, more.params);
  const head = more.head;
  return { status: 200, type: HTML, body: page({ title, section, body, urls: c.urls, footnote, ...(json ? { json } : {}), ...(head ? { head } : {}) }), cacheable: true };
}

/** A JSON twin's answer. */
export function jsonReply(value: unknown): Reply {
  return { status: 200, type: JSON_TYPE, body: jsonBody(value), cacheable: true };
}

/** Caches that depend on the index's content are dropped when its change sequence moves. */
export function fresh(c: RouteContext): RouteContext['cache'] {
  const seq = c.lib.indexedSeq();
  if (c.cache.seq !== seq) c.cache = { seq, evidence: null, pmids: null };
  return c.cache;
}

/** The facet values of every live record at the index's current change (a count over the whole library). */
function vocabulary(c: RouteContext): Vocabulary {
  const seq = c.lib.indexedSeq();
  if (c.vocab?.seq === seq) return c.vocab.known;
  const counts = c.lib.facets('', {}).counts;
  const map = (list: Array<[string, number]>) => new Map(list.map(([v]) => [v.toLowerCase(), v]));
  c.vocab = { seq, known: { topic: map(counts.topic), design: map(counts.design), theme: map(counts.theme) } };
  return c.vocab.known;
}

/**
 * Refuses a facet value the library has never seen (a typo would otherwise look like "no results"). Values
 * are looked up in the vocabulary as last counted, and counted again only for a value not in it: while an
 * import moves the index on every few milliseconds, recounting the whole library on every request would
 * cost more than the search itself.
 */
function checkFacets(c: RouteContext, req: SearchRequest): void {
  for (const facet of ['topic', 'design', 'theme'] as const) {
    const value = req[facet];
    if (value === undefined) continue;
    // A topic by the library's one rule (configured, or carried by a stored paper: a configured topic no
    // paper has yet is an empty result, as in every face); a design or theme by the values the library has.
    if (facet === 'topic' ? acceptedTopic(c, value) : c.vocab?.known[facet].has(value.toLowerCase()) || vocabulary(c)[facet].has(value.toLowerCase())) continue;
    const known = [...vocabulary(c)[facet].values()];
    const hint = known.length ? `Known values: ${known.slice(0, 20).join(', ')}.` : facet === 'topic' ? 'The library has no topics yet.' : 'No record is classified yet.';
    throw new HttpError(400, `Unknown ${facet} "${value.slice(0, 60)}". ${hint}`);
  }
}

function acceptedTopic(c: RouteContext, topic: string): boolean {
  try {
    c.lib.checkFilters({ topic });
    return true;
  } catch {
    return false;
  }
}

function searchOptions(req: SearchRequest) {
  const o: { since?: string; until?: string; topic?: string; retracted?: boolean; sort: 'relevance' | 'date'; design?: string; theme?: string; type?: string } = { sort: req.sort };
  for (const k of ['since', 'until', 'topic', 'retracted', 'design', 'theme', 'type'] as const) if (req[k] !== undefined) (o as Record<string, unknown>)[k] = req[k];
  return o;
}

/** Listings kept; beyond this many the kept ones are dropped (a few hundred bytes each). */
const MAX_LISTINGS = 5000;

/**
 * A record's listing, built once per index state: the popular records of a library come back on page
 * after page, and their title, badges and byline are the same as long as the records are.
 */
function listingOnce(c: RouteContext, a: ListedArticle): Listing {
  const seq = c.lib.indexedSeq();
  if (c.listings.seq !== seq || c.listings.byPmid.size >= MAX_LISTINGS) c.listings = { seq, byPmid: new Map() };
  let l = c.listings.byPmid.get(a.pmid);
  if (!l) c.listings.byPmid.set(a.pmid, (l = listingOf(a)));
  return l;
}

/**
 * The result set and one page of it: for a text query the library's ranked page with snippets and the
 * records it read for them (one ranking, no second read of the page's records); without one, the records
 * newest first as browsed hits.
 */
function resultPage(c: RouteContext, req: SearchRequest): { result: FacetResult; listings: Listing[]; hits: SearchHit[] } {
  const offset = (req.page - 1) * PAGE_SIZE;
  if (req.q.trim() !== '') {
    const result = c.lib.searchPage(req.q, { ...searchOptions(req), limit: PAGE_SIZE, offset });
    return { result, hits: result.hits, listings: result.records.map((a) => listingOnce(c, a)) };
  }
  const result = c.lib.facets(req.q, searchOptions(req));
  const records = c.lib.getMany(result.pmids.slice(offset, offset + PAGE_SIZE));
  return { result, listings: records.map(listingOf), hits: records.map(browseHit) };
}

/** `/` and `/search.json`: search with facets. */
export function searchRoute(c: RouteContext, query: URLSearchParams, as: As): Reply {
  const req = readSearch(query);
  checkFacets(c, req);
  const { result, listings, hits } = resultPage(c, req);
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  if (req.page > 1 && req.page > pages) throw new HttpError(400, `There is no page ${req.page}: ${result.total === 1 ? '1 result makes' : `${result.total} results make`} ${pages === 1 ? 'one page' : `${pages} pages`}.`);
  // A PMID lookup says why each PMID that found nothing did (withdrawn from PubMed, or not in the library),
  // whether or not others were found.
  const leftOut = c.lib.lookupLeftOut(req.q);
  if (as === 'json') {
    const at = (n: number) => c.urls.to('/search.json', { ...req.params, page: n === 1 ? undefined : String(n) });
    return jsonReply({
      query: req.params, total: result.total, page: req.page, pageSize: PAGE_SIZE, pages, hits, facets: result.counts,
      ...(leftOut.length > 0 ? { leftOut: leftOut.map((l) => ({ ...l, text: describeLeftOut(l) })) } : {}),
      links: { html: c.urls.to('/', req.params), prev: req.page > 1 ? at(req.page - 1) : null, next: req.page < pages ? at(req.page + 1) : null },
    });
  }
  const title = req.q ? `Search: ${visibleControls(req.q.slice(0, 80))}` : 'Search';
  const byPmid = new Map(req.q.trim() !== '' ? hits.map((h) => [h.pmid, h]) : []);
  return htmlPage(c, '/', title, 'search', searchBody({ req, result, listings, hits: byPmid, leftOut: leftOut.map(describeLeftOut), ...(leftOut.length > 0 ? { leftOutLine: lookupGapsLine(leftOut) } : {}) }, c.urls), { params: req.params });
}

/** `/export?format=...`: the whole current result set, in a file named after it (see {@link downloadName}). */
export function exportRoute(c: RouteContext, query: URLSearchParams): Reply {
  const req = readSearch(query, ['format']);
  const format = (req.params.format ?? '').trim().toLowerCase();
  if (!isExportFormat(format)) throw new HttpError(400, `"format" must be one of ${EXPORT_FORMATS.join(', ')}.`);
  checkFacets(c, req);
  const result = c.lib.facets(req.q, searchOptions(req));
  if (result.pmids.length === 0) throw new HttpError(404, nothingToExport(c, req.q));
  const f = format as ExportFormat;
  const { extension, mediaType } = EXPORT_FILE_TYPES[f];
  return {
    status: 200,
    type: mediaType,
    body: exportBody(c, result.pmids, f),
    headers: { 'content-disposition': `attachment; filename="${downloadName(req, result.pmids, extension)}"` },
  };
}

/**
 * The export's body. PubMed XML that lacks some records (kept by an older build without their XML) is
 * refused naming them (409): a download cannot say what it left out.
 */
function exportBody(c: RouteContext, pmids: readonly string[], f: ExportFormat): string {
  try {
    return c.lib.export(pmids, f);
  } catch (err) {
    if (err instanceof AppError && err.code === 'NO_RAW_XML') throw new HttpError(409, `Cannot export PubMed XML: ${err.message.replace(/^export: /, '')}.`);
    throw err;
  }
}

/**
 * Why an export has no record, instead of an empty attachment: why each PMID a `pmid:` lookup asked for is
 * missing (as every face says it), or the search matching no live record.
 */
function nothingToExport(c: RouteContext, q: string): string {
  const leftOut = c.lib.lookupLeftOut(q);
  if (leftOut.length > 0) {
    const note = leftOut.some((l) => l.reason === 'deleted') ? ' Exports leave withdrawn records out.' : '';
    return `Nothing to export: ${leftOut.map(describeLeftOut).join('; ')}.${note}`;
  }
  const what = q.trim() === '' ? 'these filters match' : `"${q.slice(0, 80)}" with these filters matches`;
  return `Nothing to export: ${what} no record in the library (withdrawn records are left out of exports).`;
}

/** The paper's neighbours in the search it came from, or by PMID (neighbours.ts). */
function neighboursOf(c: RouteContext, pmid: string, req: SearchRequest): Neighbours {
  const results = () => {
    checkFacets(c, req);
    return c.lib.facets(req.q, searchOptions(req)).pmids;
  };
  return neighbours(pmid, req, results, () => livePmids(c), PAGE_SIZE);
}

/** Live PMIDs in numeric order, kept per index state. */
function livePmids(c: RouteContext): string[] {
  const cache = fresh(c);
  return (cache.pmids ??= pmidOrder(c.lib));
}

/** What a paper page's query string may hold: the search it was opened from, for previous/next. */
const PAPER_TAKES = `A paper page takes only the search it was opened from (${SEARCH_PARAMS.join(', ')}), for its previous and next links.`;

/** `/paper/PMID` and `/paper/PMID.json`; takes the search it was reached from (for previous/next). */
export function paperRoute(c: RouteContext, pmid: string, query: URLSearchParams, as: As): Reply {
  const canonical = /^\d{1,12}$/.test(pmid) ? parsePmidInput(pmid) : null;
  if (canonical === null) throw new HttpError(404, `"${pmid.slice(0, 40)}" is not a PMID (${PMID_RULE}).`);
  // `/paper/0041900001` (a PMID as some exports pad it) is that paper, at its one address.
  if (canonical !== pmid) {
    const location = `${c.urls.to(`/paper/${canonical}${as === 'json' ? '.json' : ''}`)}${query.size > 0 ? `?${query.toString()}` : ''}`;
    return { status: 301, type: 'text/plain', body: '', headers: { location }, cacheable: false };
  }
  const req = readSearch(query, [], PAPER_TAKES);
  const article = c.lib.get(pmid);
  if (!article) throw new HttpError(404, `PMID ${pmid} is not in this library.`);
  const n = neighboursOf(c, pmid, req);
  const linkedFrom = c.lib.linkedFrom(pmid);
  const revisions = c.lib.revisions(pmid);
  if (as === 'json') {
    const to = (p: string | null) => (p === null ? null : { pmid: p, url: c.urls.to(`/paper/${p}.json`, n.context) });
    return jsonReply({ record: article, revisions, linkedFrom, neighbours: { list: n.list, position: n.position, total: n.total, prev: to(n.prev), next: to(n.next) } });
  }
  const related = [...article.commentsCorrections.map((x) => x.pmid), ...linkedFrom.map((l) => l.pmid)].filter((p): p is string => !!p);
  const live = livePmids(c);
  const stored = new Set(related.filter((p) => isListed(live, p)));
  // A withdrawn record is not exported: its page shows no citation (pages/paper.ts says why).
  const formats = article.deleted ? [] : [['ris', 'RIS'], ['bibtex', 'BibTeX'], ['csl-json', 'CSL-JSON']];
  const cite = formats.map(([format, label]) => ({
    format: format as string, label: label as string, text: c.lib.export([article], format as ExportFormat),
  }));
  // PMIDs only: a neighbour's title would cost reading two more whole records for every page.
  const nav = neighbourBar(c.urls, n);
  const body = paperBody({ article, revisions, linkedFrom, stored, cite, nav }, c.urls);
  return htmlPage(c, `/paper/${pmid}`, article.title.slice(0, 120) || `PMID ${pmid}`, 'search', body, { head: neighbourLinks(c.urls, n), params: n.context });
}
