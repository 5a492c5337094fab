import type { CommandContext } from '../../src/commands/context.js';
import { toZonedIso } from '../../src/digest/zone.js';
import { lastSuccessfulRun } from '../../src/store/runs.js';
import { isDigestDue, run as runDigest } from '../digest.js';
import { run as runIngest } from '../ingest.js';
import { type JobSpec, missedSlotSince, nextFireTimes, startScheduler, validateSchedule } from '../schedule.js';
import { digestDeps } from './digest.js';
import { emailDeps } from './email.js';
import { lastCompleteWeek } from '../../src/digest/week.js';
import { deliveryKey } from '../../src/delivery/message.js';
import { deliveryState } from '../../src/delivery/ledger.js';
import { isProcessAlive } from '../../src/store/lock.js';
import { clientFromConfig, ingestDepsFromConfig } from './ingest.js';
import { refreshSearchIndex } from '../../src/commands/refresh-index.js';
import { closeStore } from '../../src/store/open.js';
import { startServing } from '../../src/commands/serve.js';
import type { ServeFlags } from '../../src/commands/serve-options.js';
import { UsageError } from '../../src/errors.js';
import { readIndexStamp } from '../../src/search/index.js';

/** Validates both schedules (naming the bad setting) and returns their specs. */
function specs(ctx: CommandContext) {
  const ingest = { cron: ctx.config.ingest.schedule.cron, timeZone: ctx.config.ingest.schedule.timezone };
  const digest = { cron: ctx.config.digest.schedule.cron, timeZone: ctx.config.digest.schedule.timezone };
  validateSchedule(ingest, 'ingest.schedule.cron');
  validateSchedule(digest, 'digest.schedule.cron');
  return { ingest, digest };
}

/** Next fire times of each job as zoned ISO strings (for `schedule --print` and `status`). */
export function nextRuns(ctx: CommandContext, count: number): Record<string, string[]> {
  const s = specs(ctx);
  const now = ctx.now();
  return {
    ingest: nextFireTimes(s.ingest, now, count).map((d) => toZonedIso(d, s.ingest.timeZone)),
    digest: nextFireTimes(s.digest, now, count).map((d) => toZonedIso(d, s.digest.timeZone)),
  };
}

/** The `schedule` command's work (loaded only when the command runs: node-cron stays out of other commands). */
export async function runScheduleCommand(c: CommandContext, o: { print?: boolean; serve?: boolean } & ServeFlags): Promise<void> {
  if (!o.serve && (o.port !== undefined || o.host !== undefined || o.basePath !== undefined)) {
    throw new UsageError('schedule: --port, --host and --base-path need --serve');
  }
  if (o.print) {
    const runs = nextRuns(c, 5);
    c.out(Object.entries(runs).map(([job, times]) => `${job}:\n${times.map((t) => `  ${t}`).join('\n')}`).join('\n'));
    return;
  }
  // Signal handlers first: "kratomlit: serving" and "scheduler started" are printed as things start, and a
  // SIGINT sent on seeing either must find the clean stop, not Node's default (killed at once).
  const latch = signalLatch();
  // `--serve`: the web pages in this process, following the store as the jobs write it.
  const serving = o.serve ? await startServing(c, o, { nextRuns: async (cc, n) => nextRuns(cc, n), indexStamp: async (p) => readIndexStamp(p) }) : null;
  try {
    await runScheduler(c, latch);
  } finally {
    await serving?.close();
  }
}

/** SIGINT/SIGTERM caught from the moment it is made; `onStop` runs its handler at once if one already came. */
function signalLatch(): { onStop(fn: (sig: NodeJS.Signals) => void): void } {
  let fired: NodeJS.Signals | null = null;
  let handler: ((sig: NodeJS.Signals) => void) | null = null;
  const on = (sig: NodeJS.Signals) => {
    if (fired !== null) return;
    fired = sig;
    handler?.(sig);
  };
  process.once('SIGINT', on);
  process.once('SIGTERM', on);
  return {
    onStop(fn) {
      handler = fn;
      if (fired !== null) fn(fired);
    },
  };
}

async function runScheduler(ctx: CommandContext, latch: ReturnType<typeof signalLatch>): Promise<void> {
  const s = specs(ctx);
  const db = ctx.openOrCreateDb();
  // Built now: a missing SMTP password fails at start-up, not at the first weekly run.
  const mail = emailDeps(ctx, db);
  const jobs: JobSpec[] = [
    {
      name: 'ingest',
      ...s.ingest,
      isDue: (now) => missedSlotSince(s.ingest, lastSuccessfulRun(db, 'ingest')?.startedAt ?? null, now),
      run: async (signal) => {
        const client = clientFromConfig(ctx.config, signal);
        const summary = await runIngest(ingestDepsFromConfig(ctx, db, client, signal), ctx.now());
        if (summary.status === 'ok') await refreshSearchIndex(ctx, db);
        if (summary.status === 'failed') throw new Error(summary.error ?? 'ingest failed');
        return { status: summary.status, new: summary.new, updated: summary.updated, deleted: summary.deleted, gaps: summary.gaps.length, requests: summary.requests };
      },
    },
    {
      name: 'digest',
      ...s.digest,
      isDue: (now) => isDigestDue({ outDir: ctx.config.digest.outDir, timeZone: ctx.config.digest.timezone }, now) || isEmailDue(ctx, db, now),
      run: async () => {
        const r = await runDigest(digestDeps(ctx, db), ctx.now());
        if (!mail) return { week: r.week, ...r.counts };
        const { deliverDigest } = await import('../../src/delivery/send.js');
        const email = await deliverDigest(mail, r.week, ctx.now());
        return { week: r.week, ...r.counts, email: email.status, attempts: email.attempts };
      },
    },
  ];
  const scheduler = startScheduler(jobs, { logger: ctx.logger });
  latch.onStop((sig) => {
    ctx.logger.info({ signal: sig }, 'scheduler: stopping (a running job stops at its next safe point)');
    void scheduler.stop();
  });
  // "scheduler started" and "scheduler stopped" are logged once, by the scheduler itself (jobs/schedule.ts).
  ctx.logger.debug({ next: nextRuns(ctx, 1) }, 'next runs');
  await scheduler.done;
  closeStore(db);
}

/**
 * Catch-up for delivery: the last complete week's e-mail is due when delivery is configured and the ledger
 * has neither a sent nor an in-doubt/in-progress row for it and this recipient list (a failed one is retried).
 */
function isEmailDue(ctx: CommandContext, db: Parameters<typeof deliveryState>[0], now: Date): boolean {
  const c = ctx.config.delivery.email;
  if (c === null) return false;
  const week = lastCompleteWeek(now, ctx.config.digest.timezone);
  return deliveryState(db, deliveryKey(week, c.to), isProcessAlive).state === 'none';
}
