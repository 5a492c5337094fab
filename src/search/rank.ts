/**
 * Ranking the matches of a query plan: score x number of distinct query terms matched (as MiniSearch's
 * `search` does), filtered on stored fields, discarded records skipped, best first (or newest first).
 * Plans with at most MAX_TERMS distinct terms are evaluated by score.ts (no per-match objects); larger
 * ones and the wildcard (exclusions only) go through MiniSearch's own `executeQuery`. Pure.
 */
import MiniSearch, { type Query } from 'minisearch';
import type { IndexDoc, StoredDoc } from './documents.js';
import { miniField } from './index-options.js';
import { internals } from './internals.js';
import type { PlanNode, QueryPlan } from './query-plan.js';
import { compile, evaluate, finalScores, matchesOf, type Compiled } from './score.js';
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
}

export interface Ranked {
  candidates: Candidate[];
  /** With `keepRest`: the candidates below the cut, ranked, built on first call; null when none were cut. */
  rest: (() => Candidate[]) | null;
  /** Per candidate: matched index term -> MiniSearch field names, for snippets and `matchedFields`. */
  matchesOf(page: readonly Candidate[]): Array<Record<string, string[]>>;
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
function viaMiniSearch(mini: MiniSearch<IndexDoc>, plan: QueryPlan, filter: Filter): Candidate[] {
  const ms = internals(mini);
  const out: Candidate[] = [];
  for (const [shortId, raw] of ms.executeQuery(miniQuery(plan))) {
    const stored = ms._storedFields.get(shortId) as StoredDoc | undefined;
    if (!ms._documentIds.has(shortId) || !stored || (filter && !filter(stored))) continue;
    const score = raw.score * (raw.terms.length || 1);
    out.push({ id: ms._documentIds.get(shortId) as string, score, queryTerms: raw.terms, stored, shortId, mask: 0, match: raw.match });
  }
  return out;
}

/** The score a candidate needs to be among the `cap` best (ties included); -Infinity keeps all. */
function threshold(scores: Float64Array, cap: number | null, sort: SearchOptions['sort']): number {
  if (cap === null || sort === 'date' || scores.length <= 2 * cap) return -Infinity;
  return Float64Array.from(scores).sort()[scores.length - cap] ?? -Infinity;
}

/**
 * Matches through score.ts: scores first, then objects only for the records that can make the page
 * (and, with `keepRest`, a function building the others). Query-term lists are shared between records
 * with the same term bits.
 */
function viaScore(mini: MiniSearch<IndexDoc>, plan: QueryPlan, compiled: Compiled, opts: RankOptions): { top: Candidate[]; rest: (() => Candidate[]) | null } {
  const { filter, cap, sort, screen } = opts;
  const ms = internals(mini);
  const root: PlanNode = { op: 'OR', children: plan.groups.map((g) => g.node as PlanNode) };
  const m = evaluate(mini, compiled, root);
  for (const ex of plan.excludedNodes) for (const doc of evaluate(mini, compiled, ex).docs) m.masks[doc] = 0;
  const scores = finalScores(mini, m);
  // Without a filter the cut can be made before looking at stored fields; with one, after.
  const cut = filter ? -Infinity : threshold(scores, cap, sort);
  const termLists = new Map<number, string[]>();
  const build = (above: boolean): Candidate[] => {
    const out: Candidate[] = [];
    for (let i = 0; i < m.docs.length; i += 1) {
      const doc = m.docs[i] as number;
      const mask = m.masks[doc] as number;
      const score = scores[i] as number;
      if (mask === 0 || score >= cut !== above) continue;
      let terms = termLists.get(mask);
      if (!terms) termLists.set(mask, (terms = compiled.terms.filter((_, bit) => mask & (1 << bit))));
      if (screen && !screen(doc, terms)) continue;
      const stored = ms._storedFields.get(doc) as StoredDoc | undefined;
      if (!stored || (filter && !filter(stored))) continue;
      out.push({ id: ms._documentIds.get(doc) as string, score, queryTerms: terms, stored, shortId: doc, mask, match: null });
    }
    return out;
  };
  const top = build(true);
  const rest = opts.keepRest && cut !== -Infinity ? () => build(false) : null;
  return { top: filter ? prune(top, cap, sort) : top, rest };
}

/** Keeps the `cap` best (ties included) when there are many more: sorting every match is the cost. */
function prune(all: Candidate[], cap: number | null, sort: SearchOptions['sort']): Candidate[] {
  const cut = threshold(Float64Array.from(all, (c) => c.score), cap, sort);
  return cut === -Infinity ? all : all.filter((c) => c.score >= cut);
}

/**
 * Ranks the matches of `plan`. With `cap`, only the `cap` best (ties included) are returned: a common
 * word matches most of a 100,000-record library. `screen` is applied on the score.ts path (the caller
 * re-checks, so the MiniSearch fallback may skip it).
 */
export function rank(mini: MiniSearch<IndexDoc>, plan: QueryPlan, opts: RankOptions): Ranked {
  const { filter, sort, cap } = opts;
  const compiled = plan.groups.length > 0 ? compile(mini, [...plan.groups.map((g) => g.node as PlanNode), ...plan.excludedNodes]) : null;
  const { top, rest } = compiled ? viaScore(mini, plan, compiled, opts) : { top: prune(viaMiniSearch(mini, plan, filter), cap, sort), rest: null };
  const resolve = (page: readonly Candidate[]) => (compiled ? matchesOf(compiled, page.map((c) => [c.shortId, c.mask] as const)) : []);
  return {
    candidates: ordered(top, sort),
    rest: rest ? () => ordered(rest(), sort) : null,
    matchesOf: (page) => {
      const computed = resolve(page.filter((c) => c.match === null));
      let next = 0;
      return page.map((c) => c.match ?? computed[next++] ?? {});
    },
  };
}

/** Best first, or newest first (then best) for `sort: 'date'`. Sorts in place. */
function ordered(list: Candidate[], sort: SearchOptions['sort']): Candidate[] {
  if (sort !== 'date') return list.sort((a, b) => b.score - a.score);
  const date = (c: Candidate): string => c.stored.date ?? '';
  return list.sort((a, b) => (date(a) < date(b) ? 1 : date(a) > date(b) ? -1 : b.score - a.score));
}
