/**
 * `demo --eutils`: the loopback E-utilities server alone, for trying ingest by hand. The test starts it as
 * a user would, reads the URL it prints, ingests against it, and stops it with SIGTERM.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, type Sandbox, assertBuilt, sandbox } from './run-cli.js';

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

  it.each([
    [['demo', '--port', '8471'], 'kratomlit: demo: --port goes with --eutils\n'],
    [['demo', '--eutils', '--port', '99999'], 'kratomlit: demo: --port must be a whole number from 0 to 65535, got "99999"\n'],
    [['demo', '--eutils', '--dir', 'x'], 'kratomlit: demo: --eutils writes nothing, so it takes no --dir\n'],
  ])('%j is refused in one line, exit 2', async (args, message) => {
    const r = await sb.run(args);
    expect([r.code, r.stderr, r.stdout]).toEqual([2, message, '']);
  });
});
