/**
 * `node dist/bench/import-stages.js [--count 10000]`: where an import's time goes, one stage at a time
 * (issue #17: "measure each side alone"). The same real-sized corpus as bench/import.ts, every stage run
 * over all records on this one thread with the production functions, timed in CPU milliseconds per
 * record (user + system of this process, so other processes on a busy machine inflate it less than wall
 * time). The stages are grouped by the thread that runs them in a real import: the parse worker
 * (read, split, parse, normalize, prepare) and the writer (hash, deflate, SQLite). With both threads
 * fully overlapped, an import's floor is the larger of the two sums plus start-up and the validating
 * pass; the sum of both is the CPU an import needs on any number of cores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { hash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { WRITER_CLASSIFIES_EVERY } from '../src/import-parse-worker.js';
import { classifyByRules } from '../src/evidence/classify.js';
import { parseItems, type ParsedArticle } from '../src/pubmed/normalize.js';
import { countPubmedRecords, readPubmedFile } from '../src/pubmed/read-file.js';
import type { SplitItem } from '../src/pubmed/split.js';
import { articleColumns, recordJson } from '../src/store/article-rows.js';
import { beginWriteBatch, closeStore, openStore } from '../src/store/open.js';
import { upsertPrepared, type PreparedRow } from '../src/store/upsert.js';
import { writeCorpus } from './import-corpus.js';
import { corpusLabel } from './real-corpus.js';

const i = process.argv.indexOf('--count');
const count = i > 0 ? Number(process.argv[i + 1]) : 10_000;
const dir = mkdtempSync(join(tmpdir(), 'kratomlit-bench-stages-'));
const rows: Array<[thread: string, stage: string, ms: number]> = [];

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Runs `fn` once, recording its CPU time as `stage` of `thread`. */
async function stage<T>(thread: string, name: string, fn: () => T | Promise<T>): Promise<T> {
  const t0 = cpuMs();
  const value = await fn();
  rows.push([thread, name, cpuMs() - t0]);
  return value;
}

async function readAll(path: string): Promise<SplitItem[]> {
  const items: SplitItem[] = [];
  for await (const batch of readPubmedFile(path, { batchSize: 50 })) items.push(...batch);
  return items;
}

/** The SQLite part of the writer: prepared rows (deflated beforehand) stored in 2,000-record transactions. */
function storeAll(prepared: PreparedRow[]): void {
  const db = openStore(join(dir, 'stages.sqlite'));
  const now = new Date();
  for (let at = 0; at < prepared.length; at += 2_000) {
    const tx = beginWriteBatch(db, { foreignKeys: false });
    for (let s = at; s < Math.min(at + 2_000, prepared.length); s += 50) upsertPrepared(db, prepared.slice(s, s + 50), { source: 'import', now });
    tx.commit();
  }
  closeStore(db);
}

const file = join(dir, 'corpus.xml');
await writeCorpus(file, count);
await stage('writer', 'validating pass (count the records)', () => countPubmedRecords(file));
const items = await stage('worker', 'read + split (bytes, one UTF-8 decode per record)', () => readAll(file));
const parsed: ParsedArticle[] = await stage('worker', 'parse + normalize', () => parseItems(items).articles);
const jsons = await stage('worker', 'record JSON', () => parsed.map((p) => recordJson(p.article)));
const columns = await stage('worker', 'column values', () => parsed.map((p) => Object.values(articleColumns(p.article))));
const evidence = await stage('worker', 'evidence rules (all records)', () => parsed.map((p) => classifyByRules(p.article)));
await stage('writer', 'sha1 of the record JSON', () => jsons.map((j) => hash('sha1', j)));
const raws = await stage('writer', 'deflate raw XML (level 1)', () => parsed.map((p) => deflateRawSync(p.bytes ?? p.raw, { level: 1 })));
const prepared = parsed.map((_, n): PreparedRow => ({ columns: columns[n] ?? [], json: jsons[n] ?? '', raw: raws[n] ?? Buffer.alloc(0), rawDeflated: true, evidence: evidence[n] }));
await stage('writer', 'SQLite: upsert + evidence rows + commits + close', () => storeAll(prepared));
rmSync(dir, { recursive: true, force: true });

console.log(`import stages — node ${process.version}, ${new Date().toISOString()}`);
console.log(`corpus: ${corpusLabel()}; ${parsed.length} records stored`);
console.log(`CPU ms per record, one thread; in an import the writer also classifies one record in ${WRITER_CLASSIFIES_EVERY} (parsing its JSON for it)`);
console.log('thread | stage | CPU ms total | CPU ms/record');
for (const thread of ['worker', 'writer']) {
  let sum = 0;
  for (const [t, name, ms] of rows.filter(([t]) => t === thread)) {
    sum += ms;
    console.log(`${t} | ${name} | ${ms.toFixed(0)} | ${(ms / count).toFixed(3)}`);
  }
  console.log(`${thread} | **sum** | ${sum.toFixed(0)} | ${(sum / count).toFixed(3)}`);
}
