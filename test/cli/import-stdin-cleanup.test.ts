/**
 * `import -` copies standard input to a temporary folder first; that folder is gone on every way out
 * (a signal during the copy, a process that exits before its cleanup), and a copy that cannot be made is
 * one error line naming the input, with nothing stored. Each child gets a private TMPDIR to look at.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, watch, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, REPO, type Sandbox, articleSet, assertBuilt, sandbox } from './run-cli.js';

let sb: Sandbox;
let xml: string;

/** A child node process on `args` (and `env`), with `tmp` as its TMPDIR and the sandbox's library, which tests leave absent. */
function child(args: string[], tmp: string, env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  const { KRATOMLIT_CONFIG: _config, ...inherited } = process.env;
  const proc = spawn(process.execPath, args, { cwd: sb.dir, env: { ...inherited, ...env, TMPDIR: tmp, KRATOMLIT_DB: sb.db } });
  // The child may exit before it reads all of its input: a write after that is not the test's concern.
  proc.stdin.on('error', () => undefined);
  return proc;
}

/** Resolves with the exit code (or the signal's name) and stderr once the child has exited. */
function ended(proc: ChildProcessWithoutNullStreams): Promise<{ code: number | string | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  proc.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  proc.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => proc.on('close', (code, signal) => resolve({ code: code ?? signal, stdout, stderr })));
}

/** Resolves once `dir` holds something (the child made its copy's folder): watched, not polled on a timer. */
function somethingIn(dir: string): Promise<void> {
  return new Promise((resolve) => {
    const watcher = watch(dir, () => {
      if (readdirSync(dir).length > 0) done();
    });
    const done = () => {
      watcher.close();
      resolve();
    };
    if (readdirSync(dir).length > 0) done();
  });
}

/** Resolves once the child has written `text` to stdout. */
function printed(proc: ChildProcessWithoutNullStreams, text: string): Promise<void> {
  let seen = '';
  return new Promise((resolve) => proc.stdout.on('data', (d: Buffer) => {
    seen += d.toString('utf8');
    if (seen.includes(text)) resolve();
  }));
}

/** A new, empty private temp folder for one child. */
function privateTmp(name: string): string {
  const dir = join(sb.dir, name);
  mkdirSync(dir);
  return dir;
}

describe('the temporary copy of standard input', () => {
  beforeAll(() => {
    assertBuilt();
    sb = sandbox();
    // Larger than one pipe buffer (64 KiB): the child is still copying when half of it has been written.
    xml = articleSet(Array.from({ length: 120 }, (_, i) => ({ pmid: String(44000001 + i), entrez: '2026-11-18', abstract: 'x'.repeat(800) })));
  });
  afterAll(() => sb.cleanup());

  it.each(['SIGINT', 'SIGTERM'] as const)('is removed when %s arrives in the middle of the copy, and nothing is stored', async (sig) => {
    const tmp = privateTmp(`tmp-${sig}`);
    const proc = child([BIN, 'import', '-'], tmp);
    const end = ended(proc);
    proc.stdin.write(xml.slice(0, xml.length / 2)); // and no end: the copy waits for the rest
    await somethingIn(tmp);
    proc.kill(sig);
    const r = await end;
    expect([r.code, r.stderr.split('\n').filter((l) => l.startsWith('kratomlit:'))]).toEqual([3, ['kratomlit: import: interrupted while copying standard input to a temporary file; nothing was stored']]);
    expect(readdirSync(tmp)).toEqual([]);
    expect(existsSync(sb.db)).toBe(false);
  });

  it('is removed when SIGINT stops the import itself, after a batch was stored', async () => {
    const tmp = privateTmp('tmp-import');
    // The child signals itself right after its first batch commits (src/crash.ts), while the copy is in use.
    // A second file follows, so the import has more to do when the signal lands: with standard input alone
    // (one batch) the import could finish before it saw the signal, and rightly report success.
    writeFileSync(join(sb.dir, 'more.xml'), articleSet([{ pmid: '44000999', entrez: '2026-11-18' }]));
    const proc = child([BIN, 'import', '-', 'more.xml'], tmp, { KRATOMLIT_CRASH_AT: 'import:after-commit', KRATOMLIT_CRASH_SIGNAL: 'SIGINT' });
    const end = ended(proc);
    proc.stdin.end(xml);
    const r = await end;
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('import: interrupted; what was stored is whole batches');
    expect(readdirSync(tmp)).toEqual([]);
    rmSync(dirname(sb.db), { recursive: true, force: true }); // the next tests expect no library
  });

  it('is removed when the process exits before its cleanup (a second signal exits at once)', async () => {
    const tmp = privateTmp('tmp-exit');
    // The CLI's own pieces, as the import command puts them together: the signals, then the copy.
    const script = `
      const { abortOnSignals } = await import(${JSON.stringify(join(REPO, 'dist', 'src', 'signals.js'))});
      const { importInputs } = await import(${JSON.stringify(join(REPO, 'dist', 'src', 'cli', 'import-input.js'))});
      const stop = abortOnSignals(() => process.stdout.write('stopping\\n'));
      await importInputs(['-'], { signal: stop.signal });
      process.stdout.write('copied\\n');
      setInterval(() => undefined, 1000);`;
    const proc = child(['--input-type=module', '-e', script], tmp);
    try {
      const end = ended(proc);
      proc.stdin.end(xml);
      await printed(proc, 'copied\n');
      expect(readdirSync(tmp)).toHaveLength(1);
      proc.kill('SIGINT');
      await printed(proc, 'stopping\n');
      proc.kill('SIGINT');
      expect((await end).code).toBe(130);
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    }
  }, 60_000);

  it('that cannot be made is one error line naming standard input and the temp folder, exit 1, and nothing stored', async () => {
    const missing = join(sb.dir, 'no-such-folder');
    const aFile = join(sb.dir, 'a-file');
    writeFileSync(aFile, 'not a folder');
    const cases: Array<[string, string]> = [[missing, 'ENOENT: no such file or directory'], [aFile, 'ENOTDIR: not a directory']];
    for (const [tmp, reason] of cases) {
      const proc = child([BIN, 'import', '-'], tmp);
      const end = ended(proc);
      proc.stdin.end(xml);
      const r = await end;
      expect([r.code, r.stderr]).toEqual([1, `kratomlit: import: could not copy standard input to a temporary file in ${tmp}: ${reason}\n`]);
    }
    expect(existsSync(sb.db)).toBe(false);
    expect(existsSync(missing)).toBe(false);
  });
});
