import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatStatus } from '../../src/cli/status.js';
import { openLibrary } from '../../src/index.js';
import { statusBody } from '../../src/web/pages/status.js';
import { recordGaps, saveCheck } from '../../src/store/completeness.js';
import { upsertParsed } from '../../src/store/articles.js';
import { closeStore, openStore } from '../../src/store/open.js';
import { startRun } from '../../src/store/runs.js';
import { article, parsed } from '../store/helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function library(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kratomlit-status-'));
  dirs.push(dir);
  const path = join(dir, 'lib.sqlite');
  const db = openStore(path);
  const now = new Date('2026-12-01T03:00:00Z');
  upsertParsed(db, [parsed(article('41000001')), parsed(article('41000002'))], { source: 'import', now, topicsFor: () => ['mitragynine'] });
  saveCheck(db, { topic: 'mitragynine', upstream: 3, local: 2, checkedAt: now.toISOString(), check: 'count' });
  recordGaps(db, [{ pmid: '41000003', topics: ['mitragynine'] }], now);
  closeStore(db);
  return path;
}

describe('Library.status()', () => {
  it('reports per-topic completeness for the topics it was opened with, unchecked ones with null fields', async () => {
    const lib = await openLibrary({ db: library(), topics: ['mitragynine', '7-hydroxymitragynine'] });
    try {
      const { completeness } = lib.status();
      expect(Object.keys(completeness)).toEqual(['mitragynine', '7-hydroxymitragynine']);
      expect(completeness.mitragynine).toMatchObject({ upstream: 3, local: 2, check: 'count', complete: false });
      expect(completeness.mitragynine?.gaps.map((g) => g.pmid)).toEqual(['41000003']);
      expect(completeness['7-hydroxymitragynine']).toMatchObject({ upstream: null, local: null, checkedAt: null, complete: null });
    } finally {
      lib.close();
    }
  });

  it('says a complete topic whose last check is older than twice the audit interval is stale, in status() and statusReport()', async () => {
    const path = library();
    const db = openStore(path);
    saveCheck(db, { topic: 'mitragynine', upstream: 2, local: 2, checkedAt: '2026-12-01T03:00:00.000Z', check: 'full' });
    db.prepare('DELETE FROM ingest_gaps').run();
    closeStore(db);
    // The default configuration audits every 7 days: fresh for 14 days after the check, stale after.
    const fresh = await openLibrary({ db: path, topics: ['mitragynine'], clock: () => new Date('2026-12-15T03:00:00Z') });
    try {
      expect(fresh.status().completeness.mitragynine).toMatchObject({ complete: true, stale: false });
      expect((await fresh.statusReport()).completeness.mitragynine).toMatchObject({ complete: true, stale: false });
    } finally {
      fresh.close();
    }
    const late = await openLibrary({ db: path, topics: ['mitragynine'], clock: () => new Date('2026-12-15T03:00:01Z') });
    try {
      expect(late.status().completeness.mitragynine).toMatchObject({ complete: true, stale: true, checkedAt: '2026-12-01T03:00:00.000Z' });
      expect((await late.statusReport()).completeness.mitragynine).toMatchObject({ complete: true, stale: true });
      expect((await late.statusReport({ now: new Date('2026-12-02T00:00:00Z') })).completeness.mitragynine?.stale).toBe(false);
    } finally {
      late.close();
    }
  });

  it('says what the completeness check counted and when, apart from the records stored since, in every face', async () => {
    const path = library();
    const db = openStore(path);
    saveCheck(db, { topic: 'mitragynine', upstream: 2, local: 2, checkedAt: '2026-12-01T03:00:00.000Z', check: 'full' });
    db.prepare('DELETE FROM ingest_gaps').run();
    // A record arrives after the check: the topic holds 3, the check counted 2.
    upsertParsed(db, [parsed(article('41000004'))], { source: 'import', now: new Date('2026-12-02T03:00:00Z'), topicsFor: () => ['mitragynine'] });
    closeStore(db);
    const lib = await openLibrary({ db: path, topics: ['mitragynine'], clock: () => new Date('2026-12-02T06:00:00Z') });
    try {
      const report = await lib.statusReport();
      expect(report.topics).toContainEqual({ name: 'mitragynine', records: 3, configured: true });
      const line = 'mitragynine: complete as of 2026-12-01 03:00 UTC: all 2 records PubMed listed then were stored';
      expect(report.completeness.mitragynine).toMatchObject({ upstream: 2, local: 2, complete: true, line });
      expect(lib.status().completeness.mitragynine?.line).toBe(line);
      const text = formatStatus(report, new Date('2026-12-02T06:00:00Z'));
      expect(text).toMatch(/\nTopics: mitragynine 3[,\n]/);
      expect(text).toContain('  mitragynine: complete as of 2026-12-01 03:00 UTC (27 h ago): all 2 records PubMed listed then were stored\n');
      const page = statusBody({ report, now: new Date('2026-12-02T06:00:00Z'), server: { indexedSeq: 0, storeSeq: 0, records: 3, startedAt: '2026-12-02T05:00:00.000Z', searchThreads: 0 } }).value;
      expect(page).toContain('<td>2026-12-01 03:00 UTC</td><td class="num">2</td><td class="num">2</td>');
      expect(page).toContain('mitragynine: complete as of 2026-12-01 03:00 UTC (27 h ago): all 2 records PubMed listed then were stored');
    } finally {
      lib.close();
    }
  });

  it('falls back to every topic ever checked when opened without topics', async () => {
    const lib = await openLibrary({ db: library() });
    try {
      expect(Object.keys(lib.status().completeness)).toEqual(['mitragynine']);
    } finally {
      lib.close();
    }
  });
});

describe('status after a run the process never finished', () => {
  /** A library whose ledger holds an ingest killed mid-run: `details` as it last saved them, its PID gone. */
  async function killedIngest(details: Record<string, unknown>): Promise<string> {
    const path = library();
    const db = openStore(path);
    const id = startRun(db, 'ingest', new Date('2026-12-01T04:00:00Z'), details);
    // A PID above the kernel's largest (4,194,304) belongs to no process.
    db.prepare('UPDATE runs SET pid = ? WHERE id = ?').run(5_000_000, id);
    closeStore(db);
    const lib = await openLibrary({ db: path, topics: ['mitragynine'] });
    try {
      return formatStatus(await lib.statusReport(), new Date('2026-12-02T06:00:00Z'));
    } finally {
      lib.close();
    }
  }

  it('shows no figure it never saved as 0, and no runId 0', async () => {
    const text = await killedIngest({ runId: 0, status: 'failed', requests: 0, retries: 0, rateLimited: 0, fetched: 0, new: 0 });
    expect(text).toContain('\n  #1 ingest interrupted 2026-12-01 04:00 UTC — figures not recorded — process ended before the run finished (the next writer run records it)');
    expect(text).not.toMatch(/runId|requests 0/);
  });

  it('shows the figures it did save, as the last ones recorded', async () => {
    const text = await killedIngest({ runId: 1, requests: 0, fetched: 40, new: 38, updated: 2 });
    expect(text).toContain('\n  #1 ingest interrupted 2026-12-01 04:00 UTC — as last recorded: 40 fetched, 38 new, 2 updated (the others not recorded) — process ended');
  });
});
