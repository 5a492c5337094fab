/**
 * ISO-8601 weeks (Monday to Sunday, week 1 holds the year's first Thursday) seen from a time zone.
 * Pure and clock-free: "last complete week" takes `now` and a zone.
 */
import { UsageError } from '../errors.js';
import { type LocalDate, addDays, formatDate, isoWeekday, localToInstant, zonedParts } from '../zone.js';

/** One ISO week pinned to a zone: its calendar days and the instants that bound it. */
export interface WeekRange {
  /** `2026-W47`. */
  week: string;
  isoYear: number;
  weekNumber: number;
  /** Monday, `YYYY-MM-DD`. */
  from: string;
  /** Sunday, `YYYY-MM-DD`. */
  to: string;
  timeZone: string;
  /** Monday 00:00 in the zone, ISO instant (UTC). */
  start: string;
  /** The next Monday 00:00 in the zone, ISO instant (UTC): the week is `[start, end)`. */
  end: string;
}

const WEEK_NAME = /^(\d{4})-W(\d{2})$/;

/** ISO week-numbering year and week of a calendar date. */
export function isoWeekOf(date: LocalDate): { isoYear: number; week: number } {
  // The Thursday of the date's week decides the year (ISO 8601).
  const thursday = addDays(date, 4 - isoWeekday(date));
  const jan1 = Date.UTC(thursday.year, 0, 1);
  const dayOfYear = Math.round((Date.UTC(thursday.year, thursday.month - 1, thursday.day) - jan1) / 86_400_000);
  return { isoYear: thursday.year, week: Math.floor(dayOfYear / 7) + 1 };
}

/** The ISO week (`2026-W47`) holding the calendar date `YYYY-MM-DD`. */
export function weekOfDate(date: string): string {
  const w = isoWeekOf({ year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) });
  return formatWeek(w.isoYear, w.week);
}

/** 52 or 53: a year has W53 when Dec 28 (always in the last week) falls in week 53. */
export function weeksInYear(isoYear: number): number {
  return isoWeekOf({ year: isoYear, month: 12, day: 28 }).week;
}

/** Monday of an ISO week. */
export function mondayOf(isoYear: number, week: number): LocalDate {
  // Jan 4 is always in week 1.
  const jan4: LocalDate = { year: isoYear, month: 1, day: 4 };
  return addDays(jan4, (week - 1) * 7 - (isoWeekday(jan4) - 1));
}

/** `2026-W05`. */
export function formatWeek(isoYear: number, week: number): string {
  return `${String(isoYear).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}

/** The first ISO year a week name may name: earlier ones are typos (`0001-W01` once printed a 1900 date). */
export const FIRST_WEEK_YEAR = 1800;
/** The last: four digits, and no day of the week past it. */
export const LAST_WEEK_YEAR = 9999;
/**
 * The last week accepted, 9999-W51: 9999-W52 runs from 9999-12-27 to 10000-01-02, and a date in year 10000
 * is a five-digit year (`toISOString` writes `+010000-01-03T...`), which sorts before every other as text
 * and no reader of the digest files or the feed expects.
 */
export const LAST_WEEK = '9999-W51';
/** The first, 1800-W01 (it begins on 1799-12-30, a four-digit date like any other). */
export const FIRST_WEEK = '1800-W01';

/**
 * Why `name` is not a usable week, or null when it is: `^\d{4}-W\d{2}$`, from {@link FIRST_WEEK} to
 * {@link LAST_WEEK}, and a week that exists in its year (W53 only in long years). `label` names the option
 * in the reason (`week`, `--week`).
 */
export function weekProblem(name: string, label = 'week'): string | null {
  const m = WEEK_NAME.exec(name);
  if (!m) return `${label} "${printable(name)}" is not an ISO week like 2026-W47`;
  const isoYear = Number(m[1]);
  const week = Number(m[2]);
  // Date.UTC maps years 0-99 to 1900-1999, so an out-of-range year would silently name another week; a
  // Sunday in year 10000 would be a five-digit date (LAST_WEEK). Names compare as text: both are 4-digit.
  if (isoYear < FIRST_WEEK_YEAR || isoYear > LAST_WEEK_YEAR || (isoYear === LAST_WEEK_YEAR && name > LAST_WEEK)) {
    return `${label} "${name}" is out of range (${FIRST_WEEK} to ${LAST_WEEK})`;
  }
  const max = weeksInYear(isoYear);
  if (week < 1 || week > max) return `${label} "${name}" does not exist (${isoYear} has ${max} ISO weeks)`;
  return null;
}

/**
 * Parses a week name strictly (the rules of {@link weekProblem}). The name ends up in file names, so
 * anything else (`../x`, NUL, `2026-W5`, `0001-W01`) is a UsageError `digest: <label> "<name>" ...`.
 */
export function parseWeek(name: string, label = 'week'): { isoYear: number; week: number } {
  const problem = weekProblem(name, label);
  if (problem !== null) throw new UsageError(`digest: ${problem}`);
  const m = WEEK_NAME.exec(name) as RegExpExecArray;
  return { isoYear: Number(m[1]), week: Number(m[2]) };
}

function printable(s: string): string {
  return JSON.stringify(String(s)).slice(1, -1).slice(0, 80);
}

/** The days and bounding instants of ISO week `name` in `timeZone`. */
export function weekRange(name: string, timeZone: string): WeekRange {
  const { isoYear, week } = parseWeek(name);
  const monday = mondayOf(isoYear, week);
  const nextMonday = addDays(monday, 7);
  const midnight = (d: LocalDate): string =>
    localToInstant({ ...d, hour: 0, minute: 0, second: 0 }, timeZone).toISOString();
  return {
    week: formatWeek(isoYear, week),
    isoYear,
    weekNumber: week,
    from: formatDate(monday),
    to: formatDate(addDays(monday, 6)),
    timeZone,
    start: midnight(monday),
    end: midnight(nextMonday),
  };
}

/** The ISO week that contains `now` in `timeZone`. */
export function weekContaining(now: Date, timeZone: string): string {
  const p = zonedParts(now, timeZone);
  const { isoYear, week } = isoWeekOf(p);
  return formatWeek(isoYear, week);
}

/** The last complete ISO week before `now` in `timeZone` (the week before the one containing `now`). */
export function lastCompleteWeek(now: Date, timeZone: string): string {
  const p = zonedParts(now, timeZone);
  const { isoYear, week } = isoWeekOf(addDays(p, -7));
  return formatWeek(isoYear, week);
}
