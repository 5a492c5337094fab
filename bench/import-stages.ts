/**
 * `node dist/bench/import-stages.js [--count 10000]`: where an import's time goes, one stage at a time
 * (issue #17: "measure each side alone"). The same real-sized corpus as bench/import.ts, streamed in
 * slices of 50 records as the parse worker reads it, every stage of a slice run in turn on this one thread
 * with the production functions, timed in CPU milliseconds per record (user + system of this process, so other processes on a busy machine inflate it less than wall
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

/** Adds the CPU time of `fn` to `stage` of `thread` (created in first-call order). */
function timed<T>(thread: string, name: string, fn: () => T): T {
  const t0 = cpuMs();
  const value = fn();
  add(thread, name, cpuMs() - t0);
  return value;
}

function add(thread: string, name: string, ms: number): void {
  const row = rows.find(([t, n]) => t === thread && n === name);
  if (row) row[2] += ms;
  else rows.push([thread, name, ms]);
}

const file = join(dir, 'corpus.xml');
await writeCorpus(file, count);
await stage('writer', 'validating pass (count the records)', () => countPubmedRecords(file));
// Streamed as an import streams it: slices of 50 records, each slice's stages run in turn and then
// dropped, so no stage pays for a heap holding the whole corpus (holding every record between stages
// tripled the read and parse figures: the collector kept walking 10,000 live records).
const db = openStore(join(dir, 'stages.sqlite'));
const now = new Date();
const slices = readPubmedFile(file, { batchSize: 50 });
let stored = 0;
let tx = beginWriteBatch(db, { foreignKeys: false });
for (;;) {
  const t0 = cpuMs();
  const next = await slices.next();
  add('worker', 'read + split (bytes, one UTF-8 decode per record)', cpuMs() - t0);
  if (next.done) break;
  const parsed: ParsedArticle[] = timed('worker', 'parse + normalize', () => parseItems(next.value).articles);
  const jsons = timed('worker', 'record JSON', () => parsed.map((p) => recordJson(p.article)));
  const columns = timed('worker', 'column values', () => parsed.map((p) => Object.values(articleColumns(p.article))));
  const evidence = timed('worker', 'evidence rules (all records)', () => parsed.map((p) => classifyByRules(p.article)));
  timed('writer', 'sha1 of the record JSON', () => jsons.map((j) => hash('sha1', j)));
  const raws = timed('writer', 'deflate raw XML (level 1)', () => parsed.map((p) => deflateRawSync(p.bytes ?? p.raw, { level: 1 })));
  const prepared = parsed.map((_, n): PreparedRow => ({ columns: columns[n] ?? [], json: jsons[n] ?? '', raw: raws[n] ?? Buffer.alloc(0), rawDeflated: true, evidence: evidence[n] }));
  timed('writer', 'SQLite: upsert + evidence rows + commits + close', () => {
    upsertPrepared(db, prepared, { source: 'import', now });
    stored += prepared.length;
    if (stored % 2_000 === 0) {
      tx.commit();
      tx = beginWriteBatch(db, { foreignKeys: false });
    }
  });
}
timed('writer', 'SQLite: upsert + evidence rows + commits + close', () => {
  tx.commit();
  closeStore(db);
});
rmSync(dir, { recursive: true, force: true });

console.log(`import stages — node ${process.version}, ${new Date().toISOString()}`);
console.log(`corpus: ${corpusLabel()}; ${stored} records stored, streamed in slices of 50 as the parse worker reads them`);
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
