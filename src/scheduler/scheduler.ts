/**
 * The long-running scheduler: nightly ingest and weekly digest, unattended. The ONLY node-cron importer.
 *
 * node-cron fires each job in its IANA zone with `noOverlap`. Around it, this module adds what node-cron
 * leaves to us (docs/pitfalls.md): a job never overlaps itself even when a catch-up run is in flight; start-up
 * and `execution:missed` ask the caller's `isDue` (run ledger / digest files) and run now when due; a
 * watchdog tick compares the slots WE compute (schedule-plan.ts, DST-correct) with what actually ran, so a
 * slot node-cron skipped (02:30 on spring-forward night) still runs exactly once. Every run is logged as
 * one start line and one end line; a failing run never stops the scheduler nor becomes an unhandled rejection.
 */
import cron, { type ScheduledTask } from 'node-cron';
import { cronProblem } from '../cron-rule.js';
import { isValidTimeZone } from '../zone.js';
import { ConfigError, errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import { type CronFields, fireTimes, isOverdue } from './plan.js';

export interface JobSpec {
  name: 'ingest' | 'digest';
  cron: string;
  timeZone: string;
  /** The job; should stop at a safe point when `signal` aborts. Its resolved value is logged as the summary. */
  run: (signal: AbortSignal) => Promise<unknown>;
  /** Catch-up check from the run ledger / digest files (e.g. last successful ingest older than one period). */
  isDue: (now: Date) => boolean;
}

export interface SchedulerDeps {
  logger: Logger;
  /** Clock for catch-up decisions and slot tracking (default: the real clock). */
  now?: () => Date;
  /** How often the watchdog compares computed slots with actual runs (default 60 s). */
  watchdogMs?: number;
  /** How late a slot may be before the watchdog runs it itself (default 90 s; node-cron fires within 1 s). */
  graceMs?: number;
}

export interface Scheduler {
  /** Stops scheduling, aborts a running job through its AbortSignal and resolves once every job is idle. */
  stop(): Promise<void>;
  /** Resolves when the scheduler has stopped and no job is running. */
  done: Promise<void>;
}

/**
 * Checks a schedule at start-up. `settingName` names the cron setting (`ingest.schedule.cron`); a zone
 * error names the sibling `...timezone`. Rejects expressions node-cron refuses and the `L`/`W`/`#` day
 * tokens, which the DST-correct fire-time computation does not model.
 */
export function validateSchedule(spec: { cron: string; timeZone: string }, settingName: string): void {
  const base = settingName.endsWith('.cron') ? settingName.slice(0, -'.cron'.length) : settingName;
  const cronSetting = settingName.endsWith('.cron') ? settingName : `${base}.cron`;
  if (typeof spec.cron !== 'string') throw new ConfigError(`${cronSetting}: "${String(spec.cron)}" is not a valid cron expression: not a string`);
  const problem = cronProblem(spec.cron, cron.validateDetailed(spec.cron));
  if (problem) throw new ConfigError(`${cronSetting}: ${problem}`);
  if (!isValidTimeZone(spec.timeZone)) {
    throw new ConfigError(`${base}.timezone: "${String(spec.timeZone)}" is not an IANA time zone (e.g. America/New_York)`);
  }
}

function fieldsOf(expr: string): CronFields {
  const f = cron.parse(expr);
  return { ...f, dayOfMonth: f.dayOfMonth.map(Number), dayOfWeek: f.dayOfWeek.map(Number) };
}

/**
 * The next `count` fire instants after `from` (for `schedule --print`). DST-correct: a spring-forward
 * 02:30 job fires once that night (at 03:30), a fall-back 01:30 job once (at the first 01:30).
 */
export function nextFireTimes(spec: { cron: string; timeZone: string }, from: Date, count: number): Date[] {
  validateSchedule(spec, 'schedule.cron');
  return fireTimes(fieldsOf(spec.cron), spec.timeZone, from, count);
}

/**
 * Catch-up rule for a ledger-based `isDue`: true when a slot of `spec` fell in `(lastSuccess, now]`, i.e.
 * the job was due since it last succeeded (or it never succeeded). DST-aware through {@link nextFireTimes};
 * e.g. `isDue: (now) => missedSlotSince(spec, lastSuccessfulRun(db, 'ingest')?.startedAt ?? null, now)`.
 */
export function missedSlotSince(spec: { cron: string; timeZone: string }, lastSuccess: Date | string | null, now: Date): boolean {
  if (lastSuccess === null) return true;
  const since = new Date(lastSuccess);
  if (Number.isNaN(since.getTime())) return true;
  const next = nextFireTimes(spec, since, 1)[0];
  return next !== undefined && next.getTime() <= now.getTime();
}

interface JobState {
  spec: JobSpec;
  fields: CronFields;
  /** Next slot not yet served (fired, caught up or deliberately skipped). */
  next: Date | null;
  running: { abort: AbortController; done: Promise<void> } | null;
  task: ScheduledTask | null;
}

/** What every step of a running scheduler shares; one per `startScheduler` call, no module state. */
interface Ctx {
  log: Logger;
  now: () => Date;
  graceMs: number;
  stopping: boolean;
}

/**
 * Starts every job (validated first: a bad schedule throws ConfigError before anything runs), then runs the
 * start-up catch-up for due jobs, one after another in the order given (ingest before digest).
 */
export function startScheduler(jobs: JobSpec[], deps: SchedulerDeps): Scheduler {
  jobs.forEach((j) => validateSchedule(j, `${j.name}.schedule.cron`));
  const ctx: Ctx = { log: deps.logger, now: deps.now ?? (() => new Date()), graceMs: deps.graceMs ?? 90_000, stopping: false };
  const states = jobs.map((spec): JobState => ({ spec, fields: fieldsOf(spec.cron), next: null, running: null, task: null }));
  for (const s of states) {
    serve(s, ctx.now());
    s.task = scheduleTask(s, ctx.log, {
      fired: (slot) => {
        serve(s, maxDate(slot, ctx.now()));
        return launch(ctx, s, 'scheduled');
      },
      missed: () => void catchUp(ctx, s, 'missed'),
      overlap: (slot) => serve(s, maxDate(slot, ctx.now())),
    });
  }
  const watchdog = setInterval(() => watchdogTick(ctx, states), deps.watchdogMs ?? 60_000);
  const startup = (async () => {
    for (const s of states) if (!ctx.stopping) await catchUp(ctx, s, 'catch-up');
  })();
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolveDone = r));
  let stopped: Promise<void> | null = null;
  const stop = (): Promise<void> => (stopped ??= stopAll(ctx, states, watchdog, startup).then(resolveDone));
  const plan = states.map((s) => ({ job: s.spec.name, cron: s.spec.cron, timeZone: s.spec.timeZone, next: s.next?.toISOString() }));
  ctx.log.info({ jobs: plan }, 'scheduler started');
  return { stop, done };
}

/** Marks every slot up to `at` as served: the job's next slot is the first one after `at`. */
function serve(s: JobState, at: Date): void {
  s.next = fireTimes(s.fields, s.spec.timeZone, at, 1)[0] ?? null;
}

/** Starts the job unless stopping or already running (our guard: catch-up runs are invisible to noOverlap). */
function launch(ctx: Ctx, s: JobState, reason: string): Promise<void> {
  if (ctx.stopping) return Promise.resolve();
  if (s.running) {
    ctx.log.info({ job: s.spec.name, reason }, 'job skipped: previous run still in progress');
    return Promise.resolve();
  }
  return runJob(s, reason, ctx.log);
}

/** Start-up and missed-slot path: the caller's ledger decides whether a run is due now. */
function catchUp(ctx: Ctx, s: JobState, reason: string): Promise<void> {
  const at = ctx.now();
  serve(s, at);
  return dueSafely(s.spec, at, ctx.log) ? launch(ctx, s, reason) : Promise.resolve();
}

/** A computed slot passed `graceMs` ago and nothing served it (DST gap, a fire node-cron never made). */
function watchdogTick(ctx: Ctx, states: readonly JobState[]): void {
  for (const s of states) {
    if (ctx.stopping || !isOverdue(s.next, ctx.now(), ctx.graceMs)) continue;
    ctx.log.warn({ job: s.spec.name, slot: s.next?.toISOString() }, 'slot not fired by node-cron; running it now');
    serve(s, ctx.now());
    void launch(ctx, s, 'unfired-slot');
  }
}

/** Stops timers and tasks, aborts running jobs, and waits until everything is idle. */
async function stopAll(ctx: Ctx, states: readonly JobState[], watchdog: NodeJS.Timeout, startup: Promise<void>): Promise<void> {
  ctx.stopping = true;
  clearInterval(watchdog);
  for (const s of states) {
    s.task?.stop();
    await s.task?.destroy();
    s.running?.abort.abort(new Error('scheduler stopping'));
  }
  await startup;
  await Promise.all(states.map((s) => s.running?.done));
  ctx.log.info({ jobs: states.map((s) => s.spec.name) }, 'scheduler stopped');
}

function maxDate(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

function dueSafely(spec: JobSpec, at: Date, log: Logger): boolean {
  try {
    return spec.isDue(at);
  } catch (err) {
    log.error({ job: spec.name, err: errorMessage(err) }, 'catch-up check failed; waiting for the next slot');
    return false;
  }
}

/** Runs one job: one start line, one end line (summary or error); never rejects. */
function runJob(s: JobState, reason: string, log: Logger): Promise<void> {
  const abort = new AbortController();
  const started = performance.now();
  log.info({ job: s.spec.name, reason }, 'job started');
  const done = (async () => {
    try {
      const summary = await s.spec.run(abort.signal);
      log.info({ job: s.spec.name, reason, ms: Math.round(performance.now() - started), summary }, 'job finished');
    } catch (err) {
      const code = (err as { code?: unknown } | null)?.code;
      log.error({ job: s.spec.name, reason, ms: Math.round(performance.now() - started), err: errorMessage(err), code }, 'job failed');
    } finally {
      s.running = null;
    }
  })();
  s.running = { abort, done };
  return done;
}

interface TaskHooks {
  fired: (slot: Date) => Promise<void>;
  missed: () => void;
  overlap: (slot: Date) => void;
}

/** One node-cron task for a job, its chatter routed to our logger. */
function scheduleTask(s: JobState, log: Logger, hooks: TaskHooks): ScheduledTask {
  const name = s.spec.name;
  const task = cron.schedule(s.spec.cron, (ctx) => hooks.fired(ctx.date), {
    name: `kratomlit-${name}`,
    timezone: s.spec.timeZone,
    noOverlap: true,
    suppressMissedWarning: true,
    logger: {
      info: (msg) => log.debug({ job: name, source: 'node-cron' }, msg),
      warn: (msg) => log.debug({ job: name, source: 'node-cron' }, msg),
      error: (msg, err) => log.error({ job: name, source: 'node-cron', err: errorMessage(err ?? msg) }, 'node-cron error'),
      debug: (msg) => log.debug({ job: name, source: 'node-cron' }, errorMessage(msg)),
    },
  });
  task.on('execution:missed', (ctx) => {
    log.warn({ job: name, slot: ctx.date.toISOString() }, 'node-cron missed a slot (event loop blocked?); checking catch-up');
    hooks.missed();
  });
  task.on('execution:overlap', (ctx) => {
    log.info({ job: name, slot: ctx.date.toISOString() }, 'job skipped: previous run still in progress');
    hooks.overlap(ctx.date);
  });
  return task;
}
