/**
 * The page shell every page shares: language, title, the local stylesheet, a skip link, the site header
 * with its navigation landmark, the main landmark and a footer. Pure.
 */
import { html, type SafeHtml } from './html.js';
import type { Urls } from './urls.js';

/** Which navigation entry is current. */
export type Section = 'search' | 'digests' | 'evidence' | 'status' | null;

/** Everything a page needs to be wrapped. */
export interface PageOptions {
  title: string;
  section: Section;
  body: SafeHtml;
  urls: Urls;
  /** Shown in the footer: the store change the page reflects. */
  footnote?: string;
  /** Extra `<head>` links (the Atom feed on digest pages). */
  head?: SafeHtml;
  /** The page's JSON twin (json.ts), linked as `rel=alternate` and from the footer. */
  json?: string;
}

const NAV: Array<[Exclude<Section, null>, string, string]> = [
  ['search', '/', 'Search'],
  ['digests', '/digests/', 'Digests'],
  ['evidence', '/evidence', 'Evidence map'],
  ['status', '/status', 'Status'],
];

/** A complete HTML document. */
export function page(o: PageOptions): string {
  const nav = NAV.map(([key, path, label]) => html`<li><a href="${o.urls.to(path)}"${key === o.section ? html` aria-current="page"` : ''}>${label}</a></li>`);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · kratomlit</title>
<link rel="stylesheet" href="${o.urls.to('/style.css')}">
<link rel="icon" type="image/svg+xml" href="${o.urls.to('/favicon.svg')}">
<link rel="alternate" type="application/atom+xml" title="kratomlit weekly digests" href="${o.urls.to('/feed.atom')}">
${o.json ? html`<link rel="alternate" type="application/json" href="${o.json}">` : ''}
${o.head}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
<a class="brand" href="${o.urls.to('/')}">kratomlit</a>
<nav aria-label="Site"><ul>${nav}</ul></nav>
</header>
<main id="main" tabindex="-1">
${o.body}
</main>
<footer class="site"><p>A local library of PubMed records on mitragynine and 7-hydroxymitragynine. ${o.footnote ?? ''}${o.json ? html` <a href="${o.json}">This page as JSON</a>.` : ''}</p></footer>
</body>
</html>
`.value;
}

/** The body of an error page: what went wrong and a way back. */
export function errorBody(status: number, message: string, urls: Urls): SafeHtml {
  const heading = status === 404 ? 'Not found' : status >= 500 ? 'Something went wrong' : 'This request cannot be answered';
  return html`<h1>${heading}</h1>
<p class="notice" role="alert">${message}</p>
<p><a href="${urls.to('/')}">Back to search</a></p>`;
}
