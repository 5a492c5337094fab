/**
 * Record filters from the query (`year:`, `type:`, `topic:`, `retracted:`, `pmid:`, `design:`, `theme:`)
 * and from the API options (`since`, `until`, `topic`, `type`, `retracted`, `design`, `theme`), evaluated on stored fields only, so filtering
 * never touches SQLite. Pure.
 */
import { checkEvidenceId, evidenceMatches, hasEvidenceFilter } from '../evidence/filter.js';
import { UsageError } from '../errors.js';
import type { StoredDoc } from './documents.js';
import type { QueryFilters } from './query-parse.js';

/** API-level filters (see SearchOptions in index.ts). */
export interface FilterOptions {
  since?: string;
  until?: string;
  topic?: string;
  type?: string;
  retracted?: boolean;
  /** Evidence design id (`rct`), as `design:` in the query. */
  design?: string;
  /** Evidence theme id (`toxicity`), as `theme:` in the query. */
  theme?: string;
}

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

function checkDate(name: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!DATE.test(value)) throw new UsageError(`search: ${name} "${value}" must be YYYY, YYYY-MM or YYYY-MM-DD`);
  return value;
}

/** True when one of the record's publication types contains `wanted` as whole words (case-insensitive). */
export function typeMatches(types: readonly string[], wanted: string): boolean {
  const w = wanted.toLowerCase().replace(/[\s_-]+/g, ' ').trim();
  const aliases: Record<string, string> = { rct: 'randomized controlled trial', 'meta analysis': 'meta-analysis' };
  const target = aliases[w] ?? w;
  return types.some((t) => ` ${t.toLowerCase()} `.includes(` ${target} `));
}

/** Compares a record date against a bound given at any precision (`2020` covers all of 2020). */
function withinDates(date: string | null, since: string | null, until: string | null): boolean {
  if (since === null && until === null) return true;
  if (date === null) return false;
  if (since !== null && date.slice(0, since.length) < since) return false;
  if (until !== null && date.slice(0, until.length) > until) return false;
  return true;
}

/** Builds the predicate for MiniSearch `filter`; null when nothing filters. Throws UsageError on bad dates. */
export function buildFilter(q: QueryFilters, opts: FilterOptions): ((doc: StoredDoc) => boolean) | null {
  const since = checkDate('since', opts.since);
  const until = checkDate('until', opts.until);
  const types = opts.type ? [...q.types, opts.type.toLowerCase()] : q.types;
  const topics = opts.topic ? [...q.topics, opts.topic.toLowerCase()] : q.topics;
  const retracted = opts.retracted ?? q.retracted;
  const pmids = q.pmids.length > 0 ? new Set(q.pmids) : null;
  const evidence = {
    ...q.evidence,
    designs: opts.design ? [...q.evidence.designs, checkEvidenceId('design', opts.design, 'search: design')] : q.evidence.designs,
    themes: opts.theme ? [...q.evidence.themes, checkEvidenceId('theme', opts.theme, 'search: theme')] : q.evidence.themes,
  };
  const active = since || until || types.length || topics.length || retracted !== null || pmids ||
    q.yearFrom !== null || q.yearTo !== null || q.excludedTypes.length || q.excludedTopics.length || hasEvidenceFilter(evidence);
  if (!active) return null;
  return (doc) => {
    if (pmids && !pmids.has(doc.pmid)) return false;
    if (q.yearFrom !== null && (doc.year === null || doc.year < q.yearFrom)) return false;
    if (q.yearTo !== null && (doc.year === null || doc.year > q.yearTo)) return false;
    if (!withinDates(doc.date, since, until)) return false;
    if (retracted !== null && doc.retracted !== retracted) return false;
    if (!types.every((t) => typeMatches(doc.publicationTypes, t))) return false;
    if (q.excludedTypes.some((t) => typeMatches(doc.publicationTypes, t))) return false;
    if (!evidenceMatches(doc.design, doc.themes, evidence)) return false;
    const docTopics = doc.topics.map((t) => t.toLowerCase());
    if (!topics.every((t) => docTopics.includes(t))) return false;
    return !q.excludedTopics.some((t) => docTopics.includes(t));
  };
}
