/**
 * The one place that touches MiniSearch 7's private members. `search()` builds a result object (stored
 * fields copied in) for every match and sorts them all, 2 of its 3 ms for a common word at 3,000
 * records; query.ts ranks the raw matches of `executeQuery` itself and builds only the page. The public
 * `toJSON`/`loadJS` pair builds a
 * full object graph of every posting (1.4 s to load a 10,000-record index here, 11 s at 100,000:
 * docs/pitfalls.md), which misses the 0.5 s cold-start target; persist.ts instead writes postings as one flat
 * Uint32Array and installs them lazily. Every field is checked at runtime, so a MiniSearch upgrade that
 * renames them fails loudly (AppError INDEX_INTERNALS) instead of returning wrong results.
 */
import type MiniSearch from 'minisearch';
import type { Query, SearchOptions } from 'minisearch';
import { AppError } from '../errors.js';
import type { IndexDoc } from './documents.js';

/** Per-term postings: field id -> (short document id -> term frequency). */
export type TermData = Map<number, Map<number, number>>;

/** One raw match before MiniSearch turns it into a result object: score and the query terms it matched. */
export interface RawMatch {
  score: number;
  /** Query terms (as planned) that matched. */
  terms: string[];
  /** Index term actually matched (prefix/fuzzy expansions included) -> field names. */
  match: Record<string, string[]>;
}

/** The private state of a MiniSearch instance that persistence reads and restores. */
export interface MiniInternals {
  executeQuery(query: Query, options?: SearchOptions): Map<number, RawMatch>;
  _index: {
    set(term: string, data: TermData): unknown;
    get(term: string): TermData | undefined;
    atPrefix(prefix: string): Iterable<[string, TermData]>;
    fuzzyGet(term: string, maxDistance: number): Map<string, [TermData, number]>;
    [Symbol.iterator](): Iterator<[string, TermData]>;
  };
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

/** Typed access to the private state, after checking it has the expected shape. */
export function internals(mini: MiniSearch<IndexDoc>): MiniInternals {
  const m = mini as unknown as Record<string, unknown>;
  const index = m['_index'] as { set?: unknown } | undefined;
  const problems = [
    ...MAPS.filter((k) => !(m[k] instanceof Map)),
    ...NUMBERS.filter((k) => typeof m[k] !== 'number'),
    ...(typeof index?.set === 'function' && typeof (index as Record<string, unknown>)['atPrefix'] === 'function'
      && typeof (index as Record<string, unknown>)['fuzzyGet'] === 'function' ? [] : ['_index']),
    ...(typeof m['executeQuery'] === 'function' ? [] : ['executeQuery']),
    ...(Array.isArray(m['_avgFieldLength']) ? [] : ['_avgFieldLength']),
    ...(m['_fieldIds'] && typeof m['_fieldIds'] === 'object' ? [] : ['_fieldIds']),
  ];
  if (problems.length > 0) {
    throw new AppError('INDEX_INTERNALS', `search: unsupported MiniSearch version (missing ${problems.join(', ')})`);
  }
  return mini as unknown as MiniInternals;
}

/**
 * Number of records containing `term` (exact when small, else the sum over fields, an upper bound):
 * enough to tell an unknown or rare word (probably misspelt or partly typed) from a common one.
 */
export function docFrequency(mini: MiniSearch<IndexDoc>, term: string): number {
  const data = internals(mini)._index.get(term);
  if (!data) return 0;
  let sum = 0;
  for (const docs of data.values()) sum += docs.size;
  if (sum > 100) return sum;
  // Small lists: count distinct records (a word in title, abstract and keywords is still one record).
  const ids = new Set<number>();
  for (const docs of data.values()) for (const id of docs.keys()) ids.add(id);
  return ids.size;
}
