/**
 * The options a script (or the MCP server) passes to the library's reads, checked the way the CLI checks its
 * flags: a typo in a topic, a sort or a year is refused with a UsageError naming the option, instead of a
 * silently empty (or silently unsorted) answer. TypeScript catches most of this at compile time; JavaScript
 * callers and JSON from an assistant do not have that.
 */
import type Database from 'better-sqlite3';
import type { Config } from '../config.js';
import { UsageError } from '../errors.js';
import type { Highlight, SearchOptions } from '../search/types.js';
import type { OpenLibraryOptions, RecordSelection } from './api.js';
import { prepared } from '../store/prepared.js';
import { checkFilterOptions } from '../search/filters.js';
import { parseQuery, type QueryFilters } from '../search/query-parse.js';

/** The spelling of a topic stored records carry (case-insensitive lookup), or null when none carries it. */
export type StoredTopic = (topic: string) => string | null;

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
 * The query's own `topic:` filters (kept or excluded) by the same rule as the `topic` option: a typo in
 * `topic:mitragynin` is refused, as `design:` and `theme:` are, instead of an empty answer (or, after a
 * minus, an exclusion of nothing). A query that does not parse is left to the search, which names what
 * is wrong with it.
 */
export function checkQueryTopics(query: unknown, config: Config, stored: StoredTopic): void {
  if (typeof query !== 'string' || !/topic:/i.test(query)) return;
  let filters: QueryFilters;
  try {
    filters = parseQuery(query).filters;
  } catch {
    return;
  }
  for (const topic of [...filters.topics, ...filters.excludedTopics]) knownTopic(topic, config, stored, 'query', 'topic:');
}

/** Refuses search options the library would otherwise ignore or misread (see the module comment). */
export function checkSearchOptions(o: SearchOptions | undefined, config: Config, stored: StoredTopic): void {
  if (o === undefined) return;
  if (typeof o !== 'object' || o === null) throw new UsageError(`search: options must be an object, got ${JSON.stringify(o)}`);
  for (const key of ['topic', 'type', 'since', 'until', 'design', 'theme'] as const) {
    const v: unknown = o[key];
    if (v !== undefined && typeof v !== 'string') throw new UsageError(`search: ${key} must be a string, got ${JSON.stringify(v)}`);
  }
  // Named as the options object spells them (`search: since "..."`), not as the command line's flags.
  checkFilterOptions(o, 'search');
  if (o.topic !== undefined) knownTopic(o.topic, config, stored, 'search');
  if (o.sort !== undefined && o.sort !== 'relevance' && o.sort !== 'date') {
    throw new UsageError(`search: sort must be "relevance" or "date", got ${JSON.stringify(o.sort)}`);
  }
  if (o.retracted !== undefined && typeof o.retracted !== 'boolean') {
    throw new UsageError(`search: retracted must be true (only retracted papers) or false (leave them out), got ${JSON.stringify(o.retracted)}`);
  }
}

/**
 * Checks the evidence map's options and returns them with the topic spelled as the library knows it (the
 * map compares topics exactly; the filters everywhere else ignore case).
 */
export function checkEvidenceOptions(o: { topic?: string; since?: number } | undefined, config: Config, stored: StoredTopic): { topic?: string; since?: number } {
  if (o === undefined) return {};
  if (typeof o !== 'object' || o === null) throw new UsageError(`evidence: options must be an object, got ${JSON.stringify(o)}`);
  const out: { topic?: string; since?: number } = {};
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
  checkSearchOptions(o, config, stored);
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

/** {@link StoredTopic} over a store: one indexed lookup, made only for a topic that is not configured. */
export function storedTopicOf(db: () => Database.Database): StoredTopic {
  // Exact first (the topic index answers it), then ignoring case (a scan, for a misspelt topic only).
  const lookup = (sql: string, topic: string) => (prepared(db(), sql).pluck().get(topic) as string | undefined) ?? null;
  return (topic) => lookup('SELECT topic FROM article_topics WHERE topic = ? LIMIT 1', topic)
    ?? lookup('SELECT topic FROM article_topics WHERE topic = ? COLLATE NOCASE LIMIT 1', topic);
}
