/**
 * `npm run bench:import [-- --sizes 10000,40000 --rounds 3 --base DIR]`: the import benchmark (issues
 * #2, #17).
 *
 * Builds a file of real-sized records (bench/real-corpus.ts: real PubMed records replicated under new PMIDs
 * when they are found, generated ones otherwise; the table names which) and times the whole `kratomlit
 * import FILE` process into a fresh library, end to end (node start-up, the validating pass, parse worker,
 * store, run ledger): records/s, CPU time (user + system, both threads) and peak RSS. In the same round it
 * times EDirect `xtract` reading the same file (when installed) and, when another built checkout is given
 * (`--base DIR` or `KRATOMLIT_BENCH_BASE`), that build's import of the same file, so the ratios hold on a
 * busy machine.
 * Each figure is the median of `--rounds` rounds (default 3), the builds taking turns.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCorpus } from './import-corpus.js';
import { corpusLabel } from './real-corpus.js';

const here = dirname(fileURLToPath(import.meta.url));
const ownBuild = resolve(here, '..');
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const sizes = (arg('--sizes') ?? '10000').split(',').map(Number);
const rounds = Math.max(1, Number(arg('--rounds') ?? '3'));
const baseRoot = arg('--base') ?? process.env.KRATOMLIT_BENCH_BASE;
const baseline = baseRoot ? join(baseRoot, 'dist') : '';
const builds: Array<[string, string]> = [['this build', ownBuild]];
if (baseline && existsSync(join(baseline, 'jobs', 'main.js')) && resolve(baseline) !== ownBuild) builds.push([`baseline ${baseline}`, resolve(baseline)]);
const dir = mkdtempSync(join(tmpdir(), 'kratomlit-bench-import-'));

interface Run {
  seconds: number;
  peakRssMb: number | null;
  /** User + system CPU seconds of the process (both threads): steadier than wall time on a busy machine. */
  cpuSeconds: number | null;
  records: number;
}

/** GNU time's peak RSS and CPU time of a child, when /usr/bin/time exists (else null). */
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** One whole `kratomlit import FILE` process of `build` into a fresh library. */
function importOnce(build: string, file: string, tag: string): Run {
  const db = join(dir, `${tag}.sqlite`);
  const rss = join(dir, `${tag}.rss`);
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const cli = [join(build, 'jobs', 'main.js'), 'import', '--json', file];
  const [cmd, args] = TIME ? [TIME, ['-f', '%M %U %S', '-o', rss, process.execPath, ...cli]] : [process.execPath, cli];
  const env = { ...process.env, KRATOMLIT_DB: db };
  const t0 = process.hrtime.bigint();
  // cwd: the temporary folder, so no kratomlit.config.json of the caller's folder applies.
  const child = spawnSync(cmd, args, { encoding: 'utf8', env, cwd: dir, maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (child.status !== 0) throw new Error(`bench: import by ${build} failed (${child.status}): ${child.stderr.slice(-2000)}`);
  const summary = JSON.parse(child.stdout) as { records: number; rejected: number };
  if (summary.rejected > 0) console.error(`!! ${summary.rejected} records rejected by ${build}`);
  const [kb, user, sys] = TIME ? (readFileSync(rss, 'utf8').trim().split('\n').at(-1) ?? '').split(' ').map(Number) : [];
  rmSync(db, { force: true });
  const peakRssMb = kb === undefined ? null : Math.round(kb / 1024);
  return { seconds, peakRssMb, cpuSeconds: user === undefined || sys === undefined ? null : user + sys, records: summary.records };
}

/** EDirect `xtract` reading the file (PMID, title, abstract of each record), or null when not installed. */
function xtractOnce(file: string): number | null {
  if (spawnSync('sh', ['-c', 'command -v xtract']).status !== 0) return null;
  const t0 = process.hrtime.bigint();
  const r = spawnSync('sh', ['-c', `xtract -input "${file}" -pattern PubmedArticle -element MedlineCitation/PMID ArticleTitle AbstractText 2>/dev/null > /dev/null`]);
  if (r.status !== 0) return null;
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

console.log(`kratomlit import benchmark — node ${process.version}, ${new Date().toISOString()}`);
console.log(`corpus: ${corpusLabel()}`);
console.log(`whole \`kratomlit import FILE\` process into a fresh library; median of ${rounds} rounds, builds and xtract taking turns`);
console.log('build | records | file MB | KB/rec | seconds | records/s | CPU s (both threads) | CPU ms/rec | peak RSS MB | xtract rec/s (same rounds) | vs xtract');
for (const n of sizes) {
  const file = join(dir, `corpus-${n}.xml`);
  await writeCorpus(file, n);
  const mb = statSync(file).size / 1048576;
  const runs = new Map<string, Run[]>(builds.map(([label]) => [label, []]));
  const xtract: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const [label, build] of r % 2 === 0 ? builds : [...builds].reverse()) runs.get(label)?.push(importOnce(build, file, `${n}-${r}`));
    const x = xtractOnce(file);
    if (x !== null) xtract.push(x);
  }
  const xRate = xtract.length > 0 ? n / median(xtract) : null;
  for (const [label] of builds) {
    const rs = runs.get(label) ?? [];
    const seconds = median(rs.map((x) => x.seconds));
    const rate = n / seconds;
    const rss = rs.every((x) => x.peakRssMb !== null) ? Math.max(...rs.map((x) => x.peakRssMb as number)) : '-';
    const cpu = rs.every((x) => x.cpuSeconds !== null) ? median(rs.map((x) => x.cpuSeconds as number)) : null;
    const cpuCells = cpu === null ? ['-', '-'] : [cpu.toFixed(2), ((cpu * 1000) / n).toFixed(3)];
    const cells = [label, n, mb.toFixed(1), ((mb * 1024) / n).toFixed(1), seconds.toFixed(2), Math.round(rate), ...cpuCells, rss];
    console.log([...cells, xRate === null ? 'not installed' : Math.round(xRate), xRate === null ? '-' : `${(rate / xRate).toFixed(2)}x`].join(' | '));
  }
}
rmSync(dir, { recursive: true, force: true });
