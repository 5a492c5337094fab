/**
 * Prefix and fuzzy lookups over a sorted list of index terms, in place of MiniSearch's radix tree
 * (SearchableMap). A sorted list is an implicit trie: the terms sharing a prefix are one contiguous run,
 * and within it they are grouped by their next character, so both lookups walk it as the tree would
 * without building ~20,000+ tree nodes first (that took 60 ms and more on the first prefix or fuzzy query
 * of a process). Sorting is by UTF-16 code unit (`Array.prototype.sort`), as the tree compares characters.
 *
 * The answers equal SearchableMap's for a tree filled in sorted order, terms, distances and order alike
 * (test/search/term-sorted.test.ts): `atPrefix` gives the terms in descending order (the tree iterates
 * each node's children last-inserted first), `fuzzyGet` in ascending order (it walks them first-inserted
 * first). Pure.
 */

/**
 * Sorted terms with their code units laid out in one array (`codes`, term `i` at `starts[i]` to
 * `starts[i + 1]`): the fuzzy walk reads a code unit per step of its binary searches, and reading it
 * from a typed array was several times faster than `charCodeAt` on strings the queries had already
 * used as object keys elsewhere.
 */
export interface SortedTerms { terms: readonly string[]; codes: Uint16Array; starts: Int32Array }

/** {@link SortedTerms} of `terms`, which must be sorted. */
export function sortedTerms(terms: readonly string[]): SortedTerms {
  const starts = new Int32Array(terms.length + 1);
  for (let i = 0; i < terms.length; i += 1) starts[i + 1] = (starts[i] as number) + (terms[i] as string).length;
  const codes = new Uint16Array(starts[terms.length] as number);
  for (let i = 0; i < terms.length; i += 1) {
    const t = terms[i] as string;
    const at = starts[i] as number;
    for (let k = 0; k < t.length; k += 1) codes[at + k] = t.charCodeAt(k);
  }
  return { terms, codes, starts };
}

/** Index of the first term in `terms[lo, hi)` that is not below `key` (terms sorted). */
export function lowerBound(terms: readonly string[], key: string, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((terms[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Indexes of the terms starting with `prefix` (the prefix itself included), in descending term order.
 * Terms starting with a prefix are one run of the sorted list, found by one binary search.
 */
export function prefixRun(terms: readonly string[], prefix: string): number[] {
  const out: number[] = [];
  for (let i = lowerBound(terms, prefix, 0, terms.length); i < terms.length && (terms[i] as string).startsWith(prefix); i += 1) out.push(i);
  return out.reverse();
}

/** End of the run of terms `[lo, hi)` whose code unit at `at` is `c` (all longer than `at`, sorted). */
function runEnd(t: SortedTerms, at: number, c: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((t.codes[(t.starts[mid] as number) + at] as number) <= c) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The Levenshtein walk's state: one matrix row per character of the term prefix being looked at. */
interface Walk { t: SortedTerms; query: Uint16Array; max: number; n: number; rows: number; matrix: Uint8Array; out: Array<[number, number]> }

/**
 * Fills row `i` for character `c` (as SearchableMap's fuzzy search does: only the band of cells within
 * `max` of the diagonal; cells outside keep `max + 1`) and returns the row's smallest value.
 */
function fillRow(w: Walk, i: number, c: number): number {
  const { matrix, n, max, query } = w;
  const row = n * i;
  const prev = row - n;
  let min = matrix[row] as number;
  const jmax = Math.min(n - 1, i + max);
  for (let j = Math.max(0, i - max - 1); j < jmax; j += 1) {
    const rpl = (matrix[prev + j] as number) + (c === query[j] ? 0 : 1);
    const del = (matrix[prev + j + 1] as number) + 1;
    const ins = (matrix[row + j] as number) + 1;
    const dist = Math.min(rpl, del, ins);
    matrix[row + j + 1] = dist;
    if (dist < min) min = dist;
  }
  return min;
}

/**
 * Visits the run `terms[lo, hi)`, whose terms share their first `len` code units (rows 0..len filled):
 * the term that is exactly that prefix first, then each group of the next code unit, in order. A group
 * is skipped once its row exceeds `max` everywhere (edits only add up), or when its terms would be longer
 * than the query plus `max` (none can be close enough).
 */
function walk(w: Walk, lo: number, hi: number, len: number): void {
  if (hi - lo === 1) return walkOne(w, lo, len);
  const { codes, starts } = w.t;
  let at = lo;
  if ((starts[at + 1] as number) - (starts[at] as number) === len) {
    const distance = w.matrix[len * w.n + w.n - 1] as number;
    if (distance <= w.max) w.out.push([at, distance]);
    at += 1;
  }
  if (len + 1 >= w.rows) return;
  while (at < hi) {
    const c = codes[(starts[at] as number) + len] as number;
    const end = codes[(starts[hi - 1] as number) + len] === c ? hi : runEnd(w.t, len, c, at + 1, hi - 1);
    if (fillRow(w, len + 1, c) <= w.max) walk(w, at, end, len + 1);
    at = end;
  }
}

/**
 * {@link walk} for a run of one term (the tree's compressed edge): its remaining rows in a loop, none
 * when its length alone puts it more than `max` edits away.
 */
function walkOne(w: Walk, at: number, len: number): void {
  const from = w.t.starts[at] as number;
  const length = (w.t.starts[at + 1] as number) - from;
  if (Math.abs(length - (w.n - 1)) > w.max) return;
  for (let i = len; i < length; i += 1) if (fillRow(w, i + 1, w.t.codes[from + i] as number) > w.max) return;
  const distance = w.matrix[length * w.n + w.n - 1] as number;
  if (distance <= w.max) w.out.push([at, distance]);
}

/** Indexes of the terms within `max` edits of `query` with their distance, in ascending term order. */
export function fuzzyRun(terms: SortedTerms, query: string, max: number): Array<[number, number]> {
  const n = query.length + 1;
  const rows = n + max;
  const matrix = new Uint8Array(rows * n).fill(max + 1);
  for (let j = 0; j < n; j += 1) matrix[j] = j;
  for (let i = 1; i < rows; i += 1) matrix[i * n] = i;
  // The query's code units in an array: read once per matrix cell, faster than charCodeAt on a string.
  const codes = new Uint16Array(query.length);
  for (let j = 0; j < query.length; j += 1) codes[j] = query.charCodeAt(j);
  const w: Walk = { t: terms, query: codes, max, n, rows, matrix, out: [] };
  if (terms.terms.length > 0) walk(w, 0, terms.terms.length, 0);
  return w.out;
}

/** Whether `terms` is strictly ascending (a list read from an index file written sorted). */
export function isSorted(terms: readonly string[]): boolean {
  for (let i = 1; i < terms.length; i += 1) if (!((terms[i - 1] as string) < (terms[i] as string))) return false;
  return true;
}

/** `base` (sorted) with `added` (any order, none in `base`) merged in: one pass, no full re-sort. */
export function mergeSorted(base: readonly string[], added: readonly string[]): string[] {
  const extra = [...added].sort();
  const out: string[] = new Array<string>(base.length + extra.length);
  let i = 0;
  let j = 0;
  for (let k = 0; k < out.length; k += 1) {
    out[k] = j >= extra.length || (i < base.length && (base[i] as string) < (extra[j] as string)) ? (base[i++] as string) : (extra[j++] as string);
  }
  return out;
}
