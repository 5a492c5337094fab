/**
 * `npm run bench:search-busy [-- --base 5000 --import 30000]`: how long a CLI search takes while a big
 * import writes to the same library, against the same search on an idle machine. A library of `base`
 * records gets a published index; then `import` new records (~16 KB each, bench/gen-records.ts) are
 * imported by one process while fresh `kratomlit search` processes run back to back. Each search must
 * exit 0 and print hits (a search that fails fast cannot look fast). Runs by hand; not part of `npm test`.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateRecordsXml } from './gen-records.js';

const cli = fileURLToPath(new URL('../jobs/main.js', import.meta.url));

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function writeFile(path: string, count: number, startPmid: number): Promise<void> {
  const out = createWriteStream(path);
  for (const chunk of generateRecordsXml(count, { seed: startPmid, startPmid })) {
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
}

/** One fresh search process, as a user runs it; wall time in ms, and whether it answered with hits. */
function search(db: string): { ms: number; ok: boolean; stderr: string } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [cli, '--db', db, 'search', 'mitragyna speciosa', '--limit', '5', '--json'], { encoding: 'utf8' });
  const ms = performance.now() - t;
  const ok = r.status === 0 && (JSON.parse(r.stdout || '[]') as unknown[]).length > 0;
  return { ms, ok, stderr: r.stderr };
}

function summary(times: number[]): string {
  const s = [...times].sort((a, b) => a - b);
  const at = (q: number) => Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0);
  return `n=${s.length} p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${Math.round(s.at(-1) ?? 0)} ms`;
}

function run(args: string[]): void {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kratomlit ${args.join(' ')} failed: ${r.stderr}`);
}

const base = arg('base', 5000);
const big = arg('import', 30000);
const dir = mkdtempSync(join(tmpdir(), 'kl-busy-'));
const db = join(dir, 'lib.sqlite');
console.log(`kratomlit search-while-importing benchmark — node ${process.version}, ${cpus().length} cores, load ${loadavg()[0]?.toFixed(1)}`);
try {
  await writeFile(join(dir, 'base.xml'), base, 20_000_000);
  await writeFile(join(dir, 'big.xml'), big, 30_000_000);
  run(['--db', db, '-q', 'import', join(dir, 'base.xml')]);
  run(['--db', db, '-q', 'index', '--rebuild']);
  const idle = Array.from({ length: 5 }, () => search(db));
  const importer: ChildProcess = spawn(process.execPath, [cli, '--db', db, '-q', 'import', join(dir, 'big.xml')], { stdio: 'ignore' });
  let importDone = false;
  const ended = new Promise<number | null>((r) => importer.on('exit', (code) => { importDone = true; r(code); }));
  const t0 = performance.now();
  const busy: Array<ReturnType<typeof search>> = [];
  while (!importDone) {
    busy.push(search(db));
    // spawnSync blocks the event loop: yield so the importer's exit event can arrive.
    await new Promise((r) => setImmediate(r));
  }
  const code = await ended;
  const importMs = performance.now() - t0;
  const after = Array.from({ length: 5 }, () => search(db));
  const failed = [...idle, ...busy, ...after].filter((r) => !r.ok).length;
  console.log(`library: ${base} records, then an import of ${big} records (exit ${code}, ${(importMs / 1000).toFixed(1)} s)`);
  console.log(`search idle (before):        ${summary(idle.map((r) => r.ms))}`);
  console.log(`search during the import:    ${summary(busy.map((r) => r.ms))}`);
  console.log(`search after (catching up):  ${summary(after.map((r) => r.ms))}`);
  console.log(`searches that failed or found nothing: ${failed}`);
  if (failed > 0) console.log(busy.find((r) => !r.ok)?.stderr ?? '');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
