/**
 * Dense per-record arrays (one slot per short id) reused from one ranking to the next. score.ts evaluates
 * a query into such arrays, three per plan leaf plus copies for the stem level: allocated fresh they were
 * most of a query's garbage (about 2 MB for a synonym query at 10,000 records, ten times that at 100,000),
 * and their off-heap memory made the collector run full collections in the middle of queries.
 *
 * Lifetime: arrays handed out since the last {@link ScratchPool.reset} stay the caller's until the next
 * reset. rank.ts resets at the start of every ranking, so what a ranking keeps in these arrays (its lazy
 * rest of candidates) must be read before the next ranking on the same index starts; the search functions
 * read theirs at once. Pure.
 */

/** Arrays of each kind kept for reuse; a query needing more gets fresh ones that are not kept. */
const KEEP = 48;

/** A pool of zeroed Float64Array and Uint32Array of one length. */
export class ScratchPool {
  readonly #f64: Float64Array[] = [];
  readonly #u32: Uint32Array[] = [];
  #usedF64 = 0;
  #usedU32 = 0;

  /** Arrays of `length` slots. */
  constructor(readonly length: number) {}

  /** Makes every array handed out so far available again (their contents are then the next user's). */
  reset(): void {
    this.#usedF64 = 0;
    this.#usedU32 = 0;
  }

  /** A zeroed Float64Array of `length`, valid until the next reset. */
  f64(): Float64Array {
    return take(this.#f64, this.#usedF64++, () => new Float64Array(this.length));
  }

  /** A zeroed Uint32Array of `length`, valid until the next reset. */
  u32(): Uint32Array {
    return take(this.#u32, this.#usedU32++, () => new Uint32Array(this.length));
  }
}

function take<T extends Float64Array | Uint32Array>(kept: T[], at: number, make: () => T): T {
  const reused = kept[at];
  if (reused) return reused.fill(0) as T;
  const fresh = make();
  if (at < KEEP) kept[at] = fresh;
  return fresh;
}
