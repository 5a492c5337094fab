/**
 * The search page `/`: the form, facets with counts as links, the result list with highlighted
 * snippets and badges, pagination, and links to export the whole result set. Pure: the route hands it
 * what the library answered.
 */
import { designLabel } from '../../evidence/types.js';
import type { FacetResult, SearchHit } from '../../index.js';
import { visibleControls } from '../errors.js';
import { html, type SafeHtml } from '../html.js';
import { PAGE_SIZE, type SearchRequest } from '../params.js';
import type { QueryParams, Urls } from '../urls.js';
import { contextOf } from '../neighbours.js';
import { hitItem, type Listing, markedSnippet } from './hits.js';

/** What the search route found for one request. */
export interface SearchView {
  req: SearchRequest;
  result: FacetResult;
  /** The page's records as lists show them, in order. */
  listings: Listing[];
  /** Search hits by PMID when the library highlighted them (a text query). */
  hits: Map<string, SearchHit>;
  /** For a PMID lookup that found nothing, why each PMID did (`PMID 12 is not in the library`). */
  leftOut?: readonly string[];
  /** Beside hits of a PMID lookup: which looked-up PMIDs found nothing and why (`lookupGapsLine`). */
  leftOutLine?: string;
}

const FACETS: Array<[keyof FacetResult['counts'], string]> = [
  ['topic', 'Topic'], ['design', 'Study design'], ['theme', 'Theme'], ['year', 'Year'], ['retracted', 'Retracted'],
];

function with_(params: QueryParams, changes: QueryParams): QueryParams {
  return { ...params, page: undefined, ...changes };
}

/** Facets a paper can have several values of (topics, themes), which the query syntax can also ask for. */
const MANY_VALUED: ReadonlySet<string> = new Set(['topic', 'theme']);

/**
 * A year facet is a since/until pair; the others are their own parameter. With a topic (or theme) chosen,
 * another topic's count is of the papers that have both, so its link narrows to them (`topic:B` added to
 * the query, the chosen one kept) rather than trading one topic for the other: the count is what the link
 * finds.
 */
function facetLink(urls: Urls, params: QueryParams, facet: string, value: string): { href: string; on: boolean } {
  if (facet === 'year') {
    const on = params.since === value && params.until === value;
    return { href: urls.to('/', with_(params, on ? { since: undefined, until: undefined } : { since: value, until: value })), on };
  }
  const chosen = params[facet] ?? '';
  const on = chosen.toLowerCase() === value.toLowerCase();
  if (!on && chosen !== '' && MANY_VALUED.has(facet) && /^[\p{L}\p{N}._-]+$/u.test(value)) {
    return { href: urls.to('/', with_(params, { q: `${params.q ?? ''} ${facet}:${value}`.trim() })), on };
  }
  return { href: urls.to('/', with_(params, { [facet]: on ? undefined : value })), on };
}

function facetList(v: SearchView, urls: Urls): SafeHtml {
  const groups = FACETS.map(([facet, label]) => {
    const values = v.result.counts[facet].slice(0, facet === 'year' ? 15 : 12);
    if (values.length === 0) return '';
    const items = values.map(([value, n]) => {
      const { href, on } = facetLink(urls, v.req.params, facet, value);
      const text = facet === 'retracted' ? (value === 'true' ? 'Retracted' : 'Not retracted') : facet === 'design' ? designLabel(value) : value;
      return html`<li><a href="${href}"${on ? html` class="on" aria-current="true"` : ''}>${on ? '✓ ' : ''}${text}</a> <span class="count">${n.toLocaleString('en')}</span></li>`;
    });
    return html`<h2 id="facet-${facet}">${label}</h2><ul aria-labelledby="facet-${facet}">${items}</ul>`;
  });
  return html`<aside class="facets" id="filters" aria-label="Filters">${groups}</aside>`;
}

function hidden(params: QueryParams): SafeHtml {
  const keep = ['topic', 'design', 'theme', 'since', 'until', 'retracted'];
  return html`${keep.filter((k) => params[k]).map((k) => html`<input type="hidden" name="${k}" value="${params[k] ?? ''}">`)}`;
}

/**
 * The search form (also on the home page). Its sort select shows the order the list has: without search
 * words the list is newest first whatever the sort, so "best match" (the default, kept for the words a
 * reader types next) is labelled by what it does then.
 */
export function searchForm(urls: Urls, req: Pick<SearchRequest, 'q' | 'sort' | 'params'>): SafeHtml {
  const best = req.q.trim() === '' ? 'Newest (best match for words)' : 'Best match';
  const opt = (value: string, label: string) => html`<option value="${value}"${req.sort === value ? ' selected' : ''}>${label}</option>`;
  return html`<form class="search" role="search" method="get" action="${urls.to('/')}">
<div class="q"><label for="q">Search words, "phrases", author:Name, year:2020..2024</label>
<input type="search" id="q" name="q" value="${req.q}" maxlength="1000" autocomplete="off"></div>
<div><label for="sort">Sort by</label><br><select id="sort" name="sort">${opt('relevance', best)}${opt('date', 'Newest')}</select></div>
${hidden(req.params)}<button type="submit">Search</button>
</form>`;
}

function pager(v: SearchView, urls: Urls): SafeHtml {
  const pages = Math.max(1, Math.ceil(v.result.total / PAGE_SIZE));
  const p = v.req.page;
  const link = (n: number, label: string, rel: string) => html`<a rel="${rel}" href="${urls.to('/', { ...v.req.params, page: n === 1 ? undefined : String(n) })}">${label}</a>`;
  return html`<nav class="pager" aria-label="Result pages">
${p > 1 ? link(p - 1, '← Previous', 'prev') : ''}<span>Page ${p} of ${pages.toLocaleString('en')}</span>${p < pages ? link(p + 1, 'Next →', 'next') : ''}
</nav>`;
}

function downloads(v: SearchView, urls: Urls): SafeHtml {
  const params = { ...v.req.params, page: undefined };
  const formats: Array<[string, string]> = [['ris', 'RIS'], ['bibtex', 'BibTeX'], ['csl-json', 'CSL-JSON'], ['csv', 'CSV'], ['pubmed-xml', 'PubMed XML']];
  return html`<p class="downloads">Export these ${v.result.total.toLocaleString('en')} results: ${formats.map(([f, label]) => html`<a href="${urls.to('/export', { ...params, format: f })}" download>${label}</a>`)}</p>`;
}

/** The body of the search page. */
export function searchBody(v: SearchView, urls: Urls): SafeHtml {
  const { total } = v.result;
  const from = (v.req.page - 1) * PAGE_SIZE + 1;
  const why = v.leftOut ?? [];
  const summary = total === 0
    ? (why.length > 0 ? `No records match: ${why.join('; ')}.` : 'No records match.')
    : `${total.toLocaleString('en')} ${total === 1 ? 'result' : 'results'}, showing ${from.toLocaleString('en')}–${Math.min(from + PAGE_SIZE - 1, total).toLocaleString('en')}`;
  const context = contextOf(v.req.params);
  const items = v.listings.map((l) => {
    const hit = v.hits.get(l.pmid);
    return hitItem(l, urls, hit ? markedSnippet(hit.snippet) : null, context);
  });
  const heading = v.req.q ? html`Results for “${visibleControls(v.req.q)}”` : html`Search the library`;
  return html`<h1>${heading}</h1>
${searchForm(urls, v.req)}
<div class="layout">
${facetList(v, urls)}
<section aria-labelledby="results-heading">
<h2 id="results-heading" class="summary" role="status">${summary}</h2>
${total > 0 && v.leftOutLine ? html`<p class="lookup-gaps">${v.leftOutLine}.</p>` : ''}
<p class="to-filters"><a href="#filters">Filter these results</a></p>
${total > 0 ? downloads(v, urls) : ''}
<ol class="hits" start="${from}">${items}</ol>
${total > PAGE_SIZE ? pager(v, urls) : ''}
</section>
</div>`;
}
