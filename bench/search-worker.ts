/**
 * One benchmark step per process, so each engine's peak memory is its own:
 *   node dist/bench/search-worker.js <step> <dir> [n]
 * Steps: prepare (real-sized records imported by the CLI, else a synthetic library -> store), kl-build, fts-build, kl-query, fts-query. Each prints one
 * JSON line of measurements on stdout.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { openSearchIndex, rebuildSearchIndex, updateSearchIndex } from '../src/library/search-index.js';
import { getArticles, iterateLiveArticles, upsertParsed } from '../src/store/articles.js';
import { openStore } from '../src/store/open.js';
import type { Article } from '../src/types.js';
import { corpusLabel, corpusSource, corpusXml } from './real-corpus.js';
import { syntheticArticle } from './search-article.js';
import { rng, vocabulary, zipf } from './search-corpus.js';
import { createFts, ftsPut, ftsSearch } from './search-fts.js';
import { makeQueries, toFtsQuery, type BenchQuery } from './search-queries.js';
import Database from 'better-sqlite3';

const now = new Date('2026-11-20T03:00:00Z');
const cli = fileURLToPath(new URL('../jobs/main.js', import.meta.url));
const paths = (dir: string) => ({ db: join(dir, 'lib.sqlite'), index: join(dir, 'lib.sqlite.index'), fts: join(dir, 'fts.sqlite'), queries: join(dir, 'queries.json') });
const ms = (t: number) => Math.round(performance.now() - t);
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const heapMb = () => Math.round(process.memoryUsage().heapUsed / 1e6);

/**
 * The library of `n` real-sized records (bench/real-corpus.ts), imported by the CLI as a user would; the
 * queries are made from the first 2,000 records.
 */
function prepareReal(dir: string, n: number): object {
  const p = paths(dir);
  const xml = join(dir, 'corpus.xml');
  const fd = openSync(xml, 'w');
  for (const chunk of corpusXml(n)) writeSync(fd, chunk);
  closeSync(fd);
  const t = performance.now();
  const r = spawnSync(process.execPath, [cli, '--db', p.db, '--quiet', 'import', xml], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`import of the corpus failed: ${r.stderr}`);
  const storeMs = ms(t);
  rmSync(xml);
  const db = openStore(p.db, { readonly: true });
  const sample: Article[] = [];
  for (const a of iterateLiveArticles(db)) {
    sample.push(a);
    if (sample.length >= 2000) break;
  }
  writeFileSync(p.queries, JSON.stringify(makeQueries(sample, 50)));
  db.close();
  return { storeMs, corpus: corpusLabel() };
}

function prepare(dir: string, n: number): object {
  if (corpusSource() === 'real') return prepareReal(dir, n);
  const p = paths(dir);
  const random = rng(42);
  const words = vocabulary(Math.min(200_000, 40_000 + n), random);
  const next = zipf(words.length, random);
  const db = openStore(p.db);
  const t = performance.now();
  const sample: Article[] = [];
  for (let i = 0; i < n; i += 5000) {
    const batch = Array.from({ length: Math.min(5000, n - i) }, (_, k) => syntheticArticle(String(30_000_000 + i + k), words, next, random));
    if (sample.length < 2000) sample.push(...batch.slice(0, 2000 - sample.length));
    upsertParsed(db, batch.map((article) => ({ article, raw: '' })), { source: 'import', now });
  }
  writeFileSync(p.queries, JSON.stringify(makeQueries(sample, 50)));
  db.close();
  return { storeMs: ms(t), corpus: 'generated records (bench/search-article.ts; no real data found)' };
}

async function klBuild(dir: string): Promise<object> {
  const p = paths(dir);
  const db = openStore(p.db);
  const r = await rebuildSearchIndex(db, { indexPath: p.index });
  return { buildMs: r.ms, records: r.records, bytes: statSync(p.index).size, rssMb: rssMb(), heapMb: heapMb() };
}

function ftsBuild(dir: string): object {
  const p = paths(dir);
  const store = openStore(p.db, { readonly: true });
  const t = performance.now();
  const fts = createFts(p.fts);
  const records = ftsPut(fts, iterateLiveArticles(store));
  fts.exec("INSERT INTO fts(fts) VALUES('optimize')");
  fts.pragma('wal_checkpoint(TRUNCATE)');
  fts.close();
  return { buildMs: ms(t), records, bytes: statSync(p.fts).size, rssMb: rssMb(), heapMb: heapMb() };
}

/** The 100 records the update step changes: every n/100-th PMID. */
function changedIds(n: number): string[] {
  return Array.from({ length: 100 }, (_, i) => String(30_000_000 + Math.floor((i * n) / 100)));
}

/** kl-query stores new versions (new title and abstract sentence); fts-query then re-indexes those same versions. */
function revise(a: Article): Article {
  return { ...a, title: `${a.title} revised paynantheine`, abstract: `${a.abstract ?? ''} Revised.` };
}

function percentiles(samples: number[]): { p50: number; p95: number; p99: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => Math.round((s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0) * 100) / 100;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), mean: Math.round((s.reduce((x, y) => x + y, 0) / s.length) * 100) / 100 };
}

/** The `n` slowest queries of a run (what its p99 is made of), slowest first. */
function slowest(queries: BenchQuery[], times: number[], n: number): Array<{ q: string; kind: string; ms: number }> {
  return queries.map((q, i) => ({ q: q.q, kind: q.kind, ms: Math.round((times[i] ?? 0) * 100) / 100 })).sort((a, b) => b.ms - a.ms).slice(0, n);
}

/**
 * Each query's latency the first time this process asks it (after a 20-query warm-up), then `again`: the
 * whole set asked a second time, as a long-running process (serve, MCP, a script) answers once the index
 * blocks its queries read are in memory. The first pass includes those first reads from the index file.
 */
function latency(queries: BenchQuery[], run: (q: string) => number): ReturnType<typeof pass> & { again: ReturnType<typeof pass> } {
  for (const q of queries.slice(0, 20)) run(q.q);
  const first = pass(queries, run);
  return { ...first, again: pass(queries, run) };
}

/**
 * `warm`: the same queries the first time on a second index (or connection) opened in this process after
 * the passes above, with the same 20-query warm-up: the code is compiled and optimized, but the new
 * instance has read no record, stored field or index block yet. It separates what a query costs the first
 * time it reads its data from what a young process pays for compiling its code (the first pass has both).
 */
function warmFirst(queries: BenchQuery[], run: (q: string) => number): ReturnType<typeof percentiles> {
  for (const q of queries.slice(0, 20)) run(q.q);
  const { p50, p95, p99, mean } = pass(queries, run);
  return { p50, p95, p99, mean };
}

function pass(queries: BenchQuery[], run: (q: string) => number) {
  const all: number[] = [];
  const byKind: Record<string, number[]> = {};
  let hits = 0;
  for (const q of queries) {
    const t = performance.now();
    hits += run(q.q);
    const d = performance.now() - t;
    all.push(d);
    (byKind[q.kind] ??= []).push(d);
  }
  const kinds = Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, percentiles(v).p99]));
  return { ...percentiles(all), p99ByKind: kinds, queries: queries.length, hits, slowest: slowest(queries, all, 8) };
}

async function klQuery(dir: string, n: number): Promise<object> {
  const p = paths(dir);
  const db = openStore(p.db);
  const t0 = performance.now();
  await openSearchIndex(db, { indexPath: p.index });
  const loadMs = ms(t0);
  upsertParsed(db, getArticles(db, changedIds(n)).map((a) => ({ article: revise(a), raw: '' })), { source: 'ingest', now });
  const t1 = performance.now();
  const counts = await updateSearchIndex(db, { indexPath: p.index });
  const updateMs = ms(t1);
  const index = await openSearchIndex(db, { indexPath: p.index });
  const queries = JSON.parse(readFileSync(p.queries, 'utf8')) as BenchQuery[];
  const ask = (i: typeof index) => (q: string) => { try { return i.search(q, { limit: 20 }).length; } catch { return 0; } };
  const lat = latency(queries, ask(index));
  const again = openStore(p.db, { readonly: true });
  const warm = warmFirst(queries, ask(await openSearchIndex(again, { indexPath: p.index })));
  again.close();
  return { loadMs, updateMs, updated: counts, latency: { ...lat, warm }, rssMb: rssMb(), heapMb: heapMb() };
}

function ftsQuery(dir: string, n: number): object {
  const p = paths(dir);
  const store = openStore(p.db, { readonly: true });
  const fts = new Database(p.fts);
  const t1 = performance.now();
  ftsPut(fts, getArticles(store, changedIds(n)), true);
  const updateMs = ms(t1);
  const queries = JSON.parse(readFileSync(p.queries, 'utf8')) as BenchQuery[];
  const ask = (c: Database.Database) => (q: string) => { const m = toFtsQuery(q); return m ? ftsSearch(c, m).length : 0; };
  const lat = latency(queries, ask(fts));
  const again = new Database(p.fts, { readonly: true });
  const warm = warmFirst(queries, ask(again));
  again.close();
  return { updateMs, latency: { ...lat, warm }, rssMb: rssMb(), heapMb: heapMb() };
}

async function main(): Promise<void> {
  const [step, dir, nText] = process.argv.slice(2);
  const n = Number(nText ?? 0);
  if (!dir) throw new Error('usage: search-worker <step> <dir> [n]');
  const steps: Record<string, () => object | Promise<object>> = {
    prepare: () => prepare(dir, n), 'kl-build': () => klBuild(dir), 'fts-build': () => ftsBuild(dir),
    'kl-query': () => klQuery(dir, n), 'fts-query': () => ftsQuery(dir, n),
  };
  const run = steps[step ?? ''];
  if (!run) throw new Error(`unknown step ${step}`);
  process.stdout.write(`${JSON.stringify(await run())}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
