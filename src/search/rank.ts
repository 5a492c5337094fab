/**
 * Ranking the matches of a query plan: weighted BM25 x prior x number of distinct query words matched,
 * raised by proximity (proximity.ts) for the records that can still reach the page, filtered on stored
 * fields, discarded records skipped, best first (or newest first).
 * Plans with at most MAX_TERMS distinct terms are evaluated by score.ts (no per-match objects); larger
 * ones and the wildcard (exclusions only) go through MiniSearch's own `executeQuery`. Pure.
 */
import MiniSearch, { type Query } from 'minisearch';
import type { StoredDoc } from './documents.js';
import type { SearchEngine } from './engine.js';
import { miniField } from './index-options.js';
import { explainRecord, type HitExplain } from './explain.js';
import { hashRuns, PROXIMITY } from './proximity.js';
import { adjust, kthSmallest, lookAt, scoreTiers, TIER_GROWTH, type Adjust } from './rank-adjust.js';
import type { PlanNode, QueryPlan } from './query-plan.js';
import { compile, evaluate, finalScores, matchesOf, type Compiled, type LeafScores } from './score.js';
import { slotProbes, STEM_RATIO } from './stem-level.js';
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
   * were cut. It reads the index's scratch arrays (scratch.ts): iterate it before ranking again.
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
  /** Look at every record's sequence (stem level, proximity), not only those that can reach the `cap` best: the reference for tests. */
  exhaustive?: boolean;
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
 * Matches through score.ts: scores first, then objects only for the records that can make the page
 * (and, with `keepRest`, a function building the others). Query-term lists are shared between records
 * with the same term bits.
 */
function viaScore(engine: SearchEngine, plan: QueryPlan, compiled: Compiled, opts: RankOptions): { top: Candidate[]; rest: Ranked['rest'] } {
  const { filter, cap, sort, screen } = opts;
  const root: PlanNode = { op: 'OR', children: plan.groups.map((g) => g.node as PlanNode) };
  const probes = slotProbes(compiled);
  const kept: LeafScores | null = probes.length > 0 ? { total: new Map(), exact: new Map() } : null;
  // This ranking's arrays replace the last one's (scratch.ts): a Ranked is read before the next ranking.
  engine.scratch().reset();
  const m = evaluate(engine, compiled, root, kept);
  for (const ex of plan.excludedNodes) for (const doc of evaluate(engine, compiled, ex, null, m.masks).docs) m.masks[doc] = 0;
  const scores = finalScores(engine, m);
  const q: Adjust = {
    compiled, root, docs: m.docs, values: m.scores, kept, probes, runs: hashRuns(plan.groups.flatMap((g) => g.near)), seqs: engine.sequenceLookup(),
  };
  const looked = adjust(q, scores, filter || sort === 'date' ? null : cap, opts.exhaustive);
  const { closeness, stemOnly } = looked;
  /** Looks at a record that was not looked at before it becomes a candidate (its score may change). */
  const ensureLooked = (i: number): void => lookAt(q, i, scores, looked);
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
