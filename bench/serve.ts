/**
 * `npm run bench:serve [-- --records 10000 --seconds 15 --base /path/to/other/checkout]`: the web pages
 * under load (issue: `kratomlit serve`), this build against another build in the same run; or, with
 * `--threads 0,1`, this build once per `--search-threads` count (each on its own copy of the store).
 *
 * Imports N records (real ones replicated when present, bench/real-corpus.ts) into a fresh store, copies
 * it for the other build (`--base DIR` or `KRATOMLIT_BENCH_BASE`: another built checkout, e.g. the previous release), then for each
 * build starts `kratomlit serve --port 0` in its own process and drives it with 20 concurrent clients
 * (autocannon on loopback, closed loop: each client sends its next request when its answer arrives):
 *   1. search, 20 URLs repeated (query, facet, sort and page mixes),
 *   2. search, every request a URL not asked before in the run (words x filters x sort),
 *   3. paper pages, every request a different PMID,
 *   4. the distinct searches again while `kratomlit import` stores N more records in another process
 *      (from its first stored batch on),
 *   5. the same while another N records are imported at a lower CPU priority (`nice -n 10`).
 * Prints p50/p95/p99/max latency per scenario, requests/s, non-2xx answers and the server's RSS.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setPriority, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusLabel, corpusXml } from './real-corpus.js';

const here = dirname(fileURLToPath(import.meta.url));
const argOf = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const RECORDS = Number(argOf('--records') ?? 10_000);
const SECONDS = Number(argOf('--seconds') ?? 15);
const BASE = argOf('--base') ?? process.env.KRATOMLIT_BENCH_BASE ?? '';
const THREADS = argOf('--threads')?.split(',').map((n) => n.trim()) ?? null;
const CONNECTIONS = 20;
const FIRST_PMID = 30_000_000;

interface Cannon {
  on(event: 'response', cb: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
type Result = { requests: { average: number }; non2xx: number; errors: number; timeouts: number };
type Autocannon = (opts: object, done: (err: Error | null, result: Result) => void) => Cannon;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const REPEATED = [
  'q=mitragynine', 'q=kratom+withdrawal', 'q=%22liver+injury%22', 'q=opioid+receptor+agonist', 'q=seizure&sort=date',
  'q=hydroxymitragynine&since=2015', 'q=cytochrome+inhibition&page=2', 'q=plasma+pharmacokinetics&retracted=false',
  'q=beta+arrestin', 'q=case+report+liver', 'q=dependence+-rodent', 'q=analgesia+OR+antinociception', 'q=metabol*',
  'q=respiratory+depression&until=2020', 'q=survey+adults', '', 'sort=date&page=3', 'q=toxicity&sort=date&page=2',
  'q=binding+affinity', 'q=clinical+outcome+exposure',
].map((q) => `/${q ? `?${q}` : ''}`);

const WORDS = [
  'kratom', 'mitragynine', 'hydroxymitragynine', 'opioid', 'receptor', 'withdrawal', 'dependence', 'liver', 'injury', 'toxicity',
  'seizure', 'death', 'overdose', 'pain', 'analgesia', 'alkaloid', 'metabolism', 'cytochrome', 'plasma', 'urine', 'mouse', 'rat',
  'survey', 'users', 'adults', 'treatment', 'buprenorphine', 'naloxone', 'abuse', 'use', 'leaf', 'extract', 'tea', 'thailand',
  'malaysia', 'pharmacokinetics', 'binding', 'affinity', 'agonist', 'arrestin', 'respiratory', 'depression', 'anxiety', 'sleep',
  'hepatotoxicity', 'cardiac', 'qt', 'interaction', 'drug', 'detection', 'chromatography', 'mass', 'spectrometry', 'forensic',
  'postmortem', 'case', 'report', 'review', 'clinical', 'trial', 'self', 'reported', 'chronic', 'acute', 'dose', 'serotonin',
  'adrenergic', 'speciogynine', 'paynantheine', 'corynantheidine', 'stability', 'synthesis', 'psychoactive', 'regulation',
];
const FILTERS = ['', '&sort=date', '&since=2015', '&retracted=false', '&until=2020&sort=date', '&topic=mitragynine'];

/** Search URLs, none repeated until WORDS^2 x FILTERS are exhausted (a fixed sequence: every build gets the same). */
function distinctSearch(): () => string {
  let i = 0;
  return () => {
    const n = i++;
    const a = WORDS[n % WORDS.length] as string;
    const b = WORDS[Math.floor(n / WORDS.length) % WORDS.length] as string;
    const f = FILTERS[Math.floor(n / (WORDS.length * WORDS.length)) % FILTERS.length] as string;
    return `/?q=${a === b ? a : `${a}+${b}`}${f}`;
  };
}

function paperPages(): () => string {
  let i = 0;
  return () => `/paper/${FIRST_PMID + ((i++ * 7919) % RECORDS)}`;
}

async function writeCorpus(path: string, startPmid: number): Promise<void> {
  const out = createWriteStream(path);
  for (const chunk of corpusXml(RECORDS, { startPmid })) {
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

/** Runs the CLI; `nice`: at that lower CPU priority (as `nice -n N kratomlit ...`; threads it starts later inherit it). */
function run(cli: string, args: string[], nice = 0): { child: ChildProcess; done: Promise<number | null> } {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (nice !== 0 && child.pid !== undefined) setPriority(child.pid, nice);
  const done = new Promise<number | null>((r) => child.once('close', (code) => r(code)));
  return { child, done };
}

/** Starts the server and resolves with its URL once it prints its serving line. */
function startServer(cli: string, db: string, extra: string[]): Promise<{ child: ChildProcess; url: string }> {
  const { child } = run(cli, ['--db', db, '--quiet', 'serve', '--port', '0', ...extra]);
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (b: Buffer) => {
      err += b.toString('utf8');
      const m = /kratomlit: serving .* at (http:\/\/\S+)\n/.exec(err);
      if (m) resolve({ child, url: (m[1] as string).replace(/\/$/, '') });
    });
    child.once('close', () => reject(new Error(`server ended: ${err}`)));
  });
}

function rssMb(pid: number): string {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return `${Math.round(kb('VmRSS') / 1024)} (${Math.round(kb('VmHWM') / 1024)})`;
}

/** The process's CPU time so far, ms (utime + stime from /proc, at 100 ticks a second). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/**
 * 20 clients for `seconds` on the paths `next` hands out; one table row. The server's CPU time per answer
 * is the steadier figure on a shared machine: it does not grow when other processes take the cores.
 */
function load(url: string, seconds: number, next: () => string, pid: number): Promise<string> {
  const latencies: number[] = [];
  const cpu0 = cpuMs(pid);
  const requests = [{ method: 'GET', setupRequest: (r: object) => ({ ...r, path: next() }) }];
  return new Promise((resolve, reject) => {
    const cannon = autocannon({ url, connections: CONNECTIONS, duration: seconds, requests, timeout: 60 }, (err, result) => {
      if (err) return reject(err);
      latencies.sort((a, b) => a - b);
      const f = (n: number) => n.toFixed(1).padStart(7);
      resolve(`${String(latencies.length).padStart(8)} | ${f(result.requests.average)} | ${f(pct(latencies, 50))} | ${f(pct(latencies, 95))} | ${f(pct(latencies, 99))} | ${f(latencies.at(-1) ?? NaN)} | ${String(result.non2xx + result.errors + result.timeouts).padStart(6)} | ${f((cpuMs(pid) - cpu0) / Math.max(1, latencies.length))}`);
    });
    cannon.on('response', (_c, _s, _b, ms) => latencies.push(ms));
  });
}

/** The store change the server's index reflects, and the store's, from `/status.json`. */
async function followed(url: string): Promise<{ indexed: number; store: number }> {
  const doc = (await (await fetch(`${url}/status.json`)).json()) as { server: { indexedSeq: number; storeSeq: number } };
  return { indexed: doc.server.indexedSeq, store: doc.server.storeSeq };
}

/** The importer's priority in the last scenario: what `nice -n 10 kratomlit import` gives a reader. */
const NICE = 10;

/** New searches while `import` stores `file` in another process (at priority `nice`); a row and a line on how far the index followed. */
async function duringImport(label: string, cli: string, db: string, file: string, url: string, pid: number, searches: () => string, nice: number): Promise<void> {
  // Each import scenario starts with the server caught up (the previous one left it behind the writer).
  for (let f = await followed(url); f.indexed < f.store; f = await followed(url)) await new Promise((r) => setTimeout(r, 250));
  const before = (await followed(url)).store;
  const importing = run(cli, ['--db', db, '--quiet', 'import', file, '--topic', 'mitragynine'], nice);
  // Load starts once the import has stored its first batch (parsing comes first and, on a busy machine,
  // outlasted the whole scenario): the searches then overlap the writes and the server's following.
  while ((await followed(url)).store === before && importing.child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
  const scenario = nice === 0 ? 'search, every URL new, during import' : `  the same, import at nice ${nice}`;
  console.log(`${label.padEnd(6)} | ${scenario.padEnd(36)} | ${await load(url, SECONDS, searches, pid)} | ${rssMb(pid)}`);
  // How far the server's index followed the writer: CPU spent indexing is in the CPU per answer above.
  const seen = await followed(url);
  const code = await importing.done;
  console.log(`(${label}: at the end of that scenario the server had indexed up to store change ${seen.indexed} of ${seen.store}${code === 0 ? '' : `; the import exited ${String(code)}`})`);
}

/** Every scenario against one build; prints its rows. */
async function measure(label: string, cli: string, db: string, second: string, third: string, extra: string[]): Promise<void> {
  const server = await startServer(cli, db, extra);
  const repeated = () => {
    let i = 0;
    return () => REPEATED[i++ % REPEATED.length] as string;
  };
  const pid = server.child.pid as number;
  await load(server.url, 3, repeated(), pid); // warm-up (JIT), not reported
  const row = (scenario: string, figures: string) => console.log(`${label.padEnd(6)} | ${scenario.padEnd(36)} | ${figures} | ${rssMb(pid)}`);
  row('search, 20 URLs repeated', await load(server.url, SECONDS, repeated(), pid));
  const searches = distinctSearch();
  row('search, every URL new', await load(server.url, SECONDS, searches, pid));
  row('paper page, every PMID new', await load(server.url, SECONDS, paperPages(), pid));
  await duringImport(label, cli, db, second, server.url, pid, searches, 0);
  await duringImport(label, cli, db, third, server.url, pid, searches, NICE);
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('close', r));
}

const dir = mkdtempSync(join(tmpdir(), 'kratomlit-bench-serve-'));
try {
  const ours = join(here, '..', 'jobs', 'main.js');
  const base = BASE ? join(BASE, 'dist', 'jobs', 'main.js') : '';
  console.log(`kratomlit serve benchmark — node ${process.version}, ${new Date().toISOString()}`);
  console.log(`corpus: ${RECORDS} records; ${corpusLabel()}`);
  console.log(`load: ${CONNECTIONS} concurrent clients (autocannon, closed loop, loopback), ${SECONDS} s per scenario after a 3 s warm-up; during import: ${RECORDS} more records imported by another process, then ${RECORDS} more by one at nice ${NICE}`);
  const first = join(dir, 'first.xml');
  const second = join(dir, 'second.xml');
  const third = join(dir, 'third.xml');
  await writeCorpus(first, FIRST_PMID);
  await writeCorpus(second, FIRST_PMID + 5_000_000);
  await writeCorpus(third, FIRST_PMID + 10_000_000);
  const db = join(dir, 'new.sqlite');
  if ((await run(ours, ['--db', db, '--quiet', 'import', first, '--topic', 'mitragynine']).done) !== 0) throw new Error('import failed');
  const builds: Array<[string, string, string, string[]]> = [['after', ours, db, []]];
  if (THREADS) {
    builds.length = 0;
    for (const n of THREADS) {
      // Each count on its own copy: the import scenarios add records to the store they run against.
      const copy = join(dir, `threads-${n}.sqlite`);
      copyFileSync(db, copy);
      if (existsSync(`${db}.index`)) copyFileSync(`${db}.index`, `${copy}.index`);
      builds.push([`thr ${n}`, ours, copy, ['--search-threads', n]]);
    }
  } else if (existsSync(base)) {
    // The same records for the other build, imported by that build: a store written by a newer build may
    // carry migrations an older one refuses to open.
    const copy = join(dir, 'base.sqlite');
    if ((await run(base, ['--db', copy, '--quiet', 'import', first, '--topic', 'mitragynine']).done) !== 0) throw new Error(`import by ${base} failed`);
    builds.unshift(['before', base, copy, []]);
  } else console.log(`(no other build at ${BASE}: this build only)`);
  console.log('build  | scenario                             | requests |  req/s  |   p50   |   p95   |   p99   |   max   | non-2xx | CPU ms/answer | server RSS MB (peak)');
  for (const [label, cli, path, extra] of builds) await measure(label, cli, path, second, third, extra);
  console.log(`(latencies in ms, from each request sent to its answer; CPU ms/answer: the server process's CPU time over the answers; ${THREADS ? 'thr N = this build with --search-threads N' : `before = ${BASE}, after = this build`})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
