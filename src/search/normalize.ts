/**
 * Character-level normalization for biomedical text: the first step shared by indexing, querying, phrase
 * checks and snippets, so that `μ-opioid`, `µ‐opioid` (micro sign, U+2010) and `mu-opioid` become one word.
 * Pure: no I/O.
 */

/**
 * Dash-like characters PubMed text uses inside compound names: U+2010-2015 (hyphen, non-breaking hyphen,
 * figure dash, en/em dash, horizontal bar), U+2212 minus, U+FE58/U+FE63/U+FF0D small/full-width forms.
 * The soft hyphen U+00AD is not here: it is an invisible break opportunity (`hydroxy\u00ADmitragynine` is
 * one word), so it is deleted rather than turned into a hyphen.
 */
export const HYPHEN_CLASS = '\\-\\u2010-\\u2015\\u2212\\uFE58\\uFE63\\uFF0D';

const HYPHENS = new RegExp(`[${HYPHEN_CLASS}]`, 'g');
const SOFT_HYPHEN = /\u00AD/g;
const COMBINING_MARKS = /\p{M}+/gu;
/** No character above U+007F: NFKC/NFD are the identity and no Greek, mark or special hyphen can occur. */
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Greek letters spelled out the way English-language abstracts spell them (`μ` -> `mu`). */
const GREEK: Record<string, string> = {
  α: 'alpha', β: 'beta', γ: 'gamma', δ: 'delta', ε: 'epsilon', ζ: 'zeta', η: 'eta', θ: 'theta',
  ι: 'iota', κ: 'kappa', λ: 'lambda', μ: 'mu', ν: 'nu', ξ: 'xi', ο: 'omicron', π: 'pi', ρ: 'rho',
  σ: 'sigma', ς: 'sigma', τ: 'tau', υ: 'upsilon', φ: 'phi', ϕ: 'phi', χ: 'chi', ψ: 'psi', ω: 'omega',
};
const GREEK_LETTERS = /[\u0370-\u03FF]/g;

/** Latin letters that NFD does not decompose into base letter + mark. */
const LATIN_FOLDS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ı: 'i', þ: 'th' };
const LATIN_FOLD_CHARS = /[ßæœøłđıþ]/g;

/**
 * Folds text to the form terms are compared in: NFKC (full-width forms, ligatures, and the micro sign
 * U+00B5 which NFKC maps to Greek mu), soft hyphens removed, the hyphen family mapped to `-`, Greek
 * letters spelled out, lower case, diacritics stripped (`Müller` -> `muller`).
 */
export function foldText(text: string): string {
  // Fast path: pure ASCII (most of PubMed, whole abstracts included) only needs lower-casing; the slow
  // path below costs ~20 us per abstract, which phrase checks and indexing pay for every record.
  if (ASCII_ONLY.test(text)) return text.toLowerCase();
  const nfkc = text.normalize('NFKC').replace(SOFT_HYPHEN, '').replace(HYPHENS, '-');
  const lower = nfkc.toLowerCase();
  const spelled = lower.replace(GREEK_LETTERS, (ch) => GREEK[ch.normalize('NFD').charAt(0)] ?? ch);
  return spelled
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(LATIN_FOLD_CHARS, (ch) => LATIN_FOLDS[ch] ?? ch);
}

/**
 * A word in raw text: letters/digits (and combining marks, soft hyphens), optionally joined by single
 * hyphen-family characters (`7‐hydroxymitragynine`, `COVID-19`, `biak-biak`). Anything else separates words.
 */
const RAW_WORD = new RegExp(`[\\p{L}\\p{N}\\p{M}\\u00AD]+(?:[${HYPHEN_CLASS}][\\p{L}\\p{N}\\p{M}\\u00AD]+)*`, 'gu');

/** A word found in raw text, with its offsets in that text (for snippets and phrase checks). */
export interface RawWord {
  start: number;
  end: number;
  text: string;
}

/** The same words for pure-ASCII text. */
const ASCII_RAW_WORD = /[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*/g;
const NON_ASCII = /[^\x00-\x7f]/;

/** Words of `text` in order, with offsets into the original (un-normalized) string. */
export function rawWords(text: string): RawWord[] {
  const words: RawWord[] = [];
  forRawWords(text, (start, end) => words.push({ start, end, text: text.slice(start, end) }));
  return words;
}

/** {@link rawWords} by the regular expressions that define them (the reference the scan is tested against). */
export function rawWordsByPattern(text: string): RawWord[] {
  return [...text.matchAll(NON_ASCII.test(text) ? RAW_WORD : ASCII_RAW_WORD)].map((m) => ({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, text: m[0] }));
}

/** 1 for the ASCII letters and digits (the only ASCII characters of a word), else 0. */
export const ASCII_WORD_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c += 1) ASCII_WORD_CHAR[c] = /[A-Za-z0-9]/.test(String.fromCharCode(c)) ? 1 : 0;
/** A character of a word outside ASCII: {@link RAW_WORD}'s class. */
const WORD_CHAR = /^[\p{L}\p{N}\p{M}\u00AD]$/u;
/** Whether each code point outside ASCII seen so far is a word character (text repeats few of them). */
const wordChars = new Map<number, boolean>();
const WORD_CHARS_KEPT = 4096;

/** Length in UTF-16 units (1 or 2) of the word character at `i`, or 0 when there is none. */
function wordCharAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return ASCII_WORD_CHAR[c] as number;
  if (Number.isNaN(c)) return 0;
  const cp = text.codePointAt(i) as number;
  let is = wordChars.get(cp);
  if (is === undefined) {
    if (wordChars.size >= WORD_CHARS_KEPT) wordChars.clear();
    wordChars.set(cp, (is = WORD_CHAR.test(String.fromCodePoint(cp))));
  }
  return is ? (cp > 0xffff ? 2 : 1) : 0;
}

/** The hyphen family of {@link HYPHEN_CLASS}, on a character code. */
function isHyphen(c: number): boolean {
  return c === 45 || (c >= 0x2010 && c <= 0x2015) || c === 0x2212 || c === 0xfe58 || c === 0xfe63 || c === 0xff0d;
}

/**
 * The offsets of {@link rawWords}, without making an object per word (snippets look at most words only
 * for their first letters): the same words as RAW_WORD, found by a scan of character codes (a regex
 * match per word, its array and string, was most of a snippet of text outside ASCII).
 */
export function forRawWords(text: string, word: (start: number, end: number) => void): void {
  const n = text.length;
  for (let i = 0; i < n;) {
    let len = wordCharAt(text, i);
    if (len === 0) {
      // Step over a whole code point: a match never starts inside a surrogate pair.
      i += (text.codePointAt(i) as number) > 0xffff ? 2 : 1;
      continue;
    }
    const start = i;
    do i += len; while ((len = wordCharAt(text, i)) > 0);
    while (isHyphen(text.charCodeAt(i)) && wordCharAt(text, i + 1) > 0) {
      i += 1;
      while ((len = wordCharAt(text, i)) > 0) i += len;
    }
    word(start, i);
  }
}
