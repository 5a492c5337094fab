/**
 * The term index of a MiniSearch loaded from an index file. MiniSearch keeps terms in a radix tree
 * (SearchableMap), which only prefix and fuzzy search need; building it for every term took 60 ms and
 * more on the first prefix or fuzzy query of a process (a misspelt or partly typed word is enough). This
 * answers exact lookups from a plain Map and prefix and fuzzy ones from the terms sorted once
 * (term-sorted.ts; index files list them sorted, so it is only checked), with the tree's answers. It
 * implements every `_index` member MiniSearch 7 uses (get, has, set, fetch, delete, size, atPrefix,
 * fuzzyGet, iteration); engine.ts checks the shape at runtime.
 */
import type { TermData } from './postings.js';
import { fuzzyRun, isSorted, lowerBound, mergeSorted, prefixRun, sortedTerms, type SortedTerms } from './term-sorted.js';

/** Fuzzy walks kept (term and distance); all are dropped when this many are held, or the term list changes. */
const FUZZY_KEPT = 1000;

/** The radix tree's surface that this stands in for. */
export interface TermTree {
  get(term: string): TermData | undefined;
  has(term: string): boolean;
  set(term: string, data: TermData): unknown;
  fetch(term: string, init: () => TermData): TermData;
  delete(term: string): unknown;
  readonly size: number;
  atPrefix(prefix: string): Iterable<[string, TermData]>;
  fuzzyGet(term: string, maxDistance: number): Map<string, [TermData, number]>;
  [Symbol.iterator](): Iterator<[string, TermData]>;
}

/**
 * Terms of an index file: each term's number in the file until its postings are first asked for (`at`
 * then makes them), so opening an index makes no per-term object.
 */
export interface TermSource {
  names: Map<string, TermData | number>;
  at(i: number): TermData;
}

/** Exact lookups from a Map; prefix and fuzzy ones from the sorted terms, made when first needed. */
export class LazyTermMap {
  readonly #map: Map<string, TermData | number>;
  readonly #at: (i: number) => TermData;
  /** The terms in code-unit order once a prefix or fuzzy lookup needed them; null until then. */
  #sorted: SortedTerms | null = null;
  /** Fuzzy walks' answers (indices into `#walkedFor`'s terms, with distances), kept while that list stands. */
  #walked = new Map<string, Array<[number, number]>>();
  #walkedFor: SortedTerms | null = null;
  /** Terms set since `#sorted` was made (merged in on the next lookup), and whether some were deleted. */
  #added: string[] = [];
  #deleted = false;

  constructor(source: TermSource) {
    this.#map = source.names;
    this.#at = source.at;
  }

  /** The postings of `term` in the map, made from the file on first use. */
  #fromMap(term: string): TermData | undefined {
    const value = this.#map.get(term);
    if (typeof value !== 'number') return value;
    const data = this.#at(value);
    this.#map.set(term, data);
    return data;
  }

  *#entries(): Generator<[string, TermData]> {
    for (const term of [...this.#map.keys()]) {
      const data = this.#fromMap(term);
      if (data) yield [term, data];
    }
  }

  /** The live terms sorted: made once (checked, sorted only if the file was not), then kept up to date. */
  #sortedNow(): SortedTerms {
    let sorted = this.#sorted;
    if (!sorted || this.#deleted || this.#added.length > 0) {
      let terms: string[];
      if (!sorted) {
        terms = [...this.#map.keys()];
        if (!isSorted(terms)) terms.sort();
      } else {
        const live = this.#deleted ? sorted.terms.filter((t) => this.#map.has(t)) : sorted.terms;
        const fresh = [...new Set(this.#added)].filter((t) => this.#map.has(t) && !hasSorted(live, t));
        terms = mergeSorted(live, fresh);
      }
      sorted = sortedTerms(terms);
    }
    this.#sorted = sorted;
    this.#added = [];
    this.#deleted = false;
    return sorted;
  }

  get(term: string): TermData | undefined { return this.#fromMap(term); }
  has(term: string): boolean { return this.#map.has(term); }
  get size(): number { return this.#map.size; }
  [Symbol.iterator](): Iterator<[string, TermData]> { return this.#entries(); }

  delete(term: string): void {
    if (this.#map.delete(term) && this.#sorted) this.#deleted = true;
  }

  set(term: string, data: TermData): this {
    if (this.#sorted && !this.#map.has(term)) this.#added.push(term);
    this.#map.set(term, data);
    return this;
  }

  fetch(term: string, init: () => TermData): TermData {
    let data = this.#fromMap(term);
    if (data === undefined) {
      data = init();
      this.set(term, data);
    }
    return data;
  }

  /** Terms starting with `prefix` (itself included), in the radix tree's order. */
  atPrefix(prefix: string): Iterable<[string, TermData]> {
    const { terms } = this.#sortedNow();
    return prefixRun(terms, prefix).map((i): [string, TermData] => {
      const term = terms[i] as string;
      return [term, this.#fromMap(term) as TermData];
    });
  }

  /** Terms within `maxDistance` edits of `term`, with their distance, in the radix tree's order. */
  fuzzyGet(term: string, maxDistance: number): Map<string, [TermData, number]> {
    const sorted = this.#sortedNow();
    // The walk's answer stands as long as the term list does: a reader's rare word comes back in query
    // after query (a misspelling, a name the library lacks), and each walk reads thousands of terms.
    if (this.#walkedFor !== sorted) {
      this.#walked.clear();
      this.#walkedFor = sorted;
    }
    const key = `${maxDistance}:${term}`;
    let found = this.#walked.get(key);
    if (!found) {
      if (this.#walked.size >= FUZZY_KEPT) this.#walked.clear();
      this.#walked.set(key, (found = fuzzyRun(sorted, term, maxDistance)));
    }
    const out = new Map<string, [TermData, number]>();
    for (const [i, distance] of found) {
      const found = sorted.terms[i] as string;
      out.set(found, [this.#fromMap(found) as TermData, distance]);
    }
    return out;
  }
}

/** Whether sorted `terms` holds `term`. */
function hasSorted(terms: readonly string[], term: string): boolean {
  return terms[lowerBound(terms, term, 0, terms.length)] === term;
}
