/**
 * The documented command examples, read from the texts a user reads (README.md, docs/*.md, every `--help`),
 * and how test/cli/examples.test.ts runs them: each in a folder of its own against one shared demo library,
 * many at once, except those that write to the library or bind the documented port, which take turns.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BIN, REPO, articleSet, assertBuilt } from './run-cli.js';

/** One example and the text it was read from. */
export interface Example {
  line: string;
  source: string;
}

/**
 * Code-block lines of a Markdown file that run kratomlit (`kratomlit ...` or `npx kratomlit ...`, after an
 * optional `$ ` prompt or `npm ci && `). Fences may be indented (a code block inside a list).
 */
export function markdownExamples(file: string): string[] {
  const lines: string[] = [];
  let inCode = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trimStart().startsWith('```')) inCode = !inCode;
    else if (inCode) {
      const cmd = line.trim().replace(/^\$ /, '').replace(/^npm ci && /, '');
      if (/^(npx )?kratomlit( |$)/.test(cmd)) lines.push(cmd);
    }
  }
  return lines;
}

/**
 * The `Examples:` lines (`  $ kratomlit ...`) of `kratomlit --help` and of every command's `--help`, as the
 * built binary prints them (the commands' helps are asked for at once: one process each).
 */
export async function helpExamples(): Promise<string[]> {
  assertBuilt();
  const help = async (args: string[]) => (await collect(spawn(process.execPath, [BIN, ...args, '--help'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true }))).stdout;
  const top = await help([]);
  const commands = [...top.matchAll(/^ {2}([a-z]+)\b.*$/gm)].map((m) => m[1] ?? '').filter((c) => c !== 'help');
  const texts = [top, ...(await Promise.all(commands.map((c) => help([c]))))];
  return texts.flatMap((text) => [...text.matchAll(/^ {2}\$ (kratomlit .*)$/gm)].map((m) => m[1] ?? ''));
}

/** Every example once (the first text naming it wins), README first, then docs/ in name order, then --help. */
export async function allExamples(): Promise<Example[]> {
  const docs = readdirSync(join(REPO, 'docs')).filter((f) => f.endsWith('.md')).sort();
  const found: Example[] = [
    ...markdownExamples(join(REPO, 'README.md')).map((line) => ({ line, source: 'README.md' })),
    ...docs.flatMap((f) => markdownExamples(join(REPO, 'docs', f)).map((line) => ({ line, source: `docs/${f}` }))),
    ...(await helpExamples()).map((line) => ({ line, source: '--help' })),
  ];
  const seen = new Set<string>();
  return found.filter((e) => !seen.has(e.line) && seen.add(e.line));
}

/** Examples that run until stopped: the scheduler (but `schedule --print`), the web server, `demo --eutils`. */
export function runsUntilStopped(line: string): boolean {
  const cmd = commandOf(line);
  const args = line.replace(/#.*$/, '');
  if (/--help\b/.test(args)) return false;
  return cmd === 'serve' || (cmd === 'schedule' && !/--print\b/.test(args)) || (cmd === 'demo' && /--eutils\b/.test(args));
}

/** The command word of an example (`search` in `npx kratomlit -q search x`). */
export function commandOf(line: string): string {
  const words = line.replace(/#.*$/, '').trim().split(/\s+/);
  return words.slice(words.indexOf('kratomlit') + 1).find((w) => !w.startsWith('-')) ?? '';
}

const WRITERS = new Set(['ingest', 'import', 'index', 'digest', 'schedule']);

/**
 * Examples that must take turns: those that take the shared library's writer lock (a second writer would
 * exit 4) and those that bind a documented port (8470 for serve, 8471 for `demo --eutils`). Everything else (reads, demos in their own folders,
 * `--port 0` servers) runs alongside them.
 */
export function takesTurns(line: string): boolean {
  const cmd = line.replace(/#.*$/, '');
  if (/--print\b|--help\b/.test(cmd)) return false;
  if (WRITERS.has(commandOf(line))) return true;
  if (/--reclassify\b|--salvage\b/.test(cmd)) return true;
  return (commandOf(line) === 'serve' || /--eutils\b/.test(cmd)) && !/--port 0\b/.test(cmd);
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A bound for a hung example, not a speed check: its process group is killed, so the lane behind it goes
 * on and the example fails with a line saying so.
 */
const HUNG_MS = 150_000;

/** Runs `sh -c line`; never rejects (a spawn failure comes back as code null with the error on stderr). */
export function runShell(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  return collect(spawn('sh', ['-c', line], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true }));
}

/** A long-running example (`schedule`, `serve`): started, stopped with SIGINT once it says it runs. */
export function runUntilStarted(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  const child = spawn('sh', ['-c', `exec ${line.replace(/#.*$/, '')}`], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let seen = '';
  let stopped = false;
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    seen += d;
    // One SIGINT asks for a clean stop; a second one would end the process at once.
    if (!stopped && /scheduler started|kratomlit: serving |a loopback E-utilities server serves /.test(seen)) {
      stopped = true;
      child.kill('SIGINT');
    }
  });
  return collect(child);
}

function collect(child: ChildProcess): Promise<Ran> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    const hung = setTimeout(() => {
      stderr += `\n(examples: still running after ${HUNG_MS / 1000} s, killed)`;
      try {
        process.kill(-(child.pid ?? 0), 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, HUNG_MS);
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (err) => {
      clearTimeout(hung);
      resolve({ code: null, stdout, stderr: `${stderr}${String(err)}` });
    });
    child.on('close', (code) => {
      clearTimeout(hung);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Files an example names as input are provided: `import FILE` as small PubMed XML files, `--pmids FILE` as a
 * list of PMIDs the demo library holds.
 */
export function provideInputs(line: string, cwd: string): void {
  const list = /--pmids\s+(?!-\s)(\S+)/.exec(line)?.[1];
  if (list !== undefined) writeFileSync(join(cwd, list), '41900001\n41900002, 41900010\n');
  const m = /\bimport\s+(.*)$/.exec(line);
  if (!m) return;
  for (const token of (m[1] ?? '').split(/\s+/).filter((t) => /\.xml(\.gz)?$/.test(t))) {
    const file = join(cwd, token);
    mkdirSync(dirname(file), { recursive: true });
    const xml = articleSet([{ pmid: String(42000000 + token.length), entrez: '2026-11-18', title: 'Mitragynine in a user file' }]);
    writeFileSync(file, token.endsWith('.gz') ? gzipSync(xml) : xml);
  }
}

/**
 * Runs async tasks with at most `limit` at once; `turn` tasks also wait for every earlier `turn` task (one
 * lane, in the order they were asked for) and then go first for a free slot, since that lane is the
 * longest path. Each returned promise settles with its task's result.
 */
export function scheduler(limit: number): <T>(task: () => Promise<T>, turn: boolean) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  let lane: Promise<unknown> = Promise.resolve();
  const acquire = (first: boolean): Promise<void> => {
    if (running < limit) {
      running += 1;
      return Promise.resolve();
    }
    return new Promise((r) => (first ? waiting.unshift(r) : waiting.push(r)));
  };
  // A freed slot passes straight to the next waiter, so no newcomer can slip in between.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
  const inSlot = async <T>(task: () => Promise<T>, first: boolean): Promise<T> => {
    await acquire(first);
    try {
      return await task();
    } finally {
      release();
    }
  };
  return <T>(task: () => Promise<T>, turn: boolean): Promise<T> => {
    if (!turn) return inSlot(task, false);
    const p = lane.then(() => inSlot(task, true));
    lane = p.catch(() => undefined);
    return p;
  };
}
