/**
 * Runs a query against a MiniSearch index: parse -> plan -> MiniSearch query tree -> filter -> sort ->
 * verify phrases and liveness against the stored records -> page -> hits with snippets.
 * Collaborators are injected (`fetchArticles` reads the store), so this module does no I/O of its own.
 */
import MiniSearch, { type Query } from 'minisearch';
import { UsageError } from '../errors.js';
import type { Article } from '../types.js';
import { authorName, fieldText, type IndexDoc, type StoredDoc } from './documents.js';
import { buildFilter } from './filters.js';
import { fieldOfMini, miniField } from './index-options.js';
import { docFrequency, internals, type RawMatch } from './internals.js';
import { articleHasPhrase } from './phrase.js';
import { parseQuery } from './query-parse.js';
import { planQuery, type PlanNode, type PlannedGroup, type QueryPlan } from './query-plan.js';
import { DEFAULT_HIGHLIGHT, makeSnippet } from './snippet.js';
import type { SynonymMatcher } from './synonyms.js';
import type { SearchHit, SearchOptions } from './types.js';

/** What a search needs: the index, the synonym list it was built with, and a reader of stored records. */
export interface SearchContext {
  mini: MiniSearch<IndexDoc>;
  synonyms: SynonymMatcher | null;
  /** Records by PMID in the order asked, missing ones skipped (store `getArticles`). */
  fetchArticles: (pmids: string[]) => Article[];
}

/**
 * Candidates (in rank order) checked against stored text for phrase queries before giving up on filling
 * the page. Reading a record costs ~0.08 ms, so this bounds a phrase query at ~100 ms; a phrase rarer than
 * this among records holding all its words may return fewer hits than exist (documented limitation).
 */
export const MAX_VERIFIED = 1000;
export const MAX_LIMIT = 1000;

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

/** A ranked match: what MiniSearch's SearchResult would hold, built only for the candidates examined. */
interface Candidate {
  id: string;
  score: number;
  queryTerms: string[];
  match: Record<string, string[]>;
  stored: StoredDoc;
}

/**
 * Runs the query tree and ranks the raw matches: score x number of distinct query terms matched (as
 * MiniSearch's `search` does), filtered on stored fields, discarded records skipped. With `cap`, only
 * the `cap` best (ties included) become candidates: a common word matches most of a 100,000-record
 * library, and building and sorting an object per match was most of the query time.
 */
function rank(
  mini: MiniSearch<IndexDoc>,
  query: Query,
  filter: ((doc: StoredDoc) => boolean) | null,
  sort: SearchOptions['sort'],
  cap: number | null,
): Candidate[] {
  const ms = internals(mini);
  const matches: Array<[number, RawMatch]> = [];
  const scores: number[] = [];
  for (const entry of ms.executeQuery(query)) {
    const stored = ms._storedFields.get(entry[0]) as StoredDoc | undefined;
    if (!ms._documentIds.has(entry[0]) || !stored || (filter && !filter(stored))) continue;
    matches.push(entry);
    scores.push(entry[1].score * (entry[1].terms.length || 1));
  }
  let threshold = -Infinity;
  if (cap !== null && sort !== 'date' && scores.length > 2 * cap) {
    threshold = Float64Array.from(scores).sort()[scores.length - cap] ?? -Infinity;
  }
  const out: Candidate[] = [];
  matches.forEach(([shortId, raw], i) => {
    const score = scores[i] as number;
    if (score < threshold) return;
    const stored = ms._storedFields.get(shortId) as unknown as StoredDoc;
    out.push({ id: ms._documentIds.get(shortId) as string, score, queryTerms: raw.terms, match: raw.match, stored });
  });
  if (sort !== 'date') return out.sort((a, b) => b.score - a.score);
  const date = (c: Candidate): string => c.stored.date ?? '';
  return out.sort((a, b) => (date(a) < date(b) ? 1 : date(a) > date(b) ? -1 : b.score - a.score));
}

function satisfies(node: PlanNode, terms: ReadonlySet<string>): boolean {
  if (!('op' in node)) return terms.has(node.term);
  return node.op === 'AND' ? node.children.every((c) => satisfies(c, terms)) : node.children.some((c) => satisfies(c, terms));
}

/** Phrase and liveness check of one candidate: some group it matched has all its phrases in the text. */
function verified(result: Candidate, article: Article | undefined, plan: QueryPlan): boolean {
  if (!article || article.deleted) return false;
  if (plan.excludedPhrases.some((p) => articleHasPhrase(article, p))) return false;
  if (plan.groups.length === 0) return true;
  const terms = new Set<string>(result.queryTerms);
  return plan.groups.some(
    (g: PlannedGroup) => g.node !== null && satisfies(g.node, terms) && g.phrases.every((p) => articleHasPhrase(article, p)),
  );
}

function checkPaging(opts: SearchOptions): { limit: number; offset: number } {
  const limit = opts.limit ?? 20;
  const offset = opts.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT) {
    throw new UsageError(`search: limit ${limit} must be an integer from 0 to ${MAX_LIMIT}`);
  }
  if (!Number.isInteger(offset) || offset < 0) throw new UsageError(`search: offset ${offset} must be a non-negative integer`);
  return { limit, offset };
}

/** Walks ranked candidates in batches, keeping those that pass verification, until the page is full. */
function needsText(plan: QueryPlan): boolean {
  return plan.excludedPhrases.length > 0 || plan.groups.some((g) => g.phrases.length > 0);
}

function collect(ctx: SearchContext, ranked: Candidate[], plan: QueryPlan, want: number): Array<[Candidate, Article]> {
  const kept: Array<[Candidate, Article]> = [];
  // Without phrase checks nearly every candidate passes: read exactly the page, not more.
  const batch = needsText(plan) ? Math.max(want, 100) : Math.max(want, 1);
  for (let i = 0; i < ranked.length && kept.length < want && i < MAX_VERIFIED; i += batch) {
    const slice = ranked.slice(i, i + batch);
    const byPmid = new Map(ctx.fetchArticles(slice.map((r) => String(r.id))).map((a) => [a.pmid, a]));
    for (const r of slice) {
      const article = byPmid.get(String(r.id));
      if (article && verified(r, article, plan)) kept.push([r, article]);
      if (kept.length >= want) break;
    }
  }
  return kept;
}

function toHit(ctx: SearchContext, r: Candidate, article: Article, opts: SearchOptions): SearchHit {
  const stored = r.stored;
  const matched = new Set<string>(Object.keys(r.match));
  const text = fieldText(article, 'abstract') || article.title;
  const fields = new Set(Object.values(r.match).flat().map((f) => fieldOfMini(f)).filter((f) => f !== null));
  return {
    pmid: article.pmid,
    title: article.title,
    authors: article.authors.map(authorName).filter((n): n is string => n !== null),
    journal: stored.journal,
    year: stored.year,
    doi: article.doi,
    score: Math.round(r.score * 1000) / 1000,
    snippet: makeSnippet(text, matched, ctx.synonyms, opts.highlight ?? DEFAULT_HIGHLIGHT),
    matchedFields: [...fields] as string[],
    publicationTypes: article.publicationTypes,
    topics: article.topics,
    retracted: article.retracted,
  };
}

/**
 * Searches the index. Throws UsageError for a malformed query or option (see parseQuery); a query whose
 * words are all stop words is a UsageError too. Deleted or vanished records are never returned.
 */
export function runSearch(ctx: SearchContext, query: string, opts: SearchOptions = {}): SearchHit[] {
  const { limit, offset } = checkPaging(opts);
  const parsed = parseQuery(query);
  const plan = planQuery(parsed, ctx.synonyms, (term) => docFrequency(ctx.mini, term));
  if (parsed.groups.length > 0 && plan.groups.length === 0) {
    throw new UsageError(`query: "${query.slice(0, 60)}" has only words too common to search (stop words)`);
  }
  const filter = buildFilter(parsed.filters, opts);
  if (limit === 0) return [];
  // Records missing from the store are rare (each search first catches up with it), so twice the page
  // is plenty of candidates; phrase checks may reject many, so they rank everything.
  const cap = needsText(plan) ? null : Math.max(2 * (offset + limit), 50);
  const kept = collect(ctx, rank(ctx.mini, miniQuery(plan), filter, opts.sort, cap), plan, offset + limit);
  return kept.slice(offset).map(([r, a]) => toHit(ctx, r, a, opts));
}
