/**
 * Snippets: the window of a text with the most matched words, those words wrapped in caller-chosen
 * markers. Matching uses the analyzer, so a hit found through a stem, prefix, fuzzy match or synonym
 * (`ketum` -> "kratom") is highlighted where it occurs. Pure.
 */
import type { SynonymMatcher } from './synonyms.js';
import type { Highlight } from './types.js';
import { ASCII_WORD_CHAR, forRawWords, rawWords, type RawWord } from './normalize.js';
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
 * The marked words when a synonym concept matched (its phrases span words): words that cannot be a
 * matched term or a word of a matched concept's phrases are skipped as in analyzeLight (a cold first
 * search spent ~40 ms analyzing every word of 20 abstracts); without the synonym list, all are analyzed.
 */
function analyzeConcepts(text: string, matched: ReadonlySet<string>, synonyms: SynonymMatcher | null, all = false): Marked {
  const words = [...matched].flatMap((t) => synonyms?.groups.get(t)?.flat() ?? []);
  let units: Unit[];
  let m: Marked;
  if (synonyms && !all && !NON_ASCII.test(text)) {
    units = analyzeAscii(text, matched, startsOf(matched, words));
    m = scratch;
  } else {
    const analyzed = synonyms && !all ? analyzeLight(text, matched, words) : analyzeAllUnits(text, matched);
    units = analyzed.units;
    m = marked(analyzed);
  }
  for (const span of findSynonyms(units, synonyms)) {
    if (!matched.has(span.concept)) continue;
    for (let u = span.fromUnit; u <= span.toUnit; u += 1) m.hits[u] = 1;
  }
  return m;
}

/** Parts of a word that was not analyzed: matches no term and no synonym part, but keeps adjacency. */
const SKIPPED = ['\u0000'];

/** The first two letters of the matched terms and of the words in `also` (and one-letter ones whole). */
function startsOf(matched: ReadonlySet<string>, also: Iterable<string> = []): Set<string> {
  const starts = new Set<string>();
  for (const t of matched) starts.add(t.slice(0, 2));
  for (const t of also) starts.add(t.slice(0, 2));
  return starts;
}

/**
 * Units with hit flags, folding and stemming only words that could match: a word none of whose pieces
 * starts with the first two letters of a matched term (or of a word in `also`) cannot match (terms are
 * lower-case folds of words). Keeps a snippet well under 0.1 ms. For text outside ASCII (pure-ASCII text
 * goes through {@link analyzeAscii}).
 */
function analyzeLight(text: string, matched: ReadonlySet<string>, also: Iterable<string> = []): { units: Unit[]; hits: boolean[] } {
  const starts = startsOf(matched, also);
  const lower = text.toLowerCase();
  const could = (w: RawWord): boolean => {
    if (starts.has(lower.slice(w.start, w.start + 2)) || starts.has(lower.slice(w.start, w.start + 1))) return true;
    if (NON_ASCII.test(w.text)) return true;
    return w.text.includes('-') && lower.slice(w.start, w.end).split('-').some((p) => starts.has(p.slice(0, 2)));
  };
  const units: Unit[] = [];
  const hits: boolean[] = [];
  for (const word of rawWords(text)) {
    const maybe = could(word);
    const unit = maybe ? unitOf(word) : { start: word.start, end: word.end, parts: SKIPPED, whole: '' };
    if (!unit) continue;
    units.push(unit);
    hits.push(maybe && unitHit(unit, matched));
  }
  return { units, hits };
}

/** What a word that was not analyzed stands as among the units a synonym search reads: no part of a phrase. */
const SKIPPED_UNIT: Unit = { start: -1, end: -1, parts: SKIPPED, whole: '' };

/**
 * analyzeLight of pure-ASCII text without a lower-cased copy, a regex match or substrings per word: the
 * same words (a character scan) and the same test of which could match, on character codes, written into
 * the reused {@link scratch} buffers (offsets and hit flags); returns the units a synonym search reads,
 * one shared placeholder for each word not analyzed. A concept snippet (a synonym matched) is what every
 * hit of a synonym-expanded query makes.
 */
function analyzeAscii(text: string, matched: ReadonlySet<string>, starts: ReadonlySet<string>): Unit[] {
  const one = new Set<number>();
  const two = new Set<number>();
  for (const s of starts) {
    if (s.length === 1) one.add(s.charCodeAt(0));
    else if (s.length === 2) two.add(s.charCodeAt(0) * 65536 + s.charCodeAt(1));
  }
  const code = (at: number): number => lowerCode(text.charCodeAt(at));
  // As starts.has(word.slice(0, 2)) or starts.has(word.slice(0, 1)), on the lower-cased text.
  const startsAt = (at: number): boolean => one.has(code(at)) || (at + 1 < text.length && two.has(code(at) * 65536 + code(at + 1)));
  // As starts.has(piece.slice(0, 2)) for a piece after a hyphen (its 2 first letters, or its only one).
  const pieceAt = (at: number, end: number): boolean => (at + 1 < end && text.charCodeAt(at + 1) !== 45 ? two.has(code(at) * 65536 + code(at + 1)) : one.has(code(at)));
  const units: Unit[] = [];
  const out = scratch;
  out.count = 0;
  forRawWords(text, (start, end) => {
    let could = startsAt(start);
    for (let i = start + 1; i < end && !could; i += 1) could = text.charCodeAt(i) === 45 && pieceAt(i + 1, end);
    const unit = could ? unitOf({ start, end, text: text.slice(start, end) }) : SKIPPED_UNIT;
    if (!unit) return;
    if (out.count === out.starts.length) grow(out);
    out.starts[out.count] = start;
    out.ends[out.count] = end;
    out.hits[out.count] = could && unitHit(unit, matched) ? 1 : 0;
    out.count += 1;
    units.push(unit);
  });
  return units;
}

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
 * analyzeLight without a concept (most hits), without its per-word objects: the same words (normalize.ts
 * `forRawWords`, a scan of character codes) and the test of which could match made on
 * character codes, so only those words become objects and get folded and stemmed. A word could match
 * when it holds a non-ASCII character, or when it or a piece after a hyphen starts with the first two
 * letters of a matched term (or is a one-letter term). A snippet of a 250-word abstract built ~250 word
 * objects and ~500 substrings before; now a handful.
 */
function markWords(text: string, matched: ReadonlySet<string>): Marked {
  if (!NON_ASCII.test(text)) return markAscii(text, matched);
  const two = new Set<number>();
  const one = new Set<number>();
  for (const t of matched) {
    if (t.length >= 2) two.add(t.charCodeAt(0) * 65536 + t.charCodeAt(1));
    else if (t.length === 1) one.add(t.charCodeAt(0));
  }
  const startsTerm = (at: number): boolean => {
    const c = lowerCode(text.charCodeAt(at));
    return one.has(c) || two.has(c * 65536 + lowerCode(text.charCodeAt(at + 1)));
  };
  const out = scratch;
  out.count = 0;
  const word = (start: number, end: number): void => {
    let could = startsTerm(start);
    for (let i = start; i < end && !could; i += 1) {
      const c = text.charCodeAt(i);
      could = c > 127 || (c === 45 && startsTerm(i + 1));
    }
    const unit = could ? unitOf({ start, end, text: text.slice(start, end) }) : null;
    if (could && !unit) return;
    if (out.count === out.starts.length) grow(out);
    out.starts[out.count] = start;
    out.ends[out.count] = end;
    out.hits[out.count] = unit !== null && unitHit(unit, matched) ? 1 : 0;
    out.count += 1;
  };
  forRawWords(text, word);
  return out;
}

/**
 * The first two (lower-case ASCII) letters of the matched terms, as `c1 * 128 + c2`, and the one-letter
 * terms, each marked with the number of the call that set it ({@link markAscii}): tables kept between
 * calls, so a snippet neither allocates nor clears them.
 */
const PAIRS = new Uint32Array(128 * 128);
const SINGLES = new Uint32Array(128);
let stamp = 0;

/**
 * {@link markWords} of pure-ASCII text (most abstracts) in one pass over its characters: the words of
 * `forRawWords` there (`[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*`) found by a table of word characters, and whether
 * a word could match (it or a piece after a hyphen starts with a matched term's first two letters, or is
 * a one-letter term) told by a table lookup as the word is scanned, not by a second pass over it through
 * sets. Half the time of the general path for a real-sized abstract.
 */
function markAscii(text: string, matched: ReadonlySet<string>): Marked {
  stamp = stamp === 0xffffffff ? 1 : stamp + 1;
  if (stamp === 1) {
    PAIRS.fill(0);
    SINGLES.fill(0);
  }
  for (const t of matched) {
    const a = t.charCodeAt(0);
    const b = t.charCodeAt(1);
    // Terms are lower-case folds; one outside ASCII cannot start a word of ASCII text.
    if (t.length === 1 && a < 128) SINGLES[a] = stamp;
    else if (t.length >= 2 && a < 128 && b < 128) PAIRS[a * 128 + b] = stamp;
  }
  const n = text.length;
  /** As markWords' startsTerm: the word (or piece) at `at` begins with a matched term's first letters. */
  const startsTerm = (at: number): boolean => {
    const a = lowerCode(text.charCodeAt(at));
    return SINGLES[a] === stamp || (at + 1 < n && PAIRS[a * 128 + lowerCode(text.charCodeAt(at + 1))] === stamp);
  };
  const out = scratch;
  out.count = 0;
  let i = 0;
  while (i < n) {
    if (ASCII_WORD_CHAR[text.charCodeAt(i)] === 0) {
      i += 1;
      continue;
    }
    const start = i;
    let could = startsTerm(start);
    i += 1;
    for (;;) {
      while (i < n && ASCII_WORD_CHAR[text.charCodeAt(i)] === 1) i += 1;
      // A hyphen joins the word only when a word character follows it.
      if (i + 1 < n && text.charCodeAt(i) === 45 && ASCII_WORD_CHAR[text.charCodeAt(i + 1)] === 1) {
        could ||= startsTerm(i + 1);
        i += 1;
        continue;
      }
      break;
    }
    const unit = could ? unitOf({ start, end: i, text: text.slice(start, i) }) : null;
    if (could && !unit) continue;
    if (out.count === out.starts.length) grow(out);
    out.starts[out.count] = start;
    out.ends[out.count] = i;
    out.hits[out.count] = unit !== null && unitHit(unit, matched) ? 1 : 0;
    out.count += 1;
  }
  return out;
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
