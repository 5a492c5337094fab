/**
 * Turns a ParsedQuery into a plan: a boolean tree of single index terms (what MiniSearch runs), the phrase
 * checks to verify afterwards, and the filters. Synonyms are applied here exactly as the tokenizer applies
 * them at index time, so `ketum` searches the concept term `syn:kratom`. Pure.
 */
import { FIELDS, SYNONYM_FIELDS, type Field } from './documents.js';
import type { Clause, ParsedQuery, PhraseClause, TermClause } from './query-parse.js';
import type { SynonymMatcher } from './synonyms.js';
import { NAME_SUFFIXES, nameWords } from './phrase.js';
import { analyzeSurfaces, findSynonyms, isIndexable, type SynonymSpan, type Unit as WordUnit } from './tokenize.js';

/** A query word: its stemmed parts and, where known, the forms typed (`surfaces[i]` for `parts[i]`). */
type Unit = WordUnit & { surfaces?: string[] };

/** How a leaf relates to the words the reader typed: the folded word itself, or a synonym concept term. */
export type LeafKind = 'literal' | 'synonym';

/** A single index term to look up. `fuzzy` is a maximum edit distance (0 = exact only). */
export interface PlanLeaf {
  term: string;
  /** Field(s) to look in; null for all. */
  field: Field | readonly Field[] | null;
  prefix: boolean;
  fuzzy: number;
  /** `literal` when absent. */
  kind?: LeafKind;
  /**
   * The folded, unstemmed form the reader typed, for a literal leaf of one word part: a record holding
   * only other forms of the stem (`analgesia` for `analgesic`) counts at the stem level (rank.ts).
   */
  surface?: string;
  /**
   * Bits of the query words this leaf stands for (a synonym concept stands for all the words of its
   * phrase); the number of distinct words a record matches is its coordination factor. When absent the
   * leaf counts as one word of its own.
   */
  words?: number;
}
/**
 * AND: every child must match, scores add. OR: any child, scores add. With `best`, the children are
 * alternative readings of the same words (a compound or its parts, a synonym concept or the literal
 * words): only the best-scoring child counts, so a word is never counted twice. `scoring` readings are
 * alternatives too, but only for records the children matched: they can raise a score, never add a record.
 */
export type PlanNode = PlanLeaf | PlanBranch;
export interface PlanBranch { op: 'AND' | 'OR'; children: PlanNode[]; best?: boolean; scoring?: PlanNode[] }

/** Folded, stemmed words of an unquoted run, for proximity: `offsets` are their positions in the query. */
export interface NearRun {
  parts: string[];
  offsets: number[];
}

/** Adjacent folded+stemmed parts that must appear in `field` (any field when null). */
export interface PhraseCheck {
  parts: string[];
  field: Field | null;
  /**
   * For an author's name (`author:"Hargreaves T"`, `author:"Thomas"`): its words folded and not stemmed
   * (phrase.ts `nameWords`), matched as phrase.ts `authorHasName` reads a name: not as adjacent words, and
   * a one-letter word there is an initial, not a word to find.
   */
  name?: string[];
  /** The name as typed (`Hargreaves T`), for `explain`; set with {@link PhraseCheck.name}. */
  nameText?: string;
}

/** One OR-group: its term tree, the phrases a candidate matching it must contain, and its proximity runs. */
export interface PlannedGroup {
  node: PlanNode | null;
  phrases: PhraseCheck[];
  /** Runs of 2+ indexable words whose closeness in a record raises its score (score.ts proximity). */
  near: NearRun[];
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
function or(children: Array<PlanNode | null>, best = false): PlanNode | null {
  const kept = children.filter((c): c is PlanNode => c !== null);
  if (kept.length <= 1) return kept[0] ?? null;
  return best ? { op: 'OR', children: kept, best } : { op: 'OR', children: kept };
}

/**
 * Records containing a term (upper bound); injected by the caller that owns the index. Fuzzy and implicit
 * prefix expansion only run for words the index does not know well (fewer than RARE records): a known
 * word is neither misspelt nor partly typed, and expanding common words is what makes MiniSearch slow
 * at 100,000 records (docs/pitfalls.md).
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
  /** Word bits of the leaves made with these mods (see PlanLeaf.words). */
  words: number;
}

function leaf(term: string, mods: Mods, kind: LeafKind = 'literal', surface?: string): PlanLeaf {
  const out: PlanLeaf = { term, field: mods.field, prefix: mods.prefix, fuzzy: fuzzFor(term, mods), kind, words: mods.words };
  if (surface !== undefined && kind === 'literal') out.surface = surface;
  return out;
}

/**
 * A unit: the whole compound, or all its parts (numbers included, so `covid-19` != any covid record). When
 * a part cannot be searched (`t` of `T-3`, a one-letter or stop word), the other parts alone are not the
 * compound (`3` anywhere): only the whole compound is.
 */
function unitNode(unit: Unit, mods: Mods): PlanNode | null {
  if (unit.parts.length === 1) return isIndexable(unit.whole) ? leaf(unit.whole, mods, 'literal', unit.surfaces?.[0]) : null;
  const exact = { ...mods, prefix: false, fuzzy: false };
  const parts = unit.parts.flatMap((p, i) => (NUMERIC.test(p) || isIndexable(p) ? [leaf(p, exact, 'literal', unit.surfaces?.[i])] : []));
  if (parts.length < unit.parts.length) return leaf(unit.whole, exact);
  return or([leaf(unit.whole, exact), and(parts)], true);
}

/** Bit of the `n`-th word of a query; words past the 31st share the last bit. */
function wordBit(n: number): number {
  return 1 << Math.min(n, 30);
}

function spanCoversUnits(span: SynonymSpan, units: readonly Unit[]): boolean {
  const last = units[span.toUnit];
  return span.fromPart === 0 && last !== undefined && span.toPart === last.parts.length - 1;
}

/**
 * Nodes for a run of words with synonyms: each synonym phrase becomes its concept term OR its literal
 * words, the better of the two counting. score.ts weighs the concept below a literal word, so a record
 * using the very word asked for (`ketum`) ranks above one reached only through a synonym (`kratom`).
 * The words of a longer phrase scattered through an abstract are not the concept, so they count only in
 * author/journal fields (where the concept is not indexed); where they stand together the concept
 * matched, and proximity (proximity.ts) raises the records whose own words are the ones typed.
 */
function runNodes(units: readonly Unit[], spans: readonly SynonymSpan[], mods: Mods, lastPrefix: boolean, firstWord: number): PlanNode[] {
  const nodes: PlanNode[] = [];
  const exact = { ...mods, prefix: false };
  const bit = (u: number) => wordBit(firstWord + u);
  for (let u = 0; u < units.length; u += 1) {
    const unit = units[u] as Unit;
    const span = spans.find((s) => s.fromUnit === u);
    if (span && spanCoversUnits(span, units)) {
      let words = 0;
      for (let x = u; x <= span.toUnit; x += 1) words |= bit(x);
      const single = span.toUnit === u;
      const literalIn = (field: Mods['field']) =>
        and(units.slice(u, span.toUnit + 1).map((x, i) => unitNode(x, { ...exact, field, fuzzy: false, words: bit(u + i) })));
      const literalFields = single ? mods.field : mods.field === null ? NON_SYNONYM_FIELDS : null;
      const literal = literalFields || single ? literalIn(literalFields) : null;
      const node = or([leaf(span.concept, { ...exact, fuzzy: false, words }, 'synonym'), literal], true);
      // Where the concept matched, the reader's own words score in every field (the survey that says
      // "pain relief" once and "pain" five times), as the better reading when they beat the concept.
      const scoring = single || !node ? null : literalIn(mods.field);
      if (node && scoring) nodes.push('op' in node ? { ...node, scoring: [scoring] } : { op: 'OR', children: [node], best: true, scoring: [scoring] });
      else if (node) nodes.push(node);
      u = span.toUnit;
      continue;
    }
    const isLast = u === units.length - 1;
    const typing = lastPrefix && isLast && unit.parts.length === 1 && HAS_LETTER.test(unit.whole) && unit.whole.length >= 4;
    const prefix = mods.prefix || (typing && mods.df(unit.whole) < RARE);
    const node = unitNode(unit, { ...mods, prefix, words: bit(u) });
    if (node) nodes.push(node);
  }
  return nodes;
}

/** The run's indexable parts with their positions among all its parts (stop words keep their place). */
function nearRun(units: readonly Unit[]): NearRun | null {
  const all = units.flatMap((u) => u.parts);
  const offsets = all.map((_, i) => i).filter((i) => isIndexable(all[i] as string) || NUMERIC.test(all[i] as string));
  return units.length >= 2 && offsets.length >= 2 ? { parts: offsets.map((i) => all[i] as string), offsets } : null;
}

function termRunNode(clauses: readonly TermClause[], ctx: PlanContext, lastPrefix: boolean, near: NearRun[]): PlanNode | null {
  const first = clauses[0];
  if (!first) return null;
  const units = clauses.flatMap((c) => analyzeSurfaces(c.text));
  const spans = first.field === 'authors' || first.field === 'journal' ? [] : findSynonyms(units, ctx.synonyms);
  const mods = { field: first.field, prefix: first.prefix, fuzzy: true, df: ctx.df, words: 0 };
  const run = first.field === null ? nearRun(units) : null;
  if (run) near.push(run);
  const firstWord = ctx.words;
  ctx.words += units.length;
  return and(runNodes(units, spans, mods, lastPrefix, firstWord));
}

/** A phrase: all of its words must match (exactly, no synonyms), and the order is verified later. */
export function phraseCheck(clause: PhraseClause): PhraseCheck {
  const parts = analyzeSurfaces(clause.text).flatMap((u) => u.parts);
  return clause.field === 'authors' ? { parts, field: clause.field, name: nameWords(clause.text), nameText: clause.text } : { parts, field: clause.field };
}

function phraseNode(clause: PhraseClause, ctx: PlanContext): PlanNode | null {
  const mods = { field: clause.field, prefix: false, fuzzy: false, df: ctx.df, words: 0 };
  // A name's suffix (`King ML Jr`) is not indexed: the name check reads it from the record.
  const units = analyzeSurfaces(clause.text).filter((u) => clause.field !== 'authors' || !NAME_SUFFIXES.has(u.whole));
  const firstWord = ctx.words;
  ctx.words += units.length;
  return and(units.map((u, i) => unitNode(u, { ...mods, words: wordBit(firstWord + i) })));
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
  const near: NearRun[] = [];
  const nodes = runs.map((run, i) => {
    const head = run[0] as Clause;
    if (head.kind === 'phrase') return phraseNode(head, ctx);
    return termRunNode(run as TermClause[], ctx, isLastGroup && i === runs.length - 1, near);
  });
  // A quoted single word is a phrase only for a name (`author:"Thomas"` is a last name, not a forename).
  const phrases = group.filter((c): c is PhraseClause => c.kind === 'phrase').map(phraseCheck).filter((p) => p.parts.length > 1 || (p.name !== undefined && p.name.length > 0));
  return { node: and(nodes), phrases, near };
}

function exclusionNode(clause: Clause, ctx: PlanContext): PlanNode | null {
  if (clause.kind === 'phrase') return null;
  const units = analyzeSurfaces(clause.text);
  const spans = findSynonyms(units, ctx.synonyms);
  return and(runNodes(units, spans, { field: clause.field, prefix: clause.prefix, fuzzy: false, df: ctx.df, words: 0 }, false, 0));
}

interface PlanContext {
  synonyms: SynonymMatcher | null;
  df: DocFrequency;
  /** Words numbered so far (for word bits). */
  words: number;
}

/**
 * Plans a parsed query. Groups whose words are all stop words are dropped (their phrases included).
 * `df` defaults to "every word is rare" (always expand), which suits tests without an index.
 */
export function planQuery(parsed: ParsedQuery, synonyms: SynonymMatcher | null, df: DocFrequency = () => 0): QueryPlan {
  const ctx: PlanContext = { synonyms, df, words: 0 };
  const groups = parsed.groups
    .map((g, i) => planGroup(g, ctx, i === parsed.groups.length - 1))
    .filter((g) => g.node !== null);
  const excludedNodes = parsed.excluded.map((c) => exclusionNode(c, ctx)).filter((n): n is PlanNode => n !== null);
  const excludedPhrases = parsed.excluded.filter((c): c is PhraseClause => c.kind === 'phrase').map(phraseCheck);
  return { groups, excludedNodes, excludedPhrases };
}
