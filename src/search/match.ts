/**
 * Every record a query matches, not just a page: what facet counts and result totals need. Ranks with no
 * cap on stored fields only (no SQLite), so phrases are checked by the phrase screen (phrase-index.ts)
 * and not against the stored text: a total may count a rare hash collision that the page then drops.
 * An empty query matches every live record (browsing by filters alone). Pure.
 */
import { UsageError } from '../errors.js';
import { buildFilter } from './filters.js';
import { emptyFilters, parseQuery } from './query-parse.js';
import { articleHasPhrase } from './phrase.js';
import { planQuery, type PhraseCheck, type QueryPlan } from './query-plan.js';
import { checkPaging, pageCap, pageOf, prepare, type SearchContext, screenOf } from './query.js';
import { rank } from './rank.js';
import type { MatchedDoc, SearchOptions, SearchPage } from './types.js';

export type { MatchedDoc } from './types.js';


function newestFirst(a: MatchedDoc, b: MatchedDoc): number {
  const da = a.date ?? '';
  const db = b.date ?? '';
  return da < db ? 1 : da > db ? -1 : 0;
}

/**
 * All records matching `query` and the filters of `opts` (paging ignored), best first, or newest first
 * for `sort: 'date'` and for an empty query. Throws UsageError like `search` for a malformed query.
 */
export function matchAll(ctx: SearchContext, query: string, opts: SearchOptions = {}): MatchedDoc[] {
  if (query.trim() === '') {
    // Straight over the stored fields: MiniSearch's wildcard search would score and copy every record.
    const filter = buildFilter(emptyFilters(), opts);
    const all = ctx.engine.storedDocs();
    return (filter ? all.filter(filter) : all).sort(newestFirst);
  }
  const parsed = parseQuery(query);
  const plan = planQuery(parsed, ctx.synonyms, (term) => ctx.engine.docFrequency(term));
  if (parsed.groups.length > 0 && plan.groups.length === 0) {
    throw new UsageError(`query: "${query.slice(0, 60)}" has only words too common to search (stop words)`);
  }
  const filter = buildFilter(parsed.filters, opts);
  const screen = screenOf(ctx, plan);
  const ranked = rank(ctx.engine, plan, { filter, sort: opts.sort, cap: null, screen });
  return namesChecked(ctx, plan, ranked.candidates.map((c) => c.stored));
}

/** Records read per batch to check names. */
const NAME_BATCH = 200;

/**
 * `docs` whose records name the authors the plan's name checks ask for (read in batches), or `docs` as
 * they are when it has none. The stored first authors settle most names, but not a paper with more
 * authors than are stored, nor forenames and suffixes: without reading, a total, a facet count, an export
 * or a paper's previous/next would count papers the list leaves out. Names match few papers, so reading
 * them costs little; other phrases keep the phrase screen's answer (it errs only on a rare hash collision).
 */
function namesChecked<T extends { pmid: string }>(ctx: SearchContext, plan: QueryPlan, docs: readonly T[]): T[] {
  const names = (ps: readonly PhraseCheck[]) => ps.filter((p) => p.name);
  const excluded = names(plan.excludedPhrases);
  const groups = plan.groups.map((g) => names(g.phrases));
  if (excluded.length === 0 && groups.every((g) => g.length === 0)) return [...docs];
  const out: T[] = [];
  for (let i = 0; i < docs.length; i += NAME_BATCH) {
    const slice = docs.slice(i, i + NAME_BATCH);
    const read = new Map(ctx.fetchArticles(slice.map((d) => d.pmid)).map((a) => [a.pmid, a]));
    for (const d of slice) {
      const a = read.get(d.pmid);
      // Some group whose names the record has: an OR of groups is read as loosely as the terms allow.
      const named = a && !excluded.some((p) => articleHasPhrase(a, p)) && groups.some((g) => g.every((p) => articleHasPhrase(a, p)));
      if (named) out.push(d);
    }
  }
  return out;
}

/**
 * A page of hits and every match (paging ignored) from one ranking: what a result page with totals and
 * facet counts needs. The page is `runSearch`'s page, from the same capped ranking, and `matched` is
 * `matchAll`'s set in no particular order: putting every match in order means looking at each one's
 * sequence (stem level, proximity), which was most of a result page's cost for a common word, and the
 * counts do not need it. `records` are the stored records the page was read from (so a caller need not
 * read them again). An empty query matches every record and ranks none: no hits, `matched` newest first.
 * `withMatched` false: the page alone, `matched` null (a caller that already counted this result set).
 * Throws UsageError like `runSearch`.
 */
export function searchPage(ctx: SearchContext, query: string, opts: SearchOptions = {}, withMatched = true): SearchPage {
  const { limit, offset } = checkPaging(opts);
  if (query.trim() === '') return { hits: [], records: [], matched: withMatched ? matchAll(ctx, query, opts) : null };
  const { plan, filter, screen } = prepare(ctx, query, opts);
  const ranked = rank(ctx.engine, plan, { filter, sort: opts.sort, ...pageCap(plan, screen, filter, offset + limit), screen, keepRest: screen !== null, members: withMatched });
  const page = pageOf(ctx, ranked, plan, screen, opts);
  return { ...page, matched: withMatched ? namesChecked(ctx, plan, ranked.members ?? []) : null };
}
