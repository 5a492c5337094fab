/**
 * Whether a scheduler runs, in the words `kratomlit status` and the web status page share. Pure.
 */
import type { SchedulerState } from './types.js';

/**
 * `running (pid N on HOST since ISO)`, or, when no live process holds the scheduler lock, that the next
 * runs listed with it are only what the configured schedule would do.
 */
export function schedulerLine(s: SchedulerState): string {
  if (s.running) return `running (pid ${s.pid} on ${s.host} since ${s.since})`;
  return 'not running (next runs below are what `kratomlit schedule` would do)';
}
