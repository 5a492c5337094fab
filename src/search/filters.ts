/**
 * Record filters from the query (`year:`, `type:`, `topic:`, `retracted:`, `pmid:`, `design:`, `theme:`)
 * and from the API options (`since`, `until`, `topic`, `type`, `retracted`, `design`, `theme`), evaluated
 * on stored fields only, so filtering never touches SQLite. Pure. The same option filters serve search,
 * export, the digest and the library API.
 */
import { checkEvidenceId, emptyEvidenceFilter, type EvidenceFilter, evidenceMatches, hasEvidenceFilter } from '../evidence/filter.js';
import { evidenceOf } from '../evidence/summary.js';
import { UsageError } from '../errors.js';
import type { Article } from '../types.js';
import { bestDate, type StoredDoc } from './documents.js';
import { parseQuery, type QueryFilters } from './query-parse.js';

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

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** True for `YYYY`, `YYYY-MM` or `YYYY-MM-DD` naming a real calendar day or month (no 2026-02-30). */
export function isFilterDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), m[2] === undefined ? 1 : Number(m[2]), m[3] === undefined ? 1 : Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * How an error names an option: as the command line's flag (`--since`) when no caller is named, else as
 * an options object spells it after the caller (`search: since`).
 */
function optionLabel(who: string | undefined): (option: string) => string {
  return who === undefined ? (option) => `--${option}` : (option) => option;
}

/** `value` when it is a filter date; a UsageError naming it as `label` (`--since`, `search: since`) otherwise. */
function checkDate(value: string | undefined, label: string): string | null {
  if (value === undefined) return null;
  if (!isFilterDate(value)) throw new UsageError(`${label} "${value}" is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (a real calendar day)`);
  return value;
}

/**
 * Validates the option filters (dates are real calendar dates), naming the bad option: as a flag for the
 * command line, or after `who` (`search`, `export`) as the library's options spell it. With the `query`
 * they narrow, also refuses options no record can match together with it ({@link checkOptionsAgainstQuery});
 * a query that does not parse is left to the search, which names what is wrong with it. Call it before
 * any work. {@link buildFilter} and {@link recordMatches} check again, so no caller can skip it.
 */
export function checkFilterOptions(opts: FilterOptions, who?: string, query?: string): void {
  const named = optionLabel(who);
  const prefix = who === undefined ? '' : `${who}: `;
  const since = checkDate(opts.since, `${prefix}${named('since')}`);
  const until = checkDate(opts.until, `${prefix}${named('until')}`);
  // Compared at the shorter precision, as the filter compares dates: --since 2026-03 --until 2026 is fine.
  if (since !== null && until !== null) {
    const n = Math.min(since.length, until.length);
    if (since.slice(0, n) > until.slice(0, n)) throw new UsageError(`${prefix}${named('until')} "${until}" is before ${named('since')} "${since}": no date can match both`);
  }
  if (opts.design !== undefined) checkEvidenceId('design', opts.design, `${prefix}${named('design')}`);
  if (opts.theme !== undefined) checkEvidenceId('theme', opts.theme, `${prefix}${named('theme')}`);
  if (query === undefined) return;
  let filters: QueryFilters;
  try {
    filters = parseQuery(query).filters;
  } catch {
    return;
  }
  checkOptionsAgainstQuery(filters, opts, who);
}

/** How the query wrote the filters an option clashes with: `design:rct or design:case-report`. */
function written(field: string, values: readonly string[]): string {
  return values.map((v) => `${field}:${/\s/.test(v) ? JSON.stringify(v) : v}`).join(' or ');
}

/**
 * Refuses option filters that no record can match together with the query's own filters. An option
 * narrows the query (it is ANDed with the query's filters, as dates are), so a clash would be an empty
 * answer that reads like one about the literature: `retracted:true` with `--retracted false`;
 * `design:rct` with `--design animal` (a record has one design); an option the query excludes
 * (`-theme:pain` with `--theme pain`, and the same for design, topic and type). Options are named as in
 * {@link checkFilterOptions}.
 */
export function checkOptionsAgainstQuery(q: QueryFilters, opts: FilterOptions, who?: string): void {
  const named = optionLabel(who);
  const prefix = who === undefined ? '' : `${who}: `;
  const clash = (option: string, value: string, query: string, why = 'no record can match both') =>
    new UsageError(`${prefix}${named(option)} ${value} contradicts the query's ${query}: ${why}`);
  if (opts.retracted !== undefined && q.retracted !== null && opts.retracted !== q.retracted) {
    throw clash('retracted', String(opts.retracted), `retracted:${q.retracted}`);
  }
  const excluded: Array<[keyof FilterOptions, string | undefined, readonly string[]]> = [
    ['design', opts.design, q.evidence.excludedDesigns],
    ['theme', opts.theme, q.evidence.excludedThemes],
    ['topic', opts.topic, q.excludedTopics],
  ];
  for (const [option, value, out] of excluded) {
    const v = value?.trim().toLowerCase();
    if (v !== undefined && out.includes(v)) throw clash(option, JSON.stringify(value), `-${written(option, [v])}`);
  }
  const typeOut = opts.type === undefined ? undefined : q.excludedTypes.find((x) => typeExcludes(x, opts.type as string));
  if (typeOut !== undefined) throw clash('type', JSON.stringify(opts.type), `-${written('type', [typeOut])}`);
  const design = opts.design?.trim().toLowerCase();
  const designs = q.evidence.designs;
  if (design !== undefined && designs.length > 0 && !designs.includes(design)) {
    throw clash('design', JSON.stringify(opts.design), written('design', designs), 'a record has one design, so none can match both');
  }
}

const TYPE_ALIASES: Record<string, string> = { rct: 'randomized controlled trial', 'meta analysis': 'meta-analysis' };

/** The words a type filter looks for: lower case, `_`/`-`/spaces as one space, aliases spelt out (`rct`). */
function typeWords(wanted: string): string {
  const w = wanted.toLowerCase().replace(/[\s_-]+/g, ' ').trim();
  return TYPE_ALIASES[w] ?? w;
}

/**
 * Whether one of a record's publication types contains `wanted` as whole words (case-insensitive), with
 * `wanted` read once: a filter runs the test for every match.
 */
function typeMatcher(wanted: string): (types: readonly string[]) => boolean {
  const target = ` ${typeWords(wanted)} `;
  return (types) => types.some((t) => ` ${t.toLowerCase()} `.includes(target));
}

/**
 * Whether a query's `-type:excluded` leaves nothing for `--type wanted`: every type holding `wanted`'s
 * words then holds `excluded`'s too (whole words within whole words), so each record the option keeps, the
 * query drops (`-type:rct` with `--type "randomized controlled trial"`, `-type:trial` with `--type rct`).
 */
function typeExcludes(excluded: string, wanted: string): boolean {
  return typeMatcher(excluded)([typeWords(wanted)]);
}

/**
 * `date` against `bound` at the shorter of their precisions, without making substrings (this runs for
 * every match of a filtered search): 0 when one period holds the other (`2021` and `2021-06`).
 */
function comparePrefix(date: string, bound: string): number {
  const n = Math.min(date.length, bound.length);
  for (let i = 0; i < n; i += 1) {
    const d = date.charCodeAt(i) - bound.charCodeAt(i);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Whether a record's date falls within the bounds, each side compared at the shorter precision: a bound
 * `2020` covers all of 2020, and a record dated only `2021` (or `2021-06`) is within any bound its period
 * overlaps (`--since 2021-06` keeps it: it may be from June; `--since 2022` does not).
 */
function withinDates(date: string | null, since: string | null, until: string | null): boolean {
  if (since === null && until === null) return true;
  if (date === null) return false;
  if (since !== null && comparePrefix(date, since) < 0) return false;
  if (until !== null && comparePrefix(date, until) > 0) return false;
  return true;
}

/** Whether one of `own` is `wanted` (lower case), compared case-insensitively without a lowered copy of the list. */
function hasTopic(own: readonly string[], wanted: string): boolean {
  for (const t of own) if (t === wanted || t.toLowerCase() === wanted) return true;
  return false;
}

/** The fields the option filters read: an index document, or a stored record through {@link recordMatches}. */
export interface FilterFields {
  /** Best publication date (`bestDate`): `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  date: string | null;
  topics: readonly string[];
  publicationTypes: readonly string[];
  retracted: boolean;
  /** Evidence design id and themes (docs/evidence.md). */
  design: string | null;
  themes: readonly string[];
}

/** The option filters as one predicate (topics and types case-insensitive); null when none is set. */
function optionsPredicate(
  opts: FilterOptions,
  extra: { types?: readonly string[]; topics?: readonly string[]; retracted?: boolean | null; evidence?: EvidenceFilter } = {},
): ((f: FilterFields) => boolean) | null {
  const since = checkDate(opts.since, '--since');
  const until = checkDate(opts.until, '--until');
  const types = opts.type ? [...(extra.types ?? []), opts.type.toLowerCase()] : [...(extra.types ?? [])];
  const topics = (opts.topic ? [...(extra.topics ?? []), opts.topic] : [...(extra.topics ?? [])]).map((t) => t.toLowerCase());
  const retracted = opts.retracted ?? extra.retracted ?? null;
  const q = extra.evidence ?? emptyEvidenceFilter();
  const evidence = {
    ...q,
    // The query's designs are "any of" (a record has one); the option narrows them to its one, which
    // checkOptionsAgainstQuery has made sure is among them.
    designs: opts.design ? [checkEvidenceId('design', opts.design, '--design')] : q.designs,
    themes: opts.theme ? [...q.themes, checkEvidenceId('theme', opts.theme, '--theme')] : q.themes,
  };
  const byEvidence = hasEvidenceFilter(evidence);
  const typeTests = types.map(typeMatcher);
  if (!since && !until && types.length === 0 && topics.length === 0 && retracted === null && !byEvidence) return null;
  return (f) => {
    if (byEvidence && !evidenceMatches(f.design, f.themes, evidence)) return false;
    if (!withinDates(f.date, since, until)) return false;
    if (retracted !== null && f.retracted !== retracted) return false;
    if (typeTests.length > 0 && !typeTests.every((test) => test(f.publicationTypes))) return false;
    return topics.length === 0 || topics.every((t) => hasTopic(f.topics, t));
  };
}

/**
 * The same filters on a stored record, for selections that do not go through the index (`export --all`,
 * `--week`): one implementation, so `export --type rct` finds what `search --type rct` finds.
 */
export function recordMatches(article: Article, opts: FilterOptions): boolean {
  const p = optionsPredicate(opts);
  if (p === null) return true;
  const e = evidenceOf(article);
  return p({ date: bestDate(article), topics: article.topics, publicationTypes: article.publicationTypes, retracted: article.retracted, design: e.design, themes: e.themes });
}

/**
 * Builds the predicate for MiniSearch `filter`: the query's filters ANDed with the options; null when
 * nothing filters. Throws UsageError on bad dates and on options that contradict the query.
 */
export function buildFilter(q: QueryFilters, opts: FilterOptions): ((doc: StoredDoc) => boolean) | null {
  checkOptionsAgainstQuery(q, opts);
  const options = optionsPredicate(opts, { types: q.types, topics: q.topics, retracted: q.retracted, evidence: q.evidence });
  const pmids = q.pmids.length > 0 ? new Set(q.pmids) : null;
  const excludedTypes = q.excludedTypes.map(typeMatcher);
  const active = options || pmids || q.yearFrom !== null || q.yearTo !== null || q.excludedTypes.length || q.excludedTopics.length;
  if (!active) return null;
  return (doc) => {
    if (pmids && !pmids.has(doc.pmid)) return false;
    if (q.yearFrom !== null && (doc.year === null || doc.year < q.yearFrom)) return false;
    if (q.yearTo !== null && (doc.year === null || doc.year > q.yearTo)) return false;
    if (options && !options(doc)) return false;
    if (excludedTypes.length > 0 && excludedTypes.some((test) => test(doc.publicationTypes))) return false;
    return q.excludedTopics.length === 0 || !q.excludedTopics.some((t) => hasTopic(doc.topics, t));
  };
}
