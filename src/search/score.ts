/**
 * Query execution without MiniSearch's per-match objects: `executeQuery` allocates a result object (score,
 * terms array, match record) for every posting of every query term and merges them with Object.assign,
 * which was most of the query time and garbage for common words. This evaluates the plan tree into dense
 * per-record arrays with MiniSearch 7's BM25 arithmetic (`termResults`, `calcBM25Score`), reading
 * undecoded postings straight from the index file's Uint32Array when they are still lazy, and ranks as
 * docs/search.md "How ranking works" describes: each match weighed by how it was reached (MATCH_WEIGHTS),
 * alternative readings of the same words counted once (`best` OR nodes), times the record prior and the
 * number of distinct query words matched. Records match exactly what MiniSearch would match. Which fields
 * and index terms matched is worked out afterwards, only for the records shown (`matchesOf`). Pure: reads
 * the index, never changes it (postings of discarded records are skipped, not counted in the document
 * frequency, and left for vacuum).
 */
import { FIELDS, type Field } from './documents.js';
import { FIELD_BOOSTS, MATCH_WEIGHTS, miniField } from './index-options.js';
import type { DocTables, SearchEngine, TermData } from './engine.js';
import { LazyTermData } from './postings.js';
import type { LeafKind, PlanLeaf, PlanNode } from './query-plan.js';

/** MiniSearch's default BM25 parameters (we do not override them). */
const K = 1.2;
const B = 0.7;
const D = 0.5;
/** Distinct query terms are tracked as bits of a u32; bigger trees go through MiniSearch. */
export const MAX_TERMS = 31;

/** An index term a leaf reads, how it was reached (`exact` is the leaf's own term) and its weight. */
export interface Expansion { term: string; data: TermData; weight: number; how: 'exact' | 'prefix' | 'fuzzy' }
/** A resolved plan leaf: its term and kind, term bit, query-word bits, kind weight, fields with boosts, index terms. */
export interface Leaf {
  term: string;
  kind: LeafKind;
  bit: number;
  words: number;
  weight: number;
  boosts: Array<[fieldId: number, boost: number, name: string]>;
  expansions: Expansion[];
  /**
   * Stem-level slot (bit of a record's stem-only mask, stem-level.ts), or -1: set for literal leaves that
   * know the form typed and whose own term is in the index, at most MAX_TERMS of them.
   */
  slot: number;
  /** The folded form typed (PlanLeaf.surface), for slot leaves. */
  surface?: string;
}

/** Records matching a subtree: dense score, term-bit and word-bit arrays indexed by short id, plus the ids set. */
interface Matches { scores: Float64Array; masks: Uint32Array; words: Uint32Array; docs: number[] }

/**
 * Per leaf, its own score of every record (by short id; 0 = no match) and, for slot leaves, the part of it
 * from the leaf's own term (what the stem level lowers): what stem-level.ts needs to re-score one record.
 */
export interface LeafScores { total: Map<Leaf, Float64Array>; exact: Map<Leaf, Float64Array> }

/** The index terms a leaf reads, with MiniSearch's weights: exact 1, prefix and fuzzy decaying with distance. */
function expansions(engine: SearchEngine, leaf: PlanLeaf): Expansion[] {
  const out: Expansion[] = [];
  const exact = engine.termData(leaf.term);
  if (exact) out.push({ term: leaf.term, data: exact, weight: 1, how: 'exact' });
  const fuzzy = leaf.fuzzy ? engine.fuzzyGet(leaf.term, leaf.fuzzy) : null;
  if (leaf.prefix) {
    for (const [term, data] of engine.atPrefix(leaf.term)) {
      const distance = term.length - leaf.term.length;
      if (!distance) continue;
      fuzzy?.delete(term);
      out.push({ term, data, weight: (MATCH_WEIGHTS.prefix * term.length) / (term.length + 0.3 * distance), how: 'prefix' });
    }
  }
  for (const [term, [data, distance]] of fuzzy ?? []) {
    if (distance) out.push({ term, data, weight: (MATCH_WEIGHTS.fuzzy * term.length) / (term.length + distance), how: 'fuzzy' });
  }
  return out;
}

/** Calls `visit(shortId, termFrequency)` for the postings of one field, raw or decoded, in stored order. */
export function forPostings(data: TermData, fieldId: number, visit: (doc: number, tf: number, count: number) => void): void {
  const raw = data instanceof LazyTermData ? data.raw() : null;
  if (!raw) {
    const docs = data.get(fieldId);
    if (docs) for (const [doc, tf] of docs) visit(doc, tf, docs.size);
    return;
  }
  let p = 1;
  for (let f = 0; f < (raw[0] as number); f += 1) {
    const id = raw[p] as number;
    const count = raw[p + 1] as number;
    if (id === fieldId) for (let i = 0; i < count; i += 1) visit(raw[p + 2 + 2 * i] as number, raw[p + 3 + 2 * i] as number, count);
    p += 2 + 2 * count;
  }
}

/** Postings of live records in one field (discarded and replaced records keep theirs until vacuum). */
export function liveCount(data: TermData, fieldId: number, t: DocTables): number {
  let live = 0;
  forPostings(data, fieldId, (doc) => {
    if (doc <= t.nextId && t.alive[doc]) live += 1;
  });
  return live;
}

/** Postings in one field: all of them, or the live ones when the index holds discarded records (`dirty`). */
export function fieldCount(data: TermData, fieldId: number, t: DocTables, dirty: boolean): number {
  if (dirty) return liveCount(data, fieldId, t);
  const raw = data instanceof LazyTermData ? data.raw() : null;
  if (!raw) return data.get(fieldId)?.size ?? 0;
  let p = 1;
  for (let f = 0; f < (raw[0] as number); f += 1) {
    const count = raw[p + 1] as number;
    if (raw[p] === fieldId) return count;
    p += 2 + 2 * count;
  }
  return 0;
}

/**
 * The document frequency every prefix expansion of `leaf` is scored with in one field: the postings of
 * all its prefix expansions there, at most the number of records. A partly typed word is one word read
 * many ways; scored each with its own IDF, the rarest completion won (`mitragyn` ranked the genus name
 * `Mitragyna` above `mitragynine`, the word nearly every reader means), so the completions share one IDF
 * and term frequency, field and length decide. A sum, not a union, to stay one pass over the headers.
 */
export function prefixMatching(leaf: Leaf, fieldId: number, t: DocTables, dirty: boolean): number {
  let sum = 0;
  for (const exp of leaf.expansions) if (exp.how === 'prefix') sum += fieldCount(exp.data, fieldId, t, dirty);
  return Math.min(sum, t.count);
}

/** MiniSearch's BM25+ of one posting: `matching` live records hold the term in this field. */
export function bm25(tf: number, matching: number, t: DocTables, length: number, avg: number): number {
  return bm25Of(idfOf(matching, t), tf, length, avg);
}

/** The IDF part of {@link bm25}: the same for every posting of a term in one field. */
function idfOf(matching: number, t: DocTables): number {
  return Math.log(1 + (t.count - matching + 0.5) / (matching + 0.5));
}

/** {@link bm25} with its IDF computed once per term and field (the same arithmetic, so the same value). */
function bm25Of(idf: number, tf: number, length: number, avg: number): number {
  return idf * (D + (tf * (K + 1)) / (tf + K * (1 - B + (B * length) / avg)));
}

/**
 * One leaf's matches. With `only` (term bits by short id of the records an enclosing AND or scoring
 * reading can still keep), postings of other records are skipped: their scores would be dropped anyway.
 */
function scoreLeaf(engine: SearchEngine, t: DocTables, leaf: Leaf, keep: LeafScores | null, only: Uint32Array | null): Matches {
  const pool = engine.scratch();
  const m: Matches = { scores: pool.f64(), masks: pool.u32(), words: pool.u32(), docs: [] };
  const exact = keep && leaf.slot >= 0 ? pool.f64() : null;
  const bit = 1 << leaf.bit;
  // The document frequency counts live records only, for every record alike: what MiniSearch uses once a
  // query has dropped the dead postings (its first query lowers it record by record as it meets them, so
  // scores would depend on posting order) and what a fresh build of the same records gives.
  const dirty = engine.dirtCount > 0;
  for (const exp of leaf.expansions) {
    for (const [fieldId, boost] of leaf.boosts) {
      const avg = engine.avgFieldLength(fieldId);
      const live = exp.how === 'prefix' ? prefixMatching(leaf, fieldId, t, dirty) : dirty ? liveCount(exp.data, fieldId, t) : -1;
      const weight = leaf.weight * exp.weight * boost;
      const own = exp.how === 'exact' ? exact : null;
      let idf = -1;
      forPostings(exp.data, fieldId, (doc, tf, count) => {
        if (doc > t.nextId || !t.alive[doc] || (only !== null && only[doc] === 0)) return;
        const length = t.lengths[doc * t.nFields + fieldId] as number;
        if (m.masks[doc] === 0) m.docs.push(doc);
        m.masks[doc] = (m.masks[doc] as number) | bit;
        m.words[doc] = (m.words[doc] as number) | leaf.words;
        if (idf === -1) idf = idfOf(live === -1 ? count : live, t);
        const value = weight * bm25Of(idf, tf, length, avg);
        m.scores[doc] = (m.scores[doc] as number) + value;
        if (own) own[doc] = (own[doc] as number) + value;
      });
    }
  }
  if (keep) {
    // combine() folds siblings into the first child's arrays: the leaf's own scores are kept apart.
    const total = pool.f64();
    total.set(m.scores);
    keep.total.set(leaf, total);
    if (exact) keep.exact.set(leaf, exact);
  }
  return m;
}

/** Folds `b`'s match of `doc` into `a`'s: bits unite, scores add (or, with `best`, the better counts). */
function merge(a: Matches, b: Matches, doc: number, best: boolean): void {
  a.masks[doc] = (a.masks[doc] as number) | (b.masks[doc] as number);
  a.words[doc] = (a.words[doc] as number) | (b.words[doc] as number);
  const x = a.scores[doc] as number;
  const y = b.scores[doc] as number;
  a.scores[doc] = best ? Math.max(x, y) : x + y;
}

/** `a` op `b` into `a`. OR with `best` keeps the better score of the two (alternative readings). */
function combine(a: Matches, b: Matches, op: 'AND' | 'OR', best: boolean): Matches {
  if (op === 'OR') {
    for (const doc of b.docs) {
      if (a.masks[doc] === 0) a.docs.push(doc);
      merge(a, b, doc, best);
    }
    return a;
  }
  const kept: number[] = [];
  for (const doc of a.docs) {
    if (b.masks[doc] === 0) {
      a.masks[doc] = 0;
      continue;
    }
    kept.push(doc);
    merge(a, b, doc, false);
  }
  a.docs = kept;
  return a;
}

/** Scores records of `a` also matched by `b` as `a` OR `b` would; records only in `b` stay out. */
function raise(a: Matches, b: Matches, best: boolean): void {
  for (const doc of b.docs) if (a.masks[doc] !== 0 && b.masks[doc] !== 0) merge(a, b, doc, best);
}

/** A compiled query: the plan's leaves resolved to index terms, distinct source terms numbered, stem-level slots used. */
export interface Compiled { terms: string[]; leaves: Map<PlanLeaf, Leaf>; slots: number }

/** Resolves every leaf of `nodes`; null when the trees use more than MAX_TERMS distinct terms. */
export function compile(engine: SearchEngine, nodes: readonly PlanNode[]): Compiled | null {
  const terms: string[] = [];
  const leaves = new Map<PlanLeaf, Leaf>();
  let slots = 0;
  const visit = (node: PlanNode): void => {
    if ('op' in node) return [...node.children, ...(node.scoring ?? [])].forEach(visit);
    let bit = terms.indexOf(node.term);
    if (bit === -1) bit = terms.push(node.term) - 1;
    const fields: readonly Field[] = node.field === null ? FIELDS : typeof node.field === 'string' ? [node.field] : node.field;
    const boosts = fields.map((f): [number, number, string] => [engine.fieldId(miniField(f)), FIELD_BOOSTS[f], miniField(f)]);
    const kind = node.kind ?? 'literal';
    const exps = expansions(engine, node);
    const slot = kind === 'literal' && node.surface !== undefined && slots < MAX_TERMS && exps[0]?.how === 'exact' ? slots++ : -1;
    const resolved: Leaf = { term: node.term, kind, bit, words: node.words ?? 1 << bit, weight: MATCH_WEIGHTS[kind], boosts, expansions: exps, slot };
    if (slot >= 0) resolved.surface = node.surface;
    leaves.set(node, resolved);
  };
  nodes.forEach(visit);
  return terms.length > MAX_TERMS ? null : { terms, leaves, slots };
}

/**
 * Evaluates a plan tree: AND keeps records in every child, OR in any; scores add (or the best counts), bits
 * unite. With `keep`, each leaf's own scores are recorded there too. The arrays come from the index's
 * scratch pool (scratch.ts): valid until the caller resets it.
 */
export function evaluate(engine: SearchEngine, compiled: Compiled, node: PlanNode, keep: LeafScores | null = null, only: Uint32Array | null = null): Matches {
  const t = engine.tables();
  // `within`: term bits of the records the result can keep (null: any). An AND's later children and a
  // node's scoring readings only matter for records the earlier children matched, so they skip the rest
  // (a common word's postings are scored only where they can count). Children keep their order: scores
  // add in the same order as an unrestricted evaluation, so they are the same values.
  const run = (n: PlanNode, within: Uint32Array | null): Matches => {
    if (!('op' in n)) return scoreLeaf(engine, t, compiled.leaves.get(n) as Leaf, keep, within);
    let m = run(n.children[0] as PlanNode, within);
    for (const child of n.children.slice(1)) m = combine(m, run(child, n.op === 'AND' ? m.masks : within), n.op, n.best === true);
    for (const s of n.scoring ?? []) raise(m, run(s, m.masks), n.best === true);
    return m;
  };
  return run(node, only);
}

/** Number of set bits. */
export function bitCount(mask: number): number {
  let bits = 0;
  for (let x = mask; x; x &= x - 1) bits += 1;
  return bits;
}

/**
 * Final scores before proximity (weighted BM25 sum x prior x number of distinct query words matched), in
 * the order of `m.docs`; records excluded since (term bits cleared) score 0.
 */
export function finalScores(engine: SearchEngine, m: Matches): Float64Array {
  const prior = engine.tables().prior;
  const out = new Float64Array(m.docs.length);
  for (let i = 0; i < m.docs.length; i += 1) {
    const doc = m.docs[i] as number;
    const matched = m.masks[doc] === 0 ? 0 : bitCount(m.words[doc] as number);
    out[i] = (m.scores[doc] as number) * (prior[doc] as number) * matched;
  }
  return out;
}

/**
 * Which index terms matched each record of `docs` ([short id, term bits]), in which MiniSearch fields (for
 * snippets and `matchedFields`). One pass over each posting list serves the whole page.
 */
export function matchesOf(compiled: Compiled, docs: ReadonlyArray<readonly [number, number]>): Array<Record<string, string[]>> {
  const out = docs.map((): Record<string, string[]> => ({}));
  const rows = new Map<number, number[]>();
  docs.forEach(([doc], i) => rows.set(doc, [...(rows.get(doc) ?? []), i]));
  // Posting lists of common words are long and the page is short: a byte per record spares a Map lookup per posting.
  const onPage = new Uint8Array(Math.max(0, ...rows.keys()) + 1);
  for (const doc of rows.keys()) onPage[doc] = 1;
  for (const leaf of compiled.leaves.values()) {
    const bit = 1 << leaf.bit;
    if (!docs.some(([, mask]) => mask & bit)) continue;
    for (const exp of leaf.expansions) {
      for (const [fieldId, , name] of leaf.boosts) {
        forPageDocs(exp.data, fieldId, rows, onPage, (i) => {
          if (!((docs[i] as readonly [number, number])[1] & bit)) return;
          const fields = ((out[i] as Record<string, string[]>)[exp.term] ??= []);
          if (!fields.includes(name)) fields.push(name);
        });
      }
    }
  }
  return out;
}

/** Calls `hit(row)` for each page row whose record has a posting in this field. */
function forPageDocs(data: TermData, fieldId: number, rows: ReadonlyMap<number, number[]>, onPage: Uint8Array, hit: (row: number) => void): void {
  if (data instanceof LazyTermData && data.raw()) {
    forPostings(data, fieldId, (doc) => {
      if (onPage[doc] === 1) rows.get(doc)?.forEach(hit);
    });
    return;
  }
  const postings = data.get(fieldId);
  if (postings) for (const [doc, list] of rows) if (postings.has(doc)) list.forEach(hit);
}
