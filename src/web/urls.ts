/**
 * Building the site's URLs under an optional base path (`--base-path /lit` behind a reverse proxy).
 * Every link the pages write goes through here, so a page works the same at `/` and under a prefix. Pure.
 */

/** Search parameters as they appear in a URL (strings), in a stable order. */
export type QueryParams = Record<string, string | undefined>;

const ORDER = ['q', 'topic', 'design', 'theme', 'type', 'since', 'until', 'retracted', 'sort', 'page', 'format'];

/** `?a=1&b=2` with empty values left out, keys in a stable order; '' when nothing is left. */
export function queryString(params: QueryParams): string {
  // ORDER's keys first, then any other in the order given (a page writes dozens of links: no sort each).
  let out = '';
  const add = (k: string): void => {
    const v = params[k];
    if (v !== undefined && v !== '') out += `${out === '' ? '?' : '&'}${encodeURIComponent(k)}=${encodeURIComponent(v)}`;
  };
  for (const k of ORDER) if (Object.hasOwn(params, k)) add(k);
  for (const k of Object.keys(params)) if (!ORDER.includes(k)) add(k);
  return out;
}

/** Makes site paths under a base path. */
export interface Urls {
  /** `path` (starting with `/`) under the base path, plus an optional query. */
  to(path: string, params?: QueryParams): string;
  readonly base: string;
}

/** A URL maker for `basePath` (`''` or `/prefix`, no trailing slash). */
export function urls(basePath: string): Urls {
  return { base: basePath, to: (path, params) => `${basePath}${path}${params ? queryString(params) : ''}` };
}
