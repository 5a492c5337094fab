/**
 * `npm run bench:search [-- --sizes 10000,100000] [--keep] [--relevance-only] [--base DIR]`: kratomlit's MiniSearch index against SQLite
 * FTS5 (bm25 with the same field weights, porter + unicode61) on the same real-sized records (bench/real-corpus.ts;
 * synthetic PubMed-sized records when the real ones are absent)
 * and the same queries, in one run: build time, incremental update of 100 records, file size, peak RSS,
 * cold start of a fresh process answering one query, query latency p50/p95/p99; then relevance
 * (nDCG@10, recall@20) on the judged set, with another built checkout's ranking beside it when given
 * (`--base DIR` or `KRATOMLIT_BENCH_BASE`: same records, this checkout's judged set; its query latency on a copy
 * of the same library and queries, with its own index, printed under each size's table). Each step runs in
 * its own process (search-worker.ts) so memory figures are per engine. Runs by hand; not part of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ftsColdScript } from './search-fts.js';
import { relevance } from './search-relevance.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const worker = fileURLToPath(new URL('./search-worker.js', import.meta.url));
const cli = fileURLToPath(new URL('../jobs/main.js', import.meta.url));
const searchModule = new URL('../src/library/search-index.js', import.meta.url).href;
const storeModule = new URL('../src/store/open.js', import.meta.url).href;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- worker output

/** One worker step in its own process; `checkout` runs another built checkout's worker (the base). */
function step(name: string, dir: string, n: number, checkout = repo): Json {
  const t = performance.now();
  const script = checkout === repo ? worker : join(checkout, 'dist/bench/search-worker.js');
  const r = spawnSync(process.execPath, [script, name, dir, String(n)], { cwd: checkout, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`bench step ${name} (n=${n}${checkout === repo ? '' : `, ${checkout}`}) failed:\n${r.stderr}`);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as Json;
  process.stderr.write(`  ${checkout === repo ? '' : 'base '}${name} n=${n}: ${Math.round(performance.now() - t)} ms\n`);
  return out;
}

/**
 * The base checkout's query latency on a copy of the same library and queries (its own index build, so a
 * changed index format cannot touch ours): before and after side by side in one run.
 */
function baseQuery(base: string, dir: string, n: number): Json {
  const baseDir = join(dir, 'base');
  mkdirSync(baseDir);
  for (const file of ['lib.sqlite', 'lib.sqlite-wal', 'queries.json']) if (existsSync(join(dir, file))) copyFileSync(join(dir, file), join(baseDir, file));
  step('kl-build', baseDir, n, base);
  const q = step('kl-query', baseDir, n, base);
  rmSync(baseDir, { recursive: true, force: true });
  return q;
}

/**
 * Median wall time of `runs` fresh processes (node start-up included, as a user would see it); `ok` only
 * when every run exited 0 and printed `expect` (so a command that silently does nothing cannot look fast).
 */
function cold(args: string[], expect: RegExp, runs = 5): { ms: number; ok: boolean } {
  const times: number[] = [];
  let ok = true;
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: repo, encoding: 'utf8' });
    times.push(performance.now() - t);
    ok &&= r.status === 0 && expect.test(r.stdout);
    if (r.status !== 0 && i === 0) process.stderr.write(`  cold start failed: ${r.stderr.slice(0, 400)}\n`);
  }
  times.sort((a, b) => a - b);
  return { ms: Math.round(times[Math.floor(times.length / 2)] ?? 0), ok };
}

function runSize(n: number, keep: boolean, base: string | null): Json {
  const dir = mkdtempSync(join(tmpdir(), `kl-bench-${n}-`));
  process.stderr.write(`size ${n} in ${dir}\n`);
  try {
    const prep = step('prepare', dir, n);
    const klB = step('kl-build', dir, n);
    const ftsB = step('fts-build', dir, n);
    // Before ours: the kl-query step stores new versions of 100 records.
    const baseQ = base ? baseQuery(base, dir, n) : null;
    const klQ = step('kl-query', dir, n);
    const ftsQ = step('fts-query', dir, n);
    const db = join(dir, 'lib.sqlite');
    // A two-word query of the corpus itself (real records are not all about kratom).
    const queries = JSON.parse(readFileSync(join(dir, 'queries.json'), 'utf8')) as Array<{ q: string }>;
    const q = queries.find((x) => /^[\p{L}\p{N}-]+ [\p{L}\p{N}-]+$/u.test(x.q))?.q ?? 'kratom withdrawal';
    const klCold = cold([cli, '--db', db, '--quiet', 'search', q, '--limit', '20'], /PMID \d+/);
    const klIndexCold = cold(['--input-type=module', '-e', indexColdScript(db, q)], /"hits":[1-9]/);
    const ftsCold = cold(['-e', ftsColdScript(join(dir, 'fts.sqlite'), q.split(' ').map((w) => `"${w}"`).join(' '))], /"ms"/);
    return { n, prep, klB, ftsB, klQ, ftsQ, baseQ, klCold, klIndexCold, ftsCold, coldQuery: q };
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** The library path without the CLI: import search + store, open the index, answer one query. */
function indexColdScript(db: string, q: string): string {
  return `const {openStore}=await import(${JSON.stringify(storeModule)});const {openSearchIndex}=await import(${JSON.stringify(searchModule)});` +
    `const db=openStore(${JSON.stringify(db)});const i=await openSearchIndex(db,{indexPath:${JSON.stringify(`${db}.index`)}});` +
    `console.log(JSON.stringify({hits:i.search(${JSON.stringify(q)},{limit:20}).length}))`;
}

const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : '-');

function table(r: Json): string {
  const rows: Array<[string, number, number, string]> = [
    ['build (ms)', r.klB.buildMs, r.ftsB.buildMs, ''],
    ['update 100 records (ms)', r.klQ.updateMs, r.ftsQ.updateMs, ''],
    ['file size (MB)', +(r.klB.bytes / 1e6).toFixed(1), +(r.ftsB.bytes / 1e6).toFixed(1), ''],
    ['peak RSS during build (MB)', r.klB.rssMb, r.ftsB.rssMb, `kl heap after build ${r.klB.heapMb} MB`],
    ['peak RSS query process (MB)', r.klQ.rssMb, r.ftsQ.rssMb, `kl heap ${r.klQ.heapMb} MB`],
    ['cold start, one search (ms)', r.klCold.ms, r.ftsCold.ms, `kl = full CLI process, query "${r.coldQuery}"${r.klCold.ok ? '' : ' (FAILED)'}`],
    ['cold start without CLI (ms)', r.klIndexCold.ms, r.ftsCold.ms, `import search+store, open, 1 query${r.klIndexCold.ok ? '' : ' (FAILED)'}`],
    ['query p50 (ms)', r.klQ.latency.p50, r.ftsQ.latency.p50, ''],
    ['query p95 (ms)', r.klQ.latency.p95, r.ftsQ.latency.p95, ''],
    ['query p99 (ms)', r.klQ.latency.p99, r.ftsQ.latency.p99, 'each query the first time the process asks it'],
  ];
  const lines = [`\n## ${r.n.toLocaleString('en')} records: ${r.prep.corpus} (store filled in ${r.prep.storeMs} ms; index load in query process ${r.klQ.loadMs} ms)`,
    '| measure | kratomlit | FTS5 | kratomlit/FTS5 | note |', '|---|---:|---:|---:|---|'];
  for (const [name, kl, fts, note] of rows) lines.push(`| ${name} | ${kl} | ${fts} | ${ratio(kl, fts)} | ${note} |`);
  lines.push(`p99 by query kind (ms): kratomlit ${JSON.stringify(r.klQ.latency.p99ByKind)}; FTS5 ${JSON.stringify(r.ftsQ.latency.p99ByKind)}`);
  const again = (l: Json) => (l.again ? `${l.again.p50} / ${l.again.p95} / ${l.again.p99}` : '-');
  lines.push(`the same queries asked again in the same process (index blocks already read, as in a long-running one), p50 / p95 / p99 ms: kratomlit ${again(r.klQ.latency)}; FTS5 ${again(r.ftsQ.latency)}${r.baseQ ? `; base ${again(r.baseQ.latency)}` : ''}`);
  const warm = (l: Json) => (l.warm ? `${l.warm.p50} / ${l.warm.p95} / ${l.warm.p99}` : '-');
  lines.push(`the same queries the first time on a second index opened in the same process afterwards (code compiled and warm; no record, stored field or index block read yet), p50 / p95 / p99 ms: kratomlit ${warm(r.klQ.latency)}; FTS5 ${warm(r.ftsQ.latency)}${r.baseQ ? `; base ${warm(r.baseQ.latency)}` : ''}`);
  lines.push(`hits returned over ${r.klQ.latency.queries} queries: kratomlit ${r.klQ.latency.hits}, FTS5 ${r.ftsQ.latency.hits}`);
  const slow = (l: Json) => (l.slowest ?? []).map((x: Json) => `${x.ms} ${x.q}`).join('; ');
  lines.push(`slowest kratomlit queries (ms): ${slow(r.klQ.latency)}`);
  if (r.baseQ) {
    const b = r.baseQ.latency;
    lines.push(`base (same records and queries, its own index): query p50 / p95 / p99 ${b.p50} / ${b.p95} / ${b.p99} ms against ${r.klQ.latency.p50} / ${r.klQ.latency.p95} / ${r.klQ.latency.p99}; ` +
      `hits ${b.hits}${b.slowest ? `; slowest: ${slow(b)}` : ''}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const sizesArg = args[args.indexOf('--sizes') + 1];
  const sizes = args.includes('--relevance-only') ? [] : args.includes('--sizes') && sizesArg ? sizesArg.split(',').map(Number) : [10_000, 100_000];
  const keep = args.includes('--keep');
  const out: string[] = ['# kratomlit search vs SQLite FTS5'];
  const baseArg = args.includes('--base') ? args[args.indexOf('--base') + 1] : undefined;
  const base = baseArg ?? process.env['KRATOMLIT_BENCH_BASE'] ?? null;
  for (const n of sizes) {
    const before = loadavg()[0]?.toFixed(1);
    out.push(table(runSize(n, keep, base ? resolve(base) : null)), `(load average ${before} before and ${loadavg()[0]?.toFixed(1)} after this size, on ${cpus().length} cores)`);
  }
  const rel = await relevance(repo, base ? resolve(base) : null);
  const b = (s: { ndcg10: number; recall20: number } | null, k: 'ndcg10' | 'recall20') => (s ? ` ${s[k]} |` : '');
  const bh = (name: string) => (base ? ` base ${name} |` : '');
  out.push(`\n## Relevance (${rel.queries} judged queries; ${rel.source})${base ? `; base = the build in ${base}, same records and judged set` : ''}`,
    '| engine | nDCG@10 | recall@20 |', '|---|---:|---:|',
    `| kratomlit | ${rel.kratomlit.ndcg10} | ${rel.kratomlit.recall20} |`, ...(rel.base ? [`| kratomlit base | ${rel.base.ndcg10} | ${rel.base.recall20} |`] : []),
    `| FTS5 bm25 | ${rel.fts5.ndcg10} | ${rel.fts5.recall20} |`,
    '', `| query class | queries |${bh('nDCG@10')} kratomlit nDCG@10 | FTS5 nDCG@10 |${bh('recall@20')} kratomlit recall@20 | FTS5 recall@20 |`,
    `|---|---:|${base ? '---:|' : ''}---:|---:|${base ? '---:|' : ''}---:|---:|`,
    ...rel.byClass.map((c) => `| ${c.cls} | ${c.queries} |${b(c.base, 'ndcg10')} ${c.kratomlit.ndcg10} | ${c.fts5.ndcg10} |${b(c.base, 'recall20')} ${c.kratomlit.recall20} | ${c.fts5.recall20} |`),
    '', `per query nDCG@10 (kratomlit / FTS5${base ? ' / base' : ''}): ${rel.perQuery.map((q) => `${q.query} ${q.kl}/${q.fts}${q.base === null ? '' : `/${q.base}`}`).join('; ')}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
