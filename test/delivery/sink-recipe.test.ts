/**
 * The "Try it locally" recipe of docs/email.md, run as it is written there: the SMTP sink script prints the
 * digest e-mail that `digest --send` delivers to it. Keeps the documented recipe true.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { type Sandbox, articleSet, assertBuilt, sandbox } from '../cli/run-cli.js';
import { waitFor } from '../support/cli.js';

const REPO = join(import.meta.dirname, '..', '..');

/** The shell block after the `smtp-sink` marker of docs/email.md. */
function sinkRecipe(): string {
  const doc = readFileSync(join(REPO, 'docs', 'email.md'), 'utf8');
  const m = /<!-- smtp-sink[^>]*-->\n```sh\n([\s\S]*?)\n```/.exec(doc);
  if (!m) throw new Error('docs/email.md has no smtp-sink block');
  return m[1] as string;
}

/** A loopback port free a moment ago. */
async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

let sb: Sandbox | null = null;
let sink: ChildProcess | null = null;
afterEach(async () => {
  if (sink && sink.exitCode === null) {
    const exited = once(sink, 'exit');
    sink.kill('SIGTERM');
    await exited;
  }
  sb?.cleanup();
});

it('the documented SMTP sink prints the digest e-mail sent to it', async () => {
  assertBuilt();
  const port = await freePort();
  const script = sinkRecipe().replace(/^PORT=2525 /, '');
  expect(script.startsWith('node --input-type=module -e "')).toBe(true);
  // The block is one shell command: run by sh from the repository, as the page says, on a free port.
  sink = spawn('sh', ['-c', script], { cwd: REPO, env: { PATH: process.env.PATH ?? '', PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  sink.stdout?.on('data', (b: Buffer) => (out += b.toString('utf8')));
  sink.stderr?.on('data', (b: Buffer) => (err += b.toString('utf8')));
  await waitFor(() => err.includes(`SMTP sink on 127.0.0.1:${port}`), 'the sink to listen', 20_000);

  sb = sandbox();
  sb.write('a.xml', articleSet([{ pmid: '101', entrez: '2026-11-17', title: 'Kratom withdrawal in adults' }]));
  expect((await sb.run(['import', 'a.xml'])).code).toBe(0);
  const config = sb.write('sink.config.json', JSON.stringify({ digest: { outDir: 'digests' }, delivery: { email: { host: '127.0.0.1', port, security: 'none', from: 'kratomlit@example.org', to: ['you@example.org'] } } }));
  const r = await sb.run(['--config', config, 'digest', '--week', '2026-W47', '--send']);
  expect(r.code, r.stderr).toBe(0);
  await waitFor(() => /^Subject: kratomlit: 2026-W47, 1 new paper/m.test(out), 'the sink to print the message', 20_000);
  expect(out).toMatch(/^To: you@example.org/m);
  expect(out).toMatch(/^Content-Type: multipart\/alternative;/m);
});
