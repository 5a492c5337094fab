/**
 * Spawning the real `kratomlit` binary (dist/jobs/main.js) for the fault suite and the reliability bench:
 * a throw-away workspace (config, database, index, digest folder), a clean environment (nothing inherited
 * that could reach NCBI or leak a key), and helpers to run, kill at an instant, or wait for a line.
 * No vitest imports: compiled into dist so bench/reliability.ts can use it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { shipped } from '../../src/paths.js';
import { type EutilsServer, type ServerRecord, startEutilsServer } from '../../src/loopback/eutils-server.js';
import { makeArticleSet } from './make-record.js';
import { type OracleReport, checkConvergence, corpusRecord, faultCorpus } from './oracle.js';

/** Absolute path of the built CLI entry point (`npm run build` first). */
export const CLI_MAIN = shipped('dist', 'jobs', 'main.js');

/** How one CLI process ended. `signal` is set (and `code` null) when it was killed. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A scratch folder with a config file; every path the CLI writes stays inside `dir`. */
export interface Workspace {
  dir: string;
  db: string;
  index: string;
  digests: string;
  config: string;
  /** Environment for the CLI: this workspace, the server, nothing inherited but PATH. */
  env(extra?: Record<string, string>): Record<string, string>;
  remove(): void;
}

/** Options of {@link makeWorkspace}. */
export interface WorkspaceOptions {
  /** E-utilities base URL (the loopback server). */
  serverUrl?: string;
  topics?: Array<{ name: string; query: string }>;
  /** PMIDs per efetch POST; default 20, so a small corpus still takes several batches. */
  batchSize?: number;
  /** Client-side rate; default 10 (the config maximum, with a test API key), the loopback server runs without a limit. */
  requestsPerSecond?: number;
  /** Give up on one request after this long; default 3,000 ms so failing runs end quickly. */
  maxElapsedMs?: number;
  /** Total deadline of one attempt; default 2,000 ms. */
  attemptTimeoutMs?: number;
  /** Longer Retry-After values defer the run; default 2,000 ms. */
  maxRetryAfterMs?: number;
}

/** Topics matching the fault corpus (oracle.ts `faultCorpus`): `alpha` every record, `beta` every third. */
export const FAULT_TOPICS = [
  { name: 'alpha', query: 'alphazine[tiab]' },
  { name: 'beta', query: 'betazine[tiab]' },
];

/** Creates a workspace under the OS temp folder with a config file naming its database and digest folder. */
export function makeWorkspace(opts: WorkspaceOptions = {}): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'kratomlit-fault-'));
  const db = join(dir, 'lib.sqlite');
  const config = join(dir, 'config.json');
  const digests = join(dir, 'digests');
  const file = {
    db,
    topics: opts.topics ?? FAULT_TOPICS,
    eutils: {
      batchSize: opts.batchSize ?? 20,
      requestsPerSecond: opts.requestsPerSecond ?? 10,
      maxElapsedMs: opts.maxElapsedMs ?? 3_000,
      attemptTimeoutMs: opts.attemptTimeoutMs ?? 2_000,
      maxRetryAfterMs: opts.maxRetryAfterMs ?? 2_000,
    },
    digest: { outDir: digests, timezone: 'UTC' },
  };
  writeFileSync(config, JSON.stringify(file, null, 2));
  return {
    dir,
    db,
    index: `${db}.index`,
    digests,
    config,
    env: (extra = {}) => ({
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: dir,
      KRATOMLIT_CONFIG: config,
      KRATOMLIT_DB: db,
      ...(opts.serverUrl ? { EUTILS_BASE_URL: opts.serverUrl } : {}),
      // A rate above 3/s needs a key (config refuses it otherwise); the loopback server accepts any.
      ...((opts.requestsPerSecond ?? 10) > 3 ? { NCBI_API_KEY: 'loopback-test-key' } : {}),
      ...extra,
    }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A running CLI process and the promise of its end. */
export interface RunningCli {
  child: ChildProcess;
  done: Promise<CliResult>;
  /** Output so far. */
  stderr(): string;
  stdout(): string;
}

/** Starts `node dist/jobs/main.js ...args` with exactly `env` (plus `input` on stdin, then closed). */
export function startCli(args: readonly string[], env: Record<string, string>, input?: string): RunningCli {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI_MAIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString('utf8')));
  child.stderr?.on('data', (b: Buffer) => (err += b.toString('utf8')));
  child.stdin?.on('error', () => undefined);
  child.stdin?.end(input ?? '');
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout: out, stderr: err, ms: Math.round(performance.now() - started) }));
  });
  return { child, done, stderr: () => err, stdout: () => out };
}

/** Runs the CLI to its end; a process still running after `timeoutMs` (default 20 s) is killed. */
export async function runCli(args: readonly string[], env: Record<string, string>, opts: { input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  const running = startCli(args, env, opts.input);
  // A guard against a hung process, not a speed check: under full load a plain ingest can take 30 s and more.
  const timer = setTimeout(() => running.child.kill('SIGKILL'), opts.timeoutMs ?? 150_000);
  try {
    return await running.done;
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the CLI and sends `signal` (default SIGKILL) after `afterMs`, unless it ended before. */
export async function runAndKill(
  args: readonly string[],
  env: Record<string, string>,
  afterMs: number,
  signal: NodeJS.Signals = 'SIGKILL',
): Promise<CliResult & { killed: boolean }> {
  const running = startCli(args, env);
  let killed = false;
  const timer = setTimeout(() => {
    killed = running.child.exitCode === null && running.child.signalCode === null && running.child.kill(signal);
  }, afterMs);
  const safety = setTimeout(() => running.child.kill('SIGKILL'), afterMs + 20_000);
  try {
    return { ...(await running.done), killed };
  } finally {
    clearTimeout(timer);
    clearTimeout(safety);
  }
}

/** Resolves once `check()` is true (polled every 20 ms), or rejects after `timeoutMs` naming `what`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > until) throw new Error(`waitFor: timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}


/** What a random-kill iteration targets. */
export type KillTarget = 'ingest' | 'import' | 'index' | 'digest';

/** One random-kill iteration's outcome: whether the kill landed before the process ended, and the oracle. */
export interface KillOutcome {
  target: KillTarget;
  killedAtMs: number;
  /** True when SIGKILL hit a live process (false: it finished first; the iteration still checks convergence). */
  landed: boolean;
  rerun: CliResult;
  report: OracleReport;
}

/**
 * A store that keeps being hurt: one loopback server and one workspace, a source of truth (`expected`),
 * and {@link KillWorld.iterate}, which changes the sources, kills a CLI run at a random instant, re-runs it
 * cleanly and asks the oracle. The baseline (first ingest, index, a digest) exists before the first kill,
 * so kills also hit the "replace an existing index / digest" paths.
 */
export interface KillWorld {
  ws: Workspace;
  server: EutilsServer;
  iterate(target: KillTarget, random: () => number): Promise<KillOutcome>;
  close(): Promise<void>;
}

/** Starts the server on `records` fault-corpus records and builds the baseline (ingest, index, digest). */
export async function createKillWorld(records = 80): Promise<KillWorld> {
  const server = await startEutilsServer({ records: faultCorpus(records), rateLimit: null });
  const ws = makeWorkspace({ serverUrl: server.url, batchSize: 10 });
  const expected = new Map(faultCorpus(records).map((r) => [r.pmid, r]));
  const removed = new Set<string>();
  const revs = new Map<string, number>();
  let nextServerPmid = 30_000_000 + records;
  let nextImport = 0;
  for (const args of [['ingest', '--full'], ['index', '--rebuild'], ['digest', '--week', '2026-W41']]) {
    const r = await runCli(args, ws.env());
    if (r.code !== 0) throw new Error(`createKillWorld: baseline ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  }
  const bump = (pmid: string, index: number): ServerRecord => {
    const rev = (revs.get(pmid) ?? 0) + 1;
    revs.set(pmid, rev);
    return corpusRecord(Number(pmid), index, rev);
  };
  const changeServer = (random: () => number) => {
    const live = [...expected.keys()].filter((p) => Number(p) < 40_000_000);
    for (let k = 0; k < 4; k++) {
      const pmid = live[Math.floor(random() * live.length)] as string;
      const r = bump(pmid, Number(pmid) - 30_000_000);
      server.upsert(r);
      expected.set(pmid, r);
    }
    for (let k = 0; k < 3; k++, nextServerPmid++) {
      const r = corpusRecord(nextServerPmid, nextServerPmid - 30_000_000);
      server.upsert(r);
      expected.set(r.pmid, r);
    }
    const gone = live[Math.floor(random() * live.length)] as string;
    server.remove(gone);
    expected.delete(gone);
    removed.add(gone);
  };
  const importFiles = (random: () => number): string[] => {
    const files: string[] = [];
    for (let f = 0; f < 3; f++) {
      const recs = Array.from({ length: 30 }, (_, k) => {
        const pmid = String(40_000_000 + Math.floor(random() * 60));
        return bump(pmid, k);
      });
      const path = join(ws.dir, `import-${nextImport++}.xml`);
      writeFileSync(path, makeArticleSet(recs.map((r) => r.xml)));
      for (const r of recs) expected.set(r.pmid, r);
      files.push(path);
    }
    return files;
  };
  const plan = (target: KillTarget, random: () => number): { args: string[]; span: number } => {
    if (target === 'ingest') {
      changeServer(random);
      return { args: ['ingest', '--full'], span: 1_800 };
    }
    // Spans roughly match each command's run time on an idle machine, so most instants hit a live process.
    if (target === 'import') return { args: ['import', ...importFiles(random)], span: 600 };
    if (target === 'index') return { args: ['index', '--rebuild'], span: 300 };
    return { args: ['digest', '--week', `2026-W${40 + Math.floor(random() * 5)}`], span: 300 };
  };
  // Each clean re-run measures how long the command takes here and now; the next kill instant of that
  // target is drawn within it, so kills keep landing on a live process however fast or loaded the machine is.
  const measured = new Map<KillTarget, number>();
  return {
    ws,
    server,
    async iterate(target, random) {
      const { args, span: guess } = plan(target, random);
      const span = measured.get(target) ?? guess;
      const killedAtMs = Math.round(30 + random() * Math.max(50, span - 30));
      const killed = await runAndKill(args, ws.env(), killedAtMs);
      const rerun = await runCli(target === 'index' ? ['index'] : args, ws.env());
      const week = args[0] === 'digest' ? (args[2] as string) : '2026-W41';
      const report = await checkConvergence({
        dbPath: ws.db,
        expected: [...expected.values()],
        removed: [...removed],
        index: { path: ws.index, fresh: true },
        digest: { week, topics: FAULT_TOPICS.map((t) => t.name), ...(target === 'digest' ? { faultedDir: ws.digests } : {}) },
      });
      if (target !== 'index') measured.set(target, rerun.ms);
      if (rerun.code !== 0) report.problems.push(`clean re-run ${args.join(' ')} exited ${rerun.code}: ${rerun.stderr.slice(-300)}`);
      return { target, killedAtMs, landed: killed.killed && killed.signal === 'SIGKILL', rerun, report };
    },
    async close() {
      await server.close();
      ws.remove();
    },
  };
}
