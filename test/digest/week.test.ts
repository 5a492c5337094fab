import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { isoWeekOf, lastCompleteWeek, parseWeek, weekContaining, weekProblem, weekRange, weeksInYear } from '../../src/digest/week.js';
import { localToInstant, offsetMinutes } from '../../src/zone.js';

describe('ISO week math', () => {
  it('knows which years have a week 53', () => {
    expect(weeksInYear(2026)).toBe(53);
    expect(weeksInYear(2020)).toBe(53);
    expect(weeksInYear(2027)).toBe(52);
    expect(weeksInYear(2025)).toBe(52);
  });

  it('puts Dec 28 2026 - Jan 3 2027 in 2026-W53 and Jan 4 2027 in 2027-W01', () => {
    expect(isoWeekOf({ year: 2026, month: 12, day: 28 })).toEqual({ isoYear: 2026, week: 53 });
    expect(isoWeekOf({ year: 2027, month: 1, day: 3 })).toEqual({ isoYear: 2026, week: 53 });
    expect(isoWeekOf({ year: 2027, month: 1, day: 4 })).toEqual({ isoYear: 2027, week: 1 });
    const w53 = weekRange('2026-W53', 'UTC');
    expect([w53.from, w53.to]).toEqual(['2026-12-28', '2027-01-03']);
    expect(weekRange('2027-W01', 'UTC').from).toBe('2027-01-04');
  });

  it('puts Jan 1 2026 (a Thursday) in 2026-W01, whose Monday is in December 2025', () => {
    expect(isoWeekOf({ year: 2026, month: 1, day: 1 })).toEqual({ isoYear: 2026, week: 1 });
    expect(weekRange('2026-W01', 'UTC')).toMatchObject({ from: '2025-12-29', to: '2026-01-04' });
  });

  it('bounds a week by local midnights, so a New York DST week is 167 hours long', () => {
    const w = weekRange('2026-W10', 'America/New_York'); // DST starts Sunday 8 March 2026
    expect(w).toMatchObject({ from: '2026-03-02', to: '2026-03-08', start: '2026-03-02T05:00:00.000Z', end: '2026-03-09T04:00:00.000Z' });
    expect((Date.parse(w.end) - Date.parse(w.start)) / 3_600_000).toBe(167);
    const w43 = weekRange('2026-W43', 'Europe/Berlin'); // DST ends Sunday 25 October 2026, the last day of W43
    expect((Date.parse(w43.end) - Date.parse(w43.start)) / 3_600_000).toBe(169);
    expect(weekRange('2026-W44', 'Europe/Berlin').start).toBe('2026-10-25T23:00:00.000Z');
    const w13 = weekRange('2026-W13', 'Europe/Berlin'); // DST starts Sunday 29 March 2026
    expect((Date.parse(w13.end) - Date.parse(w13.start)) / 3_600_000).toBe(167);
  });

  it('takes the last complete week in the configured zone, not in UTC', () => {
    // Monday 23 Nov 2026 03:00 UTC is still Sunday 22 Nov in New York: W47 is not complete there yet.
    const now = new Date('2026-11-23T03:00:00Z');
    expect(lastCompleteWeek(now, 'UTC')).toBe('2026-W47');
    expect(lastCompleteWeek(now, 'America/New_York')).toBe('2026-W46');
    expect(weekContaining(now, 'America/New_York')).toBe('2026-W47');
    expect(lastCompleteWeek(new Date('2027-01-05T12:00:00Z'), 'UTC')).toBe('2026-W53');
  });

  it('rejects week names that are malformed, escaping or do not exist', () => {
    for (const bad of ['2026-W5', '../2026-W47', '/etc/passwd', '2026-W47\0', '2026-w47', '2027-W53', '2026-W00', ' 2026-W47']) {
      expect(() => parseWeek(bad), bad).toThrow(UsageError);
    }
    expect(parseWeek('2026-W53')).toEqual({ isoYear: 2026, week: 53 });
  });

  it('refuses years before 1800, where Date.UTC would have read year 1 as 1901', () => {
    expect(() => weekRange('0001-W01', 'UTC')).toThrow('digest: week "0001-W01" is out of range (1800-W01 to 9999-W51)');
    expect(() => parseWeek('1799-W52', '--week')).toThrow('digest: --week "1799-W52" is out of range (1800-W01 to 9999-W51)');
    expect(weekProblem('0000-W01')).toBe('week "0000-W01" is out of range (1800-W01 to 9999-W51)');
    expect(weekRange('1800-W01', 'UTC').from).toBe('1799-12-30');
    expect(weekRange('9999-W51', 'UTC').to).toBe('9999-12-26');
    expect(weekProblem('9999-W52')).toBe('week "9999-W52" is out of range (1800-W01 to 9999-W51)');
  });
});

describe('zone arithmetic', () => {
  it('resolves a spring-forward gap forward and a fall-back repeat to the earlier instant', () => {
    const tz = 'America/New_York';
    expect(localToInstant({ year: 2026, month: 3, day: 8, hour: 2, minute: 30, second: 0 }, tz).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(localToInstant({ year: 2026, month: 11, day: 1, hour: 1, minute: 30, second: 0 }, tz).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(offsetMinutes(new Date('2026-07-01T00:00:00Z'), tz)).toBe(-240);
    expect(offsetMinutes(new Date('2026-07-01T00:00:00Z'), 'Asia/Kolkata')).toBe(330);
  });
});
