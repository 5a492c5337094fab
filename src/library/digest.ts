/**
 * The weekly digest job: pick the week, read the store, collect, render four formats, write atomically.
 * I/O edge only; every decision is made by the pure modules in src/digest/.
 */
import { evidenceMap } from '../src/evidence/summary.js';
import { iterateLiveArticles } from '../src/store/articles.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { collectDigest } from '../src/digest/collect.js';
import { withCompleteness } from '../src/digest/completeness.js';
import type { DigestDocument } from '../src/digest/model.js';
import { renderAtom } from '../src/digest/render-atom.js';
import { renderHtml } from '../src/digest/render-html.js';
import { parseDigestJson, renderJson } from '../src/digest/render-json.js';
import { renderMarkdown } from '../src/digest/render-md.js';
import { type WeekRange, lastCompleteWeek, weekRange } from '../src/digest/week.js';
import {
  listDigestJson,
  outputPath,
  prepareOutDir,
  readOutput,
  removeStaleTemps,
  writeFileAtomic,
} from '../src/digest/write.js';
import { isValidTimeZone } from '../src/digest/zone.js';
import { ConfigError, errorMessage } from '../src/errors.js';
import type { Logger } from '../src/log.js';
import { countArticles, listArticlesEnteredBetween, listRevisionsBetween } from '../src/store/articles.js';
import { readCompleteness } from '../src/store/completeness.js';
import { isProcessAlive } from '../src/store/lock.js';
import { finishRun, markAbandonedRuns, startRun } from '../src/store/runs.js';

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
  /** Clock for the run ledger's end time only (default: real clock); file contents never see it. */
  clock?: () => Date;
}

export interface DigestResult {
  week: string;
  /** Absolute paths written (or already identical), in write order. */
  files: string[];
  counts: { new: number; updated: number; notices: number };
}

/**
 * Writes `<week>.md`, `.html`, `.json` and rewrites `feed.atom` from every `<week>.json` in the folder.
 * Week: `opts.week` (strict `YYYY-Www`, UsageError otherwise) or the last complete ISO week before `now`
 * in `deps.timeZone`. The same database and week always give byte-identical files; `now` only picks the
 * default week and never appears in a file.
 */
export async function run(deps: DigestDeps, now: Date, opts: { week?: string } = {}): Promise<DigestResult> {
  checkDeps(deps);
  const range = weekRange(opts.week ?? lastCompleteWeek(now, deps.timeZone), deps.timeZone);
  // The ledger row lets `status` and catch-up see digest runs; a read-only connection just skips it.
  // A digest killed mid-write left its run 'running': say it was interrupted before opening ours.
  if (!deps.db.readonly) markAbandonedRuns(deps.db, now, isProcessAlive);
  const runId = deps.db.readonly ? null : startRun(deps.db, 'digest', now, { week: range.week });
  const clock = deps.clock ?? (() => new Date());
  try {
    const result = await writeWeek(deps, range);
    if (runId !== null) finishRun(deps.db, runId, { status: 'ok', now: clock(), details: { week: result.week, counts: result.counts } });
    return result;
  } catch (err) {
    if (runId !== null) finishRun(deps.db, runId, { status: 'failed', now: clock(), details: { week: range.week }, error: errorMessage(err) });
    throw err;
  }
}

async function writeWeek(deps: DigestDeps, range: WeekRange): Promise<DigestResult> {
  const dir = await prepareOutDir(deps.outDir);
  const stale = await removeStaleTemps(dir);
  if (stale.length > 0) deps.logger?.warn({ dir, files: stale }, 'digest: removed temp files left by an interrupted write');
  const doc = collect(deps, range);
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
  files.push(await writeIfChanged(dir, 'feed.atom', await buildFeed(dir, deps)));
  // The command prints the one summary line; this is for --verbose and the scheduler's log.
  deps.logger?.debug({ week: doc.week, counts: doc.counts, dir }, 'digest written');
  return { week: doc.week, files, counts: doc.counts };
}

/**
 * Catch-up rule for the scheduler: the digest is due when the last complete week's `<week>.json` is missing
 * from `outDir` (the JSON is written last of the week's three files, so its presence means all exist).
 */
export function isDigestDue(deps: { outDir: string; timeZone: string }, now: Date): boolean {
  return !existsSync(join(deps.outDir, `${lastCompleteWeek(now, deps.timeZone)}.json`));
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
    revisions: listRevisionsBetween(deps.db, range.start, range.end),
    topics: deps.topics,
    perTopicCap: deps.perTopicCap,
    // The whole library, once a week: the HTML chart of papers per year by design.
    evidenceYears: evidenceMap(iterateLiveArticles(deps.db), { since: null, topic: null }).years,
    topicSizes: countArticles(deps.db).byTopic,
  });
  return withCompleteness(doc, readCompleteness(deps.db, deps.topics));
}

/** Skips the write when the file already holds exactly `text` (re-runs do not touch mtimes). */
async function writeIfChanged(dir: string, name: string, text: string): Promise<string> {
  const path = outputPath(dir, name);
  const current = await readOutput(dir, name).catch(() => null);
  if (current !== text) await writeFileAtomic(path, text);
  return path;
}

/** The feed from the `<week>.json` files present; unreadable ones are logged and left out. */
async function buildFeed(dir: string, deps: DigestDeps): Promise<string> {
  const names = (await listDigestJson(dir)).slice(-Math.max(deps.feedWeeks * 2, deps.feedWeeks + 5));
  const docs: DigestDocument[] = [];
  for (const name of names) {
    try {
      docs.push(parseDigestJson(await readOutput(dir, name), name));
    } catch (err) {
      deps.logger?.warn({ file: name, err: errorMessage(err) }, 'digest: skipping unreadable digest JSON in feed');
    }
  }
  return renderAtom(docs, { siteUrl: deps.siteUrl ?? null, feedWeeks: deps.feedWeeks });
}
