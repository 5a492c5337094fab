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
import { adjust, kthSmallest, lookAt, lookBestFirst, notLooked, scoreTiers, TIER_GROWTH, type Adjust, type Looked } from './rank-adjust.js';
import type { PlanNode, QueryPlan } from './query-plan.js';
import { compile, evaluate, finalScores, matchesOf, type Compiled, type LeafScores } from './score.js';
import { slotProbes, STEM_RATIO } from './stem-level.js';
import type { SearchOptions } from './types.js';

/** Matches as stored fields, with each one's short id at the same place in `ids` (for its phrase sequence). */
export interface Members { docs: StoredDoc[]; ids: number[] }

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
   * were cut. Newest first with a `cap`: every candidate, a date at a time (and `candidates` is empty). It
   * reads the index's scratch arrays (scratch.ts): iterate it before ranking again.
   */
  rest: (() => Iterable<Candidate>) | null;
  /** With `members`: every match that passes screen and filter, in no particular order. */
  members: Members | null;
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
  /**
   * With `cap`: how many of the best must be exactly those, in the order, an exhaustive second pass
   * gives (the page a reader asked for; default `cap`). The second pass stops once no record left can
   * reach these; the candidates below them are ordered by what was looked at (the rest, where a page
   * goes on only when a record is missing from the store).
   */
  exact?: number;
  /** False drops a record before it becomes a candidate (phrase screening); null keeps all. */
  screen: ((shortId: number, queryTerms: readonly string[]) => boolean) | null;
  /** With `cap`: keep the records below the cut available through `Ranked.rest` instead of dropping them. */
  keepRest?: boolean;
  /** Look at every record's sequence (stem level, proximity), not only those that can reach the `cap` best: the reference for tests. */
  exhaustive?: boolean;
  /** Also list every match that passes (`Ranked.members`): what totals and facet counts need beside a capped page. */
  members?: boolean;
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

/** The MiniSearch path's `cap` best, and every match when `members` is asked. */
function viaMiniSearchCapped(engine: SearchEngine, plan: QueryPlan, opts: RankOptions): { top: Candidate[]; rest: null; members: Members | null } {
  const all = viaMiniSearch(engine, plan, opts.filter);
  return { top: prune(all, opts.cap, opts.sort), rest: null, members: opts.members ? { docs: all.map((c) => c.stored), ids: all.map((c) => c.shortId) } : null };
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
 *
 * The second pass (rank-adjust.ts) reads each record's sequence, so it looks at as few records as the
 * order allows. Best first without a filter: the best of all matches, before any stored field is read.
 * With a filter or newest first, and a `cap`: only records that pass, once known (`deferred`): the best
 * of those, or the records of each publication date as the page reaches it (a date's records are ordered
 * among themselves by score). Without a cap every record is looked at.
 */
function viaScore(engine: SearchEngine, plan: QueryPlan, compiled: Compiled, opts: RankOptions): Omit<Ranked, 'matchesOf' | 'explain' | 'candidates'> & { top: Candidate[] } {
  const { filter, cap, sort, screen } = opts;
  const root: PlanNode = { op: 'OR', children: plan.groups.map((g) => g.node as PlanNode) };
  const probes = slotProbes(compiled);
  const kept: LeafScores | null = probes.list.length > 0 ? { total: new Map(), exact: new Map() } : null;
  // This ranking's arrays replace the last one's (scratch.ts): a Ranked is read before the next ranking.
  engine.scratch().reset();
  const m = evaluate(engine, compiled, root, kept);
  for (const ex of plan.excludedNodes) for (const doc of evaluate(engine, compiled, ex, null, m.masks).docs) m.masks[doc] = 0;
  const scores = finalScores(engine, m);
  const q: Adjust = {
    compiled, root, docs: m.docs, values: m.scores, kept, probes, runs: hashRuns(plan.groups.flatMap((g) => g.near)), seqs: engine.sequenceLookup(),
  };
  const byDate = sort === 'date';
  const deferred = cap !== null && !opts.exhaustive && (filter !== null || byDate);
  const exact = cap === null ? null : Math.max(1, Math.min(cap, opts.exact ?? cap));
  const { looked, settled } = deferred ? { looked: notLooked(q, scores.length), settled: true } : adjust(q, scores, filter || byDate ? null : exact, opts.exhaustive);
  const { closeness, stemOnly } = looked;
  /** Looks at a record that was not looked at before it becomes a candidate (its score may change). */
  const ensureLooked = (i: number): void => lookAt(q, i, scores, looked);
  /** Looks at a candidate's record (if not yet) and brings the candidate up to date. */
  const settle = (c: Candidate, i: number): void => {
    ensureLooked(i);
    c.score = scores[i] as number;
    c.closeness = closeness[i] as number;
    c.stemOnly = stemOnly[i] as number;
  };
  // Without a filter the cut can be made before looking at stored fields; with one, after. When the second
  // pass ran out of budget before the page was settled, a record it did not look at may still rise past
  // the cut: every record the bounds let reach it is a candidate (and looked at when built).
  const cut = filter ? -Infinity : threshold(scores, cap, sort) * (settled ? 1 : adjustFloor(q));
  const termLists = new Map<number, string[]>();
  /** The stored fields of `m.docs[i]`, or null when excluded, screened out, filtered or without stored fields. */
  const admitted = (i: number): StoredDoc | null => {
    const doc = m.docs[i] as number;
    const mask = m.masks[doc] as number;
    if (mask === 0) return null;
    if (screen && !screen(doc, termsOf(mask))) return null;
    const stored = engine.storedOf(doc);
    return !stored || (filter && !filter(stored)) ? null : stored;
  };
  const termsOf = (mask: number): string[] => {
    let terms = termLists.get(mask);
    if (!terms) termLists.set(mask, (terms = compiled.terms.filter((_, bit) => mask & (1 << bit))));
    return terms;
  };
  /** The candidate of `m.docs[i]`, or null when not admitted. */
  const candidate = (i: number): Candidate | null => {
    const stored = admitted(i);
    if (!stored) return null;
    if (!filter) ensureLooked(i);
    const doc = m.docs[i] as number;
    const mask = m.masks[doc] as number;
    return { id: engine.pmidOf(doc) as string, score: scores[i] as number, queryTerms: termsOf(mask), stored, shortId: doc, mask, match: null, closeness: closeness[i] as number, stemOnly: stemOnly[i] as number };
  };
  if (deferred) return passingFirst(q, scores, looked, cap, exact ?? cap, byDate, m.docs.length, admitted, candidate, opts.members === true);
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
  // Every match that passes, in no particular order (facet counts and totals), when asked.
  let members: Members | null = null;
  if (opts.members) {
    members = { docs: top.map((c) => c.stored), ids: top.map((c) => c.shortId) };
    for (let j = 0; j < belowCount; j += 1) {
      const stored = admitted(below[j] as number);
      if (stored) {
        members.docs.push(stored);
        members.ids.push(m.docs[below[j] as number] as number);
      }
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
  if (!filter) return { top, rest, members };
  // Filtered: the records that pass were looked at only if they were among the best of all matches.
  // Those that can still make the page are looked at now, then the page is cut again.
  const wide = prune(top, cap, sort, adjustFloor(q));
  for (const c of wide) settle(c, at.get(c) as number);
  return { top: prune(wide, cap, sort), rest, members };
}

/**
 * The ranking of a capped page with a filter or newest first (`viaScore`'s `deferred`): the records that
 * pass are listed first (no object built for them), and only those that can reach the page are looked at:
 * best first until none left can reach the `cap` best (lookBestFirst), or newest first a date at a time
 * as the page reaches it, each date's records in score order (`ordered`'s order, ties by index).
 */
function passingFirst(
  q: Adjust, scores: Float64Array, looked: Looked, cap: number, exact: number, byDate: boolean, n: number,
  admitted: (i: number) => StoredDoc | null, candidate: (i: number) => Candidate | null, withMembers: boolean,
): { top: Candidate[]; rest: Ranked['rest']; members: Members | null } {
  const pool: number[] = [];
  const passing: StoredDoc[] = [];
  for (let i = 0; i < n; i += 1) {
    const stored = admitted(i);
    if (!stored) continue;
    pool.push(i);
    passing.push(stored);
  }
  const members = withMembers ? { docs: passing, ids: pool.map((i) => q.docs[i] as number) } : null;
  const among = Int32Array.from(pool);
  /** The candidates of `list`, looked at first (`candidate` builds one from the scores as they stand). */
  const built = (list: Iterable<number>): Candidate[] => {
    const out: Candidate[] = [];
    for (const i of list) {
      lookAt(q, i, scores, looked);
      const c = candidate(i);
      if (c) out.push(c);
    }
    return out;
  };
  if (byDate) {
    // Each date's place in the order (a later date a higher number), as the value scoreTiers cuts on.
    const dateOf = (j: number): string => (passing[j] as StoredDoc).date ?? '';
    const place = new Map([...new Set(passing.map((_, j) => dateOf(j)))].sort().map((d, rank) => [d, rank]));
    const key = new Float64Array(n);
    pool.forEach((i, j) => (key[i] = place.get(dateOf(j)) as number));
    const rest = function* byDay(): Generator<Candidate> {
      // A tier holds every record of its dates (ties included), so each date is put in order whole.
      for (const tier of scoreTiers(key, among, cap)) yield* ordered(built(tier), 'date');
    };
    return { top: [], rest, members };
  }
  const complete = lookBestFirst(q, scores, exact, looked, among);
  const cut = threshold(valuesAt(scores, among), cap, 'relevance');
  // Every record not looked at scores below the `exact` best looked at: the page is among those (the
  // others kept up to `cap` are looked at now, and ordered among themselves by what was looked at).
  if (complete) return { top: built(pool.filter((i) => (scores[i] as number) >= cut)), rest: null, members };
  // PROXIMITY.BUDGET ran out first: those that can still reach the page by the bounds are looked at now.
  const wide = built(pool.filter((i) => (scores[i] as number) >= cut * adjustFloor(q)));
  return { top: prune(wide, cap, 'relevance'), rest: null, members };
}

/**
 * `scores` at the positions `at` (a typed array's `from` with a mapping function takes a slow generic
 * path: a loop over thousands of matches of a filtered page).
 */
function valuesAt(scores: Float64Array, at: Int32Array): Float64Array {
  const out = new Float64Array(at.length);
  for (let j = 0; j < at.length; j += 1) out[j] = scores[at[j] as number] as number;
  return out;
}

/** The lowest share of its score the stem level and proximity together can leave a record at (relative to the best raised). */
function adjustFloor(q: Adjust): number {
  return (q.probes.list.length > 0 ? STEM_RATIO : 1) / (q.runs.length > 0 ? 1 + PROXIMITY.WEIGHT : 1);
}

/**
 * Keeps the `cap` best (ties included) when there are many more: sorting every match is the cost. With
 * `floor` below 1, also those within that share of the cut (records whose score may still change).
 */
function prune(all: Candidate[], cap: number | null, sort: SearchOptions['sort'], floor = 1): Candidate[] {
  const values = new Float64Array(all.length);
  for (let i = 0; i < all.length; i += 1) values[i] = (all[i] as Candidate).score;
  const cut = threshold(values, cap, sort);
  return cut === -Infinity ? all : all.filter((c) => c.score >= cut * floor);
}

/**
 * Ranks the matches of `plan`. With `cap`, only the `cap` best (ties included) are returned: a common
 * word matches most of a 100,000-record library. `screen` is applied on the score.ts path (the caller
 * re-checks, so the MiniSearch fallback may skip it).
 */
export function rank(engine: SearchEngine, plan: QueryPlan, opts: RankOptions): Ranked {
  const { sort } = opts;
  const compiled = plan.groups.length > 0 ? compile(engine, [...plan.groups.map((g) => g.node as PlanNode), ...plan.excludedNodes]) : null;
  const { top, rest, members } = compiled ? viaScore(engine, plan, compiled, opts) : viaMiniSearchCapped(engine, plan, opts);
  const resolve = (page: readonly Candidate[]) => (compiled ? matchesOf(compiled, page.map((c) => [c.shortId, c.mask] as const)) : []);
  const roots = plan.groups.map((g) => g.node as PlanNode);
  return {
    candidates: ordered(top, sort),
    rest,
    members,
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
