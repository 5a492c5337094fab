import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, assertBuilt, sandbox } from '../cli/run-cli.js';

const KEY = 'f00dfeed0123456789abcdef0123456789ab';

describe('kratomlit config and configuration errors, from the binary', () => {
  let sb: Sandbox;
  beforeAll(() => {
    assertBuilt();
    sb = sandbox();
  });
  afterAll(() => sb.cleanup());

  it('prints the effective configuration on stdout with the API key masked and never printed anywhere', async () => {
    const r = await sb.run(['-v', 'config', '--print'], { NCBI_API_KEY: KEY, NCBI_EMAIL: 'lab@example.org' });
    expect(r.code, r.stderr).toBe(0);
    expect(`${r.stdout}${r.stderr}`).not.toContain(KEY.slice(0, 12));
    const c = JSON.parse(r.stdout) as { apiKey: string; db: string; eutils: { email: string }; configPath: string | null };
    expect(c).toMatchObject({ apiKey: '***', db: sb.db, eutils: { email: 'lab@example.org' }, configPath: null });
  });

  it('prints the JSON schema even when the config file is broken', async () => {
    const bad = sb.write('broken.json', '{ nope');
    const r = await sb.run(['config', '--schema'], { KRATOMLIT_CONFIG: bad });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' });
  });

  it('exits 2 naming the file and the key for a bad or unknown key, before doing any work', async () => {
    const file = sb.write('bad.json', JSON.stringify({ eutils: { batchSize: 900 }, topix: [] }));
    const r = await sb.run(['--config', file, 'status', '--json']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(`kratomlit: status: config: ${file}: eutils.batchSize: Too big: expected number to be <=500; topix: unknown key`);
  });

  it('a file whose two cron expressions are bad stops config, status and schedule --print alike, naming both', async () => {
    const file = sb.write('crons.json', JSON.stringify({ ingest: { schedule: { cron: '61 * * * *' } }, digest: { schedule: { cron: '0 7 * * 9' } } }));
    for (const args of [['config'], ['status'], ['schedule', '--print']]) {
      const r = await sb.run(['--config', file, ...args]);
      expect([r.code, r.stdout], args.join(' ')).toEqual([2, '']);
      expect(r.stderr).toMatch(new RegExp(`^kratomlit: (?:${args[0] ?? ''}: )?config: .*crons\\.json: ingest\\.schedule\\.cron: "61 [^"]+" is not a valid cron expression: [^;]+; digest\\.schedule\\.cron: "0 7 \\* \\* 9" is not a valid cron expression: [^;]+\n$`));
    }
  });

  it('exits 2 naming NCBI_EMAIL when the environment holds an invalid address', async () => {
    const r = await sb.run(['status'], { NCBI_EMAIL: 'not-an-email' });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^kratomlit: status: config: NCBI_EMAIL is not an e-mail address: not-an-email$/m);
  });

  it('exits 2 naming the path when --config points to a missing file', async () => {
    const r = await sb.run(['--config', 'absent.json', 'config']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`config: file not found: ${sb.dir}/absent.json`);
  });

  it('exits 2 when --print and --schema are both given', async () => {
    const r = await sb.run(['config', '--print', '--schema']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^kratomlit: config: .*--print.*--schema/);
  });
});
