/**
 * Phrase verification: MiniSearch keeps no positions, so a quoted phrase is first matched as "all words
 * present", screened by the record's phrase sequence (phrase-index.ts, built with this same analysis), and
 * each candidate that passes is then checked here against the text the index was built from. Pure.
 */
import type { ListedArticle } from '../types.js';
import { FIELDS, fieldText, type Field } from './documents.js';
import type { PhraseCheck } from './query-plan.js';
import { analyzeUnits } from './tokenize.js';

/** No character above U+007F: folding is lower-casing, which moves no word break. */
const ASCII_ONLY = /^[\x00-\x7f]*$/;

function hasRun(seq: readonly string[], parts: readonly string[]): boolean {
  for (let i = 0; i + parts.length <= seq.length; i += 1) {
    let k = 0;
    while (k < parts.length && seq[i + k] === parts[k]) k += 1;
    if (k === parts.length) return true;
  }
  return false;
}

/**
 * The first `need` parts of the (lower-cased ASCII) text from `at`, fewer only at the end of the text. The
 * window grows until it holds them, and a word the window cuts is left out, so neither a long word nor a
 * long run of punctuation between words hides a match.
 */
function partsFrom(text: string, at: number, need: number): string[] {
  for (let span = 40 * need + 40; ; span *= 2) {
    const end = at + span;
    const units = analyzeUnits(text.slice(at, end));
    if (end < text.length) units.pop();
    const parts = units.flatMap((u) => u.parts);
    if (parts.length >= need || end >= text.length) return parts.slice(0, need);
  }
}

/** True when `parts` occur adjacent and in order in the parts of `text` (hyphens count as spaces). */
export function textHasPhrase(text: string, parts: readonly string[]): boolean {
  const first = parts[0];
  if (first === undefined) return true;
  const ascii = ASCII_ONLY.test(text);
  // Analyze only where the first word's stem occurs at a word start in the lower-cased text. Stems only
  // strip or shorten suffixes, so the stem minus its last letter is a prefix of every form.
  const folded = text.toLowerCase();
  // Outside ASCII, folding the whole text first can move word breaks (NFKC turns `™` into `tm`, `℃` into
  // `°c`) and lower-casing can change its length: there a window found this way only confirms a match
  // (it is split into words as the index splits them, then each word folded), and a text where it finds
  // none is decided by splitting all of it. Candidates that passed the phrase screen nearly always have
  // the phrase, so the whole-text split is the rare case.
  if (ascii || folded.length === text.length) {
    const key = first.slice(0, Math.max(1, first.length - 1));
    for (let i = folded.indexOf(key); i !== -1; i = folded.indexOf(key, i + 1)) {
      // A word start: after the text's start or an ASCII character that is no letter or digit (after any
      // other character the tokenizer may see one word going on, which only the whole split can tell).
      if (i > 0 && (folded.charCodeAt(i - 1) > 127 || /[a-z0-9]/.test(folded.charAt(i - 1)))) continue;
      if (hasRun(partsFrom(ascii ? folded : text, i, parts.length), parts)) return true;
    }
    if (ascii) return false;
  }
  return hasRun(analyzeUnits(text).flatMap((u) => u.parts), parts);
}

/** True when the article contains the phrase in its field, or in any field when the check has none. */
export function articleHasPhrase(article: ListedArticle, check: PhraseCheck): boolean {
  const fields: readonly Field[] = check.field ? [check.field] : FIELDS;
  return fields.some((f) => textHasPhrase(fieldText(article, f), check.parts));
}
