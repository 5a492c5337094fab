/**
 * `demo --eutils`: the loopback E-utilities server alone, for trying ingest by hand. The test starts it as
 * a user would, reads the URL it prints, ingests against it, and stops it with SIGTERM.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_FAULTS } from '../../src/cli/demo-eutils.js';
import { loadDemoCorpus } from '../../src/cli/demo-corpus.js';
import { startEutilsChild } from './eutils-child.js';
import { BIN, type Sandbox, assertBuilt, sandbox } from './run-cli.js';

const EMAIL = { NCBI_EMAIL: 'test@example.org' };

interface Summary {
  status: string;
  new: number;
  updated: number;
  deleted: number;
  retries: number;
  requests: number;
  gaps: string[];
}

describe('demo --eutils', () => {
  let sb: Sandbox;
  beforeAll(() => {
    assertBuilt();
    sb = sandbox();
  });
  afterAll(() => sb.cleanup());

  it('serves the sample records until SIGTERM, and an ingest against the URL it prints stores them', async () => {
    const child = spawn(process.execPath, [BIN, 'demo', '--eutils', '--port', '0'], { cwd: sb.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = once(child, 'exit');
    try {
      const [url] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/entrez\/eutils\/$/);
      const r = await sb.run(['ingest', '--json'], { EUTILS_BASE_URL: url, NCBI_EMAIL: 'test@example.org' });
      expect(r.code, r.stderr).toBe(0);
      const summary = JSON.parse(r.stdout) as { status: string; new: number; requests: number; gaps: string[] };
      expect(summary.status).toBe('ok');
      expect(summary.new).toBeGreaterThan(0);
      expect(summary.gaps).toEqual([]);
      const status = await sb.run(['status', '--json']);
      expect((JSON.parse(status.stdout) as { records: { live: number } }).records.live).toBe(summary.new);
      // One log line per request the ingest made: what a reader watches to see the client keep NCBI's pace.
      expect(stderr.match(/^\[eutils-server\] (GET|POST) (esearch|efetch) -> 200$/gm)).toHaveLength(summary.requests);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await exited) as [number | null];
    expect(code, stderr).toBe(0);
  });

  it('starts on the first night; SIGUSR2 moves it to the second, whose revisions the next ingest brings in', async () => {
    const corpus = loadDemoCorpus();
    const server = await startEutilsChild(sb.dir, []);
    const db = { KRATOMLIT_DB: `${sb.dir}/nights.sqlite`, EUTILS_BASE_URL: server.url, ...EMAIL };
    const show = async (pmid: string) => {
      const r = await sb.run(['show', pmid, '--json'], db);
      return r.code === 0 ? (JSON.parse(r.stdout) as { retracted: boolean; deleted: boolean }) : null;
    };
    try {
      expect(server.stderr()).toContain(`serves ${corpus.initial.length} sample records (the first night)`);
      expect(server.stderr()).toContain(`kill -USR2 ${server.pid}`);
      const first = await sb.run(['ingest', '--json'], db);
      expect(first.code, first.stderr).toBe(0);
      // The first night knows nothing of the revisions: the retraction and the new records are yet to come.
      expect(await show('41900012')).toMatchObject({ retracted: false, deleted: false });
      expect(await show('41900062')).toBeNull();
      expect(await show('41900033')).toMatchObject({ deleted: false });

      server.signal('SIGUSR2');
      await server.waitFor(/now serving the second night/);
      const second = await sb.run(['ingest', '--json'], db);
      expect(second.code, second.stderr).toBe(0);
      const summary = JSON.parse(second.stdout) as Summary;
      expect(summary.deleted).toBe(corpus.deletedOnSecondNight.length);
      expect(await show('41900012')).toMatchObject({ retracted: true });
      expect(await show('41900062')).toMatchObject({ deleted: false });
      expect(await show('41900033')).toMatchObject({ deleted: true });

      server.signal('SIGUSR2');
      await server.waitFor(/already serving the second night/);
    } finally {
      expect(await server.stop(), server.stderr()).toBe(0);
    }
  });

  it('--withhold: the first ingest names the gap and exits 3; the next one fetches the record', async () => {
    const server = await startEutilsChild(sb.dir, ['--withhold', '41900006']);
    const db = { KRATOMLIT_DB: `${sb.dir}/withhold.sqlite`, EUTILS_BASE_URL: server.url, ...EMAIL };
    try {
      const first = await sb.run(['ingest'], db);
      expect(first.code, first.stderr).toBe(3);
      expect(first.stderr).toContain('1 gap (PubMed lists, efetch did not return): 41900006; retried on the next run');
      expect(server.stderr()).toMatch(/^\[eutils-server\] POST efetch -> 200 \(withheld 41900006\)$/m);
      expect((await sb.run(['show', '41900006'], db)).code).not.toBe(0);
      const second = await sb.run(['ingest', '--json'], db);
      expect(second.code, second.stderr).toBe(0);
      expect((JSON.parse(second.stdout) as Summary).gaps).toEqual([]);
      const shown = await sb.run(['show', '41900006'], db);
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).toMatch(/^PMID 41900006 /);
    } finally {
      expect(await server.stop(), server.stderr()).toBe(0);
    }
  });

  it('--faults: each fault answers one request, in the order given, and the ingest retries through them', async () => {
    const server = await startEutilsChild(sb.dir, ['--faults', '429,500,html200']);
    const db = { KRATOMLIT_DB: `${sb.dir}/faults.sqlite`, EUTILS_BASE_URL: server.url, ...EMAIL };
    try {
      const r = await sb.run(['ingest', '--json'], db);
      expect(r.code, r.stderr).toBe(0);
      const summary = JSON.parse(r.stdout) as Summary;
      expect(summary.status).toBe('ok');
      expect(summary.retries).toBeGreaterThanOrEqual(3);
      const served = server.stderr().match(/^\[eutils-server\] .*$/gm) ?? [];
      expect(served.slice(0, 4)).toEqual([
        '[eutils-server] GET esearch -> 429 (fault 429)',
        '[eutils-server] GET esearch -> 500 (fault 500)',
        '[eutils-server] GET esearch -> 200 (fault html200)',
        '[eutils-server] GET esearch -> 200',
      ]);
      expect(served.filter((l) => l.includes('(fault '))).toHaveLength(3);
    } finally {
      expect(await server.stop(), server.stderr()).toBe(0);
    }
  });

  it('--help lists every fault --faults accepts', async () => {
    const r = await sb.run(['demo', '--help']);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(`in order: ${USER_FAULTS.join(', ')}`);
  });

  it.each([
    [['demo', '--port', '8471'], 'kratomlit: demo: --port goes with --eutils\n'],
    [['demo', '--withhold', '41900006'], 'kratomlit: demo: --withhold goes with --eutils\n'],
    [['demo', '--faults', '429'], 'kratomlit: demo: --faults goes with --eutils\n'],
    [['demo', '--eutils', '--port', '0', '--faults', '404'], `kratomlit: demo: --faults: "404" is not a fault the server can serve (one of ${USER_FAULTS.join(', ')})\n`],
    [['demo', '--eutils', '--port', '0', '--faults', '429,,500'], 'kratomlit: demo: --faults has an empty item in "429,,500" (items are separated by single commas)\n'],
    [['demo', '--eutils', '--port', '0', '--withhold', 'abc'], 'kratomlit: demo: --withhold: "abc" is not a PMID\n'],
    [['demo', '--eutils', '--port', '0', '--withhold', '41900006,123'], 'kratomlit: demo: --withhold: 123 is not a sample record (they run from 41900001 to 41900062)\n'],
    [['demo', '--eutils', '--port', '99999'], 'kratomlit: demo: --port must be a whole number from 0 to 65535, got "99999"\n'],
    [['demo', '--eutils', '--dir', 'x'], 'kratomlit: demo: --eutils writes nothing, so it takes no --dir\n'],
  ])('%j is refused in one line, exit 2', async (args, message) => {
    const r = await sb.run(args);
    expect([r.code, r.stderr, r.stdout]).toEqual([2, message, '']);
  });
});
