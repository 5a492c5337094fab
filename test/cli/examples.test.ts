/**
 * Every command example in README.md and in every `--help` text runs against a demo library and must exit 0
 * and print what it says it prints. The examples are extracted from the texts at run time (never copied
 * here), so a new example that does not work fails CI.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoCorpus } from '../../src/cli/demo-corpus.js';
import { type EutilsServer, startEutilsServer } from '../../src/loopback/eutils-server.js';
import { BIN, REPO, articleSet, assertBuilt } from './run-cli.js';

/** Code-block lines of README.md that run kratomlit (`npx kratomlit ...`, or after `npm ci && `). */
function readmeExamples(): string[] {
  const lines: string[] = [];
  let inCode = false;
  for (const line of readFileSync(join(REPO, 'README.md'), 'utf8').split('\n')) {
    if (line.startsWith('```')) inCode = !inCode;
    else if (inCode) {
      const cmd = line.trim().replace(/^\$ /, '').replace(/^npm ci && /, '');
      if (/^(npx )?kratomlit( |$)/.test(cmd)) lines.push(cmd);
    }
  }
  return lines;
}

/** The `Examples:` lines (`  $ kratomlit ...`) of `kratomlit --help` and of every command's `--help`. */
function helpExamples(): string[] {
  assertBuilt();
  const help = (args: string[]) => spawnSync(process.execPath, [BIN, ...args, '--help'], { encoding: 'utf8' }).stdout;
  const top = help([]);
  const commands = [...top.matchAll(/^ {2}([a-z]+)\b.*$/gm)].map((m) => m[1] ?? '').filter((c) => c !== 'help');
  return [top, ...commands.map((c) => help([c]))].flatMap((text) => [...text.matchAll(/^ {2}\$ (kratomlit .*)$/gm)].map((m) => m[1] ?? ''));
}

const examples = [...new Set([...readmeExamples(), ...helpExamples()])];

/** Examples that run until stopped: the scheduler and the web server. */
const LONG_RUNNING = /until SIGINT|^kratomlit serve\b|--serve\b/;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runShell(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', line], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A long-running example (`schedule`, `serve`): started, stopped with SIGINT once it says it runs. */
function runUntilStarted(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn('sh', ['-c', `exec ${line.replace(/#.*$/, '')}`], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let stopped = false;
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      // One SIGINT asks for a clean stop; a second one would end the process at once.
      if (!stopped && /scheduler started|kratomlit: serving /.test(stderr)) {
        stopped = true;
        child.kill('SIGINT');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Files an example names as input (`import FILE`) are provided as small PubMed XML files. */
function provideInputs(line: string, cwd: string): void {
  const m = /\bimport\s+(.*)$/.exec(line);
  if (!m) return;
  for (const token of (m[1] ?? '').split(/\s+/).filter((t) => /\.xml(\.gz)?$/.test(t))) {
    const file = join(cwd, token);
    mkdirSync(dirname(file), { recursive: true });
    const xml = articleSet([{ pmid: String(42000000 + token.length), entrez: '2026-11-18', title: 'Mitragynine in a user file' }]);
    writeFileSync(file, token.endsWith('.gz') ? gzipSync(xml) : xml);
  }
}

/** What the example says it prints, checked on its output. */
function expectPrints(line: string, r: Ran, cwd: string): void {
  const command = line.replace(/#.*$/, '').trim();
  const redirect = /> *(\S+)$/.exec(command);
  if (redirect) {
    const text = readFileSync(join(cwd, redirect[1] ?? ''), 'utf8');
    expect(text.length, `${line}: ${redirect[1]} is empty`).toBeGreaterThan(0);
    if (/\.json$/.test(redirect[1] ?? '')) expect(() => JSON.parse(text)).not.toThrow();
    if (/\.ris$/.test(redirect[1] ?? '')) expect(text).toMatch(/^TY {2}- /m);
    if (/\.bib$/.test(redirect[1] ?? '')) expect(text).toMatch(/^@\w+\{/m);
    if (/\.csv$/.test(redirect[1] ?? '')) expect(text).toMatch(/^pmid,/);
    return;
  }
  if (/\|/.test(command)) return expect(r.stdout.trim(), `${line} printed nothing`).not.toBe('');
  if (/--json\b/.test(command)) {
    const doc = JSON.parse(r.stdout) as unknown;
    if (/ search /.test(command)) expect((doc as unknown[]).length, `${line} found nothing`).toBeGreaterThan(0);
    return;
  }
  if (/ (search|show|status|config|export)\b|--print/.test(command)) expect(r.stdout.trim(), `${line} printed nothing`).not.toBe('');
  else expect(`${r.stdout}${r.stderr}`.trim(), `${line} said nothing`).not.toBe('');
}

describe('every documented example works against the demo library', () => {
  let dir: string;
  let server: EutilsServer;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kratomlit-examples-'));
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const node = JSON.stringify(process.execPath);
    writeFileSync(join(bin, 'kratomlit'), `#!/bin/sh\nexec ${node} ${JSON.stringify(BIN)} "$@"\n`);
    writeFileSync(join(bin, 'npx'), `#!/bin/sh\n[ "$1" = kratomlit ] || { echo "examples: only npx kratomlit is provided" >&2; exit 127; }\nshift\nexec ${node} ${JSON.stringify(BIN)} "$@"\n`);
    chmodSync(join(bin, 'kratomlit'), 0o755);
    chmodSync(join(bin, 'npx'), 0o755);
    server = await startEutilsServer({ records: loadDemoCorpus().initial });
    env = { PATH: `${bin}:${process.env['PATH'] ?? ''}`, HOME: dir, KRATOMLIT_DB: join(dir, 'lib', 'kratomlit-demo.sqlite'), EUTILS_BASE_URL: server.url };
    const demo = await runShell(`kratomlit demo --dir ${join(dir, 'lib')}`, dir, env);
    if (demo.code !== 0) throw new Error(`demo failed: ${demo.stderr}`);
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finds examples in README.md and in the help texts', () => {
    expect(examples.filter((e) => e.includes(' search ')).length).toBeGreaterThan(2);
    expect(examples.some((e) => e.startsWith('kratomlit import'))).toBe(true);
  });

  for (const line of examples) {
    it(line, async () => {
      provideInputs(line, dir);
      const r = LONG_RUNNING.test(line) ? await runUntilStarted(line, dir, env) : await runShell(line, dir, env);
      expect(r.code, `${line}\n${r.stderr}`).toBe(0);
      expect(existsSync(dir)).toBe(true);
      expectPrints(line, r, dir);
    }, 120_000);
  }
});
