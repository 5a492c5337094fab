/**
 * The digest, feed, evidence, status and stylesheet routes (search, export and paper are in routes.ts),
 * each as HTML or as its JSON twin where it has one.
 */
import { isWeekName, weekProblem } from '../library/extras.js';
import { HttpError } from './errors.js';
import { archiveBody, weekBody } from './pages/digests.js';
import { evidenceBody } from './pages/evidence.js';
import { readParams, readRetracted } from './params.js';
import type { QueryParams } from './urls.js';
import { statusBody } from './pages/status.js';
import { type As, fresh, htmlPage, jsonReply, type Reply, type RouteContext } from './routes.js';
import { STYLE_CSS } from './style.js';

/** `/digests/`, `/digests/WEEK` and their twins `/digests.json`, `/digests/WEEK.json`. */
export function digestRoute(c: RouteContext, week: string | null, query: URLSearchParams, as: As): Reply {
  readParams(query, []);
  const weeks = c.lib.digestWeeks();
  // Digests are files the digest job writes, not store changes: never kept in the page cache.
  if (week === null) {
    if (as === 'json') return { ...jsonReply({ weeks, feed: c.urls.to('/feed.atom') }), cacheable: false };
    return { ...htmlPage(c, '/digests/', 'Weekly digests', 'digests', archiveBody(weeks, c.urls)), cacheable: false };
  }
  // The feed file links its entries as the digest job wrote them, beside it: `2026-W47.html`, `feed.atom`.
  const file = /^(\d{4}-W\d{2})\.html$/.exec(week);
  if (file && isWeekName(file[1] as string)) return movedTo(c.urls.to(`/digests/${file[1] as string}`));
  if (week === 'feed.atom') return movedTo(c.urls.to('/feed.atom'));
  if (!/^\d{4}-W\d{2}$/.test(week)) throw new HttpError(404, `"${week.slice(0, 40)}" is not a week; digest weeks look like 2026-W47.`);
  // Shaped like a week but not one (2027-W53, 0001-W01): say which rule it breaks.
  const problem = weekProblem(week);
  if (problem !== null) throw new HttpError(404, `The ${problem}.`);
  const doc = c.lib.digestDocument(week);
  if (!doc) throw new HttpError(404, `There is no digest for ${week}.`);
  if (as === 'json') return { ...jsonReply(doc), cacheable: false };
  return { ...htmlPage(c, `/digests/${week}`, `Digest ${week}`, 'digests', weekBody(doc, weeks, c.urls)), cacheable: false };
}

/**
 * `/feed.atom`. Before the first digest it is a valid feed with no entries, dated by the library (not by
 * the server's start, which a reader would take for an update on every restart), so the URL every page
 * advertises can be subscribed to from day one and the first digest appears in readers as a new entry.
 */
export function feedRoute(c: RouteContext, query: URLSearchParams): Reply {
  readParams(query, []);
  const feed = c.lib.feed({ orEmpty: true });
  return { status: 200, type: 'application/atom+xml; charset=utf-8', body: servedFeed(feed, c.urls.to('/digests/')), cacheable: false };
}

/**
 * A feed written without a public URL links its entries relative to its own folder (`2026-W47.html`); served
 * at `/feed.atom`, those would resolve to `/2026-W47.html`. An `xml:base` of the digest pages' folder makes
 * them resolve there (where `/digests/2026-W47.html` is redirected to the week's page). A feed written with
 * a public URL already carries its own base and is served as it is.
 */
function servedFeed(feed: string, digestsPath: string): string {
  const root = '<feed xmlns="http://www.w3.org/2005/Atom">';
  if (!feed.includes(root)) return feed;
  return feed.replace(root, `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="${digestsPath.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}">`);
}

function movedTo(location: string): Reply {
  return { status: 301, type: 'text/plain', body: '', headers: { location }, cacheable: false };
}

/**
 * `/evidence` and `/evidence.json` (the map `kratomlit evidence --json` prints), narrowed as the command's
 * `--topic`, `--since` and `--retracted` narrow it: `topic=` (a library topic, any case), `since=` (a year:
 * the map counts papers by publication year) and `retracted=` (true or false in any case, as the search
 * page reads it; empty: every paper).
 */
export function evidenceRoute(c: RouteContext, query: URLSearchParams, as: As): Reply {
  const params = readParams(query, ['topic', 'since', 'retracted']);
  if (params.since !== undefined && !/^\d{4}$/.test(params.since)) {
    throw new HttpError(400, `"since" must be a year YYYY (the map counts papers by publication year), not "${params.since.slice(0, 40)}".`);
  }
  const chosen = readRetracted(params.retracted);
  const retracted = chosen === undefined ? undefined : String(chosen);
  // The links and the page's own form carry the value as read (`FALSE` as `false`), or not at all when empty.
  const page: QueryParams = { ...params, retracted };
  const opts = { ...(params.topic ? { topic: params.topic } : {}), ...(params.since ? { since: Number(params.since) } : {}), ...(chosen !== undefined ? { retracted: chosen } : {}) };
  // The whole library's map is counted once per index state from the records kept in memory (reading every
  // record per state cost ~1 s at 10,000); a narrowed one is counted per request (the page cache keeps it).
  const m = Object.keys(opts).length === 0 ? (fresh(c).evidence ??= c.lib.indexedEvidence()) : c.lib.indexedEvidence(opts);
  if (as === 'json') return jsonReply(m);
  return htmlPage(c, '/evidence', 'Evidence map', 'evidence', evidenceBody(m, c.urls, page), { params: page });
}

/** `/status` and `/status.json` (the `status --json` document plus what this server knows). */
export async function statusRoute(c: RouteContext, query: URLSearchParams, as: As): Promise<Reply> {
  readParams(query, []);
  const report = await c.status();
  const server = { indexedSeq: c.lib.indexedSeq(), storeSeq: c.lib.changeSeq(), records: report.records?.live ?? 0, startedAt: c.startedAt, searchThreads: c.searchThreads() };
  // The page says "checked 3 h ago": it depends on the clock, so it is never cached.
  if (as === 'json') return { ...jsonReply({ ...report, server }), cacheable: false };
  return { ...htmlPage(c, '/status', 'Status', 'status', statusBody({ report, server, now: new Date() })), cacheable: false };
}

/** `/style.css`. */
export function styleRoute(): Reply {
  return { status: 200, type: 'text/css; charset=utf-8', body: STYLE_CSS, headers: { 'cache-control': 'max-age=3600' } };
}
