/**
 * The configured schedules and their next fire times: `schedule` runs them, `status` and `serve` show them.
 * Its own module so that neither of those loads the other (and the scheduler stays out of a plain `status`).
 */
import type { CommandContext } from './context.js';
import { toZonedIso } from '../zone.js';
import { nextFireTimes, validateSchedule } from '../scheduler/scheduler.js';

/** Validates both schedules (naming the bad setting) and returns their specs. */
export function scheduleSpecs(ctx: CommandContext) {
  const ingest = { cron: ctx.config.ingest.schedule.cron, timeZone: ctx.config.ingest.schedule.timezone };
  const digest = { cron: ctx.config.digest.schedule.cron, timeZone: ctx.config.digest.schedule.timezone };
  validateSchedule(ingest, 'ingest.schedule.cron');
  validateSchedule(digest, 'digest.schedule.cron');
  return { ingest, digest };
}

/** Next fire times of each job as zoned ISO strings (for `schedule --print` and `status`). */
export function nextRuns(ctx: CommandContext, count: number): Record<string, string[]> {
  const s = scheduleSpecs(ctx);
  const now = ctx.now();
  return {
    ingest: nextFireTimes(s.ingest, now, count).map((d) => toZonedIso(d, s.ingest.timeZone)),
    digest: nextFireTimes(s.digest, now, count).map((d) => toZonedIso(d, s.digest.timeZone)),
  };
}

