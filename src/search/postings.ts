/**
 * Flat posting encoding for the index file, and the lazily decoded per-term map that lets a process answer
 * its first query without decoding every posting. Encoding of one term:
 *   nFields, then per field: fieldId, count, count x (shortId, termFrequency)     (all u32)
 */

/** Per-term postings: field id -> (short document id -> term frequency), MiniSearch's own shape. */
export type TermData = Map<number, Map<number, number>>;

/**
 * A term's postings that decode themselves from the file's words on first use. It is a real Map: every
 * read or write (get, set, has, delete, iteration, size) decodes first, so MiniSearch's search, add,
 * discard and vacuum see ordinary Map semantics. The words come from `fetch` (a view of an index being
 * built, or a checked read of the index file, which may throw when the file is damaged), called once.
 */
export class LazyTermData extends Map<number, Map<number, number>> {
  #fetch: (() => Uint32Array) | null;
  #words: Uint32Array | null = null;

  constructor(fetch: () => Uint32Array) {
    super();
    this.#fetch = fetch;
  }

  /** The still-encoded words, or null once decoded (then the Map content is authoritative). */
  raw(): Uint32Array | null {
    if (this.#fetch) {
      this.#words = this.#fetch();
      this.#fetch = null;
    }
    return this.#words;
  }

  #load(): void {
    const src = this.raw();
    if (!src) return;
    this.#words = null;
    let p = 0;
    const fields = src[p++] as number;
    for (let f = 0; f < fields; f += 1) {
      const fieldId = src[p++] as number;
      const count = src[p++] as number;
      const docs = new Map<number, number>();
      for (let i = 0; i < count; i += 1, p += 2) docs.set(src[p] as number, src[p + 1] as number);
      super.set(fieldId, docs);
    }
  }

  override get(key: number): Map<number, number> | undefined { this.#load(); return super.get(key); }
  override set(key: number, value: Map<number, number>): this { this.#load(); return super.set(key, value); }
  override has(key: number): boolean { this.#load(); return super.has(key); }
  override delete(key: number): boolean { this.#load(); return super.delete(key); }
  override clear(): void { this.#fetch = null; this.#words = null; super.clear(); }
  override get size(): number { this.#load(); return super.size; }
  override keys(): MapIterator<number> { this.#load(); return super.keys(); }
  override values(): MapIterator<Map<number, number>> { this.#load(); return super.values(); }
  override entries(): MapIterator<[number, Map<number, number>]> { this.#load(); return super.entries(); }
  override [Symbol.iterator](): MapIterator<[number, Map<number, number>]> { this.#load(); return super[Symbol.iterator](); }
  override forEach(cb: (v: Map<number, number>, k: number, m: Map<number, Map<number, number>>) => void, thisArg?: unknown): void {
    this.#load();
    super.forEach(cb, thisArg);
  }
}

/** Growable Uint32 buffer (a JS number[] of 50M postings would need gigabytes). */
export class U32Builder {
  #buf = new Uint32Array(1 << 16);
  length = 0;

  push(v: number): void {
    if (this.length === this.#buf.length) {
      const next = new Uint32Array(this.#buf.length * 2);
      next.set(this.#buf);
      this.#buf = next;
    }
    this.#buf[this.length++] = v;
  }

  append(words: Uint32Array): void {
    for (let i = 0; i < words.length; i += 1) this.push(words[i] as number);
  }

  view(): Uint32Array {
    return this.#buf.subarray(0, this.length);
  }
}

/** Appends one term's postings; undecoded lazy postings are copied as they are. */
export function encodeTermData(out: U32Builder, data: TermData): void {
  const raw = data instanceof LazyTermData ? data.raw() : null;
  if (raw) {
    out.append(raw);
    return;
  }
  out.push(data.size);
  for (const [fieldId, docs] of data) {
    out.push(fieldId);
    out.push(docs.size);
    for (const [shortId, tf] of docs) {
      out.push(shortId);
      out.push(tf);
    }
  }
}
