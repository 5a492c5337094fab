/** Next runs on the status page and in `kratomlit status` in one stated form; recent runs on the page in words a person reads. */
import { describe, expect, it } from 'vitest';
import { formatStatus } from '../../src/cli/status.js';
import type { StatusReport } from '../../src/library/types.js';
import { statusBody } from '../../src/web/pages/status.js';
import { nextRunText, runFigures, runFiguresOf, utcMinute } from '../../src/library/run-text.js';

const ingestDetails = { runId: 3, requests: 7, retries: 1, rateLimited: 0, fetched: 7, new: 1, detached: 1, lacking: 2, missingCount: 0, gapCount: 1 };

const report: StatusReport = {
  database: '/lib.sqlite',
  records: { live: 1, books: 0, retracted: 0, deleted: 0, byTopic: {} } as unknown as StatusReport['records'],
  topics: [],
  lastImport: null,
  lastIngest: null,
  lastDigest: null,
  runs: [
    { id: 3, kind: 'ingest', status: 'ok', startedAt: '2026-11-26T03:30:00.000Z', endedAt: '2026-11-26T03:31:05.000Z', details: ingestDetails, error: null },
    { id: 4, kind: 'digest', status: 'ok', startedAt: '2026-11-26T03:32:00.000Z', endedAt: null, details: { week: '2026-W48', counts: { new: 1, updated: 3, notices: 1 } }, error: null },
  ],
  index: { exists: true, fresh: true, highWater: 1, storeHighWater: 1 } as StatusReport['index'],
  scheduler: { running: false, pid: null, host: null, command: null, since: null },
  nextRuns: { ingest: ['2026-12-07T22:30:00-05:00'], digest: ['2026-12-14T07:00:00+00:00'] },
  completeness: {},
};

describe('next scheduled runs', () => {
  it('are told in UTC first, then in the wall clock and offset of the zone each job is scheduled in', () => {
    expect(nextRunText('2026-12-07T22:30:00-05:00')).toBe("2026-12-08 03:30 UTC (2026-12-07 22:30 in the schedule's time zone, UTC−05:00)");
    expect(nextRunText('2026-12-14T07:00:00+00:00')).toBe("2026-12-14 07:00 UTC (2026-12-14 07:00 in the schedule's time zone, UTC+00:00)");
    expect(nextRunText('2026-06-01T09:15:00+05:30')).toBe("2026-06-01 03:45 UTC (2026-06-01 09:15 in the schedule's time zone, UTC+05:30)");
  });

  it('leave a string that is not a zoned instant as it is', () => {
    expect(nextRunText('unknown')).toBe('unknown');
    expect(nextRunText('2026-12-07T22:30:00')).toBe('2026-12-07T22:30:00');
  });

  it('read the same in `kratomlit status` and on the status page, which keeps the ISO form in <time datetime>', () => {
    const text = formatStatus(report, new Date('2026-12-07T12:00:00Z'));
    expect(text).toContain("Next ingest: 2026-12-08 03:30 UTC (2026-12-07 22:30 in the schedule's time zone, UTC−05:00)\n");
    expect(text).toContain("Next digest: 2026-12-14 07:00 UTC (2026-12-14 07:00 in the schedule's time zone, UTC+00:00)\n");
    const page = String(statusBody({ report, now: new Date('2026-12-07T12:00:00Z'), server: { indexedSeq: 1, storeSeq: 1, records: 1, startedAt: '2026-12-07T11:00:00.000Z', searchThreads: 0 } }));
    expect(page).toContain(`<li>ingest: <time datetime="2026-12-07T22:30:00-05:00">2026-12-08 03:30 UTC (2026-12-07 22:30 in the schedule&#39;s time zone, UTC−05:00)</time></li>`);
  });
});

describe('recent runs', () => {
  const page = String(statusBody({ report, now: new Date('2026-12-07T12:00:00Z'), server: { indexedSeq: 1, storeSeq: 1, records: 1, startedAt: '2026-12-07T11:00:00.000Z', searchThreads: 0 } }));

  it('show their times to the minute in UTC, kept on one line, with the exact instant in <time datetime>', () => {
    expect(utcMinute('2026-11-26T03:31:05.000Z')).toBe('2026-11-26 03:31 UTC');
    expect(page).toContain('<td><time class="when" datetime="2026-11-26T03:30:00.000Z">2026-11-26 03:30 UTC</time></td><td><time class="when" datetime="2026-11-26T03:31:05.000Z">2026-11-26 03:31 UTC</time></td>');
    expect(page).toContain('<td><time class="when" datetime="2026-11-26T03:32:00.000Z">2026-11-26 03:32 UTC</time></td><td>—</td>');
    expect(page).toContain('serving since <time class="when" datetime="2026-12-07T11:00:00.000Z">2026-12-07 11:00 UTC</time>');
  });

  it('name their figures in words, in the singular for one, without the run id the # column gives', () => {
    const words = '7 requests, 1 retry, 0 rate-limited, 7 fetched, 1 new, 1 topic link dropped, 2 found lacking by the audit, 0 missing, 1 gap';
    expect(runFigures(ingestDetails)).toBe(words);
    expect(page).toContain(`<td>${words}</td>`);
    expect(page).toContain('<td>week 2026-W48, 1 new, 3 updated, 1 notice</td>');
  });

  it('split a figure with no words of its own at its capitals', () => {
    expect(runFigures({ filesFailed: 1, tombstoned: 2, someNewCount: 3 })).toBe('1 file failed, 2 tombstoned, 3 some new count');
  });

  it('give an interrupted run only the figures it saved, as such, on the page and in kratomlit status alike', () => {
    const run = { status: 'interrupted', details: { runId: 4, requests: 3, fetched: 40, new: 0 } };
    expect(runFiguresOf(run)).toBe('as last recorded: 3 requests, 40 fetched (the others not recorded)');
    expect(runFiguresOf({ status: 'interrupted', details: { runId: 4, requests: 0 } })).toBe('figures not recorded');
    expect(runFiguresOf({ status: 'ok', details: { runId: 4, requests: 0 } })).toBe('0 requests');
  });
});
