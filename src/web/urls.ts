/**
 * Building the site's URLs under an optional base path (`--base-path /lit` behind a reverse proxy).
 * Every link the pages write goes through here, so a page works the same at `/` and under a prefix. Pure.
 */

/** Search parameters as they appear in a URL (strings), in a stable order. */
export type QueryParams = Record<string, string | undefined>;

const ORDER = ['q', 'topic', 'design', 'theme', 'since', 'until', 'retracted', 'sort', 'page', 'format'];

/** `?a=1&b=2` with empty values left out, keys in a stable order; '' when nothing is left. */
export function queryString(params: QueryParams): string {
  const keys = Object.keys(params).sort((a, b) => rankOf(a) - rankOf(b));
  const parts = keys
    .filter((k) => params[k] !== undefined && params[k] !== '')
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(params[k] as string)}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

function rankOf(key: string): number {
  const i = ORDER.indexOf(key);
  return i === -1 ? ORDER.length : i;
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
