/**
 * The site icon, an SVG kept in the code: every browser asks for `/favicon.ico` (and the pages name
 * `/favicon.svg` with `<link rel="icon">`), and a 404 for each filled the access log. Colours are
 * presentation attributes, not `style`, so the strict CSP (`style-src 'self'`) holds when it is opened
 * on its own; `img-src 'self'` lets the pages show it.
 */
import type { Reply } from './routes.js';

/** A white "k" on the site header's blue, 32 x 32. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="32" height="32">' +
  '<rect width="32" height="32" rx="6" fill="#12324f"/>' +
  '<path d="M11 7v18M21 9l-9 9M15 15l7 10" fill="none" stroke="#fff" stroke-width="3.5" stroke-linecap="round" stroke-linejoin="round"/>' +
  '</svg>\n';

/** `/favicon.svg` and `/favicon.ico`: the icon, kept a day by the browser (it never changes within a version). */
export function faviconRoute(): Reply {
  return { status: 200, type: 'image/svg+xml', body: FAVICON_SVG, headers: { 'cache-control': 'public, max-age=86400' } };
}
