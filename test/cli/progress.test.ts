import { describe, expect, it } from 'vitest';
import { ingestProgress } from '../../src/cli/ingest.js';
import { type Progress, createProgress, etaSeconds, formatDetail } from '../../src/cli/progress.js';
import type { Logger } from '../../src/log.js';

function recordingLogger(): Logger & { lines: Array<{ obj: object; msg: string | undefined }> } {
  const lines: Array<{ obj: object; msg: string | undefined }> = [];
  const push = (obj: object, msg?: string) => lines.push({ obj, msg });
  return { lines, info: push, warn: push, error: push, debug: push };
}

describe('progress without a terminal', () => {
  it('logs at most one plain line per interval, with count, total, unit, figures and ETA', () => {
    const logger = recordingLogger();
    let now = 0;
    const p = createProgress({ isTty: false, logger }, 'import', { unit: 'records', intervalMs: 10_000, clock: () => now });
    p.start('a.xml', 1000);
    now = 5_000;
    p.update(100);
    expect(logger.lines).toHaveLength(0);
    now = 10_000;
    p.update(250, { requests: 3 });
    now = 12_000;
    p.update(300);
    expect(logger.lines.map((l) => l.msg)).toEqual(['import a.xml: 250/1000 records · 3 requests · ETA 30 s']);
    expect(logger.lines[0]?.obj).toMatchObject({ what: 'import', label: 'a.xml', done: 250, total: 1000, etaSeconds: 30, requests: 3 });
  });

  it('leaves out the total and ETA when the total is unknown', () => {
    const logger = recordingLogger();
    let now = 0;
    const p = createProgress({ isTty: false, logger }, 'index', { intervalMs: 1, clock: () => now });
    p.start('rebuild', 0);
    now = 5;
    p.update(7);
    expect(logger.lines.map((l) => l.msg)).toEqual(['index rebuild: 7 items']);
  });
});

describe('progress figures', () => {
  it('estimates the seconds left from the average rate so far', () => {
    expect(etaSeconds(50, 200, 10_000)).toBe(30);
    expect(etaSeconds(0, 200, 10_000)).toBeNull();
    expect(etaSeconds(10, 0, 10_000)).toBeNull();
    expect(etaSeconds(200, 200, 10_000)).toBe(0);
  });

  it('formats extra figures after the count', () => {
    expect(formatDetail({ requests: 12, retries: 1 })).toBe(' · 12 requests · 1 retries');
    expect(formatDetail(undefined)).toBe('');
  });
});

describe('ingest progress', () => {
  it('starts a topics phase for esearch and a records phase for efetch, reporting requests', () => {
    const calls: string[] = [];
    const fake: Progress = {
      start: (label, total, unit) => calls.push(`start ${label} ${total} ${unit}`),
      update: (done, detail) => calls.push(`update ${done} ${formatDetail(detail)}`),
      stop: () => calls.push('stop'),
    };
    const feed = ingestProgress(fake);
    feed({ phase: 'harvest', done: 1, total: 2, requests: 1 });
    feed({ phase: 'harvest', done: 2, total: 2, requests: 3 });
    feed({ phase: 'fetch', done: 200, total: 450, requests: 4 });
    feed({ phase: 'fetch', done: 450, total: 450, requests: 6 });
    expect(calls).toEqual([
      'start searching 2 topics',
      'update 1  · 1 requests',
      'update 2  · 3 requests',
      'start fetching 450 records',
      'update 200  · 4 requests',
      'update 450  · 6 requests',
    ]);
  });
});
