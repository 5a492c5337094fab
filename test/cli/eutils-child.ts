/**
 * `kratomlit demo --eutils` as a child process, the way a user starts it in a terminal of its own: the
 * tests wait for what it says on stderr (never for a fixed time) and stop it with SIGTERM.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { BIN } from './run-cli.js';

export interface EutilsChild {
  /** The base URL, the first line it printed on stdout. */
  url: string;
  pid: number;
  /** Everything it wrote on stderr so far. */
  stderr(): string;
  /** Resolves once its stderr matches `pattern`; rejects if it exits first. */
  waitFor(pattern: RegExp): Promise<void>;
  signal(sig: NodeJS.Signals): void;
  /** SIGTERM, then its exit code. */
  stop(): Promise<number | null>;
}

/** Starts `demo --eutils --port 0 ...args` in `cwd` and waits for its start line. */
export async function startEutilsChild(cwd: string, args: string[]): Promise<EutilsChild> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [BIN, 'demo', '--eutils', '--port', '0', ...args], { cwd, stdio: 'pipe' });
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    for (const w of waiters) w();
  });
  const exited = once(child, 'exit');
  const waitFor = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(stderr)) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
      void exited.then(() => waiters.has(check) && reject(new Error(`demo --eutils exited before saying ${pattern}; stderr:\n${stderr}`)));
    });
  const firstLine = once(createInterface({ input: child.stdout }), 'line') as Promise<[string]>;
  try {
    await waitFor(/a loopback E-utilities server serves /);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const [url] = await firstLine;
  return {
    url,
    pid: child.pid ?? 0,
    stderr: () => stderr,
    waitFor,
    signal: (sig) => void child.kill(sig),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}
