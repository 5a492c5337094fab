import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EutilsServer } from '../../src/loopback/eutils-server.js';
import { rec, useLoopbackWorld } from './loopback-world.js';
import type { Sandbox } from './run-cli.js';

const CONFIG = {
  topics: [{ name: 'alpha', query: 'alphazine[tiab]' }],
  eutils: { requestsPerSecond: 10, maxRetryAfterMs: 1000, maxElapsedMs: 2000 },
  digest: { outDir: 'digests' },
};

describe('ingest and digest from the command line against the loopback E-utilities server', () => {
  let sb: Sandbox;
  let server: EutilsServer;
  let env: Record<string, string>;
  const world = useLoopbackWorld(() => [rec('5001', '2026-11-02', 'Alphazine binding'), rec('5002', '2026-11-03', 'Alphazine kinetics'), rec('5003', '2026-11-04', 'Unrelated betazine')], CONFIG);
  beforeAll(() => {
    ({ sb, server, env } = world);
  });

  it('prints ingest --json as the run summary and stores the matching records', async () => {
    const r = await sb.run(['ingest', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(s).toMatchObject({ status: 'ok', new: 2, updated: 0, deleted: 0, missing: [], rejected: [], error: null });
    expect(s['requests']).toBeGreaterThanOrEqual(2);
    expect(s['topics']).toEqual([expect.objectContaining({ topic: 'alpha', harvested: 2 })]);
    const status = JSON.parse((await sb.run(['status', '--json'], env)).stdout) as { topics: unknown; lastIngest: { status: string; details: Record<string, unknown> } };
    expect(status.topics).toEqual([{ name: 'alpha', records: 2, configured: true }]);
    expect(status.lastIngest.status).toBe('ok');
    expect(status.lastIngest.details).toMatchObject({ new: 2 });
  });

  it('prints the ingest summary line on stderr without --json and keeps stdout empty', async () => {
    const r = await sb.run(['ingest'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/ingest ok: 1 topic, \d+ requests/);
  });

  it('exits 3 (deferred) when NCBI asks to wait longer than maxRetryAfterMs', async () => {
    server.inject({ kind: '429', utility: 'esearch', retryAfterSec: 3600, times: 10 });
    try {
      const r = await sb.run(['ingest', '--json', '--full'], env);
      expect(r.code, r.stderr).toBe(3);
      expect(JSON.parse(r.stdout)).toMatchObject({ status: 'deferred' });
    } finally {
      server.clearFaults();
    }
  });

  it('exits 2 naming the topic when --topic is not configured', async () => {
    const r = await sb.run(['ingest', '--topic', 'gamma'], env);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^kratomlit: ingest: unknown topic "gamma"/);
  });

  it('reads --topic in any case, as search and export do', async () => {
    const r = await sb.run(['ingest', '--json', '--topic', 'ALPHA'], env);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { topics: Array<{ topic: string }> }).topics.map((t) => t.topic)).toEqual(['alpha']);
  });

  it('prints digest --json with the week, counts and files written', async () => {
    const r = await sb.run(['digest', '--week', '2026-W45', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as { week: string; counts: Record<string, number>; files: string[] };
    expect(d.week).toBe('2026-W45');
    expect(d.counts).toEqual({ new: 2, updated: 0, notices: 0 });
    expect(d.files.map((f) => f.slice(f.lastIndexOf('/') + 1))).toEqual(expect.arrayContaining(['2026-W45.md', '2026-W45.html', '2026-W45.json', 'feed.atom']));
    expect(d.files.every((f) => f.startsWith(sb.dir))).toBe(true);
  });

  it('exits 2 naming the value when digest --week is not an ISO week', async () => {
    const r = await sb.run(['digest', '--week', '2026-47'], env);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('2026-47');
  });

  it('exits 2 with one line naming --week for a week outside 1800-9999 or past the year, writing nothing', async () => {
    for (const [week, why] of [['0001-W01', 'is out of range (1800-W01 to 9999-W51)'], ['1799-W10', 'is out of range (1800-W01 to 9999-W51)'], ['2026-W54', 'does not exist (2026 has 53 ISO weeks)'], ['2026-W00', 'does not exist (2026 has 53 ISO weeks)']]) {
      const r = await sb.run(['digest', '--week', week as string, '--out', join(sb.dir, 'never')], env);
      expect([r.code, r.stderr], week).toEqual([2, `kratomlit: digest: --week "${week as string}" ${why as string}\n`]);
    }
    expect(existsSync(join(sb.dir, 'never'))).toBe(false);
  });
});
