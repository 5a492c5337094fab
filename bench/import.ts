/**
 * `npm run bench:import [-- --sizes 10000,40000]`: import benchmark (issue #2).
 *
 * Generates files of realistic ~16 KB records (bench/gen-records.ts), imports each in a fresh process
 * (parse + normalize + store, the validating first pass included; parsing in the import's worker thread,
 * so peak RSS covers both threads) and prints records/s and peak RSS. Two sizes show whether memory stays
 * flat as the file grows; peak heap is the writer thread's alone. If NCBI's EDirect `xtract` is installed, it reads the
 * same file in the same run and the ratio is printed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { parseItems } from '../src/pubmed/normalize.js';
import { RecordSplitter } from '../src/pubmed/split.js';
import { generateRecordsXml } from './gen-records.js';

const here = dirname(fileURLToPath(import.meta.url));
const sizesArg = process.argv.indexOf('--sizes');
const sizes = (sizesArg > 0 ? process.argv[sizesArg + 1] ?? '' : '10000,40000').split(',').map(Number);
const dir = mkdtempSync(join(tmpdir(), 'kratomlit-bench-import-'));

async function writeFile(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  for (const chunk of generateRecordsXml(count, { seed: 7 })) {
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

function xtractMs(path: string): number | null {
  const which = spawnSync('sh', ['-c', 'command -v xtract']);
  if (which.status !== 0) return null;
  const t0 = process.hrtime.bigint();
  execFileSync('sh', ['-c', `xtract -input "${path}" -mixed -pattern PubmedArticle -element MedlineCitation/PMID ArticleTitle > /dev/null`]);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

console.log(`kratomlit import benchmark — node ${process.version}, ${new Date().toISOString()}`);
console.log('records | file MB | avg KB/rec | seconds | records/s | peak RSS MB | peak heap MB | xtract rec/s | ratio');
for (const n of sizes) {
  const file = join(dir, `bench-${n}.xml`);
  await writeFile(file, n);
  const bytes = statSync(file).size;
  const child = spawnSync(process.execPath, [join(here, 'import-worker.js'), file, join(dir, `bench-${n}.sqlite`)], { encoding: 'utf8' });
  if (child.status !== 0) {
    console.error(child.stderr);
    process.exit(1);
  }
  const r = JSON.parse(child.stdout.trim()) as { records: number; ms: number; recordsPerSec: number; maxRssMb: number; peakHeapMb: number; rejected: number };
  if (r.rejected > 0) console.error(`!! ${r.rejected} generated records were rejected`);
  const x = xtractMs(file);
  const xRate = x === null ? null : Math.round((n / x) * 1000);
  console.log(
    [n, (bytes / 1048576).toFixed(1), (bytes / n / 1024).toFixed(1), (r.ms / 1000).toFixed(2), r.recordsPerSec, r.maxRssMb, r.peakHeapMb, xRate ?? 'not installed', xRate ? (r.recordsPerSec / xRate).toFixed(2) : '-'].join(' | '),
  );
}
parserComparison();
rmSync(dir, { recursive: true, force: true });

/**
 * Why src/pubmed has its own record reader: on the same 3,000 records, per-record fast-xml-parser (options
 * chosen once, stopNodes for the subtrees kept raw) against our reader + normalizer, in this process.
 */
function parserComparison(): void {
  const records: string[] = [];
  for (const chunk of generateRecordsXml(3_000, { seed: 3 })) if (chunk.startsWith('<PubmedArticle>')) records.push(chunk);
  const fxp = new XMLParser({
    ignoreAttributes: false,
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: true,
    htmlEntities: false,
    stopNodes: ['*.ReferenceList', '*.ArticleTitle', '*.AbstractText'],
  });
  const splitter = new RecordSplitter({ source: 'bench' });
  const items = splitter.push(`<PubmedArticleSet>${records.join('')}</PubmedArticleSet>`);
  splitter.end();
  const rate = (fn: () => void) => {
    fn();
    const t0 = performance.now();
    fn();
    return Math.round((records.length / (performance.now() - t0)) * 1000);
  };
  const fxpRate = rate(() => {
    for (const r of records) fxp.parse(r);
  });
  const oursRate = rate(() => {
    for (let i = 0; i < items.length; i += 500) parseItems(items.slice(i, i + 500));
  });
  console.log(`\nparse only, same 3,000 records: fast-xml-parser (no normalizing, no validation) ${fxpRate} rec/s; kratomlit reader + normalizer ${oursRate} rec/s (${(oursRate / fxpRate).toFixed(1)}x)`);
}
