import type { EvidenceOverrides } from '../src/evidence/overrides.js';
import type Database from 'better-sqlite3';
import { crashPoint } from '../src/crash.js';
import { AppError, EutilsError, errorMessage } from '../src/errors.js';
import { type TopicPlan, planRun } from '../src/ingest/plan.js';
import type { Logger } from '../src/log.js';
import type { PubmedClient } from '../src/pubmed/client.js';
import { harvestIds } from '../src/pubmed/harvest.js';
import { parsePubmedXml } from '../src/pubmed/normalize.js';
import { applyDeletions, upsertParsed } from '../src/store/articles.js';
import {
  clearQueue,
  enqueue,
  getTopicStates,
  markQueued,
  markTopicComplete,
  missingFromQueue,
  nextPending,
  queueCounts,
  requeueMissing,
  storedTopicMembers,
} from '../src/store/ingest-state.js';
import { acquireLock, isProcessAlive } from '../src/store/lock.js';
import { type RunStatus, finishRun, markAbandonedRuns, startRun, updateRunDetails } from '../src/store/runs.js';
import type { RecordProblem, UpsertResult } from '../src/types.js';

/** What an ingest run needs; every collaborator is injected (tests pass a loopback-server client). */
export interface IngestDeps {
  db: Database.Database;
  client: PubmedClient;
  topics: ReadonlyArray<{ name: string; query: string }>;
  overlapDays: number;
  /** PMIDs per efetch POST (NCBI: at most 500). */
  batchSize: number;
  logger: Logger;
  clock?: () => Date;
  signal?: AbortSignal;
  /** esearch id cap; 9,999 for PubMed (tests lower it on the loopback server). */
  idCap?: number;
  onProgress?: (p: { phase: 'harvest' | 'fetch'; done: number; total: number; requests: number }) => void;
  /** Curator evidence overrides applied as records are classified on storing. */
  evidenceOverrides?: EvidenceOverrides;
}

export interface IngestOptions {
  /** `--since YYYY-MM-DD`. */
  since?: string | null;
  /** Only these topic names (`--topic`). */
  topics?: readonly string[];
  /** Backfill everything again (`--full`). */
  full?: boolean;
  /** Check stored members against each topic's full result set now, whatever the weekly rhythm says. */
  reconcile?: boolean;
}

/** The run report: stored in the run ledger, printed by `ingest --json`. */
export interface IngestSummary {
  runId: number;
  status: Exclude<RunStatus, 'running'>;
  startedAt: string;
  endedAt: string;
  topics: Array<{ topic: string; reason: TopicPlan['reason']; windows: string[]; harvested: number }>;
  requests: number;
  retries: number;
  rateLimited: number;
  fetched: number;
  new: number;
  updated: number;
  unchanged: number;
  older: number;
  deleted: number;
  /** PMIDs efetch left out in this run (asked again by the next run). */
  missing: string[];
  /** PMIDs left out by MISSING_ATTEMPTS runs in a row: given up on. */
  abandoned: string[];
  rejected: Array<{ pmid: string | null; reason: string }>;
  error: string | null;
}

/**
 * One ingest run: plan windows per topic, harvest ids into the persistent queue, fetch and store the queue in
 * batches (each batch and its queue marks in one transaction), reconcile deletions, then advance each
 * topic's date. Killed at any instant, the next run resumes the queue and redoes the window; the writer lock
 * makes a second concurrent run fail at once with a message naming the holder.
 */
export async function run(deps: IngestDeps, now: Date, opts: IngestOptions = {}): Promise<IngestSummary> {
  const clock = deps.clock ?? (() => new Date());
  const lock = acquireLock(deps.db, 'ingest');
  try {
    markAbandonedRuns(deps.db, clock(), isProcessAlive);
    const topics = selectTopics(deps.topics, opts.topics);
    const plans = planRun({ topics, states: getTopicStates(deps.db), now, overlapDays: deps.overlapDays, since: opts.since ?? null, full: opts.full ?? false }).map(
      (p) => (opts.reconcile ? { ...p, reconcile: true } : p),
    );
    const summary = emptySummary(now, plans);
    summary.runId = startRun(deps.db, 'ingest', now, detailsOf(summary));
    return await execute(deps, plans, summary, clock);
  } finally {
    lock.release();
  }
}

async function execute(deps: IngestDeps, plans: TopicPlan[], summary: IngestSummary, clock: () => Date): Promise<IngestSummary> {
  try {
    requeueMissing(deps.db);
    const vanished = await harvestAll(deps, plans, summary, clock);
    await drainQueue(deps, summary, vanished, clock);
    finishTopics(deps.db, plans, summary.startedAt);
    summary.missing = missingFromQueue(deps.db);
    summary.abandoned = clearQueue(deps.db);
    summary.status = 'ok';
    crashPoint('ingest:before-finish');
  } catch (err) {
    summary.status = statusOf(err, deps.signal);
    summary.error = errorMessage(err);
    deps.logger.error({ runId: summary.runId, status: summary.status }, `ingest: ${summary.error}`);
  } finally {
    copyClientStats(deps.client, summary);
    summary.endedAt = clock().toISOString();
    finishRun(deps.db, summary.runId, { status: summary.status, now: clock(), details: detailsOf(summary), error: summary.error });
  }
  return summary;
}

function selectTopics(all: IngestDeps['topics'], names: readonly string[] | undefined): IngestDeps['topics'] {
  if (!names || names.length === 0) return all;
  const unknown = names.filter((n) => !all.some((t) => t.name === n));
  if (unknown.length > 0) {
    throw new AppError('UNKNOWN_TOPIC', `ingest: unknown topic ${unknown.map((u) => `"${u}"`).join(', ')} (configured: ${all.map((t) => t.name).join(', ')})`, { exitCode: 2 });
  }
  return all.filter((t) => names.includes(t.name));
}

/** Harvests every topic's ids into the queue; returns stored members that vanished from a full result set. */
async function harvestAll(deps: IngestDeps, plans: TopicPlan[], summary: IngestSummary, clock: () => Date): Promise<Set<string>> {
  const vanished = new Set<string>();
  for (const [i, plan] of plans.entries()) {
    throwIfAborted(deps.signal);
    const harvestOpts = { cap: deps.idCap ?? 9_999 };
    const windowed = plan.windows ?? [null];
    const found = new Set<string>();
    for (const w of windowed) {
      const r = await harvestIds(deps.client, plan.term, w, harvestOpts);
      for (const id of r.ids) found.add(id);
    }
    enqueue(deps.db, [...found], plan.topic, clock());
    const entry = summary.topics[i];
    if (entry) entry.harvested = found.size;
    if (plan.reconcile) {
      const full = plan.windows === null ? found : new Set((await harvestIds(deps.client, plan.term, null, harvestOpts)).ids);
      const gone = storedTopicMembers(deps.db, plan.topic).filter((p) => !full.has(p));
      enqueue(deps.db, gone, plan.topic, clock());
      for (const p of gone) vanished.add(p);
    }
    deps.onProgress?.({ phase: 'harvest', done: i + 1, total: plans.length, requests: deps.client.stats.requests });
  }
  return vanished;
}

/**
 * Fetches the pending queue in batches by POSTed id lists and stores each batch with its queue marks in one
 * transaction. efetch silently leaves out unknown or deleted PMIDs: they are marked missing and reported,
 * never retried forever; one that also vanished from its topic's full result set is marked deleted.
 */
async function drainQueue(deps: IngestDeps, summary: IngestSummary, vanished: Set<string>, clock: () => Date): Promise<void> {
  const counts = queueCounts(deps.db);
  const total = counts.pending + counts.done + counts.missing;
  let emptyAnswers = 0;
  for (;;) {
    throwIfAborted(deps.signal);
    const batch = nextPending(deps.db, deps.batchSize);
    if (batch.length === 0) return;
    const xml = await deps.client.efetchByIds(batch.map((b) => b.pmid));
    const parsed = parsePubmedXml(xml, `efetch ${batch[0]?.pmid}..${batch.at(-1)?.pmid}`);
    // A well-formed answer holding none of several PMIDs asked is far more likely a server hiccup than
    // that many deletions at once: ask again (twice) before marking them missing.
    if (parsed.articles.length === 0 && parsed.problems.length === 0 && batch.length > 1 && emptyAnswers < 2) {
      emptyAnswers += 1;
      deps.logger.warn({ first: batch[0]?.pmid, last: batch.at(-1)?.pmid, asked: batch.length }, 'ingest: efetch answered none of the PMIDs asked; asking again');
      continue;
    }
    emptyAnswers = 0;
    const asked = new Map(batch.map((b) => [b.pmid, b.topics]));
    const articles = parsed.articles.filter((p) => asked.has(p.article.pmid));
    const returned = new Set(articles.map((p) => p.article.pmid));
    const missing = batch.map((b) => b.pmid).filter((p) => !returned.has(p));
    storeBatch(deps.db, { articles, missing, asked, vanished, problems: parsed.problems, now: clock(), overrides: deps.evidenceOverrides }, summary);
    const c = queueCounts(deps.db);
    deps.onProgress?.({ phase: 'fetch', done: c.done + c.missing, total, requests: deps.client.stats.requests });
    updateRunDetails(deps.db, summary.runId, detailsOf(summary));
  }
}

function storeBatch(
  db: Database.Database,
  b: {
    articles: ReturnType<typeof parsePubmedXml>['articles'];
    missing: string[];
    asked: Map<string, string[]>;
    vanished: Set<string>;
    problems: RecordProblem[];
    now: Date;
    overrides?: EvidenceOverrides | undefined;
  },
  summary: IngestSummary,
): void {
  const gone = b.missing.filter((p) => b.vanished.has(p));
  db.transaction(() => {
    const results = upsertParsed(db, b.articles, { source: 'ingest', now: b.now, topicsFor: (p) => b.asked.get(p) ?? [], ...(b.overrides ? { evidenceOverrides: b.overrides } : {}) });
    const deletions = applyDeletions(db, gone.map((pmid) => ({ pmid, version: null })), { source: 'ingest', now: b.now });
    markQueued(db, b.articles.map((p) => p.article.pmid), 'done');
    markQueued(db, gone, 'done');
    markQueued(db, b.missing.filter((p) => !b.vanished.has(p)), 'missing');
    tally(summary, [...results, ...deletions]);
  }).immediate();
  crashPoint('ingest:after-commit');
  summary.fetched += b.articles.length;
  for (const p of b.problems) summary.rejected.push({ pmid: p.pmid, reason: p.reason });
}

function tally(summary: IngestSummary, results: readonly UpsertResult[]): void {
  for (const r of results) {
    if (r.outcome === 'new' || r.outcome === 'undeleted') summary.new += 1;
    else if (r.outcome === 'updated') summary.updated += 1;
    else if (r.outcome === 'unchanged') summary.unchanged += 1;
    else if (r.outcome === 'older') summary.older += 1;
    else if (r.outcome === 'deleted') summary.deleted += 1;
  }
}

function finishTopics(db: Database.Database, plans: TopicPlan[], startedAt: string): void {
  const through = startedAt.slice(0, 10);
  db.transaction(() => {
    for (const p of plans) markTopicComplete(db, { topic: p.topic, queryHash: p.queryHash, through, reconciledAt: p.reconcile ? startedAt : null });
  }).immediate();
}

function statusOf(err: unknown, signal: AbortSignal | undefined): Exclude<RunStatus, 'running' | 'ok'> {
  if (signal?.aborted) return 'interrupted';
  if (err instanceof EutilsError && err.code === 'RATE_LIMIT_DEFERRED') return 'deferred';
  return 'failed';
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('INTERRUPTED', 'ingest: interrupted; the next run resumes where this one stopped');
}

function copyClientStats(client: PubmedClient, s: IngestSummary): void {
  s.requests = client.stats.requests;
  s.retries = client.stats.retries;
  s.rateLimited = client.stats.rateLimited;
}

function emptySummary(now: Date, plans: TopicPlan[]): IngestSummary {
  return {
    runId: 0,
    status: 'failed',
    startedAt: now.toISOString(),
    endedAt: now.toISOString(),
    topics: plans.map((p) => ({
      topic: p.topic,
      reason: p.reason,
      windows: p.windows ? p.windows.map((w) => `${w.datetype} ${w.mindate}-${w.maxdate}`) : ['all'],
      harvested: 0,
    })),
    requests: 0,
    retries: 0,
    rateLimited: 0,
    fetched: 0,
    new: 0,
    updated: 0,
    unchanged: 0,
    older: 0,
    deleted: 0,
    missing: [],
    abandoned: [],
    rejected: [],
    error: null,
  };
}

/** The ledger copy of a summary (long lists capped so a run row stays small). */
function detailsOf(s: IngestSummary): Record<string, unknown> {
  return {
    ...s,
    missing: s.missing.slice(0, 1000),
    missingCount: s.missing.length,
    abandoned: s.abandoned.slice(0, 1000),
    rejected: s.rejected.slice(0, 100),
  };
}

/** "ingest ok: 2 topics, 12 requests (0 retries, 0 rate-limited), 230 fetched: 200 new, 30 updated, ..." */
export function formatIngestSummary(s: IngestSummary): string {
  return (
    `ingest ${s.status}: ${s.topics.length} topic${s.topics.length === 1 ? '' : 's'}, ${s.requests} requests ` +
    `(${s.retries} retries, ${s.rateLimited} rate-limited), ${s.fetched} fetched: ${s.new} new, ${s.updated} updated, ` +
    `${s.unchanged} unchanged, ${s.deleted} deleted, ${s.missing.length} missing${s.abandoned.length ? ` (${s.abandoned.length} given up)` : ''}, ${s.rejected.length} rejected` +
    (s.error ? ` — ${s.error}` : '')
  );
}
