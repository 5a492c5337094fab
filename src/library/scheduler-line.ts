/**
 * Whether a scheduler runs, in the words `kratomlit status` and the web status page share. Pure.
 */
import type { SchedulerState } from './types.js';

/**
 * `running (pid N on HOST since ISO)`, or, when no live process holds the scheduler lock, that nothing
 * runs the configured schedule: true whether or not next runs are listed with it (a report made without
 * them lists none), and it makes any that are listed read as what a schedule would do, not what will run.
 */
export function schedulerLine(s: SchedulerState): string {
  if (s.running) return `running (pid ${s.pid} on ${s.host} since ${s.since})`;
  return 'not running (no process runs the configured schedule; start one with `kratomlit schedule`)';
}
