/**
 * Every command example in README.md, in docs/*.md and in every `--help` text runs against a demo library and
 * must exit 0 and print what it says it prints. The examples are extracted from the texts at run time (never
 * copied here), so a new example that does not work fails CI.
 *
 * They run many at once (each in a folder of its own, so `> file` and `demo` never collide), while the
 * examples that write to the shared library or bind port 8470 take turns in the order the texts give them.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoCorpus } from '../../src/cli/demo-corpus.js';
import { type EutilsServer, startEutilsServer } from '../../src/loopback/eutils-server.js';
import { type TestSmtpServer, startSmtpServer } from '../support/smtp-server.js';
import { BIN } from './run-cli.js';
import { type Ran, allExamples, provideInputs, runShell, runUntilStarted, runsUntilStopped, scheduler, takesTurns } from './examples.js';

const examples = await allExamples();

/**
 * Examples running at once. They mostly wait (on the loopback servers' 3 requests/s, on start-up I/O), so
 * more than the two cores pay off; more than this only queues for the CPU.
 */
const AT_ONCE = 4;

const SMTP = { user: 'digests', pass: 'examples-smtp-password' };

/** What the example says it prints, checked on its output. */
function expectPrints(line: string, r: Ran, cwd: string, smtp: TestSmtpServer): void {
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
  if (/--send\b/.test(command)) {
    // "write last week's digest and mail it": mailed now, or (the same week named twice) mailed before.
    expect(r.stderr).toMatch(/e-mail \d{4}-W\d\d: (sent to 2 recipients|already sent to this recipient list)/);
    expect(smtp.received.length).toBeGreaterThan(0);
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

/** A `kratomlit` and an `npx` on PATH that run the built binary (`npx` only for `npx kratomlit`). */
function writeShims(bin: string): void {
  mkdirSync(bin);
  const node = JSON.stringify(process.execPath);
  writeFileSync(join(bin, 'kratomlit'), `#!/bin/sh\nexec ${node} ${JSON.stringify(BIN)} "$@"\n`);
  writeFileSync(join(bin, 'npx'), `#!/bin/sh\n[ "$1" = kratomlit ] || { echo "examples: only npx kratomlit is provided" >&2; exit 127; }\nshift\nexec ${node} ${JSON.stringify(BIN)} "$@"\n`);
  chmodSync(join(bin, 'kratomlit'), 0o755);
  chmodSync(join(bin, 'npx'), 0o755);
}

/** A config file that mails digests to the loopback SMTP server (docs/email.md). */
function writeConfig(dir: string, smtpPort: number): string {
  const email = { host: '127.0.0.1', port: smtpPort, security: 'none', user: SMTP.user, passwordEnv: 'KRATOMLIT_EXAMPLES_SMTP_PW', from: 'kratomlit@lab.example.org', to: ['ana@example.org', 'ben@example.org'], retries: 1, retryDelayMs: 5 };
  const path = join(dir, 'config', 'kratomlit.config.json');
  mkdirSync(join(dir, 'config'));
  writeFileSync(path, JSON.stringify({ delivery: { email } }));
  return path;
}

describe('every documented example works against the demo library', () => {
  let dir: string;
  let server: EutilsServer;
  let smtp: TestSmtpServer;
  const runs = new Map<string, Promise<Ran>>();
  const cwdOf = (i: number) => join(dir, `example-${i}`);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kratomlit-examples-'));
    writeShims(join(dir, 'bin'));
    server = await startEutilsServer({ records: loadDemoCorpus().initial });
    smtp = await startSmtpServer(SMTP);
    const env: NodeJS.ProcessEnv = {
      PATH: `${join(dir, 'bin')}:${process.env['PATH'] ?? ''}`,
      HOME: dir,
      KRATOMLIT_DB: join(dir, 'lib', 'kratomlit-demo.sqlite'),
      KRATOMLIT_CONFIG: writeConfig(dir, smtp.port),
      KRATOMLIT_EXAMPLES_SMTP_PW: SMTP.pass,
      EUTILS_BASE_URL: server.url,
    };
    const demo = await runShell(`kratomlit demo --dir ${join(dir, 'lib')}`, dir, env);
    if (demo.code !== 0) throw new Error(`demo failed: ${demo.stderr}`);
    // Started here, all of them, and awaited by their tests: the scheduler decides what runs at once.
    const run = scheduler(AT_ONCE);
    examples.forEach(({ line }, i) => {
      const task = async () => {
        mkdirSync(cwdOf(i));
        provideInputs(line, cwdOf(i));
        return runsUntilStopped(line) ? runUntilStarted(line, cwdOf(i), env) : runShell(line, cwdOf(i), env);
      };
      runs.set(line, run(task, takesTurns(line)));
    });
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled(runs.values());
    await server?.close();
    await smtp?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finds examples in README.md, in docs/ and in the help texts', () => {
    expect(examples.filter((e) => e.line.includes(' search ')).length).toBeGreaterThan(2);
    expect(examples.some((e) => e.line.startsWith('kratomlit import'))).toBe(true);
    expect(examples.some((e) => e.source.startsWith('docs/'))).toBe(true);
  });

  examples.forEach(({ line, source }, i) => {
    it(`${line}  (${source})`, async () => {
      const r = await runs.get(line);
      if (!r) throw new Error(`${line} was not started (did beforeAll fail?)`);
      expect(r.code, `${line}\n${r.stderr}`).toBe(0);
      expect(existsSync(dir)).toBe(true);
      expectPrints(line, r, cwdOf(i), smtp);
    }, 180_000);
  });
});
