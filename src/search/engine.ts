/**
 * The search engine: the one module that knows MiniSearch 7's private members. Query (query.ts, match.ts),
 * ranking (score.ts, rank.ts, explain.ts) and persistence (persist.ts, persist-read.ts) use the small
 * interface of {@link SearchEngine}; none of them sees the MiniSearch instance.
 *
 * Why the private members at all: `search()` builds a result object (stored fields copied in) for every
 * match and sorts them all, 2 of its 3 ms for a common word at 3,000 records, so score.ts ranks the raw
 * postings itself and builds only the page; and the public `toJSON`/`loadJS` pair builds a full object
 * graph of every posting (1.4 s to load a 10,000-record index, 11 s at 100,000: docs/pitfalls.md), so the
 * index file holds flat postings that are installed lazily. Every member is checked at runtime
 * ({@link internals}), and test/search/engine-pin.test.ts pins the version and the behaviour relied on,
 * so a MiniSearch upgrade fails loudly, naming what changed, instead of returning wrong results.
 */
import MiniSearch, { type Options, type Query, type SearchOptions } from 'minisearch';
import { AppError } from '../errors.js';
import type { IndexDoc, StoredDoc } from './documents.js';
import { LazyTermData, type TermData } from './postings.js';
import { ScratchPool } from './scratch.js';
import { LazyTermMap, type TermSource, type TermTree } from './term-map.js';

/** The MiniSearch version whose private members this module reads (package.json pins it exactly). */
export const MINISEARCH_VERSION = '7.2.0';

export type { TermData } from './postings.js';

/** One raw match before MiniSearch turns it into a result object: score and the query terms it matched. */
export interface RawMatch {
  score: number;
  /** Query terms (as planned) that matched. */
  terms: string[];
  /** Index term actually matched (prefix/fuzzy expansions included) -> field names. */
  match: Record<string, string[]>;
}

/** @internal The private state of a MiniSearch instance that the engine reads and restores. */
export interface MiniInternals {
  executeQuery(query: Query, options?: SearchOptions): Map<number, RawMatch>;
  _index: TermTree;
  _documentIds: Map<number, string>;
  _idToShortId: Map<string, number>;
  _fieldLength: Map<number, number[]>;
  _storedFields: Map<number, Record<string, unknown>>;
  _documentCount: number;
  _nextId: number;
  _fieldIds: Record<string, number>;
  _avgFieldLength: number[];
  _dirtCount: number;
}

const MAPS = ['_documentIds', '_idToShortId', '_fieldLength', '_storedFields'] as const;
const NUMBERS = ['_documentCount', '_nextId', '_dirtCount'] as const;
const INDEX_METHODS = ['get', 'has', 'set', 'fetch', 'delete', 'atPrefix', 'fuzzyGet'] as const;

/** @internal Names of the private members `mini` lacks or has in another shape (empty when all fit). */
export function missingInternals(mini: object): string[] {
  const m = mini as Record<string, unknown>;
  const index = m['_index'] as Record<string, unknown> | undefined;
  return [
    ...MAPS.filter((k) => !(m[k] instanceof Map)),
    ...NUMBERS.filter((k) => typeof m[k] !== 'number'),
    ...INDEX_METHODS.filter((k) => typeof index?.[k] !== 'function').map((k) => `_index.${k}`),
    ...(typeof m['executeQuery'] === 'function' ? [] : ['executeQuery']),
    ...(Array.isArray(m['_avgFieldLength']) ? [] : ['_avgFieldLength']),
    ...(m['_fieldIds'] && typeof m['_fieldIds'] === 'object' ? [] : ['_fieldIds']),
  ];
}

/** Typed access to the private state, after checking it has the expected shape. */
function internals(mini: MiniSearch<IndexDoc>): MiniInternals {
  const problems = missingInternals(mini);
  if (problems.length > 0) {
    throw new AppError('INDEX_INTERNALS', `search: unsupported MiniSearch version (missing ${problems.join(', ')})`);
  }
  return mini as unknown as MiniInternals;
}

/** {@link SearchEngine.docFrequency} over encoded postings (postings.ts layout). */
function rawFrequency(raw: Uint32Array): number {
  let sum = 0;
  let p = 1;
  for (let f = 0; f < (raw[0] as number); f += 1) {
    const count = raw[p + 1] as number;
    sum += count;
    p += 2 + 2 * count;
  }
  if (sum > 100) return sum;
  const ids = new Set<number>();
  p = 1;
  for (let f = 0; f < (raw[0] as number); f += 1) {
    const count = raw[p + 1] as number;
    for (let i = 0; i < count; i += 1) ids.add(raw[p + 2 + 2 * i] as number);
    p += 2 + 2 * count;
  }
  return ids.size;
}

/** Per-record tables, rebuilt whenever the record set changed (every add/discard moves nextId or count). */
export interface DocTables { nextId: number; count: number; alive: Uint8Array; lengths: Float64Array; prior: Float64Array; nFields: number }

/** Index-wide numbers the file stores and restores as they are. */
export interface EngineMeta {
  documentCount: number;
  nextId: number;
  fieldIds: Record<string, number>;
  averageFieldLength: number[];
  dirtCount: number;
}

/**
 * Every live record by row (insertion order): short ids, PMIDs, field lengths (nFields per row), ranking
 * priors, and stored fields, which a file-backed source decodes one row at a time when asked.
 */
export interface EngineDocs {
  shortIds: Uint32Array;
  pmids: string[];
  fieldLength: Uint32Array;
  priors: Float64Array;
  stored(row: number): Record<string, unknown> | null;
}

/** The prior a record's stored fields give (1 when absent), as score.ts multiplies it in. */
export function priorOf(stored: Record<string, unknown> | null | undefined): number {
  const prior = stored?.['prior'];
  return typeof prior === 'number' && prior ? prior : 1;
}

/**
 * What an index file restores: meta, records, terms with their postings made on demand, and each
 * record's phrase sequence (by row, as `docs`), loaded when a query first needs them (one word never does).
 */
export interface EngineParts {
  meta: EngineMeta;
  docs: EngineDocs;
  terms: TermSource;
  phrases: () => (row: number) => Uint16Array | undefined;
}

/** A record's phrase sequence by its short id (undefined where it has none). */
export type SequenceOf = (shortId: number) => Uint16Array | undefined;

/**
 * Phrase sequences by short id that read a record's sequence from the index file when it is first asked
 * for: a ranking reads a few thousand, and reading all 100,000 was most of a cold query.
 */
function lazySequences(rowOf: Int32Array, at: (row: number) => Uint16Array | undefined): SequenceOf {
  const read = new Map<number, Uint16Array | undefined>();
  return (shortId) => {
    if (read.has(shortId)) return read.get(shortId);
    const row = rowOf[shortId] ?? -1;
    const seq = row === -1 ? undefined : at(row);
    read.set(shortId, seq);
    return seq;
  };
}

/** Phrase sequences of a restored index: rows of `pmids`, loaded by `load` when first needed. */
interface LazyPhrases {
  pmids: readonly string[];
  load: () => (row: number) => Uint16Array | undefined;
  at: ((row: number) => Uint16Array | undefined) | null;
}

/**
 * One MiniSearch index with its side tables (phrase sequences, the word-hash memo, per-record tables),
 * which live here as fields so that every change goes through one object.
 */
export class SearchEngine {
  readonly #mini: MiniSearch<IndexDoc>;
  readonly #ms: MiniInternals;
  #phrases: Map<string, Uint16Array> | null = new Map();
  /** A restored index's phrase sequences by row (rows of `pmids`) until {@link phrases} is first asked for. */
  #lazyPhrases: LazyPhrases | null = null;
  /** Word -> part hashes, shared across records while building (phrase-index.ts). */
  readonly wordMemo = new Map<string, readonly number[]>();
  #dense: { nextId: number; count: number; seqs: SequenceOf; byId: Array<Uint16Array | undefined> | null } | null = null;
  #tables: DocTables | null = null;
  #scratch: ScratchPool | null = null;
  /**
   * The records of a restored index, still as the file holds them: MiniSearch's per-record Maps are only
   * filled (`#thaw`) when MiniSearch itself needs them (an update, its own query evaluation), so a
   * process that only searches never builds them, and stored fields are decoded for the hits alone.
   */
  #frozen: { docs: EngineDocs; rowOf: Int32Array; stored: Map<number, Record<string, unknown> | null> } | null = null;

  private constructor(mini: MiniSearch<IndexDoc>) {
    this.#mini = mini;
    this.#ms = internals(mini);
  }

  /** An empty index with `options` (index-options.ts). */
  static create(options: Options<IndexDoc>): SearchEngine {
    return new SearchEngine(new MiniSearch<IndexDoc>(options));
  }

  /**
   * An index from the parts of a file: small parts eagerly, postings as given (lazy views), terms in a Map
   * with a sorted list for prefix and fuzzy lookups made when first needed (term-map.ts). Throws on
   * inconsistent parts.
   */
  static restore(parts: EngineParts, options: Options<IndexDoc>): SearchEngine {
    const empty = { documentIds: {}, fieldLength: {}, storedFields: {}, index: [], serializationVersion: 2 };
    const engine = new SearchEngine(MiniSearch.loadJS<IndexDoc>({ ...parts.meta, ...empty }, options));
    const ms = engine.#ms;
    const { shortIds, pmids, fieldLength, priors } = parts.docs;
    const nFields = parts.meta.averageFieldLength.length;
    const n = pmids.length;
    if (shortIds.length !== n || fieldLength.length !== n * nFields || priors.length !== n || n !== parts.meta.documentCount) {
      throw new Error('record tables disagree');
    }
    const rowOf = new Int32Array(ms._nextId + 1).fill(-1);
    for (let i = 0; i < n; i += 1) {
      const shortId = shortIds[i] as number;
      if (shortId > ms._nextId) throw new Error('short id out of range');
      rowOf[shortId] = i;
    }
    engine.#frozen = { docs: parts.docs, rowOf, stored: new Map() };
    engine.#phrases = null;
    engine.#lazyPhrases = { pmids, load: parts.phrases, at: null };
    ms._index = new LazyTermMap(parts.terms);
    return engine;
  }

  /** PMID -> hashed word-part sequence of the indexed version of that record (phrase-index.ts). */
  get phrases(): Map<string, Uint16Array> {
    if (!this.#phrases) {
      const at = this.#sequenceAt();
      const pmids = this.#lazyPhrases?.pmids ?? [];
      this.#phrases = new Map();
      for (let row = 0; row < pmids.length; row += 1) {
        const seq = at(row);
        if (seq) this.#phrases.set(pmids[row] as string, seq);
      }
      this.#lazyPhrases = null;
    }
    return this.#phrases;
  }

  /** Phrase sequences of a restored index by row, loaded once (only while {@link phrases} is not made). */
  #sequenceAt(): (row: number) => Uint16Array | undefined {
    const lazy = this.#lazyPhrases as LazyPhrases;
    lazy.at ??= lazy.load();
    return lazy.at;
  }

  /** Live records. */
  get documentCount(): number { return this.#mini.documentCount; }
  /** Highest short id given so far (short ids of live records are at most this). */
  get nextId(): number { return this.#ms._nextId; }
  /** Discarded or replaced records whose postings are still in the index (until vacuum). */
  get dirtCount(): number { return this.#ms._dirtCount; }
  /** Dirt relative to the index size (MiniSearch `dirtFactor`). */
  get dirtFactor(): number { return this.#mini.dirtFactor; }

  /** Fills MiniSearch's per-record Maps from the frozen records (once, before MiniSearch reads them). */
  #thaw(): void {
    const frozen = this.#frozen;
    if (!frozen) return;
    this.#frozen = null;
    const ms = this.#ms;
    const { shortIds, pmids, fieldLength } = frozen.docs;
    const nFields = ms._avgFieldLength.length;
    for (let i = 0; i < pmids.length; i += 1) {
      const shortId = shortIds[i] as number;
      const pmid = pmids[i] as string;
      ms._documentIds.set(shortId, pmid);
      ms._idToShortId.set(pmid, shortId);
      ms._fieldLength.set(shortId, Array.from(fieldLength.subarray(i * nFields, (i + 1) * nFields)));
      const s = frozen.stored.has(shortId) ? frozen.stored.get(shortId) : frozen.docs.stored(i);
      if (s) ms._storedFields.set(shortId, s);
    }
  }

  /** Whether `pmid` is indexed. */
  has(pmid: string): boolean {
    this.#thaw();
    return this.#mini.has(pmid);
  }
  /** Postings of one index term. */
  termData(term: string): TermData | undefined { return this.#ms._index.get(term); }
  /** Index terms starting with `prefix` (the term itself included). */
  atPrefix(prefix: string): Iterable<[string, TermData]> { return this.#ms._index.atPrefix(prefix); }
  /** Index terms within `maxDistance` edits of `term`, with their distance. */
  fuzzyGet(term: string, maxDistance: number): Map<string, [TermData, number]> { return this.#ms._index.fuzzyGet(term, maxDistance); }
  /** Every index term with its postings (order unspecified). */
  terms(): Iterable<[string, TermData]> { return { [Symbol.iterator]: () => this.#ms._index[Symbol.iterator]() }; }
  /** MiniSearch's numeric id of a searchable field (`titleText` ...). */
  fieldId(miniField: string): number { return this.#ms._fieldIds[miniField] as number; }
  /** Average length (distinct terms) of a field over the records indexed. */
  avgFieldLength(fieldId: number): number { return this.#ms._avgFieldLength[fieldId] as number; }
  /** PMID of a short id; undefined for a discarded record. */
  pmidOf(shortId: number): string | undefined {
    const frozen = this.#frozen;
    if (!frozen) return this.#ms._documentIds.get(shortId);
    const row = frozen.rowOf[shortId] ?? -1;
    return row === -1 ? undefined : frozen.docs.pmids[row];
  }

  /** Stored fields of a live record (decoded from the file on first use after a restore). */
  storedOf(shortId: number): StoredDoc | undefined {
    const frozen = this.#frozen;
    if (!frozen) return this.#ms._documentIds.has(shortId) ? (this.#ms._storedFields.get(shortId) as StoredDoc | undefined) : undefined;
    const row = frozen.rowOf[shortId] ?? -1;
    if (row === -1) return undefined;
    let stored = frozen.stored.get(shortId);
    if (stored === undefined) {
      stored = frozen.docs.stored(row);
      frozen.stored.set(shortId, stored);
    }
    return (stored ?? undefined) as StoredDoc | undefined;
  }

  /** Stored fields of every live record. */
  storedDocs(): StoredDoc[] {
    this.#thaw();
    return [...this.#ms._storedFields.values()] as unknown as StoredDoc[];
  }

  /**
   * Number of records containing `term` (exact when small, else the sum over fields, an upper bound):
   * enough to tell an unknown or rare word (probably misspelt or partly typed) from a common one.
   */
  docFrequency(term: string): number {
    const data = this.termData(term);
    if (!data) return 0;
    // Still-encoded postings are counted in place: decoding a common word's postings into Maps only to
    // count them was a visible part of a cold query at 100,000 records.
    const raw = data instanceof LazyTermData ? data.raw() : null;
    if (raw) return rawFrequency(raw);
    let sum = 0;
    for (const docs of data.values()) sum += docs.size;
    if (sum > 100) return sum;
    // Small lists: count distinct records (a word in title, abstract and keywords is still one record).
    const ids = new Set<number>();
    for (const docs of data.values()) for (const id of docs.keys()) ids.add(id);
    return ids.size;
  }

  /** The pool of per-record arrays a ranking evaluates into (scratch.ts), one slot per short id; replaced when ids grow. */
  scratch(): ScratchPool {
    const n = this.#ms._nextId + 1;
    if (this.#scratch?.length !== n) this.#scratch = new ScratchPool(n);
    return this.#scratch;
  }

  /** MiniSearch's own query evaluation (raw matches by short id), for plans score.ts does not take. */
  executeQuery(query: Query): Map<number, RawMatch> {
    this.#thaw();
    return this.#ms.executeQuery(query);
  }

  /** Per-record tables (liveness, field lengths, prior), cached until the record set changes. */
  tables(): DocTables {
    const ms = this.#ms;
    const cached = this.#tables;
    if (cached && cached.nextId === ms._nextId && cached.count === ms._documentCount) return cached;
    if (cached && !this.#frozen && this.#onlyAddedSince(cached.nextId, cached.count)) return (this.#tables = this.#grown(cached));
    const t = this.#emptyTables();
    const { nFields } = t;
    const frozen = this.#frozen;
    if (frozen) {
      const { shortIds, fieldLength, priors } = frozen.docs;
      for (let i = 0; i < shortIds.length; i += 1) {
        const id = shortIds[i] as number;
        t.alive[id] = 1;
        for (let f = 0; f < nFields; f += 1) t.lengths[id * nFields + f] = fieldLength[i * nFields + f] as number;
        t.prior[id] = priors[i] as number;
      }
    } else {
      for (const id of ms._fieldLength.keys()) this.#fillRow(t, id);
    }
    this.#tables = t;
    return t;
  }

  /**
   * Whether the records indexed since the record set had `nextId` and `count` were only added (a server
   * following an import): then the per-record tables are extended instead of rebuilt, which cost every
   * request after each follower slice a pass over all records.
   */
  #onlyAddedSince(nextId: number, count: number): boolean {
    const ms = this.#ms;
    let added = 0;
    // MiniSearch's next id is the one it gives next: the ids given since are nextId .. ms._nextId - 1.
    for (let id = nextId; id < ms._nextId; id += 1) if (ms._documentIds.has(id)) added += 1;
    return count + added === ms._documentCount;
  }

  /** `old` extended by the records added since (short ids from its `nextId` on). */
  #grown(old: DocTables): DocTables {
    const t = this.#emptyTables();
    t.alive.set(old.alive);
    t.lengths.set(old.lengths);
    t.prior.set(old.prior);
    for (let id = old.nextId; id <= this.#ms._nextId; id += 1) this.#fillRow(t, id);
    return t;
  }

  /** Zeroed per-record tables sized for the current short ids. */
  #emptyTables(): DocTables {
    const ms = this.#ms;
    const n = ms._nextId + 1;
    const nFields = ms._avgFieldLength.length;
    return { nextId: ms._nextId, count: ms._documentCount, alive: new Uint8Array(n), lengths: new Float64Array(n * nFields), prior: new Float64Array(n), nFields };
  }

  /** Row `id` of `t` from MiniSearch's own per-record maps (a live record of a thawed or built index). */
  #fillRow(t: DocTables, id: number): void {
    const ms = this.#ms;
    const lengths = ms._fieldLength.get(id);
    if (!lengths || id >= t.alive.length || !ms._documentIds.has(id)) return;
    t.alive[id] = 1;
    for (let f = 0; f < t.nFields; f += 1) t.lengths[id * t.nFields + f] = lengths[f] ?? 0;
    t.prior[id] = priorOf(ms._storedFields.get(id));
  }

  /**
   * A record's phrase sequence by short id (undefined where it has none), so screening tens of
   * thousands of candidates needs no PMID lookups. Rebuilt when the record set changed: every add or
   * discard moves the next id or the count, and a sequence changes only together with one of those.
   */
  sequenceLookup(): SequenceOf {
    const ms = this.#ms;
    const cached = this.#dense;
    if (cached && cached.nextId === ms._nextId && cached.count === ms._documentCount) return cached.seqs;
    const frozen = this.#frozen;
    if (cached?.byId && !frozen && this.#onlyAddedSince(cached.nextId, cached.count)) {
      // Records only added since: their sequences join the table (see #onlyAddedSince).
      for (let id = cached.nextId; id < ms._nextId; id += 1) {
        const pmid = ms._documentIds.get(id);
        cached.byId[id] = pmid === undefined ? undefined : this.phrases.get(pmid);
      }
      this.#dense = { ...cached, nextId: ms._nextId, count: ms._documentCount };
      return cached.seqs;
    }
    let lookup: SequenceOf;
    let byId: Array<Uint16Array | undefined> | null = null;
    if (frozen && !this.#phrases) {
      lookup = lazySequences(frozen.rowOf, this.#sequenceAt());
    } else {
      const seqs = new Array<Uint16Array | undefined>(ms._nextId + 1).fill(undefined);
      if (frozen) frozen.docs.pmids.forEach((pmid, i) => { seqs[frozen.docs.shortIds[i] as number] = this.phrases.get(pmid); });
      else for (const [shortId, pmid] of ms._documentIds) seqs[shortId] = this.phrases.get(pmid);
      lookup = (shortId) => seqs[shortId];
      byId = seqs;
    }
    this.#dense = { nextId: ms._nextId, count: ms._documentCount, seqs: lookup, byId };
    return lookup;
  }


  /**
   * Adds or replaces the record `doc` with its phrase sequence, kept in step with the postings (a stale
   * sequence could wrongly reject a phrase). MiniSearch throws on a duplicate add, so `has` decides.
   */
  put(doc: IndexDoc, sequence: Uint16Array): 'added' | 'replaced' {
    this.#thaw();
    this.phrases.set(doc.pmid, sequence);
    if (this.#mini.has(doc.pmid)) {
      this.#mini.replace(doc);
      return 'replaced';
    }
    this.#mini.add(doc);
    return 'added';
  }

  /** Discards `pmid` if indexed (MiniSearch throws on an unknown id); returns whether it was. */
  remove(pmid: string): boolean {
    this.#thaw();
    this.phrases.delete(pmid);
    if (!this.#mini.has(pmid)) return false;
    this.#mini.discard(pmid);
    return true;
  }

  /** Drops the postings of discarded and replaced records. */
  async vacuum(): Promise<void> {
    this.#thaw();
    await this.#mini.vacuum();
  }

  /** The index-wide numbers, for the file. */
  meta(): EngineMeta {
    const ms = this.#ms;
    return { documentCount: ms._documentCount, nextId: ms._nextId, fieldIds: ms._fieldIds, averageFieldLength: ms._avgFieldLength, dirtCount: ms._dirtCount };
  }

  /** Every live record's ids, field lengths, priors and stored fields, for the file. */
  docs(): EngineDocs {
    const frozen = this.#frozen;
    if (frozen) return { ...frozen.docs, stored: (row) => (this.storedOf(frozen.docs.shortIds[row] as number) as Record<string, unknown> | undefined) ?? null };
    const ms = this.#ms;
    const nFields = ms._avgFieldLength.length;
    const n = ms._documentIds.size;
    const stored: Array<Record<string, unknown> | null> = [];
    const out: EngineDocs = { shortIds: new Uint32Array(n), pmids: [], fieldLength: new Uint32Array(n * nFields), priors: new Float64Array(n), stored: (row) => stored[row] ?? null };
    let i = 0;
    for (const [shortId, pmid] of ms._documentIds) {
      out.shortIds[i] = shortId;
      out.pmids.push(pmid);
      const lengths = ms._fieldLength.get(shortId) ?? [];
      for (let f = 0; f < nFields; f += 1) out.fieldLength[i * nFields + f] = lengths[f] ?? 0;
      const s = ms._storedFields.get(shortId) ?? null;
      stored.push(s);
      out.priors[i] = priorOf(s);
      i += 1;
    }
    return out;
  }
}
