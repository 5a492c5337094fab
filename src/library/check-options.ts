/**
 * The options a script (or the MCP server) passes to the library's reads, checked the way the CLI checks its
 * flags: a typo in a topic, a sort or a year is refused with a UsageError naming the option, instead of a
 * silently empty (or silently unsorted) answer. TypeScript catches most of this at compile time; JavaScript
 * callers and JSON from an assistant do not have that.
 */
import { editDistance } from '../search/edit-distance.js';
import type Database from 'better-sqlite3';
import type { Config } from '../config.js';
import { UsageError } from '../errors.js';
import type { Highlight, SearchOptions } from '../search/types.js';
import type { OpenLibraryOptions, RecordSelection } from './api.js';
import { prepared } from '../store/prepared.js';
import { buildFilter, checkFilterOptions } from '../search/filters.js';
import { emptyFilters, parseQuery, type QueryFilters } from '../search/query-parse.js';
import type { StoredDoc } from '../search/types.js';
import { getChangeSeq } from '../store/articles.js';

/**
 * What stored records carry, for the checks below. Called as a function: the spelling of a topic stored
 * records carry (case-insensitive lookup), or null when none carries it. `hasType`: whether a live record
 * has a publication type the `type` filter would match; `types`: every publication type of live records.
 */
export interface StoredTopic {
  (topic: string): string | null;
  hasType(type: string): boolean;
  types(): readonly string[];
}

/**
 * A topic as the library knows it: configured, or carried by stored records (a topic removed from the
 * configuration still has its papers, and the web face lists it). Returns the known spelling; throws a
 * UsageError naming the configured topics otherwise.
 */
export function knownTopic(topic: unknown, config: Config, stored: StoredTopic, who: string, label = 'topic'): string {
  if (typeof topic !== 'string') throw new UsageError(`${who}: ${label} must be a string, got ${JSON.stringify(topic)}`);
  const named = config.topics.find((t) => t.name.toLowerCase() === topic.toLowerCase())?.name ?? stored(topic);
  if (named === null) {
    throw new UsageError(`${who}: ${label} "${topic}" is not a configured topic and no stored paper has it (configured: ${config.topics.map((t) => t.name).join(', ')})`);
  }
  return named;
}

/**
 * A publication type some live record has, as the `type` filter matches it (whole words, any case, `rct`
 * for randomized controlled trial): a typo such as `reveiw` is refused with the closest stored types,
 * instead of an empty answer. Types are not configured, so an empty library refuses none.
 */
export function knownType(type: string, stored: StoredTopic, who: string, label = 'type'): void {
  if (stored.hasType(type)) return;
  const all = stored.types();
  if (all.length === 0) return;
  throw new UsageError(`${who}: ${label} "${type}" is not a publication type of any stored paper (closest: ${closest(type, all, 3).join(', ')})`);
}

/** The `n` values nearest to `wanted` by edit distance, to the whole value or to one of its words (any case). */
export function closest(wanted: string, values: readonly string[], n: number): string[] {
  const w = wanted.trim().toLowerCase();
  const distance = (v: string) => Math.min(...[v, ...v.split(/[\s,-]+/)].map((part) => editDistance(w, part.toLowerCase())));
  return values.map((v) => ({ v, d: distance(v) })).sort((a, b) => a.d - b.d || a.v.localeCompare(b.v)).slice(0, n).map((x) => x.v);
}


/**
 * The query's own `topic:` filters (kept or excluded) by the same rule as the `topic` option: a typo in
 * `topic:mitragynin` is refused, as `design:` and `theme:` are, instead of an empty answer (or, after a
 * minus, an exclusion of nothing). A query that does not parse is left to the search, which names what
 * is wrong with it. An excluded `-type:` is checked here too (excluding a typo excludes nothing, and the
 * answer is not empty); a kept one after an empty answer ({@link checkTypesOfEmpty}).
 */
export function checkQueryTopics(query: unknown, config: Config, stored: StoredTopic): void {
  const filters = queryFilters(query, /topic:|type:/i);
  if (filters === null) return;
  for (const topic of [...filters.topics, ...filters.excludedTopics]) knownTopic(topic, config, stored, 'query', 'topic:');
  for (const type of filters.excludedTypes) knownType(type, stored, 'query', 'type:');
}

/**
 * After an answer with nothing in it: a `type` option or a kept `type:` filter in the query that no
 * stored paper has is a typo (`reveiw`), refused with the closest stored types, instead of an
 * empty answer. Checked only then: telling a type no paper has reads every record's types (up to a second
 * at 10,000 records, kept until the store changes), and a type some paper has is asked all the time.
 * `checkFilters` calls it at once (a face that filters records itself has no answer to wait for).
 */
export function checkTypesOfEmpty(query: unknown, type: unknown, stored: StoredTopic, who: string): void {
  if (typeof type === 'string') knownType(type, stored, who);
  for (const t of queryFilters(query, /type:/i)?.types ?? []) knownType(t, stored, 'query', 'type:');
}

/** The filters of a query that mentions `asks`; null for no query, none mentioned, or one that does not parse (the search names what is wrong). */
function queryFilters(query: unknown, asks: RegExp): QueryFilters | null {
  if (typeof query !== 'string' || !asks.test(query)) return null;
  try {
    return parseQuery(query).filters;
  } catch {
    return null;
  }
}

/**
 * Refuses search options the library would otherwise ignore or misread (see the module comment), and,
 * given the `query` they narrow, options no record can match together with it (`retracted:true` with
 * `retracted: false`).
 */
export function checkSearchOptions(o: SearchOptions | undefined, config: Config, stored: StoredTopic, query?: string): void {
  if (o === undefined) return;
  if (typeof o !== 'object' || o === null) throw new UsageError(`search: options must be an object, got ${JSON.stringify(o)}`);
  for (const key of ['topic', 'type', 'since', 'until', 'design', 'theme'] as const) {
    const v: unknown = o[key];
    if (v !== undefined && typeof v !== 'string') throw new UsageError(`search: ${key} must be a string, got ${JSON.stringify(v)}`);
  }
  // Named as the options object spells them (`search: since "..."`), not as the command line's flags.
  checkFilterOptions(o, 'search', query);
  if (o.topic !== undefined) knownTopic(o.topic, config, stored, 'search');
  if (o.sort !== undefined && o.sort !== 'relevance' && o.sort !== 'date') {
    throw new UsageError(`search: sort must be "relevance" or "date", got ${JSON.stringify(o.sort)}`);
  }
  if (o.retracted !== undefined && typeof o.retracted !== 'boolean') {
    throw new UsageError(`search: retracted must be true (only retracted papers) or false (leave them out), got ${JSON.stringify(o.retracted)}`);
  }
}

type EvidenceOptions = { topic?: string; since?: number; retracted?: boolean };

/**
 * Checks the evidence map's options and returns them with the topic spelled as the library knows it (the
 * map compares topics exactly; the filters everywhere else ignore case).
 */
export function checkEvidenceOptions(o: EvidenceOptions | undefined, config: Config, stored: StoredTopic): EvidenceOptions {
  if (o === undefined) return {};
  if (typeof o !== 'object' || o === null) throw new UsageError(`evidence: options must be an object, got ${JSON.stringify(o)}`);
  const out: EvidenceOptions = {};
  if (o.retracted !== undefined) {
    if (typeof o.retracted !== 'boolean') throw new UsageError(`evidence: retracted must be true (only retracted papers) or false (leave them out), got ${JSON.stringify(o.retracted)}`);
    out.retracted = o.retracted;
  }
  if (o.since !== undefined) {
    if (!Number.isInteger(o.since) || o.since < 1000 || o.since > 9999) throw new UsageError(`evidence: since must be a year (a whole number YYYY), got ${JSON.stringify(o.since)}`);
    out.since = o.since;
  }
  if (o.topic !== undefined) out.topic = knownTopic(o.topic, config, stored, 'evidence');
  return out;
}

/** Every option `search` reads (a Record over the type, so a new option cannot be forgotten here). */
const SEARCH_OPTIONS: Record<keyof SearchOptions, true> = {
  limit: true, offset: true, since: true, until: true, topic: true, type: true, retracted: true, design: true, theme: true,
  sort: true, highlight: true, explain: true,
};

/**
 * `search(query, options)` as a script may call it: the query a string, no option key it does not read (a
 * misspelt `topics` would otherwise search unfiltered), a highlight of two strings, explain a boolean;
 * then {@link checkSearchOptions}.
 */
export function checkSearchCall(query: unknown, o: SearchOptions | undefined, config: Config, stored: StoredTopic): void {
  if (typeof query !== 'string') throw new UsageError(`search: the query must be a string, got ${JSON.stringify(query) ?? String(query)}`);
  if (o !== undefined) onlyKnownKeys(o, SEARCH_OPTIONS, { who: 'search', whole: 'options', key: 'option', keys: 'options' });
  const h: unknown = o?.highlight;
  if (h !== undefined && (typeof h !== 'object' || h === null || typeof (h as Highlight).pre !== 'string' || typeof (h as Highlight).post !== 'string')) {
    throw new UsageError(`search: highlight must be { pre: string, post: string }, got ${JSON.stringify(h)}`);
  }
  if (o?.explain !== undefined && typeof o.explain !== 'boolean') throw new UsageError(`search: explain must be true or false, got ${JSON.stringify(o.explain)}`);
  checkSearchOptions(o, config, stored, query);
}

/** Every option `openLibrary` reads (a Record over the type, so a new option cannot be forgotten here). */
const OPEN_OPTIONS: Record<keyof OpenLibraryOptions, true> = {
  db: true, config: true, env: true, cwd: true, indexPath: true, digestDir: true, eutils: true, topics: true,
  logger: true, clock: true, mustExist: true, loadIndex: true, followOnSearch: true,
};

/**
 * Refuses an `openLibrary` options value that is not an object, or a key it does not read: a typo such as
 * `digestsDir` would otherwise be ignored and the default folder read instead.
 */
export function checkOpenOptions(o: unknown): void {
  if (o === undefined) return;
  onlyKnownKeys(o, OPEN_OPTIONS, { who: 'openLibrary', whole: 'options', key: 'option', keys: 'options' });
}

/** Every key a record selection reads (a Record over the type, so a new key cannot be forgotten here). */
const SELECTION_KEYS: Record<keyof RecordSelection, true> = {
  pmids: true, query: true, week: true, all: true, topic: true, since: true, until: true, type: true, retracted: true, design: true, theme: true,
};

/**
 * Refuses a selection that is not an object or has a key it does not read: `{ pmid: [...] }` (for `pmids`)
 * would otherwise select, and export, every record of the library.
 */
export function checkSelectionKeys(s: unknown): void {
  onlyKnownKeys(s, SELECTION_KEYS, { who: 'export', whole: 'a selection', key: 'selection key', keys: 'keys' });
}

/** Throws a UsageError unless `value` is a plain object whose keys are all in `known`, naming the first that is not. */
function onlyKnownKeys(value: unknown, known: Record<string, true>, say: { who: string; whole: string; key: string; keys: string }): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${say.who}: ${say.whole} must be an object, got ${JSON.stringify(value)}`);
  const unknown = Object.keys(value).find((k) => !Object.hasOwn(known, k));
  if (unknown !== undefined) throw new UsageError(`${say.who}: unknown ${say.key} "${unknown}" (${say.keys}: ${Object.keys(known).join(', ')})`);
}

/**
 * {@link StoredTopic} over a store. A topic: one indexed lookup, made only for a topic that is not
 * configured. A type: live records are read until one matches (a common type is found in the first few),
 * and the answer kept until the store changes; the whole list of types is read only to name the closest.
 */
export function storedTopicOf(db: () => Database.Database): StoredTopic {
  // Exact first (the topic index answers it), then ignoring case (a scan, for a misspelt topic only).
  const lookup = (sql: string, topic: string) => (prepared(db(), sql).pluck().get(topic) as string | undefined) ?? null;
  const topic = (t: string) => lookup('SELECT topic FROM article_topics WHERE topic = ? LIMIT 1', t)
    ?? lookup('SELECT topic FROM article_topics WHERE topic = ? COLLATE NOCASE LIMIT 1', t);
  let seq = -1;
  const known = new Map<string, boolean>();
  const hasType = (type: string): boolean => {
    const now = getChangeSeq(db());
    if (now !== seq) {
      known.clear();
      seq = now;
    }
    const key = type.toLowerCase();
    let answer = known.get(key);
    if (answer === undefined) {
      answer = someTypeMatches(db(), type);
      known.set(key, answer);
    }
    return answer;
  };
  const types = () => prepared(db(), `SELECT DISTINCT j.value FROM articles a, json_each(a.record_json, '$.publicationTypes') j WHERE a.deleted = 0 ORDER BY 1`).pluck().all() as string[];
  return Object.assign(topic, { hasType, types });
}

/** Whether a live record has a publication type that the search's own `type` filter keeps (one matching rule). */
function someTypeMatches(db: Database.Database, type: string): boolean {
  const filter = buildFilter(emptyFilters(), { type });
  if (filter === null) return true;
  const doc: StoredDoc = { pmid: '', title: '', authors: [], authorCount: 0, journal: null, year: null, date: null, doi: null, publicationTypes: [], topics: [], retracted: false, design: null, themes: [], prior: 0 };
  const rows = prepared(db, `SELECT json_extract(record_json, '$.publicationTypes') FROM articles WHERE deleted = 0`).pluck().iterate() as IterableIterator<string | null>;
  for (const json of rows) {
    doc.publicationTypes = json === null ? [] : (JSON.parse(json) as string[]);
    if (filter(doc)) return true; // leaving the loop ends the statement
  }
  return false;
}
