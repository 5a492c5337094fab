/**
 * The JSON twins of the pages. Every page has one at the same path plus `.json` (`/` is `/search.json`,
 * `/digests/` is `/digests.json`), with the same parameters, answering with the objects the library and
 * the CLI's `--json` give: search hits as `search --json` prints them, a record as `show --json`, the
 * digest document as the digest job writes it, the evidence map as `evidence --json`, the report as
 * `status --json`. Errors are `{ "error": { "status", "message" } }` with the same status as the page's.
 */
import { listBadges } from '../digest/paper.js';
import type { Article, SearchHit } from '../index.js';
import { authorName } from '../pubmed/author-name.js';
import { preview } from './pages/hits.js';
import type { Urls } from './urls.js';

export const JSON_TYPE = 'application/json; charset=utf-8';

/** The JSON twin's path of a page path; null for paths without one (export, feed, style). */
export function jsonPathOf(path: string): string | null {
  if (path === '/') return '/search.json';
  if (path === '/digests/') return '/digests.json';
  if (/^\/(paper\/\d+|digests\/[^/]+|evidence|status)$/.test(path)) return `${path}.json`;
  return null;
}

/** The page path of a JSON twin's path; null when `path` is not a twin. */
export function pagePathOf(path: string): string | null {
  if (!path.endsWith('.json')) return null;
  const page = path.slice(0, -'.json'.length);
  if (page === '/search') return '/';
  if (page === '/digests') return '/digests/';
  return page === '' || page.endsWith('/') ? null : page;
}

/** `{ ... }` as the answer body, indented like the CLI's `--json`. */
export function jsonBody(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * A browsed record (no search words, so no ranking or snippet) in the shape of a search hit: score 0,
 * the abstract's start as the snippet, no matched fields.
 */
export function browseHit(a: Article): SearchHit {
  return {
    pmid: a.pmid, title: a.title, authors: a.authors.map(authorName).filter((n): n is string => n !== null),
    journal: a.journal.isoAbbreviation ?? a.journal.title, year: a.pubDate.year, doi: a.doi, score: 0,
    snippet: preview(a), matchedFields: [], publicationTypes: a.publicationTypes, topics: a.topics, retracted: a.retracted,
    retractionNotice: a.retractionNotice, badges: listBadges(a),
  };
}

/** An absolute-path link under the base path, or null. */
export function link(urls: Urls, path: string | null, params?: Record<string, string | undefined>): string | null {
  return path === null ? null : urls.to(path, params);
}
