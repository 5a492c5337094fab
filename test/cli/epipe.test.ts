/**
 * A reader that stops reading (`kratomlit export ... | head -c 100`): the command ends quietly, with the exit
 * code it had, instead of an error line about a broken pipe (or a stream export waiting forever for a drain).
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, articleSet, assertBuilt, sandbox } from './run-cli.js';

let sb: Sandbox;

/** `sh -c script` in the sandbox, `$K` the CLI on the sandbox's library: the exit code of its first command (`$?` of the pipe's left side), and stderr. */
function shell(script: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', `${script}; exit \${PIPESTATUS[0]}`], { cwd: sb.dir, env: { ...process.env, K: `${process.execPath} ${process.cwd()}/dist/jobs/main.js`, KRATOMLIT_DB: sb.db }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed output pipe', () => {
  beforeAll(async () => {
    assertBuilt();
    sb = sandbox();
    // Several pipe buffers (64 KiB) of output, so the writer is still writing when the reader has gone.
    sb.write('many.xml', articleSet(Array.from({ length: 300 }, (_, i) => ({ pmid: String(45000001 + i), entrez: '2026-11-18', abstract: 'kratom '.repeat(200) }))));
    expect((await sb.run(['import', 'many.xml'])).code).toBe(0);
  });
  afterAll(() => sb.cleanup());

  it.each([
    ['the PubMed XML stream', '$K export --format pubmed-xml --all | head -c 100 > /dev/null'],
    ['a citation export', '$K export --format ris --all | head -c 100 > /dev/null'],
    ['search --json', '$K search kratom --json --limit 300 | head -c 100 > /dev/null'],
  ])('ends %s quietly with exit 0', async (_what, script) => {
    const r = await shell(script);
    expect([r.code, r.stderr.split('\n').filter((l) => l.startsWith('kratomlit:'))]).toEqual([0, []]);
    expect(r.stderr).not.toContain('EPIPE');
  });
});
