import type { EvidenceOverrides } from '../evidence/overrides.js';
import type Database from 'better-sqlite3';
import { crashPoint } from '../crash.js';
import { AppError, EutilsError, UsageError, errorMessage } from '../errors.js';
import { isFilterDate } from '../search/filters.js';
import { type TopicPlan, addDays, planRun } from './ingest-plan.js';
import type { Logger } from '../log.js';
import type { PubmedClient } from '../pubmed/client.js';
import { harvestIds } from '../pubmed/harvest.js';
import { listGaps, saveCheck } from '../store/completeness.js';
import { clearQueue, enqueue, getTopicStates, markTopicComplete, requeueMissing } from '../store/ingest-state.js';
import type { RunStatus } from '../store/runs.js';
import type { IngestProgress } from './types.js';
import { type RunLedger, withRun } from './run.js';
import { type AuditState, auditTopic, checkCounts, checksOf, newAuditState, reconcileTopic, requeueGaps } from './ingest-audit.js';
import { drainQueue } from './ingest-fetch.js';
import { type IngestSummary, describeChecks, detailsOf, emptySummary } from './ingest-summary.js';

export { type IngestSummary, type TopicSummary, firstTen, formatIngestSummary } from './ingest-summary.js';

/** What an ingest run needs; every collaborator is injected (tests pass a loopback-server client). */
export interface IngestDeps {
  db: Database.Database;
  client: PubmedClient;
  topics: ReadonlyArray<{ name: string; query: string }>;
  overlapDays: number;
  /** PMIDs per efetch POST (NCBI: at most 500). */
  batchSize: number;
  logger: Logger;
  /** The contact e-mail sent to NCBI; `null` warns once per run (undefined: not the caller's concern, e.g. tests). */
  email?: string | null;
  /** Full completeness audit of a topic at least this often (config `ingest.auditEveryDays`). Default 7. */
  auditEveryDays?: number;
  clock?: () => Date;
  signal?: AbortSignal;
  /** esearch id cap; 9,999 for PubMed (tests lower it on the loopback server). */
  idCap?: number;
  onProgress?: (p: IngestProgress) => void;
  /** Curator evidence overrides applied as records are classified on storing. */
  evidenceOverrides?: EvidenceOverrides;
  /** Brings the search index up to date after a run that ended ok (the library passes it; tests leave it out). */
  refreshIndex?: () => Promise<void>;
}

export interface IngestOptions {
  /** `--since YYYY-MM-DD`: narrows this run's windows only (no audit, no backfill recorded). */
  since?: string | null;
  /** Only these topic names (`--topic`). */
  topics?: readonly string[];
  /** Backfill everything again (`--full`). */
  full?: boolean;
  /** `--audit`: compare each topic's whole PubMed set with the library now, whatever the weekly rhythm says. */
  audit?: boolean;
}

/**
 * One ingest run: plan windows per topic, harvest ids into the persistent queue (open gaps included), fetch
 * and store the queue in batches, check each topic's count against PubMed (a mismatch, the weekly rhythm or
 * `--audit` runs the full completeness audit, whose lacking records are fetched in the same run), then advance
 * each topic's date. Killed at any instant, the next run resumes the queue and redoes the window; the writer
 * lock makes a second concurrent run fail at once with a message naming the holder.
 */
export async function runIngest(deps: IngestDeps, now: Date, opts: IngestOptions = {}): Promise<IngestSummary> {
  const clock = deps.clock ?? (() => new Date());
  const topics = selectTopics(deps.topics, opts.topics);
  let plans: TopicPlan[] = [];
  let summary = emptySummary(now, plans);
  return withRun(deps.db, clock, {
    lock: 'ingest',
    kind: 'ingest',
    at: now,
    logger: deps.logger,
    begin: () => {
      // NCBI asks every client for tool and email: it writes to that address before blocking a misbehaving one.
      if (deps.email === null) deps.logger.warn({ key: 'NCBI_EMAIL' }, 'ingest: NCBI_EMAIL is not set; NCBI asks every E-utilities client for a contact e-mail (set NCBI_EMAIL or eutils.email)');
      plans = planRun({
        topics,
        states: getTopicStates(deps.db),
        now,
        overlapDays: deps.overlapDays,
        since: opts.since ?? null,
        full: opts.full ?? false,
        audit: opts.audit ?? false,
        ...(deps.auditEveryDays !== undefined ? { auditEveryDays: deps.auditEveryDays } : {}),
      });
      summary = emptySummary(now, plans);
      return detailsOf(summary);
    },
    work: async (ledger) => execute(deps, plans, summary, clock, ledger),
    end: (s) => ({ status: s.status, details: detailsOf(s), error: s.error }),
    refresh: async (s) => {
      if (s.status === 'ok') await deps.refreshIndex?.();
    },
  });
}

async function execute(deps: IngestDeps, plans: TopicPlan[], summary: IngestSummary, clock: () => Date, ledger: RunLedger): Promise<IngestSummary> {
  summary.runId = ledger.id ?? 0;
  const audit = newAuditState();
  const counter = newRequestCounter(deps.client);
  const ad = { db: deps.db, client: deps.client, clock, ...(deps.idCap !== undefined ? { idCap: deps.idCap } : {}) };
  try {
    requeueMissing(deps.db);
    const configured = deps.topics.map((t) => t.name);
    requeueGaps(deps.db, clock(), configured);
    await harvestAll(deps, plans, summary, audit, clock);
    await drain(deps, summary, audit, clock, ledger, counter);
    const auditedBefore = audit.audited.size;
    await checkCounts(ad, plans, audit);
    if (audit.audited.size > auditedBefore) await drain(deps, summary, audit, clock, ledger, counter);
    finishTopics(deps.db, plans, summary.startedAt, audit);
    summary.gaps = [...new Set(listGaps(deps.db).filter((g) => configured.includes(g.topic)).map((g) => g.pmid))];
    clearQueue(deps.db);
    summary.status = 'ok';
    crashPoint('ingest:before-finish');
  } catch (err) {
    summary.status = statusOf(err, deps.signal);
    summary.error = errorMessage(err);
    deps.logger.error({ runId: summary.runId, status: summary.status }, `ingest: ${summary.error}`);
  } finally {
    describeChecks(summary, audit);
    copyRequestCounts(counter, summary);
    summary.endedAt = clock().toISOString();
  }
  return summary;
}

/**
 * Refuses a `since` that is not a real calendar day `YYYY-MM-DD` (year 0000 is none: the calendar goes from
 * 1 BC to AD 1), or that lies after today (UsageError naming `name`). "Today" is `now`'s UTC day plus one, the
 * same day of slack as the run's upper bound (see ingest-plan.ts): somewhere it is already tomorrow.
 */
export function checkSince(since: string, name: string, now: Date): void {
  if (!(/^\d{4}-\d{2}-\d{2}$/.test(since) && isFilterDate(since)) || since.startsWith('0000')) {
    throw new UsageError(`ingest: ${name} must be a real calendar date YYYY-MM-DD, got "${since}"`);
  }
  const latest = addDays(now.toISOString().slice(0, 10), 1);
  if (since > latest) {
    throw new UsageError(`ingest: ${name} "${since}" is in the future (today is ${now.toISOString().slice(0, 10)} UTC): nothing can have entered PubMed after today`);
  }
}

/**
 * Refuses contradictory ingest options before anything is opened or written: `since` (this run's window only,
 * never a backfill) with `full` (a backfill of everything). `names` spells them as the caller does.
 */
export function checkIngestOptions(opts: IngestOptions, now: Date, names: { since: string; full: string }): void {
  if (opts.since !== undefined && opts.since !== null) {
    checkSince(opts.since, names.since, now);
    if (opts.full) {
      throw new UsageError(`ingest: ${names.full} and ${names.since} contradict each other: ${names.full} backfills everything, ${names.since} narrows the run to a window; give one`);
    }
  }
}

function selectTopics(all: IngestDeps['topics'], names: readonly string[] | undefined): IngestDeps['topics'] {
  if (!names || names.length === 0) return all;
  // Topic names are read in any case, as search and export read them.
  const wanted = new Set(names.map((n) => n.trim().toLowerCase()));
  const unknown = names.filter((n) => !all.some((t) => t.name.toLowerCase() === n.trim().toLowerCase()));
  if (unknown.length > 0) {
    throw new AppError('UNKNOWN_TOPIC', `ingest: unknown topic ${unknown.map((u) => `"${u}"`).join(', ')} (configured: ${all.map((t) => t.name).join(', ')})`, { exitCode: 2 });
  }
  return all.filter((t) => wanted.has(t.name.toLowerCase()));
}

/**
 * Harvests every topic's ids into the queue. A backfill (no window) is itself the audit of its topic; a topic
 * whose audit is due (weekly, `--audit`) also gets its whole set compared after its windows.
 */
async function harvestAll(deps: IngestDeps, plans: TopicPlan[], summary: IngestSummary, audit: AuditState, clock: () => Date): Promise<void> {
  const ad = { db: deps.db, client: deps.client, clock, ...(deps.idCap !== undefined ? { idCap: deps.idCap } : {}) };
  for (const [i, plan] of plans.entries()) {
    throwIfAborted(deps.signal);
    const found = new Set<string>();
    let count = 0;
    for (const w of plan.windows ?? [null]) {
      const r = await harvestIds(deps.client, plan.term, w, { cap: deps.idCap ?? 9_999 });
      for (const id of r.ids) found.add(id);
      count = r.count;
    }
    for (const id of found) audit.seen.add(id);
    enqueue(deps.db, [...found], plan.topic, clock());
    const entry = summary.topics[i];
    if (entry) entry.harvested = found.size;
    if (plan.windows === null) {
      reconcileTopic(ad, plan.topic, found, audit);
      audit.audited.set(plan.topic, { upstream: count, at: clock(), why: plan.auditReason ?? 'backfill' });
    } else if (plan.audit) await auditTopic(ad, plan, plan.auditReason ?? 'requested', audit);
    deps.onProgress?.({ phase: 'harvest', done: i + 1, total: plans.length, requests: deps.client.stats.requests });
  }
}

async function drain(deps: IngestDeps, summary: IngestSummary, audit: AuditState, clock: () => Date, ledger: RunLedger, counter: RequestCounter): Promise<void> {
  const fd = {
    db: deps.db,
    client: deps.client,
    batchSize: deps.batchSize,
    logger: deps.logger,
    clock,
    evidenceOverrides: deps.evidenceOverrides,
    throwIfAborted: () => throwIfAborted(deps.signal),
    onAskAgain: () => {
      counter.askedAgain += 1;
    },
    onBatch: (done: number, total: number) => {
      deps.onProgress?.({ phase: 'fetch', done, total, requests: deps.client.stats.requests });
      // The request figures go with every batch: a run killed later keeps what it did up to here.
      copyRequestCounts(counter, summary);
      ledger.update(detailsOf(summary));
    },
  };
  await drainQueue(fd, summary, audit);
}

/**
 * Advances each topic's date and stores its completeness check. A `--since` run advances nothing: its
 * narrowed windows say nothing about the records entered before them.
 */
function finishTopics(db: Database.Database, plans: TopicPlan[], startedAt: string, audit: AuditState): void {
  const through = startedAt.slice(0, 10);
  const checks = checksOf(db, audit);
  db.transaction(() => {
    for (const p of plans) {
      if (p.reason === 'since') continue;
      markTopicComplete(db, { topic: p.topic, queryHash: p.queryHash, through, reconciledAt: audit.audited.has(p.topic) ? startedAt : null });
    }
    for (const c of checks) saveCheck(db, c);
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

/**
 * This run's requests. A client may serve several runs (the demo, a long-lived process), so the client's
 * counters are read from where they stood when the run began. An efetch batch asked again because its
 * answer held none of the PMIDs asked is a retry too, though the client saw a well-formed answer.
 */
interface RequestCounter {
  client: PubmedClient;
  start: PubmedClient['stats'];
  askedAgain: number;
}

function newRequestCounter(client: PubmedClient): RequestCounter {
  return { client, start: { ...client.stats }, askedAgain: 0 };
}

function copyRequestCounts(c: RequestCounter, s: IngestSummary): void {
  s.requests = c.client.stats.requests - c.start.requests;
  s.retries = c.client.stats.retries - c.start.retries + c.askedAgain;
  s.rateLimited = c.client.stats.rateLimited - c.start.rateLimited;
}
