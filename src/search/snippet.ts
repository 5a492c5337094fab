/**
 * Snippets: the window of a text with the most matched words, those words wrapped in caller-chosen
 * markers. Matching uses the analyzer, so a hit found through a stem, prefix, fuzzy match or synonym
 * (`ketum` -> "kratom") is highlighted where it occurs. Pure.
 */
import type { SynonymMatcher } from './synonyms.js';
import type { Highlight } from './types.js';
import { rawWords, type RawWord } from './normalize.js';
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
 * Units and hit flags when a synonym concept matched (its phrases span words): words that cannot be a
 * matched term or a word of a matched concept's phrases are skipped as in analyzeLight (a cold first
 * search spent ~40 ms analyzing every word of 20 abstracts); without the synonym list, all are analyzed.
 */
function analyzeConcepts(text: string, matched: ReadonlySet<string>, synonyms: SynonymMatcher | null): { units: Unit[]; hits: boolean[] } {
  const words = [...matched].flatMap((t) => synonyms?.groups.get(t)?.flat() ?? []);
  const { units, hits } = synonyms ? analyzeLight(text, matched, words) : analyzeAllUnits(text, matched);
  for (const span of findSynonyms(units, synonyms)) {
    if (!matched.has(span.concept)) continue;
    for (let u = span.fromUnit; u <= span.toUnit; u += 1) hits[u] = true;
  }
  return { units, hits };
}

/** Parts of a word that was not analyzed: matches no term and no synonym part, but keeps adjacency. */
const SKIPPED = ['\u0000'];

/**
 * Units with hit flags, folding and stemming only words that could match: an ASCII word none of whose
 * pieces starts with the first two letters of a matched term (or of a word in `also`) cannot match (terms
 * are lower-case folds of words). Keeps a snippet well under 0.1 ms.
 */
function analyzeLight(text: string, matched: ReadonlySet<string>, also: Iterable<string> = []): { units: Unit[]; hits: boolean[] } {
  const starts = new Set<string>();
  for (const t of matched) starts.add(t.slice(0, 2));
  for (const t of also) starts.add(t.slice(0, 2));
  const lower = text.toLowerCase();
  const anyNonAscii = NON_ASCII.test(text);
  const could = (w: RawWord): boolean => {
    if (starts.has(lower.slice(w.start, w.start + 2)) || starts.has(lower.slice(w.start, w.start + 1))) return true;
    if (anyNonAscii && NON_ASCII.test(w.text)) return true;
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

/** Start of the `size`-unit window holding the most hits (earliest on ties), centred on those hits. */
function bestWindow(hits: readonly boolean[], size: number): number {
  if (hits.length <= size) return 0;
  let count = hits.slice(0, size).filter(Boolean).length;
  let best = count;
  let bestStart = 0;
  for (let s = 1; s + size <= hits.length; s += 1) {
    count += (hits[s + size - 1] ? 1 : 0) - (hits[s - 1] ? 1 : 0);
    if (count > best) {
      best = count;
      bestStart = s;
    }
  }
  if (best === 0) return 0;
  const first = hits.indexOf(true, bestStart);
  const last = hits.lastIndexOf(true, bestStart + size - 1);
  const centred = first - Math.floor((size - (last - first + 1)) / 2);
  return Math.max(0, Math.min(centred, hits.length - size));
}

const NON_ASCII = /[^\x00-\x7f]/;
const squash = (s: string): string => s.replace(/\s+/g, ' ');

/**
 * Snippet of `text` around the terms in `matched` (index terms, including `syn:` concepts).
 * Whitespace is collapsed; `…` marks a cut. Empty text gives `''`.
 */
export function makeSnippet(
  text: string,
  matched: ReadonlySet<string>,
  synonyms: SynonymMatcher | null,
  highlight: Highlight = DEFAULT_HIGHLIGHT,
  words: number = SNIPPET_WORDS,
): string {
  const concept = [...matched].some((t) => t.startsWith('syn:'));
  const { units, hits } = concept ? analyzeConcepts(text, matched, synonyms) : analyzeLight(text, matched);
  if (units.length === 0) return squash(text).trim();
  const start = bestWindow(hits, words);
  const end = Math.min(units.length, start + words);
  let out = start > 0 ? '…' : '';
  let pos = (units[start] as Unit).start;
  for (let u = start; u < end; u += 1) {
    if (!hits[u]) continue;
    let last = u;
    while (last + 1 < end && hits[last + 1]) last += 1;
    const from = (units[u] as Unit).start;
    const to = (units[last] as Unit).end;
    out += squash(text.slice(pos, from)) + highlight.pre + squash(text.slice(from, to)) + highlight.post;
    pos = to;
    u = last;
  }
  if (end === units.length) return (out + squash(text.slice(pos))).trimEnd();
  return `${out}${squash(text.slice(pos, (units[end - 1] as Unit).end))}…`;
}
