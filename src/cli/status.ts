import { existsSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { countArticles, getChangeSeq } from '../store/articles.js';
import { type RunKind, type RunRow, type RunStatus, lastRuns, lastSuccessfulRun } from '../store/runs.js';
import { closeStore } from '../store/open.js';
import { type TopicCompleteness, completenessLine } from '../ingest/completeness.js';
import { readCompleteness } from '../store/completeness.js';
import type { CommandContext } from './context.js';

/** Next fire times per scheduled job, supplied by the entry point (only jobs/ knows node-cron). */
export type NextRunsProvider = (ctx: CommandContext, count: number) => Promise<Record<string, string[]>>;

/** Reads an index file's store high-water stamp without loading it (supplied by the search module). */
export type IndexStampReader = (indexPath: string) => Promise<{ highWater: number } | null>;

/** One run of the ledger as `status` reports it; `details` holds the run's figures (requests, new, ...). */
export interface StatusRun {
  id: number;
  kind: RunKind;
  /** ok, failed, partial, deferred, interrupted, or running (still going, or abandoned by a crash). */
  status: RunStatus;
  startedAt: string;
  endedAt: string | null;
  details: Record<string, unknown>;
  error: string | null;
}

/**
 * The document `kratomlit status --json` prints. Stable: fields are only ever added (README "status --json").
 * Counts are of live records unless named otherwise; times are ISO 8601.
 */
export interface StatusReport {
  /** Absolute path of the SQLite database. */
  database: string;
  records: { live: number; deleted: number; books: number; retracted: number; byTopic: Record<string, number> };
  /** Every configured topic (0 when it has no records yet), then any stored topic no longer configured. */
  topics: Array<{ name: string; records: number; configured: boolean }>;
  lastImport: StatusRun | null;
  lastIngest: StatusRun | null;
  lastDigest: StatusRun | null;
  /** Most recent runs first (`--runs N`, default 5), whatever their outcome. */
  runs: StatusRun[];
  index: {
    path: string;
    exists: boolean;
    /** True when the index covers every change in the store. */
    fresh: boolean;
    /** The store change counter the index was built up to; null when unknown. */
    highWater: number | null;
    storeHighWater: number;
    bytes: number;
  };
  /** Next fire time per scheduled job (`ingest`, `digest`) in the job's time zone. */
  nextRuns: Record<string, string[]>;
  /** Per configured topic: the last check against PubMed and the open gaps (docs/completeness.md). */
  completeness: Record<string, TopicCompleteness>;
}

/** `kratomlit status [--json] [--runs N]`. */
export function statusCommand(ctx: () => CommandContext, deps: { nextRuns?: NextRunsProvider; indexStamp?: IndexStampReader }): Command {
  return new Command('status')
    .description('counts, last runs, index freshness and next scheduled runs')
    .option('--json', 'print as JSON on stdout (shape: README "status --json")')
    .option('--runs <n>', 'how many recent runs to list', '5')
    .action(async (opts: { json?: boolean; runs: string }) => {
      const limit = Number(opts.runs);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError(`status: --runs must be a whole number from 1 to 1000, got "${opts.runs}"`);
      const c = ctx();
      const db = c.openDb();
      try {
        const report = await statusReport(c, db, limit, deps);
        c.out(opts.json ? JSON.stringify(report, null, 2) : formatStatus(report, c.now()));
      } finally {
        closeStore(db);
      }
    });
}

/** Gathers the {@link StatusReport} from the store, the index file and the schedule. */
export async function statusReport(
  c: CommandContext,
  db: Database.Database,
  runs: number,
  deps: { nextRuns?: NextRunsProvider; indexStamp?: IndexStampReader },
): Promise<StatusReport> {
  const records = countArticles(db);
  const stamp = deps.indexStamp && existsSync(c.config.indexPath) ? await deps.indexStamp(c.config.indexPath) : null;
  return {
    database: c.config.db,
    records,
    topics: topicCounts(c.config.topics.map((t) => t.name), records.byTopic),
    lastImport: brief(lastSuccessfulRun(db, 'import')),
    lastIngest: brief(lastSuccessfulRun(db, 'ingest')),
    lastDigest: brief(lastSuccessfulRun(db, 'digest')),
    runs: lastRuns(db, { limit: runs }).map((r) => brief(r) as StatusRun),
    index: indexStatus(c.config.indexPath, getChangeSeq(db), stamp),
    nextRuns: deps.nextRuns ? await deps.nextRuns(c, 1) : {},
    completeness: readCompleteness(db, c.config.topics.map((t) => t.name)),
  };
}

function topicCounts(configured: string[], byTopic: Record<string, number>): StatusReport['topics'] {
  const stored = Object.keys(byTopic).filter((t) => !configured.includes(t));
  return [
    ...configured.map((name) => ({ name, records: byTopic[name] ?? 0, configured: true })),
    ...stored.map((name) => ({ name, records: byTopic[name] ?? 0, configured: false })),
  ];
}

function brief(r: RunRow | null): StatusRun | null {
  if (!r) return null;
  return { id: r.id, kind: r.kind, status: r.status, startedAt: r.startedAt, endedAt: r.endedAt, details: r.details, error: r.error };
}

function indexStatus(path: string, storeSeq: number, stamp: { highWater: number } | null): StatusReport['index'] {
  if (!existsSync(path)) return { path, exists: false, fresh: false, highWater: null, storeHighWater: storeSeq, bytes: 0 };
  return {
    path,
    exists: true,
    fresh: stamp !== null && stamp.highWater === storeSeq,
    highWater: stamp?.highWater ?? null,
    storeHighWater: storeSeq,
    bytes: statSync(path).size,
  };
}

/** The human-readable form of the report (stdout: it is what the user asked for); `now` dates the checks. */
export function formatStatus(s: StatusReport, now: Date): string {
  const r = s.records;
  const idx = s.index;
  const lines = [
    `Database: ${s.database}`,
    `Records: ${r.live} live (${r.books} books, ${r.retracted} retracted), ${r.deleted} deleted`,
    `Topics: ${s.topics.map((t) => `${t.name} ${t.records}${t.configured ? '' : ' (not configured)'}`).join(', ') || 'none configured'}`,
    'Completeness against PubMed:',
    ...Object.entries(s.completeness).map(([topic, c]) => `  ${completenessLine(topic, c, now)}`),
    `Search index: ${idx.exists ? (idx.fresh ? 'up to date' : `stale (index at ${idx.highWater ?? '?'}, store at ${idx.storeHighWater})`) : 'not built (built on first search)'}`,
  ];
  for (const [job, times] of Object.entries(s.nextRuns)) lines.push(`Next ${job}: ${times[0] ?? 'unknown'}`);
  lines.push('Recent runs:');
  if (s.runs.length === 0) lines.push('  none');
  for (const run of s.runs) lines.push(`  ${formatRun(run)}`);
  return lines.join('\n');
}

function formatRun(run: StatusRun): string {
  const figures = Object.entries(run.details)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
  return `#${run.id} ${run.kind} ${run.status} ${run.startedAt}${figures ? ` — ${figures}` : ''}${run.error ? ` — ${run.error}` : ''}`;
}
