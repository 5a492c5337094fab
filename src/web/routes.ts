/**
 * The site's pages: each route reads the library (never writes) and returns a status, a content type and
 * a body. Bad input is an HttpError (4xx) or a library UsageError (400); the server turns both into an
 * error page in the site's style.
 */
import type { Library, SearchHit } from '../index.js';
import { EXPORT_FORMATS, type ExportFormat } from '../export/index.js';
import { isWeekName } from '../library/extras.js';
import { HttpError } from './errors.js';
import { page, type Section } from './layout.js';
import { PAGE_SIZE, readParams, readSearch, type SearchRequest } from './params.js';
import { archiveBody, weekBody } from './pages/digests.js';
import { evidenceBody, evidenceMap, type EvidenceMap } from './pages/evidence.js';
import { paperBody } from './pages/paper.js';
import { searchBody } from './pages/search.js';
import { statusBody, type StatusView } from './pages/status.js';
import type { SafeHtml } from './html.js';
import { STYLE_CSS } from './style.js';
import type { Urls } from './urls.js';

/** A route's answer. */
export interface Reply {
  status: number;
  type: string;
  body: string;
  headers?: Record<string, string>;
}

/** What routes share: the library, URL maker, status provider and per-change-sequence caches. */
export interface RouteContext {
  lib: Library;
  urls: Urls;
  status: () => Promise<StatusView['report']>;
  startedAt: string;
  cache: { seq: number; evidence: EvidenceMap | null; vocab: Vocabulary | null };
}

/** Known facet values (lower case -> as stored), for refusing unknown ones. */
interface Vocabulary {
  topic: Map<string, string>;
  design: Map<string, string>;
  theme: Map<string, string>;
}

const HTML = 'text/html; charset=utf-8';

function htmlPage(c: RouteContext, title: string, section: Section, body: SafeHtml, status = 200): Reply {
  const footnote = `Showing the library as of store change ${c.lib.indexedSeq()}.`;
  return { status, type: HTML, body: page({ title, section, body, urls: c.urls, footnote }) };
}

/** Caches that depend on the store's content are dropped when its change sequence moves. */
function fresh(c: RouteContext): RouteContext['cache'] {
  const seq = c.lib.indexedSeq();
  if (c.cache.seq !== seq) c.cache = { seq, evidence: null, vocab: null };
  return c.cache;
}

function vocabulary(c: RouteContext): Vocabulary {
  const cache = fresh(c);
  if (cache.vocab) return cache.vocab;
  const counts = c.lib.facets('', {}).counts;
  const map = (list: Array<[string, number]>) => new Map(list.map(([v]) => [v.toLowerCase(), v]));
  return (cache.vocab = { topic: map(counts.topic), design: map(counts.design), theme: map(counts.theme) });
}

/** Refuses a facet value the library has never seen (a typo would otherwise look like "no results"). */
function checkFacets(c: RouteContext, req: SearchRequest): void {
  const vocab = vocabulary(c);
  for (const facet of ['topic', 'design', 'theme'] as const) {
    const value = req[facet];
    if (value === undefined || vocab[facet].has(value.toLowerCase())) continue;
    const known = [...vocab[facet].values()];
    const hint = known.length ? `Known values: ${known.slice(0, 20).join(', ')}.` : facet === 'topic' ? 'The library has no topics yet.' : 'No record is classified yet.';
    throw new HttpError(400, `Unknown ${facet} "${value.slice(0, 60)}". ${hint}`);
  }
}

function searchOptions(req: SearchRequest) {
  const o: { since?: string; until?: string; topic?: string; retracted?: boolean; sort: 'relevance' | 'date'; design?: string; theme?: string } = { sort: req.sort };
  for (const k of ['since', 'until', 'topic', 'retracted', 'design', 'theme'] as const) if (req[k] !== undefined) (o as Record<string, unknown>)[k] = req[k];
  return o;
}

/** `/`: search with facets. */
export function searchRoute(c: RouteContext, query: URLSearchParams): Reply {
  const req = readSearch(query);
  checkFacets(c, req);
  const opts = searchOptions(req);
  const result = c.lib.facets(req.q, opts);
  const offset = (req.page - 1) * PAGE_SIZE;
  if (offset > 0 && offset >= result.total) throw new HttpError(400, `There is no page ${req.page}: ${result.total} results make ${Math.max(1, Math.ceil(result.total / PAGE_SIZE))} pages.`);
  const hits = new Map<string, SearchHit>();
  let pmids: string[];
  // The library highlights a text query's words; the evidence filters are applied here, on the full list.
  if (req.q.trim() !== '' && !req.design && !req.theme) {
    const { design: _d, theme: _t, ...plain } = opts;
    const found = c.lib.search(req.q, { ...plain, limit: PAGE_SIZE, offset });
    found.forEach((h) => hits.set(h.pmid, h));
    pmids = found.map((h) => h.pmid);
  } else {
    pmids = result.pmids.slice(offset, offset + PAGE_SIZE);
  }
  const title = req.q ? `Search: ${req.q.slice(0, 80)}` : 'Search';
  return htmlPage(c, title, 'search', searchBody({ req, result, articles: c.lib.getMany(pmids), hits }, c.urls));
}

/** `/export?format=...`: the whole current result set. */
export function exportRoute(c: RouteContext, query: URLSearchParams): Reply {
  const req = readSearch(query, ['format']);
  const format = req.params.format ?? '';
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new HttpError(400, `"format" must be one of ${EXPORT_FORMATS.join(', ')}.`);
  checkFacets(c, req);
  const result = c.lib.facets(req.q, searchOptions(req));
  const f = format as ExportFormat;
  const ext = { ris: 'ris', bibtex: 'bib', 'csl-json': 'json', csv: 'csv' }[f];
  const type = { ris: 'application/x-research-info-systems', bibtex: 'application/x-bibtex', 'csl-json': 'application/vnd.citationstyles.csl+json', csv: 'text/csv' }[f];
  return {
    status: 200,
    type: `${type}; charset=utf-8`,
    body: c.lib.export(result.pmids, f),
    headers: { 'content-disposition': `attachment; filename="kratomlit-export.${ext}"` },
  };
}

/** `/paper/PMID`. */
export function paperRoute(c: RouteContext, pmid: string, query: URLSearchParams): Reply {
  readParams(query, []);
  if (!/^\d{1,9}$/.test(pmid)) throw new HttpError(404, `"${pmid.slice(0, 40)}" is not a PMID (a PMID is a number).`);
  const article = c.lib.get(pmid);
  if (!article) throw new HttpError(404, `PMID ${pmid} is not in this library.`);
  const linkedFrom = c.lib.linkedFrom(pmid);
  const related = [...article.commentsCorrections.map((x) => x.pmid), ...linkedFrom.map((l) => l.pmid)].filter((p): p is string => !!p);
  const stored = new Set(c.lib.getMany(related).map((a) => a.pmid));
  const cite = [['ris', 'RIS'], ['bibtex', 'BibTeX'], ['csl-json', 'CSL-JSON']].map(([format, label]) => ({
    format: format as string, label: label as string, text: c.lib.export([article], format as ExportFormat),
  }));
  const body = paperBody({ article, revisions: c.lib.revisions(pmid), linkedFrom, stored, cite }, c.urls);
  return htmlPage(c, article.title.slice(0, 120) || `PMID ${pmid}`, 'search', body);
}

/** `/digests/` and `/digests/WEEK`. */
export function digestRoute(c: RouteContext, week: string | null, query: URLSearchParams): Reply {
  readParams(query, []);
  const weeks = c.lib.digestWeeks();
  if (week === null) return htmlPage(c, 'Weekly digests', 'digests', archiveBody(weeks, c.urls));
  if (!isWeekName(week)) throw new HttpError(404, `"${week.slice(0, 40)}" is not a week; digest weeks look like 2026-W47.`);
  const doc = c.lib.digestDocument(week);
  if (!doc) throw new HttpError(404, `There is no digest for ${week}.`);
  return htmlPage(c, `Digest ${week}`, 'digests', weekBody(doc, weeks, c.urls));
}

/** `/feed.atom`. */
export function feedRoute(c: RouteContext, query: URLSearchParams): Reply {
  readParams(query, []);
  const feed = c.lib.feed();
  if (feed === null) throw new HttpError(404, 'No digest has been written yet, so there is no feed.');
  return { status: 200, type: 'application/atom+xml; charset=utf-8', body: feed };
}

/** `/evidence`. */
export function evidenceRoute(c: RouteContext, query: URLSearchParams): Reply {
  readParams(query, []);
  const cache = fresh(c);
  if (!cache.evidence) {
    const all = c.lib.facets('', {});
    cache.evidence = evidenceMap(c.lib.classifications().values(), all.total, all.counts.year);
  }
  return htmlPage(c, 'Evidence map', 'evidence', evidenceBody(cache.evidence, c.urls));
}

/** `/status`. */
export async function statusRoute(c: RouteContext, query: URLSearchParams): Promise<Reply> {
  readParams(query, []);
  const report = await c.status();
  const server = { indexedSeq: c.lib.indexedSeq(), storeSeq: c.lib.changeSeq(), records: report.records?.live ?? 0, startedAt: c.startedAt };
  return htmlPage(c, 'Status', 'status', statusBody({ report, server, now: new Date() }));
}

/** `/style.css`. */
export function styleRoute(): Reply {
  return { status: 200, type: 'text/css; charset=utf-8', body: STYLE_CSS, headers: { 'cache-control': 'max-age=3600' } };
}
