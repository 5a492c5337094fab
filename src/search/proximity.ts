/**
 * Proximity: a reader who types two words next to each other means them together. For every unquoted run
 * of two or more words (query-plan.ts `NearRun`), each pair of neighbouring query words is scored by how
 * close the two come in any one field of a record: adjacent in the typed order (or separated by exactly
 * the stop words typed between them) 1, adjacent reversed REVERSED, within WINDOW more words WINDOWED
 * times that, farther apart 0. A record's closeness is the mean over the pairs of the best field, and the
 * best run, in [0, 1]; its score is raised by `WEIGHT x closeness` of itself.
 *
 * Positions come from the phrase sequences (phrase-index.ts: per record, the 16-bit hashes of its folded
 * and stemmed word parts, fields separated by 0; any form of a word counts), so no record is read from the store. A hash collision can
 * only make two words look close (1 in 4,096 per word). Pure.
 */
import type { NearRun } from './query-plan.js';
import { hashOf, partHash, stopTable } from './phrase-index.js';

/**
 * The proximity constants. WEIGHT was tried from 0.5 to 16 on the judged set of `npm run bench:search`
 * (nDCG@10 within 0.002 across the range): 1 (at most doubling a score) is the gentlest value that orders
 * adjacent > near > far in test/search/ranking.test.ts. The step values follow the order: in order
 * before reversed, adjacent before near; see docs/search.md.
 */
export const PROXIMITY = {
  /** Largest relative raise, for a record where every pair of query words is adjacent and in order. */
  WEIGHT: 1,
  /** Adjacent but in the other order counts this much of adjacent in order. */
  REVERSED: 0.6,
  /** Extra words allowed between two query words for them to count as near. */
  WINDOW: 4,
  /** Near (within WINDOW) counts this much of adjacent. */
  WINDOWED: 0.5,
  /**
   * Most records whose closeness is computed best first per query. Only records whose score could still
   * reach the page once raised are looked at (rank.ts); when this many did not settle the page, those the
   * bounds let reach it are looked at in one go instead (about 0.5 ms per 1,000 records of real-sized
   * abstracts).
   */
  BUDGET: 3000,
} as const;

/** A run ready for scanning: part hashes, the gap each neighbouring pair has in the query, scratch space. */
export interface HashedRun {
  hashes: number[];
  gaps: number[];
  best: Float64Array;
  last: Int32Array;
  /** The run's hashes and the field break ({@link stopTable}). */
  stops: Uint8Array;
}

/** Hashes the runs of a plan once per query. */
export function hashRuns(runs: readonly NearRun[]): HashedRun[] {
  return runs.map((r) => {
    const hashes = r.parts.map(partHash);
    return {
      hashes,
      gaps: r.offsets.slice(1).map((o, i) => o - (r.offsets[i] as number)),
      best: new Float64Array(r.parts.length - 1),
      last: new Int32Array(r.parts.length),
      stops: stopTable(hashes),
    };
  });
}

/** How close two query words `d` positions apart are, when `gap` apart in the query. */
function closeness(d: number, gap: number, inOrder: boolean): number {
  const near = d <= gap ? 1 : d <= gap + PROXIMITY.WINDOW ? PROXIMITY.WINDOWED : 0;
  return inOrder ? near : near * PROXIMITY.REVERSED;
}

/**
 * Per pair of neighbouring words of `run`, the best closeness in any one field of `seq` (filled into
 * `best`, which has one slot per pair). One pass over the sequence; `last` is scratch space.
 */
export function pairCloseness(seq: Uint16Array, run: HashedRun, best: Float64Array, last: Int32Array): void {
  const { hashes, gaps, stops } = run;
  best.fill(0);
  last.fill(-1);
  for (let p = 0; p < seq.length; p += 1) {
    const h = hashOf(seq[p] as number); // the stem hash: any form of a query word counts for proximity
    if (stops[h] === 0) continue;
    if (h === 0) {
      last.fill(-1); // a field break: words in different fields are never near
      continue;
    }
    for (let k = 0; k < hashes.length; k += 1) {
      if (hashes[k] !== h) continue;
      const before = k > 0 ? (last[k - 1] as number) : -1;
      if (before >= 0) best[k - 1] = Math.max(best[k - 1] as number, closeness(p - before, gaps[k - 1] as number, true));
      const after = k + 1 < hashes.length ? (last[k + 1] as number) : -1;
      if (after >= 0) best[k] = Math.max(best[k] as number, closeness(p - after, 1, false));
      last[k] = p;
    }
  }
}

/** Closeness of a record (its sequence) to the query's runs: the best run's mean pair closeness, 0..1. */
export function recordCloseness(seq: Uint16Array | undefined, runs: readonly HashedRun[]): number {
  if (!seq) return 0;
  let out = 0;
  for (const run of runs) {
    const pairs = run.hashes.length - 1;
    pairCloseness(seq, run, run.best, run.last);
    let sum = 0;
    for (let i = 0; i < pairs; i += 1) sum += run.best[i] as number;
    out = Math.max(out, sum / pairs);
  }
  return out;
}
