/**
 * The by-hand rehearsal of docs/operations.md ("A rehearsal of a bad night, by hand"), run as written, in
 * order: the server line starts `demo --eutils` (on a free port: the documented 8471 may be taken by another
 * test), `export` sets the variables (the documented URL with the free port), `kill -USR2 <pid>` signals the
 * server, and every `npx kratomlit` line must exit with the code its comment gives (0 when none) and print
 * every "quoted" text of its comment. The lines are read from the page at run time, never copied here.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EutilsChild, startEutilsChild } from './eutils-child.js';
import { BIN, type CliResult, REPO, type Sandbox, assertBuilt, sandbox } from './run-cli.js';

const HEADING = '#### A rehearsal of a bad night, by hand';

/** The code-block lines of the rehearsal section, in page order. */
function rehearsalLines(): string[] {
  const page = readFileSync(join(REPO, 'docs', 'operations.md'), 'utf8');
  const start = page.indexOf(HEADING);
  if (start < 0) throw new Error(`docs/operations.md has no "${HEADING}" section`);
  const section = page.slice(start + HEADING.length).split(/^#{1,4} /m)[0] ?? '';
  const lines: string[] = [];
  let inCode = false;
  for (const line of section.split('\n')) {
    if (line.trimStart().startsWith('```')) inCode = !inCode;
    else if (inCode && line.trim() !== '') lines.push(line.trim());
  }
  return lines;
}

/** What a line's comment promises: its exit code (0 when it names none) and the quoted texts it prints. */
function promises(line: string): { exit: number; prints: string[] } {
  const comment = /#(.*)$/.exec(line)?.[1] ?? '';
  return { exit: Number(/\bexit (\d+)/.exec(comment)?.[1] ?? 0), prints: [...comment.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '') };
}

function runLine(line: string, cwd: string, env: Record<string, string>): Promise<CliResult> {
  const command = line.replace(/#.*$/, '').trim().replace(/^npx kratomlit\b/, `'${process.execPath}' '${BIN}'`);
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the rehearsal of a bad night in docs/operations.md', () => {
  let sb: Sandbox;
  let server: EutilsChild | undefined;
  beforeAll(() => {
    assertBuilt();
    sb = sandbox();
  });
  afterAll(async () => {
    await server?.stop();
    sb.cleanup();
  });

  it('runs as written: the gap is named (exit 3), heals, and the second night brings the revisions', async () => {
    const lines = rehearsalLines();
    expect(lines.filter((l) => l.startsWith('npx kratomlit ')).length).toBeGreaterThan(3);
    // Only what a user's shell would have, plus what the page exports: no kratomlit or NCBI variable leaks in.
    const env: Record<string, string> = { PATH: process.env['PATH'] ?? '', HOME: sb.dir };
    for (const line of lines) {
      const serverArgs = /^npx kratomlit demo --eutils\b(.*?)(#|$)/.exec(line);
      if (serverArgs) {
        server = await startEutilsChild(sb.dir, (serverArgs[1] ?? '').trim().split(/\s+/).filter(Boolean));
        continue;
      }
      if (server === undefined) throw new Error(`${line}: comes before the line that starts the server`);
      if (line.startsWith('export ')) {
        for (const [, name = '', value = ''] of line.replace(/#.*$/, '').matchAll(/(\w+)=(\S+)/g)) {
          // The page's URL is the server's on the documented port; the test's server listens on a free one.
          if (name === 'EUTILS_BASE_URL') expect(value).toBe(server.url.replace(/:\d+\//, ':8471/'));
          env[name] = name === 'EUTILS_BASE_URL' ? server.url : value;
        }
      } else if (/^kill -USR2 <pid>/.test(line)) {
        expect(server.stderr(), 'the server prints the kill command with its pid').toContain(`kill -USR2 ${server.pid}`);
        server.signal('SIGUSR2');
        await server.waitFor(/now serving the second night/);
      } else if (line.startsWith('npx kratomlit ')) {
        const { exit, prints } = promises(line);
        const r = await runLine(line, sb.dir, env);
        expect(r.code, `${line}\n${r.stderr}`).toBe(exit);
        for (const text of prints) expect(`${r.stdout}${r.stderr}`, line).toContain(text);
      } else {
        throw new Error(`docs/operations.md rehearsal: no way to run ${JSON.stringify(line)}`);
      }
    }
    expect(await server?.stop(), server?.stderr()).toBe(0);
    server = undefined;
  }, 120_000);
});
