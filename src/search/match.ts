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
import { partHash, sequenceMayHavePhrase } from './phrase-index.js';
import { planQuery, type PhraseCheck, type QueryPlan } from './query-plan.js';
import { checkPaging, pageCap, pageOf, prepare, type SearchContext, screenOf } from './query.js';
import { rank } from './rank.js';
import type { ListedArticle } from '../types.js';
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
  return textChecked(ctx, plan, ranked.candidates.map((c) => c.stored), ranked.candidates.map((c) => c.shortId));
}

/** Records read per batch to check names and excluded phrases. */
const TEXT_BATCH = 200;

/**
 * `docs` (short ids at the same places in `ids`) without those the text rules out: records naming none
 * of the authors a group's name checks ask for, and records holding an excluded phrase (`-"case
 * report"`). The ranking without a cap checks neither (it reads no record), so a total, a facet count,
 * an export or a paper's previous/next would count papers the list leaves out. Names: the stored first
 * authors settle most, but not a paper with more authors than are stored, nor forenames and suffixes, so
 * every record is read (names match few papers). Excluded phrases: only records whose phrase sequence
 * may hold one are read (a sequence rules a phrase out for certain; it never proves one is there).
 * Required phrases other than names keep the phrase screen's answer (it errs only on a rare hash collision).
 */
function textChecked<T extends { pmid: string }>(ctx: SearchContext, plan: QueryPlan, docs: readonly T[], ids: ArrayLike<number>): T[] {
  const groups = plan.groups.map((g) => g.phrases.filter((p) => p.name));
  const excluded = plan.excludedPhrases;
  const namesAsked = groups.some((g) => g.length > 0) || excluded.some((p) => p.name);
  if (excluded.length === 0 && !namesAsked) return [...docs];
  const seqs = ctx.engine.sequenceLookup();
  const hashed = excluded.map((p): [PhraseCheck, number[]] => [p, p.parts.map(partHash)]);
  /** Whether the record at `i` must be read: a name is asked, or its sequence cannot rule out an excluded phrase. */
  const mustRead = (i: number): boolean => {
    if (namesAsked) return true;
    const seq = seqs(ids[i] as number);
    return !seq || hashed.some(([p, h]) => sequenceMayHavePhrase(seq, p, h));
  };
  // Some group whose names the record has (an OR of groups is read as loosely as the terms allow), and no
  // excluded phrase; a query of exclusions alone has no group to satisfy.
  const passes = (a: ListedArticle): boolean =>
    !excluded.some((p) => articleHasPhrase(a, p)) && (groups.length === 0 || groups.some((g) => g.every((p) => articleHasPhrase(a, p))));
  const keep = new Uint8Array(docs.length).fill(1);
  const toRead: number[] = [];
  for (let i = 0; i < docs.length; i += 1) if (mustRead(i)) toRead.push(i);
  for (let k = 0; k < toRead.length; k += TEXT_BATCH) {
    const slice = toRead.slice(k, k + TEXT_BATCH);
    const read = new Map(ctx.fetchArticles(slice.map((i) => (docs[i] as T).pmid)).map((a) => [a.pmid, a]));
    for (const i of slice) {
      const a = read.get((docs[i] as T).pmid);
      if (!a || !passes(a)) keep[i] = 0;
    }
  }
  return docs.filter((_, i) => keep[i] === 1);
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
  return { ...page, matched: withMatched ? textChecked(ctx, plan, ranked.members?.docs ?? [], ranked.members?.ids ?? []) : null };
}
