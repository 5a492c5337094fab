import { afterEach, describe, expect, it } from 'vitest';
import { type JobSpec, startScheduler } from '../../src/scheduler/scheduler.js';
import type { Logger } from '../../src/log.js';

interface Line {
  level: string;
  obj: Record<string, unknown>;
  msg: string | undefined;
}

function recordingLogger(): Logger & { lines: Line[] } {
  const lines: Line[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj: obj as Record<string, unknown>, msg });
  return { lines, info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Resolves once `check()` holds (polled every 10 ms): waits for what the scheduler did, not for a guessed time. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await sleep(10);
}
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
});

describe('startScheduler with the real node-cron', () => {
  it('never overlaps a slow job, keeps going after failures, and stops cleanly by aborting the running job', async () => {
    const log = recordingLogger();
    let active = 0;
    let maxActive = 0;
    let slowStarts = 0;
    let aborted = 0;
    const slow: JobSpec = {
      name: 'ingest',
      cron: '* * * * * *',
      timeZone: 'UTC',
      isDue: () => false,
      run: (signal) => {
        slowStarts += 1;
        active += 1;
        maxActive = Math.max(maxActive, active);
        return new Promise((resolve) => {
          const finish = () => {
            active -= 1;
            resolve({ fetched: 0 });
          };
          const timer = setTimeout(finish, 2500);
          signal.addEventListener('abort', () => {
            aborted += 1;
            clearTimeout(timer);
            finish();
          });
        });
      },
    };
    let failures = 0;
    const failing: JobSpec = {
      name: 'digest',
      cron: '* * * * * *',
      timeZone: 'UTC',
      isDue: () => false,
      run: async () => {
        failures += 1;
        throw new Error(`boom ${failures}`);
      },
    };
    const scheduler = startScheduler([slow, failing], { logger: log });
    stops.push(scheduler.stop);
    // A second slow run started (the first one's 2.5 s ended: never two at once) and the failing job failed
    // three times (it keeps being scheduled).
    await until(() => slowStarts >= 2 && failures >= 3);
    const startsBeforeStop = slowStarts;
    await scheduler.stop();
    await scheduler.done;
    const failuresAtStop = failures;
    await sleep(1200);

    expect(maxActive).toBe(1);
    expect(startsBeforeStop).toBeGreaterThanOrEqual(2);
    expect(startsBeforeStop).toBeLessThanOrEqual(3);
    expect(aborted).toBe(1); // stop() aborted the run in flight instead of waiting 2.5 s
    expect(active).toBe(0);
    expect(failures).toBeGreaterThanOrEqual(3); // a failing job keeps being scheduled
    expect(slowStarts).toBe(startsBeforeStop); // nothing runs after stop()
    expect(failures).toBe(failuresAtStop);
    const failed = log.lines.filter((l) => l.msg === 'job failed');
    expect(failed[0]?.obj).toMatchObject({ job: 'digest', err: 'boom 1', reason: 'scheduled' });
    expect(log.lines.filter((l) => l.msg === 'job started' && l.obj.job === 'ingest')).toHaveLength(startsBeforeStop);
    expect(log.lines.filter((l) => l.msg === 'job finished' && l.obj.job === 'ingest')).toHaveLength(startsBeforeStop);
    expect(log.lines.at(-1)?.msg).toBe('scheduler stopped');
  });

  it('catches up at start-up, in job order, only the jobs whose isDue says so', async () => {
    const log = recordingLogger();
    const order: string[] = [];
    const job = (name: 'ingest' | 'digest', due: boolean): JobSpec => ({
      name,
      cron: '0 7 * * 1',
      timeZone: 'UTC',
      isDue: () => due,
      run: async () => {
        order.push(`${name}:start`);
        await sleep(100);
        order.push(`${name}:end`);
        return { ok: true };
      },
    });
    const scheduler = startScheduler([job('ingest', true), job('digest', true)], { logger: log });
    stops.push(scheduler.stop);
    await until(() => order.includes('digest:end'));
    expect(order).toEqual(['ingest:start', 'ingest:end', 'digest:start', 'digest:end']);
    await scheduler.stop();

    order.length = 0;
    const second = startScheduler([job('ingest', false), job('digest', true)], { logger: recordingLogger() });
    stops.push(second.stop);
    // The jobs catch up in job order: once the digest has ended, an ingest would have run before it.
    await until(() => order.includes('digest:end'));
    expect(order).toEqual(['digest:start', 'digest:end']);
    expect(log.lines.find((l) => l.msg === 'job finished')?.obj).toMatchObject({ job: 'ingest', reason: 'catch-up', summary: { ok: true } });
  });

  it('runs a 02:30 job once on spring-forward night although node-cron skips it, and once on fall-back night', async () => {
    const log = recordingLogger();
    let clock = new Date('2026-03-08T06:00:00Z'); // 01:00 EST, the night clocks jump from 02:00 to 03:00
    const runs: string[] = [];
    const job: JobSpec = {
      name: 'ingest',
      cron: '30 2 * * *',
      timeZone: 'America/New_York',
      isDue: () => false,
      run: async () => void runs.push(clock.toISOString()),
    };
    const scheduler = startScheduler([job], { logger: log, now: () => clock, watchdogMs: 10, graceMs: 60_000 });
    stops.push(scheduler.stop);
    const at = async (iso: string) => {
      clock = new Date(iso);
      await sleep(60);
    };
    await at('2026-03-08T07:00:30Z'); // 03:00:30 EDT: nothing due yet (the shifted slot is 03:30)
    expect(runs).toEqual([]);
    await at('2026-03-08T07:31:05Z'); // 03:31:05 EDT: the 02:30 slot never fired; the watchdog runs it
    await at('2026-03-08T09:00:00Z');
    expect(runs).toEqual(['2026-03-08T07:31:05.000Z']);
    await at('2026-03-09T06:31:05Z'); // next night, 02:30 EDT
    expect(runs).toHaveLength(2);
    expect(log.lines.some((l) => l.msg === 'slot not fired by node-cron; running it now')).toBe(true);
    await scheduler.stop();

    const fallRuns: string[] = [];
    clock = new Date('2026-11-01T05:00:00Z'); // 01:00 EDT, clocks fall back at 02:00 EDT
    const fall = startScheduler([{ ...job, cron: '30 1 * * *', run: async () => void fallRuns.push(clock.toISOString()) }], {
      logger: log,
      now: () => clock,
      watchdogMs: 10,
      graceMs: 60_000,
    });
    stops.push(fall.stop);
    await at('2026-11-01T05:31:05Z'); // first 01:30
    await at('2026-11-01T06:31:05Z'); // second 01:30 (EST): must not run again
    await at('2026-11-01T08:00:00Z');
    expect(fallRuns).toEqual(['2026-11-01T05:31:05.000Z']);
  });

  it('asks isDue and catches up when node-cron reports a missed slot because the event loop was blocked', async () => {
    const log = recordingLogger();
    const dueChecks: string[] = [];
    let runs = 0;
    const job: JobSpec = {
      name: 'ingest',
      cron: '* * * * * *',
      timeZone: 'UTC',
      isDue: () => {
        dueChecks.push('checked');
        return dueChecks.length > 1; // not due at start-up; due when the missed slot is reported
      },
      run: async () => {
        runs += 1;
      },
    };
    const scheduler = startScheduler([job], { logger: log });
    stops.push(scheduler.stop);
    await sleep(1100);
    const before = runs;
    const until = Date.now() + 2300;
    while (Date.now() < until) {
      // Block the event loop past node-cron's 1 s tolerance.
    }
    await sleep(300);
    await scheduler.stop();
    expect(log.lines.some((l) => l.msg?.startsWith('node-cron missed a slot'))).toBe(true);
    expect(dueChecks.length).toBeGreaterThan(1);
    expect(log.lines.some((l) => l.msg === 'job started' && l.obj.reason === 'missed')).toBe(true);
    expect(runs).toBeGreaterThan(before);
  });
});
