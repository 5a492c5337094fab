/**
 * The query language (the README copies this block):
 *
 * - `kratom withdrawal`: every term must match (AND), in any field; the last bare term of 4+ letters also
 *   matches as a prefix (partly typed), terms of 5+ letters also match misspellings (1 edit, 2 from 10
 *   letters); both score below exact matches. `analges*` asks for a prefix explicitly (2+ letters).
 * - `a b OR c d`: either group matches ((a AND b) OR (c AND d)); `AND` may be written and is ignored.
 * - `-term`, `-"a phrase"`, `NOT term`: excludes records matching it.
 * - `"mu opioid receptor"`: the words must be adjacent, in this order, in one field (checked against the
 *   stored text); hyphens, case, accents and Greek letters are folded (`"μ-opioid"` = `"mu opioid"`).
 * - Field prefixes: `title:` `abstract:` `author:` `journal:` `mesh:` `chemical:` `keyword:`, each with a
 *   word or a quoted phrase (`mesh:"Receptors, Opioid, mu"`, `author:"Kruegel AC"`).
 * - Filters: `pmid:12345678`, `year:2020`, `year:2019..2024`, `year:2020..`, `year:..2015`,
 *   `type:review` (matches publication types containing the word: Review, Systematic Review; quote for
 *   several words: `type:"clinical trial"`), `topic:mitragynine`, `retracted:true|false`, `design:rct` and
 *   `theme:toxicity` (evidence ids, docs/evidence.md). `-type:`, `-topic:`, `-design:` and `-theme:` exclude.
 *   Several filters must all hold, except `design:` (a record has one design): `design:rct design:animal`
 *   means either.
 * - Synonyms from data/synonyms.json apply to unquoted terms: `ketum` finds "kratom", `7-OH` finds
 *   "7-hydroxymitragynine", `MOR` finds "μ-opioid receptor".
 * - Any other `letters:value` (letters, a colon, then no space) is a UsageError naming it, the fields and
 *   the nearest one (`auther:` -> `author:`); `sort:` is the sort option's job. A colon followed by a
 *   space (`Kratom: a review`), after something other than letters only (`5-HT2A:x`, `10:30`), or in a
 *   pasted URL (`https://...`) stays part of a plain word. DOIs are not searched (`doi:` is refused).
 *   Parentheses are ignored. At most 1,000 characters and 32 terms; an empty or operator-only query, or
 *   one with no letter or digit (`💊`), is a UsageError.
 *
 * Pure.
 */
import { editDistance } from './edit-distance.js';
import { checkEvidenceId, emptyEvidenceFilter, type EvidenceFilter, hasEvidenceFilter } from '../evidence/filter.js';
import { PMID_RULE, parsePmidInput } from '../pmid.js';
import { UsageError } from '../errors.js';
import type { Field } from './documents.js';
import { lex, type Lexeme } from './query-lex.js';

/** A word to search, optionally in one field; `prefix` when written `word*`. */
export interface TermClause {
  kind: 'term';
  text: string;
  field: Field | null;
  prefix: boolean;
}
/** Adjacent words, verified against the stored text. */
export interface PhraseClause {
  kind: 'phrase';
  text: string;
  field: Field | null;
}
export type Clause = TermClause | PhraseClause;

export interface QueryFilters {
  yearFrom: number | null;
  yearTo: number | null;
  /** Lower-case publication type words/phrases; a record matches when any of its types contains one. */
  types: string[];
  excludedTypes: string[];
  /** Lower-case topic names. */
  topics: string[];
  excludedTopics: string[];
  retracted: boolean | null;
  pmids: string[];
  /** `design:` / `theme:` (and their `-` forms), checked against the evidence ids. */
  evidence: EvidenceFilter;
}

/** The parsed query: OR of AND-groups, global exclusions and filters. */
export interface ParsedQuery {
  groups: Clause[][];
  excluded: Clause[];
  filters: QueryFilters;
}

export const MAX_QUERY_LENGTH = 1000;
export const MAX_CLAUSES = 32;

const FIELD_ALIASES: Record<string, Field> = {
  title: 'title', abstract: 'abstract', author: 'authors', authors: 'authors', au: 'authors', journal: 'journal',
  mesh: 'mesh', chemical: 'chemicals', chemicals: 'chemicals', keyword: 'keywords', keywords: 'keywords',
};

/** Filters that keep every record (a query with no field filters). */
export function emptyFilters(): QueryFilters {
  return { yearFrom: null, yearTo: null, types: [], excludedTypes: [], topics: [], excludedTopics: [], retracted: null, pmids: [], evidence: emptyEvidenceFilter() };
}

function parseYear(value: string, filters: QueryFilters): void {
  const m = /^(\d{4})?(\.\.)?(\d{4})?$/.exec(value);
  if (!m || (!m[1] && !m[3]) || (!m[2] && m[3])) {
    throw new UsageError(`query: year:${value} is not a year or range (use year:2020, year:2019..2024, year:2020..)`);
  }
  const from = m[1] ? Number(m[1]) : null;
  const to = m[2] ? (m[3] ? Number(m[3]) : null) : from;
  if (from !== null && to !== null && from > to) throw new UsageError(`query: year:${value} ends before it starts`);
  filters.yearFrom = from;
  filters.yearTo = to;
}

function applyFilter(lx: Lexeme, filters: QueryFilters): boolean {
  const value = lx.value.trim();
  switch (lx.field) {
    case 'year':
      parseYear(value, filters);
      return true;
    case 'type':
      (lx.negated ? filters.excludedTypes : filters.types).push(value.toLowerCase());
      return true;
    case 'topic':
      (lx.negated ? filters.excludedTopics : filters.topics).push(value.toLowerCase());
      return true;
    case 'retracted':
      if (!/^(true|false|yes|no)$/i.test(value)) throw new UsageError(`query: retracted:${value} must be true or false`);
      filters.retracted = /^(true|yes)$/i.test(value);
      return true;
    case 'pmid':
      const pmid = parsePmidInput(value);
      if (pmid === null) throw new UsageError(`query: pmid:${value} is not a PubMed id (${PMID_RULE})`);
      filters.pmids.push(pmid);
      return true;
    case 'design':
      (lx.negated ? filters.evidence.excludedDesigns : filters.evidence.designs).push(checkEvidenceId('design', value, 'query: design:'));
      return true;
    case 'theme':
      (lx.negated ? filters.evidence.excludedThemes : filters.evidence.themes).push(checkEvidenceId('theme', value, 'query: theme:'));
      return true;
    default:
      return false;
  }
}

function toClause(lx: Lexeme): Clause | null {
  const field = lx.field ? (FIELD_ALIASES[lx.field] ?? null) : null;
  if (lx.quoted) return lx.value.trim() ? { kind: 'phrase', text: lx.value, field } : null;
  const prefix = lx.value.endsWith('*');
  const text = lx.value.replace(/\*+$/, '');
  if (!/[\p{L}\p{N}]/u.test(text)) return null;
  return { kind: 'term', text, field, prefix: prefix && text.length >= 2 };
}

/** Field and filter names as the error lists them (aliases such as `au:` and `keywords:` left out). */
const FIELD_NAMES = ['title', 'abstract', 'author', 'journal', 'mesh', 'chemical', 'keyword', 'year', 'type', 'topic', 'retracted', 'pmid', 'design', 'theme'];
/** PubMed's own tags and other names a searcher brings, and the field each means here. */
const MEANT: Record<string, string> = { ti: 'title', ab: 'abstract', mh: 'mesh', pt: 'type', dp: 'year', date: 'year', ta: 'journal', jour: 'journal' };
/** Names before a colon that are refused with words of their own (see {@link unknownField}). */
const REFUSED = new Set(['sort', 'doi', 'tiab']);


/** The field a misspelt or foreign prefix most likely meant, when one is near (1 edit, 2 from 5 letters). */
function nearestField(name: string): string | null {
  if (MEANT[name]) return MEANT[name];
  const best = FIELD_NAMES.map((f) => ({ f, d: editDistance(name, f) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= (name.length >= 5 ? 2 : 1) ? best.f : null;
}

/**
 * Whether `name:` before a value was meant as a field: a misspelt one (`auther:`), PubMed's own tags
 * (`ti:`, `mh:`), or a name refused with words of its own (`sort:`, `doi:`, `tiab:`). Any other name
 * (`CBD:THC`, `pH:7.4`) is text: ratios and units are ordinary search words.
 */
function meantAsField(name: string): boolean {
  const lower = name.toLowerCase();
  return REFUSED.has(lower) || nearestField(lower) !== null;
}

/**
 * The UsageError for `auther:Hargreaves`: read as a word it found nothing, and the searcher concluded the
 * library had nothing. Names the token, the nearest field and every field; `sort:` points at the sort
 * option each face has, `doi:` says DOIs are not searched.
 */
function unknownField(lx: Lexeme & { unknown: string }): UsageError {
  const token = `${lx.unknown}:${lx.quoted ? JSON.stringify(lx.value) : lx.value}`;
  const name = lx.unknown.toLowerCase();
  if (name === 'sort') {
    return new UsageError(`query: ${token} is not a query field; sort with the search's sort option (kratomlit search --sort date, the web's sort=date, the MCP search tool's sort argument)`);
  }
  const near = nearestField(name);
  const hint = name === 'doi' ? ' (DOIs are not searched: use words of the title, or pmid:)'
    : name === 'tiab' ? ' (PubMed\'s title/abstract tag: words without a field search titles, abstracts and more)'
      : near ? ` (did you mean "${near}:"?)` : '';
  return new UsageError(`query: unknown field "${lx.unknown}:" in "${token}"${hint}; the fields are ${FIELD_NAMES.map((f) => `${f}:`).join(' ')}`);
}

function checkLength(q: string): void {
  if (q.trim().length === 0) throw new UsageError('query: empty query (give at least one word, phrase or filter)');
  if (q.length > MAX_QUERY_LENGTH) {
    throw new UsageError(`query: ${q.length} characters is too long (at most ${MAX_QUERY_LENGTH})`);
  }
}

/**
 * Parses a query string (syntax above). Throws UsageError for an empty, too long, operator-only or
 * malformed query (bad year range, non-numeric pmid, retracted:maybe), naming the offending part.
 */
export function parseQuery(q: string): ParsedQuery {
  checkLength(q);
  const parsed: ParsedQuery = { groups: [[]], excluded: [], filters: emptyFilters() };
  let clauses = 0;
  for (const lx of lex(q)) {
    if (lx.kind === 'or') {
      if ((parsed.groups.at(-1) ?? []).length > 0) parsed.groups.push([]);
      continue;
    }
    if (lx.unknown !== null && meantAsField(lx.unknown)) throw unknownField({ ...lx, unknown: lx.unknown });
    // Any other `letters:text` is text, as it always was (`CBD:THC ratio`, `pH:7.4`, `IL:6`).
    const item = lx.unknown === null ? lx : { ...lx, unknown: null, quoted: false, value: `${lx.unknown}:${lx.value}` };
    if (applyFilter(item, parsed.filters)) continue;
    const clause = toClause(item);
    if (!clause) continue;
    clauses += 1;
    if (clauses > MAX_CLAUSES) throw new UsageError(`query: more than ${MAX_CLAUSES} terms; shorten the query`);
    if (lx.negated) parsed.excluded.push(clause);
    else parsed.groups.at(-1)?.push(clause);
  }
  parsed.groups = parsed.groups.filter((g) => g.length > 0);
  if (parsed.groups.length === 0 && !hasFilters(parsed.filters)) {
    // Say what is true: `💊` or `!!! OR ?` holds nothing the index has words for; `-review` or `OR` only operators.
    const rest = q.replace(/\b(?:OR|AND|NOT)\b/g, '').trim();
    if (parsed.excluded.length === 0 && rest !== '' && !/[\p{L}\p{N}]/u.test(rest)) {
      throw new UsageError(`query: "${q.slice(0, 60)}" has no letters or digits to search for`);
    }
    throw new UsageError(`query: "${q.slice(0, 60)}" has no search terms, only operators or exclusions`);
  }
  return parsed;
}

/**
 * The PMIDs a query looks up when it is made of `pmid:` terms only (`pmid:41900033 pmid:12`, any of them):
 * the faces then say why a PMID found nothing (withdrawn, or not in the library). Null for any other
 * query (words, other filters, exclusions), whose empty answer is about the words.
 */
export function lookupPmids(q: ParsedQuery): string[] | null {
  const f = q.filters;
  if (f.pmids.length === 0 || q.groups.length > 0 || q.excluded.length > 0) return null;
  return hasFilters({ ...f, pmids: [] }) ? null : [...new Set(f.pmids)];
}

/** True when the query restricts by anything other than words. */
export function hasFilters(f: QueryFilters): boolean {
  return (
    f.yearFrom !== null || f.yearTo !== null || f.types.length > 0 || f.excludedTypes.length > 0 ||
    f.topics.length > 0 || f.excludedTopics.length > 0 || f.retracted !== null || f.pmids.length > 0 ||
    hasEvidenceFilter(f.evidence)
  );
}
