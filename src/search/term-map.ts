/**
 * The term index of a MiniSearch loaded from an index file. MiniSearch keeps terms in a radix tree
 * (SearchableMap), which only prefix and fuzzy search need; inserting every term into it was a fifth of
 * opening a 10,000-record index, and most processes (a CLI search for known words) never expand a
 * prefix. This answers exact lookups from a plain Map and builds the tree on the first prefix or fuzzy
 * lookup. It implements every `_index` member MiniSearch 7 uses (get, has, set, fetch, delete, size,
 * atPrefix, fuzzyGet, iteration); engine.ts checks the shape at runtime.
 */
import type { TermData } from './postings.js';

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

/** Exact lookups from a Map until a prefix or fuzzy lookup needs the tree (made by `makeTree`). */
export class LazyTermMap {
  #map: Map<string, TermData | number> | null;
  readonly #at: (i: number) => TermData;
  #tree: TermTree | null = null;
  readonly #makeTree: () => TermTree;

  constructor(source: TermSource, makeTree: () => TermTree) {
    this.#map = source.names;
    this.#at = source.at;
    this.#makeTree = makeTree;
  }

  /** The postings of `term` in the map, made from the file on first use. */
  #fromMap(term: string): TermData | undefined {
    const value = this.#map?.get(term);
    if (typeof value !== 'number') return value;
    const data = this.#at(value);
    this.#map?.set(term, data);
    return data;
  }

  *#entries(): Generator<[string, TermData]> {
    for (const term of [...(this.#map?.keys() ?? [])]) {
      const data = this.#fromMap(term);
      if (data) yield [term, data];
    }
  }

  #treeNow(): TermTree {
    if (!this.#tree) {
      const tree = this.#makeTree();
      for (const [term, data] of this.#entries()) tree.set(term, data);
      this.#tree = tree;
      this.#map = null;
    }
    return this.#tree;
  }

  get(term: string): TermData | undefined { return this.#tree ? this.#tree.get(term) : this.#fromMap(term); }
  has(term: string): boolean { return this.#tree ? this.#tree.has(term) : (this.#map?.has(term) ?? false); }
  delete(term: string): void { if (this.#tree) this.#tree.delete(term); else this.#map?.delete(term); }
  get size(): number { return this.#tree ? this.#tree.size : (this.#map?.size ?? 0); }
  atPrefix(prefix: string): Iterable<[string, TermData]> { return this.#treeNow().atPrefix(prefix); }
  fuzzyGet(term: string, maxDistance: number): Map<string, [TermData, number]> { return this.#treeNow().fuzzyGet(term, maxDistance); }
  [Symbol.iterator](): Iterator<[string, TermData]> { return this.#tree ? this.#tree[Symbol.iterator]() : this.#entries(); }

  set(term: string, data: TermData): this {
    if (this.#tree) this.#tree.set(term, data);
    else this.#map?.set(term, data);
    return this;
  }

  fetch(term: string, init: () => TermData): TermData {
    if (this.#tree) return this.#tree.fetch(term, init);
    let data = this.#fromMap(term);
    if (data === undefined) {
      data = init();
      this.#map?.set(term, data);
    }
    return data;
  }
}
