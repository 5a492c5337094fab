import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EutilsServer } from '../../src/loopback/eutils-server.js';
import { rec, useLoopbackWorld } from './loopback-world.js';
import type { Sandbox } from './run-cli.js';

const CONFIG = {
  topics: [{ name: 'alpha', query: 'alphazine[tiab]' }],
  eutils: { maxRetryAfterMs: 1000, maxElapsedMs: 2000 },
  digest: { outDir: 'digests' },
};

const EMAIL_WARNING = 'NCBI_EMAIL is not set';

describe('completeness from the command line against the loopback E-utilities server', () => {
  let sb: Sandbox;
  let server: EutilsServer;
  let env: Record<string, string>;
  const world = useLoopbackWorld(() => ['5001', '5002', '5003', '5004'].map((p, i) => rec(p, `2026-11-0${i + 2}`, `Alphazine study ${p}`)), CONFIG);
  beforeAll(() => {
    ({ sb, server, env } = world);
  });

  it('exits 3 naming the gap while efetch withholds a listed PMID, warns once about NCBI_EMAIL, and status tells', async () => {
    server.withhold('5003');
    const r = await sb.run(['ingest'], env);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('1 gap (PubMed lists, efetch did not return): 5003; retried on the next run');
    expect(r.stderr.split(EMAIL_WARNING)).toHaveLength(2);
    const status = JSON.parse((await sb.run(['status', '--json'], env)).stdout) as { completeness: Record<string, unknown> };
    expect(status.completeness).toEqual({
      alpha: { upstream: 4, local: 3, gaps: [{ pmid: '5003', firstMissingAt: expect.any(String), attempts: 1, rejected: null }], checkedAt: expect.any(String), check: 'full', complete: false, stale: false, line: expect.stringMatching(/^alpha: incomplete as of \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC: 3 of the 4 records PubMed listed then were stored, 1 missing \(5003\)/) },
    });
    const human = await sb.run(['status'], env);
    expect(human.stdout).toMatch(/\n {2}alpha: incomplete as of \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \((just now|\d+ min ago)\): 3 of the 4 records PubMed listed then were stored, 1 missing \(5003\): they are retried on the next run\n/);
  }, 120_000);

  it('stores the record once released, audits on --audit, and then status and the digest say complete', async () => {
    server.release('5003');
    const r = await sb.run(['ingest', '--audit', '--json'], { ...env, NCBI_EMAIL: 'lab@example.org' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain(EMAIL_WARNING);
    const s = JSON.parse(r.stdout) as { gaps: string[]; new: number; topics: Array<Record<string, unknown>> };
    expect(s).toMatchObject({ gaps: [], new: 1 });
    expect(s.topics[0]).toMatchObject({ topic: 'alpha', check: 'full', auditReason: 'requested', upstream: 4 });
    const human = await sb.run(['status'], env);
    expect(human.stdout).toMatch(/\n {2}alpha: complete as of \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \((just now|\d+ min ago)\): all 4 records PubMed listed then were stored\n/);
    const d = await sb.run(['digest', '--week', '2026-W45'], env);
    expect(d.code, d.stderr).toBe(0);
    const md = readFileSync(join(sb.dir, 'digests', '2026-W45.md'), 'utf8');
    expect(md).toMatch(/\n- alpha: complete as of \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC: all 4 records PubMed listed then were stored\n/);
  }, 120_000);

  it('refuses a configured rate above 3/s without an API key, naming the key (exit 2)', async () => {
    const fast = sb.write('fast.json', JSON.stringify({ ...CONFIG, eutils: { requestsPerSecond: 5 } }));
    const before = server.requests.length;
    const { NCBI_API_KEY: _key, ...noKey } = env;
    const r = await sb.run(['ingest'], { ...noKey, KRATOMLIT_CONFIG: fast });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kratomlit: .*eutils\.requestsPerSecond: 5 is above NCBI's 3 requests\/s without an API key/);
    expect(server.requests.length).toBe(before);
  });
});
