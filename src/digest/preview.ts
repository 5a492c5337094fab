/**
 * The two-sentence preview shown under each paper. Pure.
 *
 * Source: the CONCLUSIONS section of a structured abstract (first two sentences); otherwise the abstract's
 * last two sentences, where unstructured abstracts usually state their finding. Sentence splitting is
 * conservative: it never splits after "et al.", "e.g.", "i.e.", "vs.", "Fig.", single initials ("J. Smith"),
 * inside numbers ("0.05", "p < 0.05"), or before a lower-case word.
 */
import type { AbstractSection } from '../types.js';

/** Words that end with a dot without ending a sentence (lower-cased, without the final dot). */
const ABBREVIATIONS = new Set([
  'al', 'e.g', 'i.e', 'eg', 'ie', 'vs', 'cf', 'approx', 'ca', 'fig', 'figs', 'dr', 'mr', 'mrs', 'ms', 'prof',
  'st', 'resp', 'incl', 'vol', 'ref', 'refs', 'eq', 'sp', 'spp', 'var', 'jr', 'sr', 'u.s',
]);

/** Longest preview kept, in characters; longer ones are cut at a word boundary with an ellipsis. */
export const PREVIEW_MAX_CHARS = 420;

// A candidate boundary: terminal punctuation, optional closing quote/bracket, whitespace, then something
// that can start a sentence (capital, digit, opening quote/bracket).
const BOUNDARY = /([.!?])["')\]]*\s+(?=["'(\[]?[A-Z0-9])/g;

/** Splits text into sentences (see the module comment for what is never a boundary). */
export function splitSentences(text: string): string[] {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean === '') return [];
  const out: string[] = [];
  let start = 0;
  for (const m of clean.matchAll(BOUNDARY)) {
    const end = m.index + m[0].trimEnd().length;
    if (m[1] === '.' && !endsSentence(clean.slice(start, m.index))) continue;
    out.push(clean.slice(start, end).trim());
    start = m.index + m[0].length;
  }
  const rest = clean.slice(start).trim();
  if (rest !== '') out.push(rest);
  return out;
}

/** Whether the text before a dot ends a sentence: not an abbreviation, not a lone initial. */
function endsSentence(before: string): boolean {
  const word = /(\S+)$/.exec(before)?.[1] ?? '';
  const bare = word.replace(/^[("'[]+/, '').toLowerCase();
  if (ABBREVIATIONS.has(bare)) return false;
  // "J. Smith", "A. speciosa": a single letter before the dot is an initial.
  if (/^[A-Za-z]$/.test(bare)) return false;
  return true;
}

function isConclusions(s: AbstractSection): boolean {
  return s.category === 'CONCLUSIONS' || /conclusion/i.test(s.label ?? '');
}

/** Two sentences for a paper, or null when it has no abstract text. */
export function previewOf(abstract: string | null, sections: readonly AbstractSection[]): string | null {
  const conclusions = sections.find((s) => isConclusions(s) && s.text.trim() !== '');
  let sentences: string[];
  if (conclusions) {
    sentences = splitSentences(conclusions.text).slice(0, 2);
  } else {
    const whole = sections.length > 0 ? sections.map((s) => s.text).join(' ') : (abstract ?? '');
    const inline = inlineConclusions(whole);
    sentences = inline !== null ? splitSentences(inline).slice(0, 2) : splitSentences(whole).slice(-2);
  }
  if (sentences.length === 0) return null;
  return clip(sentences.join(' '), PREVIEW_MAX_CHARS);
}

// Unstructured abstracts often still say "Conclusion:" / "CONCLUSIONS" inline before their finding.
const INLINE_CONCLUSIONS = /\b(?:CONCLUSIONS?|Conclusions?)(?: AND RELEVANCE)?\s*[:.]?\s+(?=["'(\[]?[A-Z0-9])/g;

/** Text after the last inline "Conclusion(s)" heading, or null when there is none. */
function inlineConclusions(text: string): string | null {
  const matches = [...text.matchAll(INLINE_CONCLUSIONS)];
  const last = matches.at(-1);
  if (!last) return null;
  const rest = text.slice(last.index + last[0].length).trim();
  return rest === '' ? null : rest;
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}
