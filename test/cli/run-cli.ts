/**
 * Runs the REAL built binary (dist/jobs/main.js) as a child process, the way a user or cron does, in a temp
 * working folder with a temp database, and with none of the parent's kratomlit/NCBI variables.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeArticleSet, makeRecord, type RecordSpec } from '../support/make-record.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(REPO, 'dist', 'jobs', 'main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Variables the child must not inherit: they would change what is tested (or leak a real key). */
const SCRUB = ['KRATOMLIT_DB', 'KRATOMLIT_CONFIG', 'EUTILS_BASE_URL', 'NCBI_API_KEY', 'NCBI_EMAIL', 'NCBI_TOOL', 'NO_COLOR', 'FORCE_COLOR'];

/** A temp folder with a database path inside; `cleanup()` removes it. */
export interface Sandbox {
  dir: string;
  db: string;
  run(args: string[], env?: Record<string, string>): Promise<CliResult>;
  write(name: string, text: string): string;
  cleanup(): void;
}

export function assertBuilt(): void {
  if (!existsSync(BIN)) throw new Error(`CLI tests need the build: ${BIN} is missing (run npm run build)`);
}

export function sandbox(): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'kratomlit-cli-'));
  const db = join(dir, 'db', 'test.sqlite');
  return {
    dir,
    db,
    run: (args, env = {}) => runBinary(args, { cwd: dir, env: { KRATOMLIT_DB: db, ...env } }),
    write: (name, text) => {
      const p = join(dir, name);
      writeFileSync(p, text);
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Spawns `node dist/jobs/main.js ...args`; resolves with exit code and both streams (never rejects on code). */
export function runBinary(args: string[], opts: RunOptions): Promise<CliResult> {
  return runNode([BIN, ...args], opts);
}

/** Where and as whom a child runs: `as` another user (uid/gid; the caller must be root); `input` on its standard input. */
export interface RunOptions {
  cwd: string;
  env: Record<string, string>;
  as?: { uid: number; gid: number } | null;
  input?: string;
}

let nobody: { uid: number; gid: number } | null | undefined;

/**
 * Root reads and writes any file whatever its mode, so a test of permissions runs its child as `nobody`
 * when the tests run as root: `{ uid, gid }` then, or null when `nobody` cannot run the built CLI (a
 * checkout in a private folder; the caller skips, visibly), or `undefined` when not root (run as is).
 */
export function nobodyIfRoot(): { uid: number; gid: number } | null | undefined {
  if (process.getuid?.() !== 0) return undefined;
  if (nobody === undefined) {
    const id = { uid: 65534, gid: 65534 };
    nobody = spawnSync(process.execPath, [BIN, '--version'], { ...id, stdio: 'ignore' }).status === 0 ? id : null;
  }
  return nobody;
}

/** Spawns `node ...args` with the parent's environment minus {@link SCRUB}, plus `opts.env`; never rejects on code. */
export function runNode(args: string[], opts: RunOptions): Promise<CliResult> {
  return runProcess(process.execPath, args, opts);
}

/** `sh -c script` as {@link runNode} runs node (so `$K`-style variables in `opts.env` reach the script). */
export function runShell(script: string, opts: RunOptions): Promise<CliResult> {
  return runProcess('sh', ['-c', script], opts);
}

function runProcess(command: string, args: string[], opts: RunOptions): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of SCRUB) delete env[k];
  return new Promise((resolvePromise, reject) => {
    // Without input, standard input is /dev/null (as a command run from a script without a pipe sees it).
    const child = spawn(command, args, { cwd: opts.cwd, env: { ...env, ...opts.env }, stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], ...(opts.as ?? {}) });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    // The child may exit before it reads all of its input: not the caller's concern.
    child.stdin?.on('error', () => undefined);
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** A small PubMed XML file of `makeRecord` records. */
export function articleSet(specs: RecordSpec[]): string {
  return makeArticleSet(specs.map((s) => makeRecord(s)));
}

/** Lines of stderr that are JSON log lines (pino without a TTY). */
export function jsonLogLines(stderr: string): Array<Record<string, unknown>> {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Escape sequences of any kind (colour, cursor). */
export const ANSI = /\x1b\[/;

/** Runs the binary under a pseudo-terminal (util-linux `script`), so stdout and stderr are both TTYs. */
export function runOnTty(sb: Sandbox, args: string[], env: Record<string, string>): Promise<string> {
  const cmd = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', cmd, '/dev/null'], {
      cwd: sb.dir,
      env: { ...process.env, KRATOMLIT_DB: sb.db, TERM: 'xterm', NO_COLOR: '', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', () => resolve(out));
  });
}
