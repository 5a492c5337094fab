/**
 * The previous/next bar of a paper's page (see neighbours.ts for which list it walks). Links keep the
 * carried search, so a reader can walk a whole result list and get back to the page it came from. Pure.
 */
import { html, type SafeHtml } from '../html.js';
import type { Neighbours } from '../neighbours.js';
import type { Urls } from '../urls.js';

function side(urls: Urls, n: Neighbours, rel: 'prev' | 'next'): SafeHtml {
  const pmid = rel === 'prev' ? n.prev : n.next;
  if (pmid === null) return html`<span class="meta">${rel === 'prev' ? 'No previous paper' : 'No next paper'}</span>`;
  const label = rel === 'prev' ? '← Previous paper' : 'Next paper →';
  return html`<a rel="${rel}" href="${urls.to(`/paper/${pmid}`, n.context)}">${label}</a> <span class="meta">PMID ${pmid}</span>`;
}

/** `<link rel=prev/next>` elements for the page head. */
export function neighbourLinks(urls: Urls, n: Neighbours): SafeHtml {
  return html`${n.prev ? html`<link rel="prev" href="${urls.to(`/paper/${n.prev}`, n.context)}">` : ''}${n.next ? html`<link rel="next" href="${urls.to(`/paper/${n.next}`, n.context)}">` : ''}`;
}

/** The bar: previous, where this paper is in which list, next. */
export function neighbourBar(urls: Urls, n: Neighbours): SafeHtml {
  const where = n.list === 'search'
    ? html`Result ${n.position ?? '?'} of ${n.total.toLocaleString('en')} · <a href="${urls.to('/', { ...n.context, page: n.page && n.page > 1 ? String(n.page) : undefined })}">Back to the results</a>`
    : html`${n.position === null ? '' : html`Paper ${n.position.toLocaleString('en')} of ${n.total.toLocaleString('en')} `}by PMID`;
  return html`<nav class="neighbours" aria-label="Previous and next paper">
<div class="prev">${side(urls, n, 'prev')}</div>
<div class="where">${where}</div>
<div class="next">${side(urls, n, 'next')}</div>
</nav>`;
}
