/**
 * Snippets: the window of a text with the most matched words, those words wrapped in caller-chosen
 * markers. Matching uses the analyzer, so a hit found through a stem, prefix, fuzzy match or synonym
 * (`ketum` -> "kratom") is highlighted where it occurs. Pure.
 */
import type { SynonymMatcher } from './synonyms.js';
import type { Highlight } from './types.js';
import { ASCII_WORD_CHAR, forRawWords } from './normalize.js';
import { analyzeUnits, findSynonyms, unitOf, type Unit } from './tokenize.js';

export type { Highlight } from './types.js';

/** Default API markers: STX/ETX never occur in PubMed text and are trivial to replace with styling. */
export const DEFAULT_HIGHLIGHT: Highlight = { pre: '\u0002', post: '\u0003' };

/** Words shown around the best match. */
export const SNIPPET_WORDS = 36;

function unitHit(u: Unit, matched: ReadonlySet<string>): boolean {
  return matched.has(u.whole) || u.parts.some((p) => matched.has(p));
}

function analyzeAllUnits(text: string, matched: ReadonlySet<string>): { units: Unit[]; hits: boolean[] } {
  const units = analyzeUnits(text);
  return { units, hits: units.map((u) => unitHit(u, matched)) };
}

/**
 * The marked words when a synonym concept matched (its phrases span words): as {@link markWords} marks
 * them, with the words of the matched concepts' phrases also analyzed (a phrase is found from its words'
 * parts), then the words of every matched concept's phrase found in them marked. Words that cannot be a
 * matched term or a phrase's word are not analyzed (a cold first search spent ~40 ms analyzing every word
 * of 20 abstracts), and a text's words and their analysis are kept per text as for any snippet: a
 * synonym-expanded query (every hit a concept snippet) scanned and analyzed each hit's abstract again on
 * every search, half of what such a query cost. Without the synonym list, or `all`, every word is analyzed.
 */
function analyzeConcepts(text: string, matched: ReadonlySet<string>, synonyms: SynonymMatcher | null, all = false): Marked {
  let units: Unit[];
  let m: Marked;
  if (synonyms && !all) {
    units = [];
    m = markWords(text, matched, phraseWords(synonyms, matched), units);
  } else {
    const analyzed = analyzeAllUnits(text, matched);
    units = analyzed.units;
    m = marked(analyzed);
  }
  for (const span of findSynonyms(units, synonyms)) {
    if (!matched.has(span.concept)) continue;
    for (let u = span.fromUnit; u <= span.toUnit; u += 1) m.hits[u] = 1;
  }
  return m;
}

/** Per synonym list: each concept's distinct phrase words (a query's hits all ask for the same concepts). */
const wordsOfConcept = new WeakMap<SynonymMatcher, Map<string, readonly string[]>>();

/** The distinct words of the phrases of the concepts in `matched` (kept per concept of the list, so bounded by it). */
function phraseWords(synonyms: SynonymMatcher, matched: ReadonlySet<string>): string[] {
  let byConcept = wordsOfConcept.get(synonyms);
  if (!byConcept) wordsOfConcept.set(synonyms, (byConcept = new Map()));
  const out: string[] = [];
  for (const t of matched) {
    const phrases = synonyms.groups.get(t);
    if (phrases === undefined) continue;
    let words = byConcept.get(t);
    if (words === undefined) byConcept.set(t, (words = [...new Set(phrases.flat())]));
    for (const w of words) out.push(w);
  }
  return out;
}

/** Parts of a word that was not analyzed: matches no term and no synonym part, but keeps adjacency. */
const SKIPPED = ['\u0000'];

/** What a word that was not analyzed stands as among the units a synonym search reads: no part of a phrase. */
const SKIPPED_UNIT: Unit = { start: -1, end: -1, parts: SKIPPED, whole: '' };

/** Start of the `size`-unit window of the first `count` flags of `hits` holding the most hits (earliest on ties), centred on those hits. */
function bestWindow(hits: Uint8Array, count: number, size: number): number {
  if (count <= size) return 0;
  let inWindow = 0;
  for (let u = 0; u < size; u += 1) inWindow += hits[u] as number;
  let best = inWindow;
  let bestStart = 0;
  for (let s = 1; s + size <= count; s += 1) {
    inWindow += (hits[s + size - 1] as number) - (hits[s - 1] as number);
    if (inWindow > best) {
      best = inWindow;
      bestStart = s;
    }
  }
  if (best === 0) return 0;
  // Both inside the window (it holds `best` hits), so inside the first `count`.
  const first = hits.indexOf(1, bestStart);
  const last = hits.lastIndexOf(1, bestStart + size - 1);
  const centred = first - Math.floor((size - (last - first + 1)) / 2);
  return Math.max(0, Math.min(centred, count - size));
}

const NON_ASCII = /[^\x00-\x7f]/;
/** Whitespace that {@link squash} changes: any but a plain space, or two in a row. */
const UNSQUASHED = /[^\S ]|\s\s/;
/** Collapses whitespace runs to one space (most slices of a snippet have none to collapse: no new string). */
const squash = (s: string): string => (UNSQUASHED.test(s) ? s.replace(/\s+/g, ' ') : s);

/** The first `count` words of a text as offsets, with whether each is a match (1): what a snippet is cut from. */
interface Marked { starts: Int32Array; ends: Int32Array; hits: Uint8Array; count: number }

/** Units and hit flags as the offsets a snippet is cut from, in the buffers {@link markWords} reuses. */
function marked(analyzed: { units: Unit[]; hits: boolean[] }): Marked {
  const { units, hits } = analyzed;
  const out = scratch;
  // A typed array's `from` with a mapping function runs a slow generic path: a sixth of a synonym query.
  while (out.starts.length < units.length) grow(out);
  for (let u = 0; u < units.length; u += 1) {
    const unit = units[u] as Unit;
    out.starts[u] = unit.start;
    out.ends[u] = unit.end;
    out.hits[u] = hits[u] ? 1 : 0;
  }
  out.count = units.length;
  return out;
}

/**
 * The words {@link markWords} found last, in buffers it reuses (a snippet is cut from them before the
 * next is marked): growing three arrays word by word for each hit's abstract was a quarter of all a
 * result page allocated.
 */
const scratch: Marked = { starts: new Int32Array(512), ends: new Int32Array(512), hits: new Uint8Array(512), count: 0 };

function grow(m: Marked): void {
  const size = m.starts.length * 2;
  const starts = new Int32Array(size);
  starts.set(m.starts);
  const ends = new Int32Array(size);
  ends.set(m.ends);
  const hits = new Uint8Array(size);
  hits.set(m.hits);
  Object.assign(m, { starts, ends, hits });
}

/** Lower case of an ASCII code (what `toLowerCase` gives for it). */
const lowerCode = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

/**
 * A text's words as offsets, with what decides for any query whether each could match: the lower-cased
 * codes of the first two letters of the word and of each piece after a hyphen (`keys`, `a * 128 + b`,
 * for word `w` from `keyAt[w]` to `keyAt[w + 1]`; `b` 0 at the end of the text), and `slow` for a word
 * whose letters or those codes leave ASCII (it is then tested on the text itself, as before). The same
 * for every query, so kept per text ({@link wordsOf}), with the units of the words analyzed so far
 * (`units[w]`, undefined until a query could match word `w`; null when folding leaves nothing).
 */
interface TextWords { count: number; starts: Int32Array; ends: Int32Array; keyAt: Int32Array; keys: Uint16Array; slow: Uint8Array; units: Array<Unit | null | undefined> }

/**
 * Texts whose words were found, most recently used last: the popular records of a library come back in
 * hit after hit, and finding the words of a real-sized abstract (a scan of its ~2,000 characters) was
 * most of what its snippet cost. About 4 KB of offsets and codes a text of 300 words, plus the text the
 * map holds as its key and the units of the words queries touched: some tens of MB when full, per thread.
 */
const textWords = new Map<string, TextWords>();
const TEXTS_KEPT = 4096;

/** The words of `text` (forRawWords' words) with their keys, found once per text while it is kept. */
function wordsOf(text: string): TextWords {
  let w = textWords.get(text);
  if (w) {
    textWords.delete(text);
    textWords.set(text, w);
    return w;
  }
  w = findWords(text);
  if (textWords.size >= TEXTS_KEPT) textWords.delete(textWords.keys().next().value as string);
  textWords.set(text, w);
  return w;
}

function findWords(text: string): TextWords {
  const n = text.length;
  let starts = new Int32Array(Math.max(16, n >> 2));
  let ends = new Int32Array(starts.length);
  let count = 0;
  const word = (start: number, end: number): void => {
    if (count === starts.length) {
      const more = new Int32Array(2 * count);
      more.set(starts);
      starts = more;
      const moreEnds = new Int32Array(2 * count);
      moreEnds.set(ends);
      ends = moreEnds;
    }
    starts[count] = start;
    ends[count] = end;
    count += 1;
  };
  if (NON_ASCII.test(text)) forRawWords(text, word);
  else scanAscii(text, word);
  const keyAt = new Int32Array(count + 1);
  const keys: number[] = [];
  const slow = new Uint8Array(count);
  /** The key of the piece at `at`, or -1 when a code is outside ASCII. */
  const keyOf = (at: number): number => {
    const a = text.charCodeAt(at);
    const b = at + 1 < n ? text.charCodeAt(at + 1) : 0;
    return a < 128 && b < 128 ? lowerCode(a) * 128 + lowerCode(b) : -1;
  };
  for (let u = 0; u < count; u += 1) {
    keyAt[u] = keys.length;
    const start = starts[u] as number;
    const end = ends[u] as number;
    let k = keyOf(start);
    let wide = k < 0;
    keys.push(k);
    for (let i = start; i < end && !wide; i += 1) {
      const c = text.charCodeAt(i);
      if (c > 127) wide = true;
      else if (c === 45) {
        k = i + 1 < n ? keyOf(i + 1) : 0;
        wide = k < 0;
        keys.push(k);
      }
    }
    if (wide) slow[u] = 1;
  }
  keyAt[count] = keys.length;
  return { count, starts: starts.slice(0, count), ends: ends.slice(0, count), keyAt, keys: Uint16Array.from(keys, (k) => Math.max(k, 0)), slow, units: new Array<Unit | null | undefined>(count) };
}

/** The words of pure-ASCII text as forRawWords finds them (`[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*`), by a table of word characters. */
function scanAscii(text: string, word: (start: number, end: number) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (ASCII_WORD_CHAR[text.charCodeAt(i)] === 0) {
      i += 1;
      continue;
    }
    const start = i;
    i += 1;
    for (;;) {
      while (i < n && ASCII_WORD_CHAR[text.charCodeAt(i)] === 1) i += 1;
      // A hyphen joins the word only when a word character follows it.
      if (i + 1 < n && text.charCodeAt(i) === 45 && ASCII_WORD_CHAR[text.charCodeAt(i + 1)] === 1) {
        i += 2;
        continue;
      }
      break;
    }
    word(start, i);
  }
}

/**
 * The first two (lower-case ASCII) letters of the matched terms, as `c1 * 128 + c2`, and the one-letter
 * terms, each marked with the number of the call that set it ({@link markWords}): tables kept between
 * calls, so a snippet neither allocates nor clears them.
 */
const PAIRS = new Uint32Array(128 * 128);
const SINGLES = new Uint32Array(128);
let stamp = 0;

/**
 * The words of a text with whether each is a match, folding and stemming only the words that could be:
 * the text's words (kept per text, {@link wordsOf}), and whether each could match told from its kept keys
 * by a table lookup, so only those words become objects and get folded and stemmed (once per text: the
 * units are kept with its words). A word could match when it holds a character outside ASCII, or when it
 * or a piece after a hyphen starts with the first two letters of a matched term or of a word in `also`
 * (or is a one-letter one); a word in `also` is analyzed but marked only if it is a matched term itself.
 * With `units`, each word's unit is appended to it in the order of the marked words (a word not analyzed
 * as a placeholder that no synonym phrase contains): what a concept snippet searches for phrases. A
 * snippet of a 250-word abstract built ~250 word objects and ~500 substrings before this; then a scan of
 * its characters per snippet; now, for a text seen before, a look at its keys.
 */
function markWords(text: string, matched: ReadonlySet<string>, also: readonly string[] = [], units: Unit[] | null = null): Marked {
  stamp = stamp === 0xffffffff ? 1 : stamp + 1;
  if (stamp === 1) {
    PAIRS.fill(0);
    SINGLES.fill(0);
  }
  const stampTerm = (t: string): void => {
    const a = t.charCodeAt(0);
    const b = t.charCodeAt(1);
    // Terms are lower-case folds; one outside ASCII can start only a word holding a character outside ASCII (a slow one).
    if (t.length === 1 && a < 128) SINGLES[a] = stamp;
    else if (t.length >= 2 && a < 128 && b < 128) PAIRS[a * 128 + b] = stamp;
  };
  for (const t of matched) stampTerm(t);
  for (const t of also) stampTerm(t);
  const w = wordsOf(text);
  let slowStarts: ((at: number) => boolean) | null = null;
  const out = scratch;
  while (out.starts.length < w.count) grow(out);
  out.count = 0;
  for (let u = 0; u < w.count; u += 1) {
    const start = w.starts[u] as number;
    const end = w.ends[u] as number;
    let could = false;
    if (w.slow[u] === 1) could = slowCould(text, start, end, (slowStarts ??= startsTermOf(text, matched, also)));
    else {
      for (let k = w.keyAt[u] as number; k < (w.keyAt[u + 1] as number) && !could; k += 1) {
        const key = w.keys[k] as number;
        could = PAIRS[key] === stamp || SINGLES[key >> 7] === stamp;
      }
    }
    let unit: Unit | null = null;
    if (could) {
      const known = w.units[u];
      unit = known === undefined ? (w.units[u] = unitOf({ start, end, text: text.slice(start, end) })) : known;
      if (!unit) continue;
    }
    out.starts[out.count] = start;
    out.ends[out.count] = end;
    out.hits[out.count] = unit !== null && unitHit(unit, matched) ? 1 : 0;
    out.count += 1;
    units?.push(unit ?? SKIPPED_UNIT);
  }
  return out;
}

/** Whether the word (or piece) of `text` at `at` begins with a matched term's first letters, on full character codes. */
function startsTermOf(text: string, matched: ReadonlySet<string>, also: readonly string[]): (at: number) => boolean {
  const two = new Set<number>();
  const one = new Set<number>();
  for (const t of [...matched, ...also]) {
    if (t.length >= 2) two.add(t.charCodeAt(0) * 65536 + t.charCodeAt(1));
    else if (t.length === 1) one.add(t.charCodeAt(0));
  }
  return (at) => {
    const c = lowerCode(text.charCodeAt(at));
    return one.has(c) || two.has(c * 65536 + lowerCode(text.charCodeAt(at + 1)));
  };
}

/** Whether a word holding a character outside ASCII (or a first-letter code outside it) could match: by its letters, on the text itself. */
function slowCould(text: string, start: number, end: number, startsTerm: (at: number) => boolean): boolean {
  let could = startsTerm(start);
  for (let i = start; i < end && !could; i += 1) {
    const c = text.charCodeAt(i);
    could = c > 127 || (c === 45 && startsTerm(i + 1));
  }
  return could;
}

/**
 * Snippet of `text` around the terms in `matched` (index terms, including `syn:` concepts).
 * Whitespace is collapsed; `…` marks a cut. Empty text gives `''`. `exhaustive` folds and stems every
 * word instead of only those that could match: the reference the faster paths must agree with (tests).
 */
export function makeSnippet(
  text: string,
  matched: ReadonlySet<string>,
  synonyms: SynonymMatcher | null,
  highlight: Highlight = DEFAULT_HIGHLIGHT,
  words: number = SNIPPET_WORDS,
  exhaustive = false,
): string {
  const concept = [...matched].some((t) => t.startsWith('syn:'));
  const m = exhaustive
    ? concept ? analyzeConcepts(text, matched, synonyms, true) : marked(analyzeAllUnits(text, matched))
    : concept ? analyzeConcepts(text, matched, synonyms) : markWords(text, matched);
  return render(text, m, highlight, words);
}

/** The `words`-word window of `m` with the most matches, matches wrapped in the highlight markers. */
function render(text: string, m: Marked, highlight: Highlight, words: number): string {
  const { starts, ends, hits, count } = m;
  if (count === 0) return squash(text).trim();
  const start = bestWindow(hits, count, words);
  const end = Math.min(count, start + words);
  let out = start > 0 ? '…' : '';
  let pos = starts[start] as number;
  for (let u = start; u < end; u += 1) {
    if (!hits[u]) continue;
    let last = u;
    while (last + 1 < end && hits[last + 1]) last += 1;
    const from = starts[u] as number;
    const to = ends[last] as number;
    out += squash(text.slice(pos, from)) + highlight.pre + squash(text.slice(from, to)) + highlight.post;
    pos = to;
    u = last;
  }
  if (end === count) return (out + squash(text.slice(pos))).trimEnd();
  return `${out}${squash(text.slice(pos, ends[end - 1] as number))}…`;
}
