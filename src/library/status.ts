/**
 * The status report (`kratomlit status --json`, `Library.statusReport`): counts, topics, the last runs,
 * the index file's freshness, per-topic completeness and whether a scheduler runs, read from the store
 * (its scheduler lock included) and the index file's stamp.
 */
import { existsSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { Config } from '../config.js';
import { readIndexStamp } from '../search/index.js';
import { countArticles, getChangeSeq } from '../store/articles.js';
import { readCompleteness } from '../store/completeness.js';
import { staleAfterMs } from '../completeness.js';
import { asSeenNow, lastRuns, lastSuccessfulRun } from '../store/runs.js';
import type { RunRow } from '../types.js';
import { liveLockHolder } from '../store/lock.js';
import type { SchedulerState, StatusReport, StatusRun } from './types.js';

/** Options of `Library.statusReport`. */
export interface StatusOptions {
  /** How many recent runs to list. Default 5. */
  runs?: number;
  /** Next fire times per scheduled job, from the scheduler (the library does not schedule). Default `{}`. */
  nextRuns?: Record<string, string[]>;
  /** The time a topic's last completeness check is judged stale against. Default: the library's clock. */
  now?: Date;
}

/** Gathers the {@link StatusReport} from the store and the index file. */
export async function statusReport(config: Config, db: Database.Database, opts: StatusOptions = {}): Promise<StatusReport> {
  const records = countArticles(db);
  const stamp = existsSync(config.indexPath) ? await readIndexStamp(config.indexPath) : null;
  return {
    database: config.db,
    records,
    topics: topicCounts(config.topics.map((t) => t.name), records.byTopic),
    lastImport: brief(lastSuccessfulRun(db, 'import')),
    lastIngest: brief(lastSuccessfulRun(db, 'ingest')),
    lastDigest: brief(lastSuccessfulRun(db, 'digest')),
    runs: lastRuns(db, { limit: opts.runs ?? 5 }).map((r) => brief(r) as StatusRun),
    index: indexStatus(config.indexPath, getChangeSeq(db), stamp),
    scheduler: schedulerState(db),
    nextRuns: opts.nextRuns ?? {},
    completeness: readCompleteness(db, config.topics.map((t) => t.name), { now: opts.now ?? new Date(), staleAfterMs: staleAfterMs(config.ingest.auditEveryDays) }),
  };
}

/** The scheduler lock (taken by `holdScheduler`) read as running or not; a dead holder is not running. */
function schedulerState(db: Database.Database): SchedulerState {
  const holder = liveLockHolder(db, 'scheduler');
  return holder ? { running: true, ...holder } : { running: false, pid: null, host: null, command: null, since: null };
}

function topicCounts(configured: string[], byTopic: Record<string, number>): StatusReport['topics'] {
  const stored = Object.keys(byTopic).filter((t) => !configured.includes(t));
  return [
    ...configured.map((name) => ({ name, records: byTopic[name] ?? 0, configured: true })),
    ...stored.map((name) => ({ name, records: byTopic[name] ?? 0, configured: false })),
  ];
}

function brief(run: RunRow | null): StatusRun | null {
  if (!run) return null;
  const r = asSeenNow(run);
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
