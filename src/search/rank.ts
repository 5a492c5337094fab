/**
 * Ranking the matches of a query plan: weighted BM25 x prior x number of distinct query words matched,
 * raised by proximity (proximity.ts) for the records that can still reach the page, filtered on stored
 * fields, discarded records skipped, best first (or newest first).
 * Plans with at most MAX_TERMS distinct terms are evaluated by score.ts (no per-match objects); larger
 * ones and the wildcard (exclusions only) go through MiniSearch's own `executeQuery`. Pure.
 */
import MiniSearch, { type Query } from 'minisearch';
import type { StoredDoc } from './documents.js';
import type { SearchEngine, SequenceOf } from './engine.js';
import { miniField } from './index-options.js';
import { explainRecord, type HitExplain } from './explain.js';
import { hashRuns, PROXIMITY, recordCloseness, type HashedRun } from './proximity.js';
import type { PlanNode, QueryPlan } from './query-plan.js';
import { compile, evaluate, finalScores, matchesOf, type Compiled, type LeafScores } from './score.js';
import { slotProbes, STEM_RATIO, stemOnlyMask, treeValue, type SlotProbe } from './stem-level.js';
import type { SearchOptions } from './types.js';

/** A ranked match; which terms matched in which fields is resolved only when asked (`Ranked.matchesOf`). */
export interface Candidate {
  id: string;
  score: number;
  queryTerms: string[];
  stored: StoredDoc;
  shortId: number;
  mask: number;
  match: Record<string, string[]> | null;
  /** Proximity closeness (0..1) applied to the score; 0 also when the record was not looked at. */
  closeness: number;
  /** Stem-level bits (stem-level.ts, by leaf slot) applied to the score; -1 when the record was not looked at. */
  stemOnly: number;
}

export interface Ranked {
  candidates: Candidate[];
  /**
   * With `keepRest`: the candidates below the cut in rank order, screened and built lazily a score tier at
   * a time as the caller iterates (so a page found early costs only the tiers it read); null when none
   * were cut.
   */
  rest: (() => Iterable<Candidate>) | null;
  /** Per candidate: matched index term -> MiniSearch field names, for snippets and `matchedFields`. */
  matchesOf(page: readonly Candidate[]): Array<Record<string, string[]>>;
  /** Per candidate: how its score was made (explain.ts); null on the MiniSearch fallback path. */
  explain(page: readonly Candidate[]): Array<HitExplain | null>;
}

type Filter = ((doc: StoredDoc) => boolean) | null;

/** How to rank: stored-field filter, order, how many to keep, and a cheap per-record pre-check. */
export interface RankOptions {
  filter: Filter;
  sort: SearchOptions['sort'];
  /** Keep only the `cap` best (ties included); null keeps all. */
  cap: number | null;
  /** False drops a record before it becomes a candidate (phrase screening); null keeps all. */
  screen: ((shortId: number, queryTerms: readonly string[]) => boolean) | null;
  /** With `cap`: keep the records below the cut available through `Ranked.rest` instead of dropping them. */
  keepRest?: boolean;
}

function toMini(node: PlanNode): Query {
  if ('op' in node) return { combineWith: node.op, queries: node.children.map(toMini) };
  const query: Query = { combineWith: 'OR', queries: [node.term], prefix: node.prefix, fuzzy: node.fuzzy || false };
  if (node.field) query.fields = (typeof node.field === 'string' ? [node.field] : node.field).map(miniField);
  return query;
}

function miniQuery(plan: QueryPlan): Query {
  const positive: Query = plan.groups.length === 0
    ? MiniSearch.wildcard
    : { combineWith: 'OR', queries: plan.groups.map((g) => toMini(g.node as PlanNode)) };
  if (plan.excludedNodes.length === 0) return positive;
  return { combineWith: 'AND_NOT', queries: [positive, ...plan.excludedNodes.map(toMini)] };
}

/** All matches through MiniSearch (wildcard, or too many terms for score.ts). */
function viaMiniSearch(engine: SearchEngine, plan: QueryPlan, filter: Filter): Candidate[] {
  const out: Candidate[] = [];
  for (const [shortId, raw] of engine.executeQuery(miniQuery(plan))) {
    const stored = engine.storedOf(shortId);
    if (!stored || (filter && !filter(stored))) continue;
    const score = raw.score * (raw.terms.length || 1);
    out.push({ id: engine.pmidOf(shortId) as string, score, queryTerms: raw.terms, stored, shortId, mask: 0, match: raw.match, closeness: 0, stemOnly: 0 });
  }
  return out;
}

/** The score a candidate needs to be among the `cap` best (ties included); -Infinity keeps all. */
function threshold(scores: Float64Array, cap: number | null, sort: SearchOptions['sort']): number {
  if (cap === null || sort === 'date' || scores.length <= 2 * cap) return -Infinity;
  return kthSmallest(Float64Array.from(scores), scores.length - cap);
}

/**
 * The value a full ascending sort would put at index `k` (quickselect, reorders `a`): linear instead of
 * n log n, which mattered once the rest is cut into score tiers, one cut per tier. Scores are finite.
 */
function kthSmallest(a: Float64Array, k: number): number {
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

/** Per record (by index into the scores), what rank.ts learnt from its sequence: closeness, stem-only bits (-1: not looked at). */
interface Looked { closeness: Float64Array; stemOnly: Int32Array; near: Uint8Array }

/** What adjusting a query's scores needs, worked out once per query. */
interface Adjust {
  compiled: Compiled;
  root: PlanNode;
  docs: readonly number[];
  /** The root's score per short id, before prior and words matched (score.ts `evaluate`). */
  values: Float64Array;
  kept: LeafScores | null;
  probes: SlotProbe[];
  runs: HashedRun[];
  seqs: SequenceOf;
}

/** Lowers one record's score for the words it holds only in other forms of their stem (stem-level.ts), once. */
function lookAtStems(q: Adjust, i: number, scores: Float64Array, looked: Looked): void {
  if ((looked.stemOnly[i] as number) !== -1) return;
  const doc = q.docs[i] as number;
  const stemOnly = stemOnlyMask(q.seqs(doc), q.probes);
  looked.stemOnly[i] = stemOnly;
  if (stemOnly === 0 || !q.kept) return;
  const before = q.values[doc] as number;
  const after = treeValue(q.compiled, q.root, doc, stemOnly, q.kept);
  if (before > 0 && after > 0) scores[i] = (scores[i] as number) * (after / before);
}

/** Raises one record's score by proximity (proximity.ts), once, after its stem level. */
function lookAtProximity(q: Adjust, i: number, scores: Float64Array, looked: Looked): void {
  lookAtStems(q, i, scores, looked);
  if (looked.near[i] === 1 || q.runs.length === 0) return;
  looked.near[i] = 1;
  const c = recordCloseness(q.seqs(q.docs[i] as number), q.runs);
  looked.closeness[i] = c;
  scores[i] = (scores[i] as number) * (1 + PROXIMITY.WEIGHT * c);
}

/** The score the `cap`-th best record has (-Infinity when all are kept), and at most BUDGET records looked at. */
function floorOf(scores: Float64Array, cap: number | null, share: number): number {
  let horizon = -Infinity;
  if (cap !== null && scores.length > cap) horizon = kthSmallest(Float64Array.from(scores), scores.length - cap) * share;
  if (scores.length > PROXIMITY.BUDGET) horizon = Math.max(horizon, kthSmallest(Float64Array.from(scores), scores.length - PROXIMITY.BUDGET));
  return horizon;
}

/**
 * Lowers stem-only matches, then raises close ones, in place, for the records that can still reach the
 * `cap` best. First the stem level: a record below `STEM_RATIO x cut` cannot pass one at `cut` once that
 * one is lowered as far as it can be. Then proximity, against the cut of the lowered scores: a record below
 * `cut / (1 + WEIGHT)` cannot pass it (those looked at get their stem level first). Each pass looks at
 * PROXIMITY.BUDGET records at most, best first; the others are looked at when they reach a page
 * (rank.ts `candidate`).
 */
function adjust(q: Adjust, scores: Float64Array, cap: number | null): Looked {
  const n = scores.length;
  const looked: Looked = { closeness: new Float64Array(n), stemOnly: new Int32Array(n).fill(q.probes.length > 0 ? -1 : 0), near: new Uint8Array(n) };
  if (q.probes.length > 0) {
    const horizon = floorOf(scores, cap, STEM_RATIO);
    for (let i = 0; i < n; i += 1) if ((scores[i] as number) > 0 && (scores[i] as number) >= horizon) lookAtStems(q, i, scores, looked);
  }
  if (q.runs.length > 0) {
    const horizon = floorOf(scores, cap, 1 / (1 + PROXIMITY.WEIGHT));
    for (let i = 0; i < n; i += 1) if ((scores[i] as number) > 0 && (scores[i] as number) >= horizon) lookAtProximity(q, i, scores, looked);
  }
  return looked;
}


/** First tier of the rest: the next `4 x cap` best; each later tier is four times the one before. */
const TIER_GROWTH = 4;

/**
 * Indices into `scores` (all below the cut), in rank order a tier at a time: each tier is the next best
 * `size` scores (ties included) in `order`'s order, so a stable sort of a tier by score and the tiers one
 * after another give exactly a stable sort of the whole. Scanning the pending list once per tier is cheap
 * next to screening, which now stops with the tier that fills the page.
 */
function* scoreTiers(scores: Float64Array, order: Int32Array, first: number): Generator<Int32Array> {
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

/**
 * Matches through score.ts: scores first, then objects only for the records that can make the page
 * (and, with `keepRest`, a function building the others). Query-term lists are shared between records
 * with the same term bits.
 */
function viaScore(engine: SearchEngine, plan: QueryPlan, compiled: Compiled, opts: RankOptions): { top: Candidate[]; rest: Ranked['rest'] } {
  const { filter, cap, sort, screen } = opts;
  const root: PlanNode = { op: 'OR', children: plan.groups.map((g) => g.node as PlanNode) };
  const probes = slotProbes(compiled);
  const kept: LeafScores | null = probes.length > 0 ? { total: new Map(), exact: new Map() } : null;
  const m = evaluate(engine, compiled, root, kept);
  for (const ex of plan.excludedNodes) for (const doc of evaluate(engine, compiled, ex).docs) m.masks[doc] = 0;
  const scores = finalScores(engine, m);
  const q: Adjust = {
    compiled, root, docs: m.docs, values: m.scores, kept, probes, runs: hashRuns(plan.groups.flatMap((g) => g.near)), seqs: engine.sequenceLookup(),
  };
  const looked = adjust(q, scores, filter || sort === 'date' ? null : cap);
  const { closeness, stemOnly } = looked;
  /** Looks at a record that was not looked at before it becomes a candidate (its score may drop). */
  const ensureLooked = (i: number): void => lookAtStems(q, i, scores, looked);
  // Without a filter the cut can be made before looking at stored fields; with one, after.
  const cut = filter ? -Infinity : threshold(scores, cap, sort);
  const termLists = new Map<number, string[]>();
  /** The candidate of `m.docs[i]`, or null when excluded, screened out, filtered or without stored fields. */
  const candidate = (i: number): Candidate | null => {
    const doc = m.docs[i] as number;
    const mask = m.masks[doc] as number;
    if (mask === 0) return null;
    let terms = termLists.get(mask);
    if (!terms) termLists.set(mask, (terms = compiled.terms.filter((_, bit) => mask & (1 << bit))));
    if (screen && !screen(doc, terms)) return null;
    const stored = engine.storedOf(doc);
    if (!stored || (filter && !filter(stored))) return null;
    if (!filter) ensureLooked(i);
    return { id: engine.pmidOf(doc) as string, score: scores[i] as number, queryTerms: terms, stored, shortId: doc, mask, match: null, closeness: closeness[i] as number, stemOnly: stemOnly[i] as number };
  };
  const top: Candidate[] = [];
  const at = new Map<Candidate, number>();
  const below = new Int32Array(cut === -Infinity ? 0 : m.docs.length);
  let belowCount = 0;
  for (let i = 0; i < m.docs.length; i += 1) {
    if ((scores[i] as number) < cut) below[belowCount++] = i;
    else {
      const c = candidate(i);
      if (c) top.push(c);
      if (c && filter) at.set(c, i);
    }
  }
  // The rest is only kept unfiltered and in score order (a filter or date order leaves cut at -Infinity).
  const rest = opts.keepRest && cut !== -Infinity && cap !== null
    ? function* restInOrder(): Generator<Candidate> {
      for (const tier of scoreTiers(scores, below.subarray(0, belowCount), TIER_GROWTH * cap)) {
        const built: Candidate[] = [];
        for (const i of tier) {
          const c = candidate(i);
          if (c) built.push(c);
        }
        yield* ordered(built, sort);
      }
    }
    : null;
  if (!filter) return { top, rest };
  // Filtered: the records that pass were looked at only if they were among the best of all matches.
  // Those that can still make the page are looked at now, then the page is cut again.
  const wide = prune(top, cap, sort, adjustFloor(q));
  for (const c of wide) {
    const i = at.get(c) as number;
    if ((stemOnly[i] as number) !== -1) continue;
    ensureLooked(i);
    Object.assign(c, { score: scores[i] as number, closeness: closeness[i] as number, stemOnly: stemOnly[i] as number });
  }
  return { top: prune(wide, cap, sort), rest };
}

/** The lowest share of its score the stem level and proximity together can leave a record at (relative to the best raised). */
function adjustFloor(q: Adjust): number {
  return (q.probes.length > 0 ? STEM_RATIO : 1) / (q.runs.length > 0 ? 1 + PROXIMITY.WEIGHT : 1);
}

/**
 * Keeps the `cap` best (ties included) when there are many more: sorting every match is the cost. With
 * `floor` below 1, also those within that share of the cut (records whose score may still change).
 */
function prune(all: Candidate[], cap: number | null, sort: SearchOptions['sort'], floor = 1): Candidate[] {
  const cut = threshold(Float64Array.from(all, (c) => c.score), cap, sort);
  return cut === -Infinity ? all : all.filter((c) => c.score >= cut * floor);
}

/**
 * Ranks the matches of `plan`. With `cap`, only the `cap` best (ties included) are returned: a common
 * word matches most of a 100,000-record library. `screen` is applied on the score.ts path (the caller
 * re-checks, so the MiniSearch fallback may skip it).
 */
export function rank(engine: SearchEngine, plan: QueryPlan, opts: RankOptions): Ranked {
  const { filter, sort, cap } = opts;
  const compiled = plan.groups.length > 0 ? compile(engine, [...plan.groups.map((g) => g.node as PlanNode), ...plan.excludedNodes]) : null;
  const { top, rest } = compiled ? viaScore(engine, plan, compiled, opts) : { top: prune(viaMiniSearch(engine, plan, filter), cap, sort), rest: null };
  const resolve = (page: readonly Candidate[]) => (compiled ? matchesOf(compiled, page.map((c) => [c.shortId, c.mask] as const)) : []);
  const roots = plan.groups.map((g) => g.node as PlanNode);
  return {
    candidates: ordered(top, sort),
    rest,
    matchesOf: (page) => {
      const computed = resolve(page.filter((c) => c.match === null));
      let next = 0;
      return page.map((c) => c.match ?? computed[next++] ?? {});
    },
    explain: (page) => page.map((c) => (compiled ? explainRecord(engine, compiled, roots, c.shortId, c.closeness, Math.max(0, c.stemOnly)) : null)),
  };
}

/** Best first, or newest first (then best) for `sort: 'date'`. Sorts in place. */
function ordered(list: Candidate[], sort: SearchOptions['sort']): Candidate[] {
  if (sort !== 'date') return list.sort((a, b) => b.score - a.score);
  const date = (c: Candidate): string => c.stored.date ?? '';
  return list.sort((a, b) => (date(a) < date(b) ? 1 : date(a) > date(b) ? -1 : b.score - a.score));
}
