import { loadEvidenceOverrides } from '../../src/evidence/override-file.js';
import type { CommandContext } from '../../src/commands/context.js';
import { type Progress, createProgress } from '../../src/commands/progress.js';
import { refreshSearchIndex } from '../../src/commands/refresh-index.js';
import { EXIT } from '../../src/errors.js';
import { createPubmedClient } from '../../src/pubmed/client.js';
import type { Config } from '../../src/config.js';
import { formatIngestSummary, run, type IngestDeps, type IngestSummary } from '../ingest.js';
import { abortOnSignals } from '../../src/signals.js';
import { closeStore } from '../../src/store/open.js';

/** Creates the one E-utilities client of this process from the configuration. */
export function clientFromConfig(config: Config, signal?: AbortSignal, onEvent?: (e: unknown) => void) {
  return createPubmedClient({
    baseUrl: config.eutils.baseUrl,
    tool: config.eutils.tool,
    email: config.eutils.email,
    apiKey: config.apiKey,
    ...(config.eutils.requestsPerSecond !== null ? { requestsPerSecond: config.eutils.requestsPerSecond } : {}),
    attemptTimeoutMs: config.eutils.attemptTimeoutMs,
    retry: { maxElapsedMs: config.eutils.maxElapsedMs, maxRetryAfterMs: config.eutils.maxRetryAfterMs },
    ...(signal ? { signal } : {}),
    ...(onEvent ? { onEvent } : {}),
  });
}

/** The job's collaborators from the configuration (shared by `ingest` and the scheduler's nightly run). */
export function ingestDepsFromConfig(ctx: CommandContext, db: IngestDeps['db'], client: IngestDeps['client'], signal?: AbortSignal): IngestDeps {
  return {
    db,
    client,
    topics: ctx.config.topics,
    overlapDays: ctx.config.ingest.overlapDays,
    auditEveryDays: ctx.config.ingest.auditEveryDays,
    batchSize: ctx.config.eutils.batchSize,
    logger: ctx.logger,
    email: ctx.config.eutils.email,
    evidenceOverrides: loadEvidenceOverrides(ctx.config.evidence.overrides),
    ...(signal ? { signal } : {}),
  };
}

/** The `ingest` command's work (loaded only when the command runs: axios and the job stay out of other commands' start-up). */
export async function runIngestCommand(
  ctx: CommandContext,
  opts: { since?: string; topic?: string[]; full?: boolean; audit?: boolean; json?: boolean },
): Promise<number> {
  const { signal, dispose } = abortOnSignals((sig) => ctx.logger.warn({ signal: sig }, 'ingest: stopping at the next batch boundary'));
  const db = ctx.openOrCreateDb();
  const progress = createProgress(ctx, 'ingest', { unit: 'records' });
  try {
    const client = clientFromConfig(ctx.config, signal);
    const summary = await run({ ...ingestDepsFromConfig(ctx, db, client, signal), onProgress: ingestProgress(progress) }, ctx.now(), {
      since: opts.since ?? null,
      topics: opts.topic ?? [],
      full: opts.full ?? false,
      audit: opts.audit ?? false,
    });
    progress.stop();
    if (summary.status === 'ok') await refreshSearchIndex(ctx, db);
    if (opts.json) ctx.out(JSON.stringify(summary, null, 2));
    else ctx.say(formatIngestSummary(summary));
    return exitCodeOf(summary);
  } finally {
    progress.stop();
    dispose();
    closeStore(db);
  }
}

type IngestProgressEvent = { phase: 'harvest' | 'fetch'; done: number; total: number; requests: number };

/**
 * Feeds the run's progress events to a bar (TTY) or throttled lines: one phase per esearch pass over the
 * topics, then one over the fetch queue (records stored / queued, requests so far, ETA from the rate).
 */
export function ingestProgress(progress: Progress): (p: IngestProgressEvent) => void {
  let phase: IngestProgressEvent['phase'] | null = null;
  let total = -1;
  return (p) => {
    if (p.phase !== phase || p.total !== total) {
      phase = p.phase;
      total = p.total;
      if (p.phase === 'harvest') progress.start('searching', p.total, 'topics');
      else progress.start('fetching', p.total, 'records');
    }
    progress.update(p.done, { requests: p.requests });
  };
}

/**
 * ok -> 0, but 3 when gaps remain (PubMed lists records the library still lacks); deferred (rate limit) or
 * interrupted -> 3 (the next run resumes); failed -> 1.
 */
export function exitCodeOf(s: IngestSummary): number {
  if (s.status === 'ok') return s.gaps.length > 0 ? EXIT.PARTIAL : EXIT.OK;
  if (s.status === 'deferred' || s.status === 'interrupted' || s.status === 'partial') return EXIT.PARTIAL;
  return EXIT.FAILURE;
}
