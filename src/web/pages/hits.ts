/**
 * One result in a list: title link, badges, byline, snippet. Shared by the search page and the digest
 * pages so a paper looks the same everywhere. Pure.
 */
import { listBadges } from '../../digest/paper.js';
import { noticeLabel } from '../../digest/notices.js';
import { authorName } from '../../pubmed/author-name.js';
import type { ListedArticle } from '../../types.js';
import { html, inlineMarkup, type SafeHtml } from '../html.js';
import type { QueryParams, Urls } from '../urls.js';

const STX = '\u0002';
const ETX = '\u0003';

/** A snippet with the search's STX/ETX markers turned into `<mark>`; everything else escaped. */
export function markedSnippet(snippet: string): SafeHtml {
  const parts = snippet.split(new RegExp(`(${STX}[^${ETX}]*${ETX})`));
  return html`${parts.map((p) => (p.startsWith(STX) ? html`<mark>${p.slice(1, -1)}</mark>` : p.replace(/[\u0002\u0003]/g, '')))}`;
}

/** Badges of a record: publication-type badges, its evidence design, Retracted, Updated. */
export function badges(a: ListedArticle): SafeHtml {
  return badgeSpans(listBadges(a));
}

/** Badge words as the pages show them: notices of withdrawal and retraction in red, Updated with its meaning on hover. */
export function badgeSpans(list: readonly string[]): SafeHtml {
  const withdrawn = noticeLabel('withdrawn');
  return html`${list.map((b) => (b === 'Updated'
    ? html`<span class="badge updated" title="Changed since first stored">Updated</span>`
    : html`<span class="badge${b === 'Retracted' || b === withdrawn ? ' retracted' : ''}">${b}</span>`))}`;
}

/** `Smith J, Doe A, Roe B, et al.` (only the names shown are formatted: a consortium paper lists hundreds). */
export function byline(a: ListedArticle): string {
  const names: string[] = [];
  for (const author of a.authors) {
    const name = authorName(author);
    if (name === null) continue;
    if (names.length === 3) return `${names.join(', ')}, et al.`;
    names.push(name);
  }
  return names.join(', ');
}

/** Journal and year line. */
export function source(a: ListedArticle): string {
  return [a.journal.isoAbbreviation ?? a.journal.title, a.pubDate.year ?? a.pubDate.raw].filter(Boolean).join(' · ');
}

/** Characters of an abstract read for its preview when they are enough (see {@link preview}). */
const PREVIEW_READ = 1000;

/** The first ~300 characters of the abstract, whitespace collapsed, cut at a word. */
export function preview(a: Pick<ListedArticle, 'abstract'>): string {
  const raw = a.abstract ?? '';
  // Collapsing whitespace only shortens text and the collapsed start of a text starts its collapsed
  // whole, so when the start of a long abstract still has more than 301 characters collapsed, it alone
  // decides the preview: a result page no longer copies each of its abstracts whole.
  const head = raw.length > PREVIEW_READ ? raw.slice(0, PREVIEW_READ).replace(/\s+/g, ' ').trimStart() : '';
  const text = head.length > 301 ? head : raw.replace(/\s+/g, ' ').trim();
  if (text.length <= 300) return text;
  return `${text.slice(0, 300).replace(/\s+\S*$/, '')} …`;
}

/**
 * What a result list shows of a record: its title and byline markup, and the abstract's start for a
 * browsed list (a search hit brings its own snippet).
 */
export interface Listing {
  pmid: string;
  title: SafeHtml;
  meta: SafeHtml;
  /** The abstract's start (a search hit brings its own highlighted snippet instead). */
  readonly preview: string;
}

/** The listing of a record; its preview is cut from the abstract only when a list without snippets reads it. */
export function listingOf(a: ListedArticle): Listing {
  const by = byline(a);
  const abstract = a.abstract;
  let cut: string | undefined;
  return {
    pmid: a.pmid, title: inlineMarkup(a.titleHtml || a.title),
    get preview() { return (cut ??= preview({ abstract })); },
    meta: html`${badges(a)}${by}${by ? ' — ' : ''}${source(a)} · PMID ${a.pmid}`,
  };
}

/**
 * One `<li>` of a result list; `snippet` is highlighted markup, or null for the abstract's start. The
 * paper link carries `context` (the search the list came from) for the paper page's previous/next.
 */
export function hitItem(l: Listing, urls: Urls, snippet: SafeHtml | null, context?: QueryParams): SafeHtml {
  const text = snippet ?? l.preview;
  return html`<li>
<div class="hit-title"><a href="${urls.to(`/paper/${l.pmid}`, context)}">${l.title}</a></div>
<div class="meta">${l.meta}</div>
${text ? html`<p class="snippet">${text}</p>` : ''}
</li>`;
}
