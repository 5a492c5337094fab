import type Database from 'better-sqlite3';
import type { Config } from '../config.js';
import { weekProblem, weekRange } from '../digest/week.js';
import { UsageError } from '../errors.js';
import { type StoredTopic, checkQueryTopics, checkSelectionKeys, checkTypesOfEmpty, knownTopic, storedTopicOf } from './check-options.js';
import { type FilterOptions, checkFilterOptions, recordMatches } from '../search/filters.js';
import type { SearchIndex } from '../search/index.js';
import { MAX_LIMIT } from '../search/query.js';
import { getArticles, iterateLiveArticles, listArticlesEnteredBetween } from '../store/articles.js';
import type { Article } from '../types.js';
import type { LeftOutPmid, RecordSelection } from './api.js';
import { PMID_RULE, parsePmidInput } from '../pmid.js';
import { lookupPmids, parseQuery } from '../search/query-parse.js';
import { prepared } from '../store/prepared.js';

/** Filters of `export` (and `search`): the search module's {@link FilterOptions}, one implementation. */
export type SelectionFilters = FilterOptions;

/**
 * Validates the filter options before any work: dates are real calendar dates, the topic is one the
 * library knows (configured, or carried by stored papers: {@link checkSearchOptions}' rule, one for every
 * face), and no option contradicts the selection's `query` (they narrow it).
 */
export function checkFilters(f: SelectionFilters, config: Config, stored: StoredTopic, query?: string): void {
  // Named as the selection spells them (`export: since "..."`): the CLI checks its own flags first.
  checkFilterOptions(f, 'export', query);
  if (f.topic !== undefined) knownTopic(f.topic, config, stored, 'export');
}

/**
 * Refuses a topic that is not configured (case-insensitive, as the filters compare), naming the configured
 * ones: the topics a run files records under (`import --topic`, `ingest --topic`).
 */
export function checkTopic(config: Config, topic: string): void {
  const names = config.topics.map((t) => t.name);
  if (!names.some((n) => n.toLowerCase() === topic.toLowerCase())) {
    throw new UsageError(`--topic "${topic}" is not a configured topic (configured: ${names.join(', ')})`);
  }
}

/** Live records of a digest week (entry date in the week, in `timeZone`), filtered. */
export function selectWeek(db: Database.Database, week: string, timeZone: string, f: SelectionFilters): Article[] {
  const r = weekRange(week, timeZone);
  return listArticlesEnteredBetween(db, r.from, r.to).filter((a) => recordMatches(a, f));
}

/** Every live record passing the filters, by PMID. */
export function selectAll(db: Database.Database, f: SelectionFilters): Article[] {
  const out: Article[] = [];
  for (const a of iterateLiveArticles(db)) if (recordMatches(a, f)) out.push(a);
  return out;
}

/**
 * Every record matching a query and the filters, in rank order: the search pages through all its hits
 * (an export is never capped at a search page).
 */
export function selectByQuery(db: Database.Database, index: SearchIndex, query: string, f: SelectionFilters): Article[] {
  const pmids: string[] = [];
  for (let offset = 0; ; offset += MAX_LIMIT) {
    const page = index.search(query, { ...f, limit: MAX_LIMIT, offset });
    pmids.push(...page.map((h) => h.pmid));
    if (page.length < MAX_LIMIT) break;
  }
  return getArticles(db, pmids).filter((a) => !a.deleted);
}

/**
 * `pmids` in their canonical form (`00123` -> `123`, as `show` reads one), each once, in the order given;
 * a UsageError naming the first that is not a PMID.
 */
export function canonicalPmids(pmids: unknown): string[] {
  if (!Array.isArray(pmids)) throw new UsageError(`export: pmids must be an array of PubMed ids, got ${JSON.stringify(pmids)}`);
  const out = new Set<string>();
  for (const p of pmids as unknown[]) {
    const pmid = typeof p === 'string' ? parsePmidInput(p) : null;
    if (pmid === null) throw new UsageError(`export: pmids: not a PMID: ${JSON.stringify(p)} (${PMID_RULE})`);
    out.add(pmid);
  }
  return [...out];
}

/** The live records among `pmids` passing the filters, in the order given: what a `pmid:` query selects. */
export function selectPmids(db: Database.Database, pmids: readonly string[], f: SelectionFilters): Article[] {
  return getArticles(db, canonicalPmids(pmids)).filter((a) => !a.deleted && recordMatches(a, f));
}

/**
 * Why each PMID a {@link selectPmids} selection drops (before filters) is dropped, in the order given. Reads
 * only each PMID's row state (a lookup of hundreds of PMIDs on a search page parsed each record's JSON).
 */
export function pmidsLeftOut(db: Database.Database, pmids: readonly string[]): LeftOutPmid[] {
  const state = prepared(db, 'SELECT deleted, deleted_at FROM articles WHERE pmid = ?');
  return canonicalPmids(pmids).flatMap((pmid): LeftOutPmid[] => {
    const row = state.get(pmid) as { deleted: number; deleted_at: string | null } | undefined;
    if (row === undefined) return [{ pmid, reason: 'not-stored' }];
    if (row.deleted === 0) return [];
    return [{ pmid, reason: 'deleted', ...(typeof row.deleted_at === 'string' ? { deletedAt: row.deleted_at } : {}) }];
  });
}

/** {@link pmidsLeftOut} of a query that only looks up PMIDs (`pmid:` terms); empty for any other query. */
export function lookupLeftOut(db: Database.Database, query: string): LeftOutPmid[] {
  // Every web and MCP search asks: a query without a `pmid:` field is answered without parsing it again.
  if (!/pmid:/i.test(query)) return [];
  let pmids: string[] | null;
  try {
    pmids = lookupPmids(parseQuery(query));
  } catch {
    return [];
  }
  return pmids === null ? [] : pmidsLeftOut(db, pmids);
}

/** The live records of a selection: query hits in rank order, a digest week's, or every record, filtered. */
export function selectRecords(db: Database.Database, index: () => SearchIndex, config: Config, s: RecordSelection): Article[] {
  const records = selected(db, index, config, s);
  if (records.length === 0) checkTypesOfEmpty(s.query, s.type, storedTopicOf(() => db), 'export');
  return records;
}

function selected(db: Database.Database, index: () => SearchIndex, config: Config, s: RecordSelection): Article[] {
  checkSelectionKeys(s);
  const { pmids, query, week, all: _all, ...filters } = s;
  const stored = storedTopicOf(() => db);
  checkFilters(filters, config, stored, typeof query === 'string' ? query : undefined);
  checkQueryTopics(query, config, stored);
  if (s.all !== undefined && s.all !== true) throw new UsageError(`export: all must be true (every live record) or left out, got ${JSON.stringify(s.all)}`);
  if ([pmids, query, week, s.all].filter((v) => v !== undefined).length > 1) throw new UsageError('export: use only one of pmids, a query, a week or all');
  if (pmids !== undefined) return selectPmids(db, pmids, filters);
  if (week !== undefined) {
    // Named as the selection's other errors are (weekRange would say `digest:`).
    const problem = weekProblem(week);
    if (problem !== null) throw new UsageError(`export: ${problem}`);
    return selectWeek(db, week, config.digest.timezone, filters);
  }
  if (query !== undefined) return selectByQuery(db, index(), query, filters);
  return selectAll(db, filters);
}
