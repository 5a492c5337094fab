import { Command } from 'commander';
import { EXIT } from '../errors.js';
import { checkIngestOptions, formatIngestSummary } from '../library/ingest.js';
import type { IngestProgress, IngestSummary } from '../library/types.js';
import { abortOnSignals } from '../signals.js';
import type { CommandContext } from './context.js';
import { type Progress, createProgress } from './progress.js';

interface IngestFlags {
  since?: string;
  topic?: string[];
  full?: boolean;
  audit?: boolean;
  json?: boolean;
}

/** `kratomlit ingest [--since DATE] [--topic NAME...] [--full] [--audit] [--json]`. */
export function ingestCommand(ctx: () => CommandContext): Command {
  return new Command('ingest')
    .description('bring the library up to date with PubMed (first run: full backfill; later: only what changed)')
    .option('--since <date>', "narrow this run's window to records entered or modified since this day (YYYY-MM-DD, not after today); never counts as a backfill, so not with --full")
    .option('--topic <name...>', 'only these configured topics')
    .option('--full', 'backfill every topic again and reconcile deletions (not with --since)')
    .option('--audit', "compare each topic's whole PubMed set with the library now (fetch what lacks, reconcile what PubMed dropped)")
    .option('--json', 'print the run summary as JSON on stdout (the summary line on stderr otherwise)')
    .action(async (opts: IngestFlags) => {
      const c = ctx();
      // Before the library is opened: a refused option writes nothing (not even an empty database).
      checkIngestOptions(opts, c.now(), { since: '--since', full: '--full' });
      process.exitCode = await runIngestCommand(c, opts);
    });
}

async function runIngestCommand(ctx: CommandContext, opts: IngestFlags): Promise<number> {
  const { signal, dispose } = abortOnSignals((sig) => ctx.logger.warn({ signal: sig }, 'ingest: stopping at the next batch boundary'));
  const lib = await ctx.library({ open: 'lazy' });
  const progress = createProgress(ctx, 'ingest', { unit: 'records' });
  try {
    const summary = await lib.ingest({
      signal,
      onProgress: ingestProgress(progress),
      topics: opts.topic ?? [],
      full: opts.full ?? false,
      audit: opts.audit ?? false,
      ...(opts.since !== undefined ? { since: opts.since } : {}),
    });
    progress.stop();
    if (opts.json) ctx.out(JSON.stringify(summary, null, 2));
    else ctx.say(formatIngestSummary(summary));
    return exitCodeOf(summary);
  } finally {
    progress.stop();
    dispose();
    lib.close();
  }
}

/**
 * Feeds the run's progress events to a bar (TTY) or throttled lines: one phase per esearch pass over the
 * topics, then one over the fetch queue (records stored / queued, requests so far, ETA from the rate).
 */
export function ingestProgress(progress: Progress): (p: IngestProgress) => void {
  let phase: IngestProgress['phase'] | null = null;
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
