/**
 * The second pass of ranking: lowering stem-only matches (stem-level.ts) and raising close ones
 * (proximity.ts), for the records that can still reach the page. Both read a record's phrase sequence,
 * which is the cost, so records are looked at best first and the pass stops as soon as no record left can
 * pass the `cap` best: a record's score after both is at most its score before times (1 + WEIGHT), so once
 * the `cap` best looked-at scores all exceed that bound for the next record, the rest cannot reach them.
 * The `cap` best are then exactly those an exhaustive pass (every record looked at) would find. Should the
 * pass stop at PROXIMITY.BUDGET records first (very common words), rank.ts makes candidates of every record
 * the bounds let reach the `cap` best and looks at each, so the page stays exact at a higher cost. Pure.
 */
import type { SequenceOf } from './engine.js';
import { PROXIMITY, recordCloseness, type HashedRun } from './proximity.js';
import type { PlanNode } from './query-plan.js';
import type { Compiled, LeafScores } from './score.js';
import { stemOnlyMask, treeValue, type SlotProbes } from './stem-level.js';

/** Per record (by index into the scores), what was learnt from its sequence: closeness, stem-only bits (-1: not looked at). */
export interface Looked { closeness: Float64Array; stemOnly: Int32Array; near: Uint8Array }

/** What adjusting a query's scores needs, worked out once per query. */
export interface Adjust {
  compiled: Compiled;
  root: PlanNode;
  docs: readonly number[];
  /** The root's score per short id, before prior and words matched (score.ts `evaluate`). */
  values: Float64Array;
  kept: LeafScores | null;
  probes: SlotProbes;
  runs: HashedRun[];
  seqs: SequenceOf;
}

/**
 * The value a full ascending sort would put at index `k` (quickselect, reorders `a`): linear instead of
 * n log n, which mattered once the rest is cut into score tiers, one cut per tier. Scores are finite.
 */
export function kthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = median3(a[lo] as number, a[(lo + hi) >>> 1] as number, a[hi] as number);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i += 1;
      while ((a[j] as number) > pivot) j -= 1;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i += 1;
        j -= 1;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k] as number;
  }
  return a[k] as number;
}

function median3(x: number, y: number, z: number): number {
  return x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
}

/**
 * Indices into `scores`, in rank order a tier at a time: each tier is the next best `size` scores (ties
 * included) in `order`'s order (the first `first`, each later one TIER_GROWTH times the one before), so a
 * stable sort of a tier by score and the tiers one after another give exactly a stable sort of the whole.
 * A tier is cut from the scores of the records still pending, so scores of records already yielded may change.
 */
export function* scoreTiers(scores: Float64Array, order: Int32Array, first: number): Generator<Int32Array> {
  const pending = order.slice();
  const values = new Float64Array(pending.length);
  let n = pending.length;
  for (let size = first; n > 0; size *= TIER_GROWTH) {
    if (n <= 2 * size) {
      yield pending.subarray(0, n);
      return;
    }
    for (let j = 0; j < n; j += 1) values[j] = scores[pending[j] as number] as number;
    const cut = kthSmallest(values.subarray(0, n), n - size);
    let inTier = 0;
    for (let j = 0; j < n; j += 1) if ((scores[pending[j] as number] as number) >= cut) inTier += 1;
    // Split in place, both sides keeping their order: the tier out, the rest compacted to the front.
    const tier = new Int32Array(inTier);
    let t = 0;
    let kept = 0;
    for (let j = 0; j < n; j += 1) {
      const i = pending[j] as number;
      if ((scores[i] as number) >= cut) tier[t++] = i;
      else pending[kept++] = i;
    }
    n = kept;
    yield tier;
  }
}

/** Each tier of the rest is this many times the one before. */
export const TIER_GROWTH = 4;

/** Lowers one record's score for the words it holds only in other forms of their stem (stem-level.ts), once. */
export function lookAtStems(q: Adjust, i: number, scores: Float64Array, looked: Looked): void {
  if ((looked.stemOnly[i] as number) !== -1) return;
  const doc = q.docs[i] as number;
  const stemOnly = stemOnlyMask(q.seqs(doc), q.probes);
  looked.stemOnly[i] = stemOnly;
  if (stemOnly === 0 || !q.kept) return;
  const before = q.values[doc] as number;
  const after = treeValue(q.compiled, q.root, doc, stemOnly, q.kept);
  if (before > 0 && after > 0) scores[i] = (scores[i] as number) * (after / before);
}

/** Its stem level, then its proximity raise (proximity.ts): each once per record. */
export function lookAt(q: Adjust, i: number, scores: Float64Array, looked: Looked): void {
  lookAtStems(q, i, scores, looked);
  if (looked.near[i] === 1 || q.runs.length === 0) return;
  looked.near[i] = 1;
  const c = recordCloseness(q.seqs(q.docs[i] as number), q.runs);
  looked.closeness[i] = c;
  scores[i] = (scores[i] as number) * (1 + PROXIMITY.WEIGHT * c);
}

/** The `size` largest values pushed so far (a binary min-heap): `min` is the `size`-th largest once full. */
class Largest {
  readonly #heap: Float64Array;
  #n = 0;

  constructor(size: number) {
    this.#heap = new Float64Array(size);
  }

  get full(): boolean { return this.#n === this.#heap.length; }
  get min(): number { return this.#heap[0] as number; }

  push(v: number): void {
    const h = this.#heap;
    if (!this.full) {
      let i = this.#n++;
      while (i > 0 && (h[(i - 1) >> 1] as number) > v) { h[i] = h[(i - 1) >> 1] as number; i = (i - 1) >> 1; }
      h[i] = v;
      return;
    }
    if (v <= (h[0] as number)) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const c = l + 1 < h.length && (h[l + 1] as number) < (h[l] as number) ? l + 1 : l;
      if ((h[c] as number) >= v) break;
      h[i] = h[c] as number;
      i = c;
    }
    h[i] = v;
  }
}

/**
 * Looks at the records `among` (indices into `scores`) in order of their score before this pass, best
 * first, until the `cap` best scores looked at all exceed what the next record could reach (its score
 * times `raise`), or PROXIMITY.BUDGET records were looked at. Tiers (scoreTiers) keep the ordering cheap:
 * the first tier, twice `cap`, is nearly always the last one needed. True when it stopped because no
 * record left could reach the `cap` best (or none was left): every record it did not look at then scores
 * below all of those `cap`, before and after being looked at.
 */
export function lookBestFirst(q: Adjust, scores: Float64Array, cap: number, looked: Looked, among: Int32Array): boolean {
  const raise = q.runs.length > 0 ? 1 + PROXIMITY.WEIGHT : 1;
  const best = new Largest(cap);
  let budget = PROXIMITY.BUDGET;
  for (const tier of scoreTiers(scores, among, 2 * cap)) {
    const sorted = Array.from(tier).sort((a, b) => (scores[b] as number) - (scores[a] as number));
    for (const i of sorted) {
      const before = scores[i] as number;
      if (before <= 0) continue;
      if (best.full && best.min > before * raise) return true;
      if (budget-- === 0) return false;
      lookAt(q, i, scores, looked);
      best.push(scores[i] as number);
    }
  }
  return true;
}

/** Nothing looked at yet, for `n` records. */
export function notLooked(q: Adjust, n: number): Looked {
  return { closeness: new Float64Array(n), stemOnly: new Int32Array(n).fill(q.probes.list.length > 0 ? -1 : 0), near: new Uint8Array(n) };
}

/**
 * Lowers stem-only matches, then raises close ones, in place: with `cap`, for the records that can still
 * reach the `cap` best (lookBestFirst); without (a filter or date order decides the page later), for the
 * PROXIMITY.BUDGET best. `exhaustive` looks at every record (the reference the bounded pass must agree
 * with, in tests). Records not looked at here are looked at when they become candidates (rank.ts).
 * `settled` is false when, with `cap`, PROXIMITY.BUDGET ran out before the `cap` best were settled: a
 * record not looked at may then still pass them (rank.ts then widens its cut by the bounds).
 */
export function adjust(q: Adjust, scores: Float64Array, cap: number | null, exhaustive = false): { looked: Looked; settled: boolean } {
  const n = scores.length;
  const looked = notLooked(q, n);
  if (q.probes.list.length === 0 && q.runs.length === 0) return { looked, settled: true };
  if (!exhaustive && cap !== null && n > 2 * cap) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i += 1) all[i] = i;
    return { looked, settled: lookBestFirst(q, scores, cap, looked, all) };
  }
  const horizon = exhaustive || n <= PROXIMITY.BUDGET ? -Infinity : kthSmallest(Float64Array.from(scores), n - PROXIMITY.BUDGET);
  for (let i = 0; i < n; i += 1) if ((scores[i] as number) > 0 && (scores[i] as number) >= horizon) lookAt(q, i, scores, looked);
  return { looked, settled: true };
}
