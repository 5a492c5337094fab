/**
 * The biomedical analyzer: text -> word units -> index terms. Used by the MiniSearch options (index and
 * query side alike), the query planner, phrase verification and snippets, so all of them agree on what a
 * word is. Pure.
 *
 * Rules (each has a test in test/search/tokenize.test.ts):
 * - A unit is a raw word, hyphenated compounds included (`7-hydroxymitragynine`, `COVID-19`, `mu-opioid`).
 *   It is indexed whole (`7-hydroxymitragynine`), by its shorter runs of parts (`COVID-19-related` also as
 *   `covid-19`) AND by each part that is not a bare number (`hydroxymitragynine`), so the compound is
 *   findable by its parts, but `COVID-19` does not make a bare `19` match "19 patients".
 * - Parts are folded (normalize.ts) and stemmed (stem.ts); stop words and single letters are not indexed.
 * - Synonym phrases (synonyms.ts) found in a unit sequence add one concept term per occurrence.
 */
import { foldText, rawWords, type RawWord } from './normalize.js';
import { stem } from './stem.js';
import { STOPWORDS } from './stopwords.js';

/** One word of a text: its offsets in the raw text and its folded, stemmed parts. */
export interface Unit {
  start: number;
  end: number;
  /** Folded and stemmed parts, in order (`mu-opioid receptors` gives units `[mu, opioid]`, `[receptor]`); shared, never changed. */
  parts: readonly string[];
  /** Parts joined by `-`: the term for the whole compound. */
  whole: string;
}

/** A synonym phrase found in a unit sequence, addressed by flat part positions. */
export interface SynonymSpan {
  /** Index term for the group, `syn:<id>`. */
  concept: string;
  /** Unit index and part index within it where the phrase starts / ends (inclusive). */
  fromUnit: number;
  fromPart: number;
  toUnit: number;
  toPart: number;
}

const NON_WORD = /[^\p{L}\p{N}]+/u;
const NUMERIC = /^\p{N}+$/u;
const SIMPLE = /^[a-z0-9]+$/;

/**
 * A raw word's folded, unstemmed parts (the forms the reader typed); characters NFKC introduced (`½` ->
 * `1⁄2`) act as separators. Unit parts are exactly these, stemmed.
 */
export function surfaceParts(raw: string): string[] {
  const folded = foldText(raw);
  if (SIMPLE.test(folded)) return [folded];
  return folded.split(NON_WORD).filter((p) => p.length > 0);
}

/** A raw word's stemmed parts and their compound term (`whole`); null when folding leaves nothing. */
type Analyzed = { parts: readonly string[]; whole: string } | null;

/**
 * Raw words analyzed so far. Text repeats its words (a few hundred distinct words make most of any
 * abstract), and folding and stemming every occurrence again was most of what a snippet and a followed
 * record's analysis cost. Pure in its input, so sharing is safe; the parts are frozen, and the map is
 * emptied when it reaches its size (a few MB of short strings).
 */
const analyzed = new Map<string, Analyzed>();
const ANALYZED_KEPT = 50_000;

/** The stemmed parts of one raw word (see {@link analyzed}). */
function analyze(raw: string): Analyzed {
  let a = analyzed.get(raw);
  if (a === undefined) {
    const parts = surfaceParts(raw).map(stem);
    a = parts.length === 0 ? null : { parts: Object.freeze(parts), whole: parts.join('-') };
    if (analyzed.size >= ANALYZED_KEPT) analyzed.clear();
    analyzed.set(raw, a);
  }
  return a;
}

/** The unit of one raw word, or null when folding leaves nothing. */
export function unitOf(word: RawWord): Unit | null {
  const a = analyze(word.text);
  return a === null ? null : { start: word.start, end: word.end, parts: a.parts, whole: a.whole };
}

/**
 * Word units of `text` with their unstemmed parts (`surfaces[i]` are the forms of `parts[i]` as written):
 * what the query planner needs to tell the reader's own word from another form of its stem.
 */
export function analyzeSurfaces(text: string): Array<Unit & { surfaces: string[] }> {
  const units: Array<Unit & { surfaces: string[] }> = [];
  for (const word of rawWords(text)) {
    const surfaces = surfaceParts(word.text);
    if (surfaces.length === 0) continue;
    const parts = surfaces.map(stem);
    units.push({ start: word.start, end: word.end, parts, whole: parts.join('-'), surfaces });
  }
  return units;
}

/** Word units of `text`, with offsets into `text` itself. */
export function analyzeUnits(text: string): Unit[] {
  const units: Unit[] = [];
  for (const word of rawWords(text)) {
    const unit = unitOf(word);
    if (unit) units.push(unit);
  }
  return units;
}

/** True when a single word may be an index term: not a stop word, not a lone letter. */
export function isIndexable(term: string): boolean {
  if (STOPWORDS.has(term)) return false;
  return term.length >= 2 || NUMERIC.test(term);
}

/** Longest run of parts indexed as a sub-compound of a longer compound. */
const MAX_SUB_PARTS = 4;

/**
 * Index terms of one unit: the whole compound, its runs of 2 to 4 parts that hold a letter (so
 * `COVID-19-related` is found by `COVID-19` and `IL-6-mediated` by `IL-6`), and its non-numeric parts
 * (`covid-19` -> `covid-19`, `covid`; never `19`).
 */
export function unitTerms(unit: Unit): string[] {
  const n = unit.parts.length;
  if (n === 1) return isIndexable(unit.whole) ? [unit.whole] : [];
  const terms = new Set([unit.whole]);
  for (let len = Math.min(n - 1, MAX_SUB_PARTS); len >= 2; len -= 1) {
    for (let i = 0; i + len <= n; i += 1) {
      const run = unit.parts.slice(i, i + len);
      if (run.some((p) => !NUMERIC.test(p))) terms.add(run.join('-'));
    }
  }
  for (const p of unit.parts) if (!NUMERIC.test(p) && isIndexable(p)) terms.add(p);
  return [...terms];
}

/**
 * Matches synonym phrases in a sequence of folded, stemmed word parts: what the analyzer needs from a
 * synonym list, declared here so that synonyms.ts (which compiles one) depends on this module and not
 * the other way round.
 */
export interface SynonymMatcher {
  /** Longest phrase starting at `parts[at]`: its concept term and length in parts, or null. */
  matchAt(parts: readonly string[], at: number): { concept: string; parts: number } | null;
  /** Every phrase of the group of `concept`, as part sequences (for snippets). */
  readonly groups: ReadonlyMap<string, string[][]>;
  /** sha256 of the compiled list: part of the index options hash, so editing the file rebuilds. */
  readonly hash: string;
}

/** Synonym phrases in `units`, longest match first, non-overlapping, scanning left to right. */
export function findSynonyms(units: readonly Unit[], matcher: SynonymMatcher | null): SynonymSpan[] {
  if (!matcher) return [];
  // The parts in a row, with the unit and index of each in parallel arrays of small integers: an object
  // per part was most of what a synonym query's snippets allocated (every word of twenty abstracts).
  const parts: string[] = [];
  const unitAt: number[] = [];
  const indexAt: number[] = [];
  for (let u = 0; u < units.length; u += 1) {
    const ps = (units[u] as Unit).parts;
    for (let k = 0; k < ps.length; k += 1) {
      parts.push(ps[k] as string);
      unitAt.push(u);
      indexAt.push(k);
    }
  }
  const spans: SynonymSpan[] = [];
  let i = 0;
  while (i < parts.length) {
    const match = matcher.matchAt(parts, i);
    if (match === null) {
      i += 1;
      continue;
    }
    const last = i + match.parts - 1;
    spans.push({ concept: match.concept, fromUnit: unitAt[i] as number, fromPart: indexAt[i] as number, toUnit: unitAt[last] as number, toPart: indexAt[last] as number });
    i += match.parts;
  }
  return spans;
}

/** Every index term of `text`, duplicates kept (MiniSearch counts term frequency from repeats). */
export function indexTerms(text: string, matcher: SynonymMatcher | null): string[] {
  const units = analyzeUnits(text);
  const terms = units.flatMap(unitTerms);
  for (const span of findSynonyms(units, matcher)) terms.push(span.concept);
  return terms;
}
