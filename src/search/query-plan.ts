/**
 * Turns a ParsedQuery into a plan: a boolean tree of single index terms (what MiniSearch runs), the phrase
 * checks to verify afterwards, and the filters. Synonyms are applied here exactly as the tokenizer applies
 * them at index time, so `ketum` searches the concept term `syn:kratom`. Pure.
 */
import { FIELDS, SYNONYM_FIELDS, type Field } from './documents.js';
import type { Clause, ParsedQuery, PhraseClause, TermClause } from './query-parse.js';
import type { SynonymMatcher } from './synonyms.js';
import { analyzeUnits, findSynonyms, isIndexable, type SynonymSpan, type Unit } from './tokenize.js';

/** A single index term to look up. `fuzzy` is a maximum edit distance (0 = exact only). */
export interface PlanLeaf {
  term: string;
  /** Field(s) to look in; null for all. */
  field: Field | readonly Field[] | null;
  prefix: boolean;
  fuzzy: number;
}
export type PlanNode = PlanLeaf | { op: 'AND' | 'OR'; children: PlanNode[] };

/** Adjacent folded+stemmed parts that must appear in `field` (any field when null). */
export interface PhraseCheck {
  parts: string[];
  field: Field | null;
}

/** One OR-group: its term tree and the phrases a candidate matching it must contain. */
export interface PlannedGroup {
  node: PlanNode | null;
  phrases: PhraseCheck[];
}

export interface QueryPlan {
  groups: PlannedGroup[];
  /** Term exclusions (AND_NOT) and phrase exclusions (checked against the text). */
  excludedNodes: PlanNode[];
  excludedPhrases: PhraseCheck[];
}

const NUMERIC = /^\p{N}+$/u;
const NON_SYNONYM_FIELDS: readonly Field[] = FIELDS.filter((f) => !SYNONYM_FIELDS.has(f));
const HAS_LETTER = /\p{L}/u;

function and(children: Array<PlanNode | null>): PlanNode | null {
  const kept = children.filter((c): c is PlanNode => c !== null);
  if (kept.length <= 1) return kept[0] ?? null;
  return { op: 'AND', children: kept };
}
function or(children: Array<PlanNode | null>): PlanNode | null {
  const kept = children.filter((c): c is PlanNode => c !== null);
  if (kept.length <= 1) return kept[0] ?? null;
  return { op: 'OR', children: kept };
}

/**
 * Records containing a term (upper bound); injected by the caller that owns the index. Fuzzy and implicit
 * prefix expansion only run for words the index does not know well (fewer than RARE records): a known
 * word is neither misspelt nor partly typed, and expanding common words is what makes MiniSearch slow
 * at 100,000 records (PITFALLS).
 */
export type DocFrequency = (term: string) => number;
export const RARE = 3;

/** Fuzziness for a term: misspellings only for words of 5+ letters; never for numbers or codes. */
function fuzzFor(term: string, mods: Mods): number {
  if (!mods.fuzzy || term.length < 5 || !/^\p{L}+$/u.test(term) || mods.df(term) >= RARE) return 0;
  return term.length >= 10 ? 2 : 1;
}

interface Mods {
  field: Field | readonly Field[] | null;
  prefix: boolean;
  fuzzy: boolean;
  df: DocFrequency;
}

function leaf(term: string, mods: Mods): PlanLeaf {
  return { term, field: mods.field, prefix: mods.prefix, fuzzy: fuzzFor(term, mods) };
}

/** A unit: the whole compound, or all its parts (numbers included, so `covid-19` != any covid record). */
function unitNode(unit: Unit, mods: Mods): PlanNode | null {
  if (unit.parts.length === 1) return isIndexable(unit.whole) ? leaf(unit.whole, mods) : null;
  const exact = { ...mods, prefix: false, fuzzy: false };
  const parts = unit.parts.filter((p) => NUMERIC.test(p) || isIndexable(p)).map((p) => leaf(p, exact));
  return or([leaf(unit.whole, exact), and(parts)]);
}

function spanCoversUnits(span: SynonymSpan, units: readonly Unit[]): boolean {
  const last = units[span.toUnit];
  return span.fromPart === 0 && last !== undefined && span.toPart === last.parts.length - 1;
}

/** Nodes for a run of words with synonyms: each synonym phrase becomes concept OR its literal words. */
function runNodes(units: readonly Unit[], spans: readonly SynonymSpan[], mods: Mods, lastPrefix: boolean): PlanNode[] {
  const nodes: PlanNode[] = [];
  const exact = { ...mods, prefix: false };
  for (let u = 0; u < units.length; u += 1) {
    const unit = units[u] as Unit;
    const span = spans.find((s) => s.fromUnit === u);
    if (span && spanCoversUnits(span, units)) {
      // In synonym fields the concept term covers the literal words; elsewhere (author, journal) only the
      // literal words can match. A one-word synonym (`ketum`) also scores its literal form everywhere, so
      // records using the very word asked for rank first; the words of a longer phrase scattered through
      // an abstract are not the concept, so they count only in author/journal fields.
      const single = span.toUnit === u;
      const literalFields = single ? mods.field : mods.field === null ? NON_SYNONYM_FIELDS : null;
      const literal = literalFields || single
        ? and(units.slice(u, span.toUnit + 1).map((x) => unitNode(x, { ...exact, field: literalFields, fuzzy: false })))
        : null;
      const node = or([leaf(span.concept, { ...exact, fuzzy: false }), literal]);
      if (node) nodes.push(node);
      u = span.toUnit;
      continue;
    }
    const isLast = u === units.length - 1;
    const typing = lastPrefix && isLast && unit.parts.length === 1 && HAS_LETTER.test(unit.whole) && unit.whole.length >= 4;
    const prefix = mods.prefix || (typing && mods.df(unit.whole) < RARE);
    const node = unitNode(unit, { ...mods, prefix });
    if (node) nodes.push(node);
  }
  return nodes;
}

function termRunNode(clauses: readonly TermClause[], ctx: PlanContext, lastPrefix: boolean): PlanNode | null {
  const first = clauses[0];
  if (!first) return null;
  const units = clauses.flatMap((c) => analyzeUnits(c.text));
  const spans = first.field === 'authors' || first.field === 'journal' ? [] : findSynonyms(units, ctx.synonyms);
  const mods = { field: first.field, prefix: first.prefix, fuzzy: true, df: ctx.df };
  return and(runNodes(units, spans, mods, lastPrefix));
}

/** A phrase: all of its words must match (exactly, no synonyms), and the order is verified later. */
export function phraseCheck(clause: PhraseClause): PhraseCheck {
  return { parts: analyzeUnits(clause.text).flatMap((u) => u.parts), field: clause.field };
}

function phraseNode(clause: PhraseClause, df: DocFrequency): PlanNode | null {
  const mods = { field: clause.field, prefix: false, fuzzy: false, df };
  return and(analyzeUnits(clause.text).map((u) => unitNode(u, mods)));
}

/** Splits a group into runs: consecutive unquoted terms with the same field and no explicit `*`. */
function runsOf(group: readonly Clause[]): Clause[][] {
  const runs: Clause[][] = [];
  for (const clause of group) {
    const run = runs.at(-1);
    const prev = run?.at(-1);
    const joins = prev && prev.kind === 'term' && clause.kind === 'term' && !prev.prefix && !clause.prefix && prev.field === clause.field;
    if (run && joins) run.push(clause);
    else runs.push([clause]);
  }
  return runs;
}

function planGroup(group: readonly Clause[], ctx: PlanContext, isLastGroup: boolean): PlannedGroup {
  const runs = runsOf(group);
  const nodes = runs.map((run, i) => {
    const head = run[0] as Clause;
    if (head.kind === 'phrase') return phraseNode(head, ctx.df);
    return termRunNode(run as TermClause[], ctx, isLastGroup && i === runs.length - 1);
  });
  const phrases = group.filter((c): c is PhraseClause => c.kind === 'phrase').map(phraseCheck).filter((p) => p.parts.length > 1);
  return { node: and(nodes), phrases };
}

function exclusionNode(clause: Clause, ctx: PlanContext): PlanNode | null {
  if (clause.kind === 'phrase') return null;
  const units = analyzeUnits(clause.text);
  const spans = findSynonyms(units, ctx.synonyms);
  return and(runNodes(units, spans, { field: clause.field, prefix: clause.prefix, fuzzy: false, df: ctx.df }, false));
}

interface PlanContext {
  synonyms: SynonymMatcher | null;
  df: DocFrequency;
}

/**
 * Plans a parsed query. Groups whose words are all stop words are dropped (their phrases included).
 * `df` defaults to "every word is rare" (always expand), which suits tests without an index.
 */
export function planQuery(parsed: ParsedQuery, synonyms: SynonymMatcher | null, df: DocFrequency = () => 0): QueryPlan {
  const ctx = { synonyms, df };
  const groups = parsed.groups
    .map((g, i) => planGroup(g, ctx, i === parsed.groups.length - 1))
    .filter((g) => g.node !== null);
  const excludedNodes = parsed.excluded.map((c) => exclusionNode(c, ctx)).filter((n): n is PlanNode => n !== null);
  const excludedPhrases = parsed.excluded.filter((c): c is PhraseClause => c.kind === 'phrase').map(phraseCheck);
  return { groups, excludedNodes, excludedPhrases };
}
