/**
 * `npm run bench:serve [-- --records 10000 --seconds 20]`: the web pages under load (issue: `kratomlit serve`).
 *
 * Imports N generated records (bench/gen-records.ts) into a fresh store, starts `kratomlit serve --port 0`
 * in its own process, then drives the search page with 20 concurrent clients (autocannon, loopback) over a
 * mix of queries, facets, sorts and pages. Prints p50/p95/p99 latency from every response, requests/s and
 * the server's RSS. Then the same while `kratomlit import` stores another N records in a second process,
 * so the pages follow the store as it grows.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateRecordsXml } from './gen-records.js';

const here = dirname(fileURLToPath(import.meta.url));
const CLI = join(here, '..', 'jobs', 'main.js');
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const RECORDS = arg('--records', 10_000);
const SECONDS = arg('--seconds', 20);
const CONNECTIONS = 20;

interface Cannon {
  on(event: 'response', cb: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
type Autocannon = ((opts: object, done: (err: Error | null, result: { requests: { average: number }; non2xx: number; errors: number; timeouts: number }) => void) => Cannon);
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const QUERIES = [
  'q=mitragynine', 'q=kratom+withdrawal', 'q=%22liver+injury%22', 'q=opioid+receptor+agonist', 'q=seizure&sort=date',
  'q=hydroxymitragynine&since=2015', 'q=cytochrome+inhibition&page=2', 'q=plasma+pharmacokinetics&retracted=false',
  'q=beta+arrestin', 'q=case+report+liver', 'q=dependence+-rodent', 'q=analgesia+OR+antinociception', 'q=metabol*',
  'q=respiratory+depression&until=2020', 'q=survey+adults', '', 'sort=date&page=3', 'q=toxicity&sort=date&page=2',
  'q=binding+affinity', 'q=clinical+outcome+exposure',
];

async function writeRecords(path: string, count: number, startPmid: number): Promise<void> {
  const out = createWriteStream(path);
  for (const chunk of generateRecordsXml(count, { seed: startPmid, startPmid })) {
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

function run(args: string[]): { child: ChildProcess; done: Promise<number | null> } {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const done = new Promise<number | null>((r) => child.once('close', (code) => r(code)));
  return { child, done };
}

/** Starts the server and resolves with its URL once it prints its serving line. */
function startServer(db: string): Promise<{ child: ChildProcess; url: string }> {
  const { child } = run(['--db', db, '--quiet', 'serve', '--port', '0']);
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (b: Buffer) => {
      err += b.toString('utf8');
      const m = /kratomlit: serving .* at (http:\/\/\S+)\n/.exec(err);
      if (m) resolve({ child, url: m[1] as string });
    });
    child.once('close', () => reject(new Error(`server ended: ${err}`)));
  });
}

function rssMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** 20 clients on the search page for `seconds`; latencies of every response. */
function load(url: string, seconds: number): Promise<string> {
  const latencies: number[] = [];
  const requests = QUERIES.map((q) => ({ method: 'GET', path: `/${q ? `?${q}` : ''}` }));
  return new Promise((resolve, reject) => {
    const cannon = autocannon({ url, connections: CONNECTIONS, duration: seconds, requests, timeout: 60 }, (err, result) => {
      if (err) return reject(err);
      latencies.sort((a, b) => a - b);
      const f = (n: number) => n.toFixed(1).padStart(6);
      resolve(`${String(latencies.length).padStart(8)} | ${f(result.requests.average)} | ${f(pct(latencies, 50))} | ${f(pct(latencies, 95))} | ${f(pct(latencies, 99))} | ${f(latencies.at(-1) ?? NaN)} | ${result.non2xx} / ${result.errors} / ${result.timeouts}`);
    });
    cannon.on('response', (_c, _s, _b, ms) => latencies.push(ms));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'kratomlit-bench-serve-'));
const db = join(dir, 'lib.sqlite');
try {
  console.log(`kratomlit serve benchmark — node ${process.version}, ${new Date().toISOString()}, ${RECORDS} records, ${CONNECTIONS} clients, ${SECONDS} s per run`);
  const first = join(dir, 'first.xml');
  const second = join(dir, 'second.xml');
  await writeRecords(first, RECORDS, 30_000_000);
  await writeRecords(second, RECORDS, 35_000_000);
  if ((await run(['--db', db, '--quiet', 'import', first, '--topic', 'mitragynine']).done) !== 0) throw new Error('import failed');
  const server = await startServer(db);
  await load(server.url, 3); // warm-up (JIT, caches), not reported
  console.log('scenario                 | requests | req/s  |  p50   |  p95   |  p99   |  max   | non-2xx / errors / timeouts | server RSS MB (peak)');
  const idle = await load(server.url, SECONDS);
  const mem1 = rssMb(server.child.pid as number);
  console.log(`search page, idle store   | ${idle} | ${mem1.rss} (${mem1.peak})`);
  const importing = run(['--db', db, '--quiet', 'import', second, '--topic', 'mitragynine']);
  const busy = await load(server.url, SECONDS);
  const importCode = await importing.done;
  const mem2 = rssMb(server.child.pid as number);
  console.log(`search page, during import| ${busy} | ${mem2.rss} (${mem2.peak})`);
  console.log(`(import of ${RECORDS} more records ${importCode === 0 ? 'finished' : `exited ${String(importCode)}`}; latencies in ms)`);
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('close', r));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
