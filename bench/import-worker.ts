/**
 * One measured import in a fresh process (so peak RSS belongs to this import alone):
 * `node dist/bench/import-worker.js FILE DB [BATCH]` prints one JSON line with the figures.
 */
import { importFiles } from '../src/library/import-files.js';
import { openStore } from '../src/store/open.js';

const [file, dbPath, batch] = process.argv.slice(2);
if (!file || !dbPath) {
  process.stderr.write('usage: import-worker FILE DB [BATCH]\n');
  process.exit(2);
}
const db = openStore(dbPath);
let peakHeap = 0;
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}, 50);
const t0 = process.hrtime.bigint();
const r = await importFiles(db, [file], { now: () => new Date(), batchSize: batch ? Number(batch) : 2_000 });
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
clearInterval(sampler);
db.close();
process.stdout.write(
  `${JSON.stringify({
    records: r.summary.records,
    new: r.summary.new,
    rejected: r.summary.rejected,
    ms: Math.round(ms),
    recordsPerSec: Math.round((r.summary.records / ms) * 1000),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    peakHeapMb: Math.round(peakHeap / 1048576),
  })}\n`,
);
