/**
 * Fire times of a cron schedule in an IANA zone, computed here rather than by node-cron, because node-cron
 * drops a slot that falls in a spring-forward gap (`30 2 * * *` in New York never runs on that night).
 * Pure and clock-free. Rules ("compatible", as Vixie cron and Temporal):
 * - a wall time that does not exist (spring-forward gap) fires once, shifted forward by the gap
 *   (02:30 -> 03:30 EDT);
 * - a wall time that happens twice (fall-back) fires once, at its first occurrence;
 * - day-of-month and day-of-week must BOTH match (node-cron's rule, kept so both agree on every other day).
 */
import { type LocalDate, addDays, offsetMinutes, zonedParts } from '../zone.js';

/** Expanded cron fields (node-cron `parse` output with numeric day fields; Sunday = 0). */
export interface CronFields {
  second: number[];
  minute: number[];
  hour: number[];
  dayOfMonth: number[];
  month: number[];
  dayOfWeek: number[];
}

const DAY = 86_400_000;
/** Search horizon: enough for any expression that fires at all (Feb 29 on a Monday recurs within 28 years). */
const MAX_DAYS = 366 * 30;

/** The `count` first fire instants strictly after `from`, ascending, without duplicates. */
export function fireTimes(fields: CronFields, timeZone: string, from: Date, count: number): Date[] {
  const fromMs = from.getTime();
  const out: number[] = [];
  const sorted = { h: [...fields.hour].sort(num), m: [...fields.minute].sort(num), s: [...fields.second].sort(num) };
  let day = addDays(zonedParts(from, timeZone), -1);
  for (let i = 0; i < MAX_DAYS && out.length < count; i++, day = addDays(day, 1)) {
    if (!dayMatches(fields, day)) continue;
    const { resolve, steady } = dayResolver(day, timeZone);
    const times: number[] = [];
    outer: for (const h of sorted.h) {
      for (const m of sorted.m) {
        for (const s of sorted.s) {
          const t = resolve(Date.UTC(day.year, day.month - 1, day.day, h, m, s));
          if (t <= fromMs) continue;
          times.push(t);
          // On a day without an offset change wall order is instant order, so we can stop early.
          if (steady && out.length + times.length >= count) break outer;
        }
      }
    }
    for (const t of [...new Set(times)].sort(num)) if (!out.includes(t)) out.push(t);
  }
  return out.sort(num).slice(0, count).map((t) => new Date(t));
}

function num(a: number, b: number): number {
  return a - b;
}

function dayMatches(f: CronFields, d: LocalDate): boolean {
  const weekday = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  return f.month.includes(d.month) && f.dayOfMonth.includes(d.day) && f.dayOfWeek.includes(weekday);
}

/**
 * Maps a naive wall time (ms as if UTC) on day `d` to an instant. Offsets are sampled a day either side;
 * when they differ, the transition instant is found by bisection and each wall time resolved against it.
 */
function dayResolver(d: LocalDate, timeZone: string): { resolve: (naive: number) => number; steady: boolean } {
  const midnight = Date.UTC(d.year, d.month - 1, d.day);
  let lo = midnight - DAY;
  let hi = midnight + 2 * DAY;
  const before = offsetMinutes(new Date(lo), timeZone) * 60_000;
  const after = offsetMinutes(new Date(hi), timeZone) * 60_000;
  if (before === after) return { resolve: (n) => n - before, steady: true };
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (offsetMinutes(new Date(mid), timeZone) * 60_000 === before) lo = mid;
    else hi = mid;
  }
  const transition = hi;
  const resolve = (n: number): number => {
    const early = n - before;
    const late = n - after;
    const valid = [early < transition ? early : null, late >= transition ? late : null].filter((t): t is number => t !== null);
    // Gap: no reading maps back; shift forward by the gap (use the smaller, pre-transition offset).
    return valid.length > 0 ? Math.min(...valid) : n - Math.min(before, after);
  };
  return { resolve, steady: false };
}

/** True when `slot` passed more than `graceMs` ago: nobody fired it, so the watchdog must. */
export function isOverdue(slot: Date | null, now: Date, graceMs: number): boolean {
  return slot !== null && now.getTime() - slot.getTime() > graceMs;
}
