import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { missedSlotSince, nextFireTimes, validateSchedule } from '../../src/scheduler/scheduler.js';
import { toZonedIso } from '../../src/zone.js';

const iso = (ds: Date[]): string[] => ds.map((d) => d.toISOString());

describe('nextFireTimes', () => {
  it('runs a 02:30 New York job once on spring-forward night (at 03:30 EDT), not skipping it', () => {
    const spec = { cron: '30 2 * * *', timeZone: 'America/New_York' };
    expect(iso(nextFireTimes(spec, new Date('2026-03-06T12:00:00Z'), 4))).toEqual([
      '2026-03-07T07:30:00.000Z', // 02:30 EST
      '2026-03-08T07:30:00.000Z', // 02:30 does not exist: 03:30 EDT
      '2026-03-09T06:30:00.000Z', // 02:30 EDT
      '2026-03-10T06:30:00.000Z',
    ]);
  });

  it('runs a 01:30 New York job once on fall-back night, at the first 01:30', () => {
    const spec = { cron: '30 1 * * *', timeZone: 'America/New_York' };
    expect(iso(nextFireTimes(spec, new Date('2026-10-31T12:00:00Z'), 3))).toEqual([
      '2026-11-01T05:30:00.000Z', // 01:30 EDT; the 01:30 EST an hour later is not a second run
      '2026-11-02T06:30:00.000Z',
      '2026-11-03T06:30:00.000Z',
    ]);
    // Asking from between the two 01:30s does not produce the repeat either.
    expect(iso(nextFireTimes(spec, new Date('2026-11-01T05:45:00Z'), 1))).toEqual(['2026-11-02T06:30:00.000Z']);
  });

  it('keeps the default ingest and digest schedules in their zones', () => {
    expect(iso(nextFireTimes({ cron: '30 22 * * *', timeZone: 'America/New_York' }, new Date('2026-11-25T12:00:00Z'), 2))).toEqual([
      '2026-11-26T03:30:00.000Z',
      '2026-11-27T03:30:00.000Z',
    ]);
    expect(iso(nextFireTimes({ cron: '0 7 * * 1', timeZone: 'Europe/Berlin' }, new Date('2026-03-24T00:00:00Z'), 2))).toEqual([
      '2026-03-30T05:00:00.000Z', // first Monday after Berlin's DST start: UTC+2
      '2026-04-06T05:00:00.000Z',
    ]);
  });

  it('lists every-second and every-15-minute slots strictly after the start instant', () => {
    expect(iso(nextFireTimes({ cron: '* * * * * *', timeZone: 'UTC' }, new Date('2026-11-25T10:00:00.400Z'), 3))).toEqual([
      '2026-11-25T10:00:01.000Z',
      '2026-11-25T10:00:02.000Z',
      '2026-11-25T10:00:03.000Z',
    ]);
    expect(iso(nextFireTimes({ cron: '*/15 * * * *', timeZone: 'Asia/Kolkata' }, new Date('2026-11-25T10:00:00Z'), 2))).toEqual([
      '2026-11-25T10:15:00.000Z',
      '2026-11-25T10:30:00.000Z',
    ]);
  });
});

describe('validateSchedule', () => {
  it('names the setting of a bad cron expression or time zone', () => {
    expect(() => validateSchedule({ cron: '61 * * * *', timeZone: 'UTC' }, 'ingest.schedule.cron')).toThrow(
      /ingest\.schedule\.cron: "61 \* \* \* \*" is not a valid cron expression/,
    );
    expect(() => validateSchedule({ cron: '0 7 * * 1', timeZone: 'Mars/Olympus' }, 'digest.schedule.cron')).toThrow(
      /digest\.schedule\.timezone: "Mars\/Olympus"/,
    );
    expect(() => validateSchedule({ cron: '0 0 L * *', timeZone: 'UTC' }, 'ingest.schedule.cron')).toThrow(ConfigError);
    expect(() => validateSchedule({ cron: '30 22 * * *', timeZone: 'America/New_York' }, 'ingest.schedule.cron')).not.toThrow();
  });
});

describe('missedSlotSince', () => {
  const ingest = { cron: '30 22 * * *', timeZone: 'America/New_York' };

  it('is due when a nightly slot passed since the last success, or when there was none', () => {
    const lastNight = '2026-11-25T03:31:00.000Z'; // 22:31 EST on the 24th
    expect(missedSlotSince(ingest, lastNight, new Date('2026-11-26T03:29:00Z'))).toBe(false);
    expect(missedSlotSince(ingest, lastNight, new Date('2026-11-26T03:30:00Z'))).toBe(true);
    expect(missedSlotSince(ingest, null, new Date('2026-11-26T00:00:00Z'))).toBe(true);
  });
});

describe('toZonedIso', () => {
  it('prints fire times as wall time with the offset of that instant', () => {
    const times = nextFireTimes({ cron: '30 2 * * *', timeZone: 'America/New_York' }, new Date('2026-03-07T12:00:00Z'), 2);
    expect(times.map((t) => toZonedIso(t, 'America/New_York'))).toEqual(['2026-03-08T03:30:00-04:00', '2026-03-09T02:30:00-04:00']);
    expect(toZonedIso(new Date('2026-11-25T10:00:00Z'), 'Asia/Kolkata')).toBe('2026-11-25T15:30:00+05:30');
  });
});
