/**
 * `npm run bench:search-cold [-- --sizes 10000,100000] [--base DIR] [--keep]`: issue #17's search
 * figures on real-sized records (bench/real-corpus.ts; generated records when the real ones are absent),
 * in one run so that the ratios hold on a busy machine:
 * - `index --rebuild` of this build, of a base build (before) and SQLite FTS5 building the same text;
 * - a fresh `kratomlit search` process answering one query, node start-up included: median wall time and
 *   median peak RSS over 8 queries, this build against the base build against FTS5 opening its file;
 *   once in the repository (its kratomlit.config.json read and validated) and once in a folder without one;
 * - `kratomlit --version` alone, to show how much of a cold search is loading the CLI.
 * The base build is any checkout of kratomlit built with `npm run build` (`--base DIR` or `KRATOMLIT_BENCH_BASE`, skipped
 * when absent or when it cannot open this build's database). Runs by hand; not part of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusLabel, corpusXml } from './real-corpus.js';
import { ftsColdScript } from './search-fts.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const cli = fileURLToPath(new URL('../jobs/main.js', import.meta.url));
const worker = fileURLToPath(new URL('./search-worker.js', import.meta.url));
const TIME = '/usr/bin/time';

/** Eight queries of different kinds: common and rare words, a phrase, a prefix, a misspelling, a filter. */
export const COLD_QUERIES = [
  'patients treatment', 'cancer risk', 'aspirin', '"venous thromboembolism"', 'ontolog*', 'kratom withdrawal',
  'opioid receptor binding', 'protien year:2015',
];

interface Run { ms: number; rssMb: number | null; ok: boolean }

/** Runs `args` under node once; wall time, peak RSS (from /usr/bin/time when present) and success. */
function timed(args: string[], cwd = repo): Run {
  const useTime = existsSync(TIME);
  const argv = useTime ? [TIME, '-f', 'KLRSS %M', process.execPath, ...args] : [process.execPath, ...args];
  const t = performance.now();
  const r = spawnSync(argv[0] as string, argv.slice(1), { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - t;
  const rss = /KLRSS (\d+)/.exec(r.stderr ?? '');
  if (r.status !== 0) process.stderr.write(`  failed: ${args.slice(0, 6).join(' ')}: ${(r.stderr ?? '').slice(0, 300)}\n`);
  return { ms, rssMb: rss ? Math.round(Number(rss[1]) / 1024) : null, ok: r.status === 0 };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : (s[Math.floor((s.length - 1) / 2)] as number + (s[Math.ceil((s.length - 1) / 2)] as number)) / 2;
};

/** Writes the corpus XML to `path` chunk by chunk (100,000 real-sized records exceed V8's string limit). */
function writeCorpus(path: string, n: number): void {
  const fd = openSync(path, 'w');
  try {
    for (const chunk of corpusXml(n)) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

/**
 * Median of fresh search processes over COLD_QUERIES for one build, run in `cwd`: the repository, whose
 * kratomlit.config.json is read and validated, or a folder without one (built-in defaults).
 */
function coldSearches(main: string, db: string, cwd: string): { ms: number; rssMb: number | null; ok: boolean } {
  const runs = COLD_QUERIES.map((q) => timed([main, '--db', db, '--quiet', 'search', q, '--limit', '20'], cwd));
  const rss = runs.map((r) => r.rssMb).filter((x): x is number => x !== null);
  return { ms: Math.round(median(runs.map((r) => r.ms))), rssMb: rss.length ? Math.round(median(rss)) : null, ok: runs.every((r) => r.ok) };
}

/** FTS5 terms of a query: its words, each quoted (FTS5 has no field filters or prefixes of this syntax). */
function ftsMatch(q: string): string {
  return q.replace(/\w+:\S+/g, '').split(/[^\p{L}\p{N}]+/u).filter(Boolean).map((w) => `"${w}"`).join(' ');
}

type Cold = ReturnType<typeof coldSearches>;

interface SizeResult {
  n: number; importMs: number; rebuild: { after: Run; before: Run | null; fts: Run };
  cold: { after: Cold; before: Cold | null; afterBare: Cold; beforeBare: Cold | null; fts: number; version: number; versionBefore: number | null };
}

function runSize(n: number, base: string | null, keep: boolean): SizeResult {
  const dir = mkdtempSync(join(tmpdir(), `kl-cold-${n}-`));
  process.stderr.write(`size ${n} in ${dir}\n`);
  try {
    const xml = join(dir, 'corpus.xml');
    writeCorpus(xml, n);
    const db = join(dir, 'lib.sqlite');
    const imp = timed([cli, '--db', db, '--quiet', 'import', xml]);
    rmSync(xml);
    const baseMain = base ? join(base, 'dist/jobs/main.js') : null;
    const baseDb = join(dir, 'base', 'lib.sqlite');
    if (baseMain) {
      mkdirSync(join(dir, 'base'));
      copyFileSync(db, baseDb);
    }
    const after = timed([cli, '--db', db, '--quiet', 'index', '--rebuild']);
    const before = baseMain ? timed([baseMain, '--db', baseDb, '--quiet', 'index', '--rebuild']) : null;
    const fts = timed([worker, 'fts-build', dir, String(n)]);
    process.stderr.write(`  rebuild after ${Math.round(after.ms)} ms, before ${before ? Math.round(before.ms) : '-'} ms, FTS5 ${Math.round(fts.ms)} ms\n`);
    const coldAfter = coldSearches(cli, db, repo);
    const coldBefore = baseMain && before?.ok ? coldSearches(baseMain, baseDb, repo) : null;
    const coldAfterBare = coldSearches(cli, db, dir);
    const coldBeforeBare = baseMain && before?.ok ? coldSearches(baseMain, baseDb, dir) : null;
    const ftsCold = median(COLD_QUERIES.map((q) => timed(['-e', ftsColdScript(join(dir, 'fts.sqlite'), ftsMatch(q))]).ms));
    const version = median([0, 1, 2].map(() => timed([cli, '--version']).ms));
    const versionBefore = baseMain ? median([0, 1, 2].map(() => timed([baseMain, '--version']).ms)) : null;
    return {
      n, importMs: Math.round(imp.ms), rebuild: { after, before, fts },
      cold: { after: coldAfter, before: coldBefore, afterBare: coldAfterBare, beforeBare: coldBeforeBare, fts: Math.round(ftsCold), version: Math.round(version), versionBefore: versionBefore === null ? null : Math.round(versionBefore) },
    };
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (x: number | null | undefined): string => (x === null || x === undefined || Number.isNaN(x) ? '-' : String(Math.round(x)));
const ratio = (a: number | null | undefined, b: number | null | undefined): string => (a && b ? `${(a / b).toFixed(2)}x` : '-');

const failed = (after: Cold, before: Cold | null): string => `${after.ok ? '' : '; after FAILED'}${before && !before.ok ? '; before FAILED' : ''}`;

function table(r: SizeResult): string {
  const { rebuild: rb, cold } = r;
  const rows: Array<[string, number | null | undefined, number | null | undefined, number | null | undefined, string]> = [
    ['`index --rebuild` (ms)', rb.after.ms, rb.before?.ms, rb.fts.ms, `after/FTS5 ${ratio(rb.after.ms, rb.fts.ms)}, before/FTS5 ${ratio(rb.before?.ms, rb.fts.ms)}`],
    ['peak RSS of the rebuild (MB)', rb.after.rssMb, rb.before?.rssMb, rb.fts.rssMb, ''],
    ['cold `search`, median of 8 (ms)', cold.after.ms, cold.before?.ms, cold.fts, `run in the repository, its kratomlit.config.json validated; FTS5 = node opening its file, 1 query${failed(cold.after, cold.before)}`],
    ['cold `search`, no config file (ms)', cold.afterBare.ms, cold.beforeBare?.ms, null, `run in a folder without a config file (built-in defaults)${failed(cold.afterBare, cold.beforeBare)}`],
    ['peak RSS of a search process (MB)', cold.after.rssMb, cold.before?.rssMb, null, 'median of the 8'],
    ['`kratomlit --version` (ms)', cold.version, cold.versionBefore, null, 'CLI start-up alone'],
  ];
  const lines = [`\n## ${r.n.toLocaleString('en')} records (${corpusLabel()}; imported in ${r.importMs} ms)`,
    '| measure | after (this build) | before (base) | FTS5 | note |', '|---|---:|---:|---:|---|'];
  for (const [name, a, b, f, note] of rows) lines.push(`| ${name} | ${fmt(a)} | ${fmt(b)} | ${fmt(f)} | ${note} |`);
  return lines.join('\n');
}

function main(): void {
  const args = process.argv.slice(2);
  const arg = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const sizes = (arg('--sizes') ?? '10000').split(',').map(Number);
  const baseDir = arg('--base') ?? process.env.KRATOMLIT_BENCH_BASE;
  const base = baseDir && existsSync(join(baseDir, 'dist/jobs/main.js')) ? baseDir : null;
  const out = ['# kratomlit search, cold start and rebuild (issue #17)', `queries: ${COLD_QUERIES.join(' | ')}`,
    `before = ${base ?? '(no base build found)'}`];
  for (const n of sizes) {
    const load = loadavg()[0]?.toFixed(1);
    out.push(table(runSize(n, base, args.includes('--keep'))), `(load average ${load} before and ${loadavg()[0]?.toFixed(1)} after, on ${cpus().length} cores)`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

main();
