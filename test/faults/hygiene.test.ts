import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDigest } from '../../src/library/digest.js';
import { openStore } from '../../src/store/open.js';
import { type CliResult, type Workspace, makeWorkspace, runCli } from '../support/cli.js';
import { type EutilsServer, startEutilsServer } from '../../src/loopback/eutils-server.js';
import { faultCorpus } from '../support/oracle.js';

const KEY = 'secret-key-123';

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

const noStack = (r: CliResult) => expect(r.stderr).not.toMatch(/\n\s+at /);

describe('output and input hygiene', () => {
  let server: EutilsServer;
  let ws: Workspace;
  const outputs: CliResult[] = [];
  const env = () => ws.env({ NCBI_API_KEY: KEY });
  const cli = async (args: string[]) => {
    const r = await runCli(args, env());
    outputs.push(r);
    return r;
  };

  beforeAll(async () => {
    server = await startEutilsServer({ records: faultCorpus(30), rateLimit: null });
    ws = makeWorkspace({ serverUrl: server.url });
    expect((await cli(['--verbose', 'ingest'])).code).toBe(0);
    expect((await cli(['index', '--rebuild'])).code).toBe(0);
    expect((await cli(['digest', '--week', '2026-W41'])).code).toBe(0);
  }, 180_000);
  afterAll(async () => {
    await server.close();
    ws.remove();
  });

  it('refuses a digest week that tries to escape the folder (exit 2) and writes nothing outside it', async () => {
    const before = readdirSync(ws.dir).sort();
    for (const week of ['../x', '2026-W41/../../x', '/etc/passwd']) {
      const r = await cli(['digest', '--week', week]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/week/i);
      noStack(r);
    }
    expect(readdirSync(ws.dir).sort()).toEqual(before);
    expect(readdirSync(join(ws.dir, '..')).filter((n) => n === 'x')).toEqual([]);
  });

  it('refuses an --out that is a file (exit 1, naming it) and leaves that file untouched', async () => {
    const before = readFileSync(ws.config);
    const r = await cli(['digest', '--week', '2026-W41', '--out', ws.config]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(ws.config);
    noStack(r);
    expect(readFileSync(ws.config).equals(before)).toBe(true);
  });

  it('refuses an output folder with a NUL byte (argv cannot carry one; the config file and the library can)', async () => {
    const cfg = join(ws.dir, 'nul-config.json');
    writeFileSync(cfg, JSON.stringify({ db: ws.db, topics: [{ name: 'alpha', query: 'alphazine' }], digest: { outDir: `${ws.dir}/a\u0000b` } }));
    const r = await runCli(['digest', '--week', '2026-W41'], { ...env(), KRATOMLIT_CONFIG: cfg });
    expect([1, 2]).toContain(r.code);
    expect(r.stderr).toMatch(/not a valid path|NUL|null/i);
    noStack(r);
    const db = openStore(ws.db, { readonly: true });
    try {
      await expect(runDigest({ db, outDir: 'a\u0000b', timeZone: 'UTC', perTopicCap: 5, feedWeeks: 2, topics: ['alpha'] }, new Date(), { week: '2026-W41' })).rejects.toMatchObject({
        code: 'DIGEST_OUT_DIR',
      });
    } finally {
      db.close();
    }
  });

  it('answers huge, empty and operator-only search queries with a clear error or an empty result, never a crash', async () => {
    for (const q of ['x'.repeat(100_000), '', 'AND OR NOT ((((', '"- - * :::', 'year:..']) {
      const r = await runCli(['search', q], env());
      expect([0, 2], `query ${JSON.stringify(q.slice(0, 20))}: ${r.stderr}`).toContain(r.code);
      noStack(r);
      if (r.code === 2) expect(r.stderr).toMatch(/search|query/i);
    }
  });

  it('never shows the API key: not in any output, not in the run ledger, not in any file written, not when requests fail', async () => {
    server.inject({ kind: '503', utility: 'efetch', times: 10_000 });
    server.upsert({ ...faultCorpus(31)[30]!, modifiedDate: new Date().toISOString().slice(0, 10), entrezDate: new Date().toISOString().slice(0, 10) });
    expect((await cli(['--verbose', 'ingest', '--json'])).code).toBe(1);
    server.clearFaults();
    server.inject({ kind: '429', utility: 'esearch', retryAfterSec: 3600 });
    expect((await cli(['--verbose', 'ingest'])).code).toBe(3);
    server.clearFaults();
    await cli(['status', '--json']);
    await cli(['config', '--print']);
    await cli(['search', 'alphazine']);
    // The key did reach the server (so it was really in use), and nowhere else.
    expect(server.requests.some((q) => q.params['api_key'] === KEY)).toBe(true);
    for (const o of outputs) expect(`${o.stdout}\n${o.stderr}`).not.toContain(KEY);
    for (const file of filesUnder(ws.dir)) {
      if (statSync(file).size === 0) continue;
      expect(readFileSync(file).includes(KEY), file).toBe(false);
    }
    const db = openStore(ws.db, { readonly: true });
    try {
      const rows = db.prepare('SELECT details_json, error FROM runs').all() as Array<{ details_json: string; error: string | null }>;
      expect(rows.length).toBeGreaterThan(3);
      for (const row of rows) expect(`${row.details_json} ${row.error}`).not.toContain(KEY);
    } finally {
      db.close();
    }
  });
});
