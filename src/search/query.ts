/**
 * Runs a query against the search engine: parse -> plan -> score and rank (rank.ts, score.ts) -> screen
 * phrase candidates by their phrase sequences (phrase-index.ts) -> verify phrases and liveness against the
 * stored records -> page -> hits with snippets.
 * Collaborators are injected (`fetchArticles` reads the store), so this module does no I/O of its own.
 */
import { listBadges } from '../digest/paper.js';
import { UsageError } from '../errors.js';
import type { ListedArticle } from '../types.js';
import { authorName } from '../pubmed/author-name.js';
import { fieldText, type StoredDoc } from './documents.js';
import type { SearchEngine, SequenceOf } from './engine.js';
import { buildFilter } from './filters.js';
import { fieldOfMini } from './index-options.js';
import { articleHasPhrase, namesMatched, storedMayHaveName } from './phrase.js';
import { partHash, sequenceMayHavePhrase } from './phrase-index.js';
import { parseQuery } from './query-parse.js';
import { planQuery, type PhraseCheck, type PlanNode, type PlannedGroup, type QueryPlan } from './query-plan.js';
import { rank, type Candidate, type Ranked } from './rank.js';
import { DEFAULT_HIGHLIGHT, makeSnippet } from './snippet.js';
import type { SynonymMatcher } from './synonyms.js';
import type { SearchHit, SearchOptions } from './types.js';

/** What a search needs: the index, the synonym list it was built with, and a reader of stored records. */
export interface SearchContext {
  engine: SearchEngine;
  synonyms: SynonymMatcher | null;
  /** Records by PMID in the order asked, missing ones skipped (store `getArticles`). */
  fetchArticles: (pmids: string[]) => ListedArticle[];
}

/**
 * Records read from the store (in rank order) to verify phrase candidates before giving up on filling the
 * page. Reading a record costs ~0.08 ms, so this bounds a phrase query at ~100 ms. Candidates are screened
 * by their phrase sequences first, so only hash collisions (1 in 4,096 per word) and records whose text
 * the screen cannot rule out are read; records without a sequence are read and checked in full.
 */
export const MAX_VERIFIED = 1000;
export const MAX_LIMIT = 1000;

function satisfies(node: PlanNode, terms: ReadonlySet<string>): boolean {
  if (!('op' in node)) return terms.has(node.term);
  return node.op === 'AND' ? node.children.every((c) => satisfies(c, terms)) : node.children.some((c) => satisfies(c, terms));
}

/** Phrase and liveness check of one candidate: some group it matched has all its phrases in the text. */
function verified(result: Candidate, article: ListedArticle | undefined, plan: QueryPlan): boolean {
  if (!article || article.deleted) return false;
  if (plan.excludedPhrases.some((p) => articleHasPhrase(article, p))) return false;
  if (plan.groups.length === 0) return true;
  const terms = new Set<string>(result.queryTerms);
  return plan.groups.some(
    (g: PlannedGroup) => g.node !== null && satisfies(g.node, terms) && g.phrases.every((p) => articleHasPhrase(article, p)),
  );
}

export function checkPaging(opts: SearchOptions): { limit: number; offset: number } {
  const limit = opts.limit ?? 20;
  const offset = opts.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT) {
    throw new UsageError(`search: limit ${limit} must be an integer from 0 to ${MAX_LIMIT}`);
  }
  if (!Number.isInteger(offset) || offset < 0) throw new UsageError(`search: offset ${offset} must be a non-negative integer`);
  return { limit, offset };
}

function needsText(plan: QueryPlan): boolean {
  return plan.excludedPhrases.length > 0 || plan.groups.some((g) => g.phrases.length > 0);
}

/** Required phrases per group with their part hashes, computed once per query. */
type HashedGroups = Array<{ node: PlanNode | null; phrases: Array<[PhraseCheck, number[]]> }>;

function hashGroups(plan: QueryPlan): HashedGroups {
  return plan.groups.map((g) => ({ node: g.node, phrases: g.phrases.map((p): [PhraseCheck, number[]] => [p, p.parts.map(partHash)]) }));
}

/**
 * Cheap pre-check (phrase-index.ts): false only when no group the record matched can contain all its
 * phrases. Which groups a record matched depends only on its query-term list, which rank.ts shares
 * between records with the same terms, so it is worked out once per list (`groupsOf`).
 */
function mayPass(
  shortId: number, queryTerms: readonly string[], groups: HashedGroups,
  seqs: SequenceOf, groupsOf: Map<readonly string[], HashedGroups>, stored: (shortId: number) => StoredDoc | undefined,
): boolean {
  const seq = seqs(shortId);
  if (!seq || groups.length === 0) return true;
  let matched = groupsOf.get(queryTerms);
  if (!matched) {
    const terms = new Set<string>(queryTerms);
    groupsOf.set(queryTerms, (matched = groups.filter((g) => g.node !== null && satisfies(g.node, terms))));
  }
  const mayHave = ([p, h]: [PhraseCheck, number[]]): boolean => {
    if (!sequenceMayHavePhrase(seq, p, h)) return false;
    // A name's words need not be adjacent, so the sequence tells little; the stored first authors more.
    const doc = p.name ? stored(shortId) : undefined;
    return !doc || storedMayHaveName(doc.authors, doc.authorCount, p.name ?? []);
  };
  return matched.some((g) => g.phrases.every(mayHave));
}

/** The phrase screen of a query with required phrases, else null (also used by match.ts). */
type Screen = (shortId: number, queryTerms: readonly string[]) => boolean;

export function screenOf(ctx: SearchContext, plan: QueryPlan): Screen | null {
  if (!plan.groups.some((g) => g.phrases.length > 0)) return null;
  const groups = hashGroups(plan);
  const seqs = ctx.engine.sequenceLookup();
  const groupsOf = new Map<readonly string[], HashedGroups>();
  return (shortId, queryTerms) => mayPass(shortId, queryTerms, groups, seqs, groupsOf, (id) => ctx.engine.storedOf(id));
}

/** Up to `size` candidates from `it` that pass the screen; fewer only when `it` ran out. */
function take(it: Iterator<Candidate>, size: number, screen: Screen | null): Candidate[] {
  const slice: Candidate[] = [];
  while (slice.length < size) {
    const next = it.next();
    if (next.done) break;
    if (!screen || screen(next.value.shortId, next.value.queryTerms)) slice.push(next.value);
  }
  return slice;
}

/**
 * Walks ranked candidates, keeping those that pass verification, until the page is full. Phrase
 * candidates are first screened by their phrase sequences, so records are read from the store only for
 * the few that probably contain the phrase; at most MAX_VERIFIED records are read. The candidates below
 * the cut are produced only as far as this walk gets (rank.ts score tiers).
 */
function collect(ctx: SearchContext, ranked: Ranked, plan: QueryPlan, want: number, screen: Screen | null): Array<[Candidate, ListedArticle]> {
  const kept: Array<[Candidate, ListedArticle]> = [];
  let read = 0;
  // Deep pages (an export walks all hits a page at a time) may read as far as the page reaches.
  const maxRead = Math.max(MAX_VERIFIED, 2 * want);
  // The first candidates, then (a rare phrase) the ones ranked below the cut, produced only as far as read.
  const sources: Array<() => Iterable<Candidate>> = [() => ranked.candidates];
  if (ranked.rest) sources.push(ranked.rest);
  for (const source of sources) {
    if (kept.length >= want || read >= maxRead) break;
    const it = source()[Symbol.iterator]();
    for (let done = false; !done && kept.length < want && read < maxRead;) {
      // Screened or phrase-free candidates nearly all pass: read about what the page still needs.
      const size = screen || !needsText(plan) ? Math.max(want - kept.length, 1) : Math.max(want, 100);
      const slice = take(it, size, screen);
      done = slice.length < size;
      if (slice.length === 0) break;
      read += slice.length;
      const byPmid = new Map(ctx.fetchArticles(slice.map((r) => String(r.id))).map((a) => [a.pmid, a]));
      for (const r of slice) {
        const article = byPmid.get(String(r.id));
        if (article && verified(r, article, plan)) kept.push([r, article]);
        if (kept.length >= want) break;
      }
    }
  }
  return kept;
}

function toHit(ctx: SearchContext, r: Candidate, match: Record<string, string[]>, article: ListedArticle, opts: SearchOptions): SearchHit {
  const stored = r.stored;
  const matched = new Set<string>(Object.keys(match));
  const text = fieldText(article, 'abstract') || article.title;
  const fields = new Set(Object.values(match).flat().map((f) => fieldOfMini(f)).filter((f) => f !== null));
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
    // Copies: the record may be one a result page shares, frozen (the library's record table), and a
    // hit is the caller's to change.
    publicationTypes: [...article.publicationTypes],
    topics: [...article.topics],
    retracted: article.retracted,
    retractionNotice: article.retractionNotice,
    badges: listBadges(article),
  };
}

/** The parsed and planned query with its filter and phrase screen; UsageError for an unusable query (also used by match.ts). */
export function prepare(ctx: SearchContext, query: string, opts: SearchOptions): { plan: QueryPlan; filter: ReturnType<typeof buildFilter>; screen: Screen | null } {
  const parsed = parseQuery(query);
  const plan = planQuery(parsed, ctx.synonyms, (term) => ctx.engine.docFrequency(term));
  if (parsed.groups.length > 0 && plan.groups.length === 0) {
    throw new UsageError(`query: "${query.slice(0, 60)}" has only words too common to search (stop words)`);
  }
  return { plan, filter: buildFilter(parsed.filters, opts), screen: screenOf(ctx, plan) };
}

/**
 * The page `opts` asks for (offset, limit) of ranked candidates, verified, as hits with the records they
 * were read from (also used by match.ts).
 */
export function pageOf(ctx: SearchContext, ranked: Ranked, plan: QueryPlan, screen: Screen | null, opts: SearchOptions): { hits: SearchHit[]; records: ListedArticle[] } {
  const { limit, offset } = checkPaging(opts);
  const page = limit === 0 ? [] : collect(ctx, ranked, plan, offset + limit, screen).slice(offset);
  return { hits: hitsOf(ctx, ranked, plan, page, opts), records: page.map(([, a]) => a) };
}

/** The hits of a page of verified candidates (with `explain` when asked). */
function hitsOf(ctx: SearchContext, ranked: Ranked, plan: QueryPlan, page: Array<[Candidate, ListedArticle]>, opts: SearchOptions): SearchHit[] {
  const matches = ranked.matchesOf(page.map(([r]) => r));
  const hits = page.map(([r, a], i) => toHit(ctx, r, matches[i] ?? {}, a, opts));
  if (opts.explain) {
    ranked.explain(page.map(([r]) => r)).forEach((e, i) => {
      if (e) (hits[i] as SearchHit).explain = { ...e, names: namesMatched((page[i] as [Candidate, ListedArticle])[1], plan.groups.flatMap((g) => g.phrases)) };
    });
  }
  return hits;
}

/**
 * Searches the index. Throws UsageError for a malformed query or option (see parseQuery); a query whose
 * words are all stop words is a UsageError too. Deleted or vanished records are never returned.
 */
export function runSearch(ctx: SearchContext, query: string, opts: SearchOptions = {}): SearchHit[] {
  const { limit, offset } = checkPaging(opts);
  const { plan, filter, screen } = prepare(ctx, query, opts);
  if (limit === 0) return [];
  const ranked = rank(ctx.engine, plan, { filter, sort: opts.sort, ...pageCap(plan, screen, filter, offset + limit), screen, keepRest: screen !== null });
  return pageOf(ctx, ranked, plan, screen, opts).hits;
}

/**
 * How many of the best a page reaching `want` hits ranks (`rank`'s cap; null: all of them), and how many
 * of those must be exact (`rank`'s exact): the page itself, when the candidates are the page (no phrase
 * to check in the text); all of them when a phrase check may drop most (the page is then made of
 * candidates from far down the list).
 */
export function pageCap(plan: QueryPlan, screen: Screen | null, filter: ((doc: StoredDoc) => boolean) | null, want: number): { cap: number | null; exact?: number } {
  // Records missing from the store are rare (each search first catches up with it), so twice the page
  // is plenty of candidates. Phrase checks may reject many: screened phrase queries rank the best few
  // hundred first and the rest only if those run out; unscreened ones (excluded phrases) rank everything.
  if (needsText(plan)) return { cap: screen && !filter ? Math.max(4 * want, 200) : null };
  return { cap: Math.max(2 * want, 50), exact: want };
}
