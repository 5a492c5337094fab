/**
 * `npm run bench:reliability`: the long random-kill loop of issue #6. Each iteration changes the sources
 * (server revisions, new and removed records, new import files), SIGKILLs a real `kratomlit` process
 * (ingest --full, import, index --rebuild, digest) at a random instant, re-runs the same command cleanly and
 * asks the convergence oracle (test/support/oracle.ts). Prints iterations, faults injected (kills that hit a
 * live process), records lost, duplicates, oracle failures and wall time; exits 1 when anything failed.
 *
 * Options: `--iterations N` (default 48, at least 40 for the README figure), `--seed S` (default 20261125).
 */
import { performance } from 'node:perf_hooks';
import { type KillOutcome, type KillTarget, createKillWorld } from '../test/support/cli.js';
import { seededRandom } from '../test/support/random.js';

const TARGETS: readonly KillTarget[] = ['ingest', 'import', 'index', 'digest'];

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`bench:reliability: ${name} must be a positive integer`);
  return v;
}

interface Tally {
  iterations: number;
  faults: number;
  lost: number;
  duplicates: number;
  oracleFailures: number;
  byTarget: Record<KillTarget, { iterations: number; kills: number; failures: number }>;
}

function record(t: Tally, o: KillOutcome): void {
  t.iterations += 1;
  t.faults += o.landed ? 1 : 0;
  t.lost += o.report.lost;
  t.duplicates += o.report.duplicates;
  const failed = o.report.problems.length > 0;
  t.oracleFailures += failed ? 1 : 0;
  const b = t.byTarget[o.target];
  b.iterations += 1;
  b.kills += o.landed ? 1 : 0;
  b.failures += failed ? 1 : 0;
  if (failed) process.stderr.write(`  ${o.target} killed at ${o.killedAtMs} ms: ${o.report.problems.slice(0, 3).join(' | ')}\n`);
}

async function main(): Promise<void> {
  const iterations = option('--iterations', 48);
  const seed = option('--seed', 20_261_125);
  const random = seededRandom(seed);
  const started = performance.now();
  const world = await createKillWorld(120);
  const byTarget = Object.fromEntries(TARGETS.map((t) => [t, { iterations: 0, kills: 0, failures: 0 }])) as Tally['byTarget'];
  const tally: Tally = { iterations: 0, faults: 0, lost: 0, duplicates: 0, oracleFailures: 0, byTarget };
  try {
    for (let i = 0; i < iterations; i++) {
      const target = TARGETS[i % TARGETS.length] as KillTarget;
      record(tally, await world.iterate(target, random));
      if ((i + 1) % 8 === 0) process.stderr.write(`  ${i + 1}/${iterations} iterations, ${tally.faults} kills landed\n`);
    }
  } finally {
    await world.close();
  }
  const wall = ((performance.now() - started) / 1000).toFixed(1);
  const lines = [
    `reliability: seed ${seed}`,
    `iterations:       ${tally.iterations}`,
    `faults injected:  ${tally.faults} (SIGKILL hit a live process; the rest ended before the instant drawn)`,
    ...TARGETS.map((t) => `  ${t.padEnd(7)} ${byTarget[t].iterations} iterations, ${byTarget[t].kills} kills, ${byTarget[t].failures} oracle failures`),
    `records lost:     ${tally.lost}`,
    `duplicates:       ${tally.duplicates}`,
    `oracle failures:  ${tally.oracleFailures}`,
    `wall time:        ${wall} s`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exitCode = tally.lost + tally.duplicates + tally.oracleFailures === 0 ? 0 : 1;
}

await main();
