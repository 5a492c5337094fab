import { Command } from 'commander';
import type { CommandContext } from './context.js';
import type { Library } from '../library/api.js';
import { type JobSpec, missedSlotSince, startScheduler } from '../scheduler/scheduler.js';
import { nextRuns, scheduleSpecs as specs } from './next-runs.js';
import { startServing } from './serve.js';
import { addServeOptions, allowHostsOf, checkHost, portOf, searchThreadsOf, type ServeFlags } from './serve-options.js';
import { UsageError } from '../errors.js';
import { emailPassword } from '../library/email.js';

/** `schedule`'s own flags. */
type ScheduleFlags = ServeFlags & { print?: boolean; serve?: boolean };

/** `kratomlit schedule [--print] [--serve [--port N] [--host H] [--base-path P] [--search-threads N]]`. */
export function scheduleCommand(ctx: () => CommandContext): Command {
  const cmd = new Command('schedule')
    .description('run the nightly ingest and the weekly digest until SIGINT/SIGTERM (--print: next fire times)')
    .option('--print', 'print the next 5 fire times of each job in its time zone, then exit')
    .option('--serve', 'also serve the library as web pages in the same process (see `serve`)');
  return addServeOptions(cmd).action(async (o: ScheduleFlags) => runScheduleCommand(ctx(), o));
}

/** The `schedule` command's work. */
async function runScheduleCommand(c: CommandContext, o: ScheduleFlags): Promise<void> {
  if (!o.serve && (o.port !== undefined || o.host !== undefined || o.basePath !== undefined || o.searchThreads !== undefined)) {
    throw new UsageError('schedule: --port, --host, --base-path and --search-threads need --serve');
  }
  if (o.print) {
    const runs = nextRuns(c, 5);
    c.out(Object.entries(runs).map(([job, times]) => `${job}:\n${times.map((t) => `  ${t}`).join('\n')}`).join('\n'));
    return;
  }
  // Signal handlers first: "kratomlit: serving" and "scheduler started" are printed as things start, and a
  // SIGINT sent on seeing either must find the clean stop, not Node's default (killed at once).
  const latch = signalLatch();
  // Everything that can be refused is checked before anything is created (a typo must not leave a new
  // library behind): the schedules, the SMTP password, the serving options.
  const s = specs(c);
  if (c.config.delivery.email) emailPassword(c.config.delivery.email, process.env);
  if (o.serve) {
    // Before the "visible on the network" warning startServing prints for a non-loopback host.
    if (o.host !== undefined) await checkHost(o.host, 'schedule');
    portOf(o.port);
    searchThreadsOf(o.searchThreads);
    allowHostsOf(o.allowHost, 'schedule');
    (await import('../web/server.js')).normalizeBasePath(o.basePath);
  }
  // Created first (the catch-up reads the run ledger at once), so that `--serve` on a fresh machine serves
  // the library the scheduler is about to fill instead of stopping at "no library".
  const lib = await c.library({ open: 'create' });
  let claim: { release(): void } | null = null;
  try {
    // One scheduler per library: a second one would run every job twice (and fail on the writer lock).
    claim = lib.holdScheduler(o.serve ? 'schedule --serve' : 'schedule');
    // `--serve`: the web pages in this process, following the store as the jobs write it.
    const serving = o.serve ? await startServing(c, o) : null;
    try {
      await runScheduler(c, lib, s, latch);
    } finally {
      await serving?.close();
    }
  } finally {
    claim?.release();
    lib.close();
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

async function runScheduler(ctx: CommandContext, lib: Library, s: ReturnType<typeof specs>, latch: ReturnType<typeof signalLatch>): Promise<void> {
  const scheduler = startScheduler(jobsOf(ctx, lib, s), { logger: ctx.logger });
  latch.onStop((sig) => {
    ctx.logger.info({ signal: sig }, 'scheduler: stopping (a running job stops at its next safe point)');
    void scheduler.stop();
  });
  // "scheduler started" and "scheduler stopped" are logged once, by the scheduler itself (src/scheduler/).
  ctx.logger.debug({ next: nextRuns(ctx, 1) }, 'next runs');
  await scheduler.done;
}

/** The two jobs, each one library call; the digest e-mails when delivery is configured. */
function jobsOf(ctx: CommandContext, lib: Library, s: ReturnType<typeof specs>): JobSpec[] {
  // The SMTP password was checked at start-up (runScheduleCommand), not left to the first weekly run.
  const send = ctx.config.delivery.email !== null;
  return [
    {
      name: 'ingest',
      ...s.ingest,
      isDue: (now) => missedSlotSince(s.ingest, lib.lastSuccessfulRun('ingest')?.startedAt ?? null, now),
      run: async (signal) => {
        const summary = await lib.ingest({ signal });
        if (summary.status === 'failed') throw new Error(summary.error ?? 'ingest failed');
        return { status: summary.status, new: summary.new, updated: summary.updated, deleted: summary.deleted, gaps: summary.gaps.length, requests: summary.requests };
      },
    },
    {
      name: 'digest',
      ...s.digest,
      isDue: (now) => lib.digestDue(now),
      run: async (signal) => {
        const r = await lib.digest({ signal, send });
        return r.email ? { week: r.week, ...r.counts, email: r.email.status, attempts: r.email.attempts } : { week: r.week, ...r.counts };
      },
    },
  ];
}
