/**
 * Wall-clock arithmetic in an IANA time zone with nothing but `Intl.DateTimeFormat` (no tz library).
 * Pure and clock-free: every function takes the instant it reasons about.
 */

/** A wall-clock reading in some zone. `weekday` is ISO: 1 = Monday ... 7 = Sunday. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** A calendar date without a time. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const DAY_MS = 86_400_000;

function formatter(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
}

/** True when `timeZone` is an IANA zone (or `UTC`) this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.trim() === '') return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading of `instant` in `timeZone` (seconds precision). Throws RangeError on an unknown zone. */
export function zonedParts(instant: Date, timeZone: string): LocalDateTime {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year ?? NaN,
    month: out.month ?? NaN,
    day: out.day ?? NaN,
    hour: (out.hour ?? NaN) % 24,
    minute: out.minute ?? NaN,
    second: out.second ?? NaN,
  };
}

/** UTC offset of `timeZone` at `instant`, in minutes (New York in winter: -300). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const p = zonedParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const floored = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - floored) / 60_000);
}

function sameWallClock(a: LocalDateTime, b: LocalDateTime): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour &&
    a.minute === b.minute && a.second === b.second;
}

/**
 * The instant at which clocks in `timeZone` read `local`, with the "compatible" rule (as Temporal and
 * Vixie cron): a reading that happens twice (fall-back) resolves to the EARLIER instant; a reading that never
 * happens (spring-forward gap) is pushed forward by the length of the gap (02:30 -> 03:30 in New York).
 * Offsets are sampled a day either side because no zone changes offset twice within 48 hours.
 */
export function localToInstant(local: LocalDateTime, timeZone: string): Date {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  const offsets = [...new Set([offsetMinutes(new Date(guess - DAY_MS), timeZone), offsetMinutes(new Date(guess + DAY_MS), timeZone)])];
  const candidates = offsets.map((o) => guess - o * 60_000).sort((a, b) => a - b);
  const valid = candidates.filter((t) => sameWallClock(zonedParts(new Date(t), timeZone), local));
  if (valid.length > 0) return new Date(valid[0] as number);
  return new Date(guess - Math.min(...offsets) * 60_000);
}

/** `date` plus `days` calendar days (negative allowed). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** ISO weekday of a calendar date: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const w = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return w === 0 ? 7 : w;
}

/** `YYYY-MM-DD`. */
export function formatDate(date: LocalDate): string {
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

/** `2026-11-25T22:30:00-05:00`: an instant as wall time in `timeZone` with its offset (for `schedule --print`). */
export function toZonedIso(instant: Date, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  const off = offsetMinutes(instant, timeZone);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${formatDate(p)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
