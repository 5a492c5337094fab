/**
 * The weekly digest job: pick the week, read the store, collect, render four formats, write atomically.
 * I/O edge only; every decision is made by the pure modules in src/digest/.
 */
import { countsLine } from '../digest/render-common.js';
import { evidenceMap } from '../evidence/summary.js';
import { iterateLiveArticles } from '../store/articles.js';
import type Database from 'better-sqlite3';
import { collectDigest, stampAsOf } from '../digest/collect.js';
import { withCompleteness } from '../digest/completeness.js';
import { type IngestRunFacts, weekCoverage, withCoverage } from '../digest/coverage.js';
import type { DigestDocument } from '../digest/types.js';
import { renderAtom } from '../digest/render-atom.js';
import { renderHtml } from '../digest/render-html.js';
import { parseDigestJson, renderJson } from '../digest/render-json.js';
import { renderMarkdown } from '../digest/render-md.js';
import { type WeekRange, lastCompleteWeek, weekContaining, weekOfDate, weekRange } from '../digest/week.js';
import {
  listDigestJson,
  outputPath,
  prepareOutDir,
  readOutput,
  removeStaleTemps,
  writeFileAtomic,
} from '../digest/write.js';
import { isValidTimeZone } from '../zone.js';
import { ConfigError, UsageError, errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import { countArticles, getArticles, listArticlesEnteredBetween, listDeletedBetween, listFirstStoredBetween, listRevisionsBetween } from '../store/articles.js';
import { asSeenNow, digestsLastWritten, lastRuns } from '../store/runs.js';
import type { Article } from '../types.js';
import { readCompleteness } from '../store/completeness.js';
import { withRun } from './run.js';
import type { DigestReport } from './types.js';

export interface DigestDeps {
  db: Database.Database;
  /** Output folder; created when missing. */
  outDir: string;
  /** IANA zone that defines the ISO week (config `digest.timezone`, default UTC). */
  timeZone: string;
  /** Papers per topic shown in .md/.html before "and N more". */
  perTopicCap: number;
  /** Weeks kept in feed.atom. */
  feedWeeks: number;
  /** Configured topic names, in order. */
  topics: string[];
  /** Public URL of the digest folder, for absolute Atom links. */
  siteUrl?: string | null;
  logger?: Logger;
  /** Clock for the run ledger's end time only (default: real clock; the library passes its own); file contents never see it. */
  clock?: () => Date;
}

/** The digest files of one week (what `digest --json` prints, without the e-mail part). */
export type DigestResult = Omit<DigestReport, 'email'>;

/**
 * Writes `<week>.md`, `.html`, `.json` and rewrites `feed.atom` from every `<week>.json` in the folder.
 * Week: `opts.week` (strict `YYYY-Www`, UsageError otherwise) or the last complete ISO week before `now`
 * in `deps.timeZone`. A re-run over the same database gives byte-identical files. `now` picks the default
 * week and dates a week written while in progress (`asOf`, the feed's `updated`); a write that changes
 * nothing keeps the date the folder's file already has.
 */
export async function runDigest(deps: DigestDeps, now: Date, opts: { week?: string } = {}): Promise<DigestResult> {
  checkDeps(deps);
  const range = weekRange(opts.week ?? lastCompleteWeek(now, deps.timeZone), deps.timeZone);
  // A week that has not begun has no papers yet: written, it would head the feed as an empty issue.
  if (Date.parse(range.start) > now.getTime()) {
    throw new UsageError(`digest: week "${range.week}" has not begun yet (it starts ${range.from}; this is ${weekContaining(now, deps.timeZone)})`);
  }
  // No writer lock: the digest reads the records and writes only its ledger row. The ledger row lets `status` and catch-up see digest
  // runs (a digest killed mid-write left its row 'running': the wrapper says it was interrupted first).
  return withRun(deps.db, deps.clock ?? (() => new Date()), {
    lock: null,
    kind: 'digest',
    at: now,
    begin: () => ({ week: range.week }),
    work: () => writeWeek(deps, range, now),
    end: (result) => ({ status: 'ok', details: { week: result.week, counts: result.counts } }),
  });
}

async function writeWeek(deps: DigestDeps, range: WeekRange, now: Date): Promise<DigestResult> {
  const dir = await prepareOutDir(deps.outDir);
  const stale = await removeStaleTemps(dir);
  if (stale.length > 0) deps.logger?.warn({ dir, files: stale }, 'digest: removed temp files left by an interrupted write');
  // A week still in progress is dated by this write, not by its end (a future instant in the feed).
  const doc = stampAsOf(collect(deps, range), await previousDigest(dir, range.week), now);
  const files: string[] = [];
  // JSON last among the week files: the feed is rebuilt from it and isDigestDue checks it, so its presence
  // means the .md and .html it describes are already complete.
  for (const [name, text] of [
    [`${doc.week}.md`, renderMarkdown(doc)],
    [`${doc.week}.html`, renderHtml(doc)],
    [`${doc.week}.json`, renderJson(doc)],
  ] as const) {
    files.push(await writeIfChanged(dir, name, text));
  }
  files.push(await writeIfChanged(dir, 'feed.atom', await buildFeed(dir, deps, now)));
  // The command prints the one summary line; this is for --verbose and the scheduler's log.
  deps.logger?.debug({ week: doc.week, counts: doc.counts, dir }, 'digest written');
  return { week: doc.week, files, counts: doc.counts, summary: countsLine(doc) };
}


function checkDeps(deps: DigestDeps): void {
  if (!isValidTimeZone(deps.timeZone)) throw new ConfigError(`digest.timezone: "${deps.timeZone}" is not an IANA time zone`);
  if (!Number.isInteger(deps.perTopicCap) || deps.perTopicCap < 1) {
    throw new ConfigError(`digest.perTopicCap: ${String(deps.perTopicCap)} is not a positive integer`);
  }
  if (!Number.isInteger(deps.feedWeeks) || deps.feedWeeks < 1) {
    throw new ConfigError(`digest.feedWeeks: ${String(deps.feedWeeks)} is not a positive integer`);
  }
}

function collect(deps: DigestDeps, range: WeekRange): DigestDocument {
  const doc = collectDigest({
    week: range,
    entered: listArticlesEnteredBetween(deps.db, range.from, range.to),
    late: lateArrivals(deps.db, range),
    withdrawn: listDeletedBetween(deps.db, range.start, range.end),
    revisions: listRevisionsBetween(deps.db, range.start, range.end),
    topics: deps.topics,
    perTopicCap: deps.perTopicCap,
    // The whole library, once a week: the HTML chart of papers per year by design.
    evidenceYears: evidenceMap(iterateLiveArticles(deps.db), { since: null, topic: null }).years,
    topicSizes: countArticles(deps.db).byTopic,
  });
  return withCoverage(withCompleteness(doc, readCompleteness(deps.db, deps.topics)), weekCoverage(range, deps.topics, ingestRuns(deps.db)));
}

/** Every ingest run of the ledger (a run whose process is gone reads as interrupted), for the week's coverage. */
function ingestRuns(db: DigestDeps['db']): IngestRunFacts[] {
  // A nightly schedule adds one row a night: a few thousand rows at most, read once a week.
  return lastRuns(db, { kind: 'ingest', limit: ALL_ROWS }).map((row) => asSeenNow(row)).map((r) => ({
    id: r.id,
    status: r.status,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    topics: Array.isArray(r.details['topics']) ? (r.details['topics'] as Array<{ topic?: unknown }>).map((t) => t.topic).filter((t): t is string => typeof t === 'string') : [],
    error: r.error,
  }));
}

/** SQLite's "no limit" (a negative LIMIT). */
const ALL_ROWS = -1;

/**
 * The week's late arrivals: records first stored in it that entered PubMed in an earlier week after that
 * week's digest was last written (its latest digest run that ended `ok`, by its start: a record stored
 * while it ran may be listed twice, never missed), and records without an entry date. A week whose digest
 * was never written lists its own records when it is written, so they are not late; a week written again
 * after a late arrival lists it itself, and the later week no longer does.
 */
function lateArrivals(db: DigestDeps['db'], range: WeekRange): Article[] {
  const written = digestsLastWritten(db);
  const late = listFirstStoredBetween(db, range.start, range.end, range.from).filter((r) => {
    if (r.entryDate === null) return true;
    const at = written.get(weekOfDate(r.entryDate));
    return at !== undefined && r.firstSeenAt > at;
  });
  return getArticles(db, late.map((r) => r.pmid));
}

/** Skips the write when the file already holds exactly `text` (re-runs do not touch mtimes). */
async function writeIfChanged(dir: string, name: string, text: string): Promise<string> {
  const path = outputPath(dir, name);
  const current = await readOutput(dir, name).catch(() => null);
  if (current !== text) await writeFileAtomic(path, text);
  return path;
}

/** The week's `<week>.json` as it stands, or null when absent or unreadable (then it is written anew). */
async function previousDigest(dir: string, week: string): Promise<DigestDocument | null> {
  try {
    return parseDigestJson(await readOutput(dir, `${week}.json`), `${week}.json`);
  } catch {
    return null;
  }
}

/** The feed from the `<week>.json` files present; unreadable ones are logged and left out. */
async function buildFeed(dir: string, deps: DigestDeps, now: Date): Promise<string> {
  const names = (await listDigestJson(dir)).slice(-Math.max(deps.feedWeeks * 2, deps.feedWeeks + 5));
  const docs: DigestDocument[] = [];
  for (const name of names) {
    try {
      docs.push(parseDigestJson(await readOutput(dir, name), name));
    } catch (err) {
      deps.logger?.warn({ file: name, err: errorMessage(err) }, 'digest: skipping unreadable digest JSON in feed');
    }
  }
  return renderAtom(docs, { siteUrl: deps.siteUrl ?? null, feedWeeks: deps.feedWeeks, now });
}
