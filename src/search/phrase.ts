/**
 * Phrase verification: MiniSearch keeps no positions, so a quoted phrase is first matched as "all words
 * present", screened by the record's phrase sequence (phrase-index.ts, built with this same analysis), and
 * each candidate that passes is then checked here against the text the index was built from. Pure.
 */
import type { Article } from '../types.js';
import { FIELDS, fieldText, type Field } from './documents.js';
import type { PhraseCheck } from './query-plan.js';
import { foldText } from './normalize.js';
import { analyzeUnits } from './tokenize.js';

function startsWithPhrase(seq: readonly string[], parts: readonly string[], from: number): boolean {
  for (let k = 0; k < parts.length; k += 1) if (seq[from + k] !== parts[k]) return false;
  return true;
}

/** True when `parts` occur adjacent and in order in the parts of `text` (hyphens count as spaces). */
export function textHasPhrase(text: string, parts: readonly string[]): boolean {
  const first = parts[0];
  if (first === undefined) return true;
  // Fast path: analyze only short windows starting where the first word's stem occurs in the folded text.
  // Stems only strip or shorten suffixes, so the stem minus its last letter is a prefix of every form.
  const folded = foldText(text);
  const key = first.slice(0, Math.max(1, first.length - 1));
  const span = 40 * parts.length + 40;
  for (let i = folded.indexOf(key); i !== -1; i = folded.indexOf(key, i + 1)) {
    if (i > 0 && /[\p{L}\p{N}]/u.test(folded.charAt(i - 1))) continue;
    const seq = analyzeUnits(folded.slice(i, i + span)).flatMap((u) => u.parts);
    if (startsWithPhrase(seq, parts, 0)) return true;
  }
  return false;
}

/** True when the article contains the phrase in its field, or in any field when the check has none. */
export function articleHasPhrase(article: Article, check: PhraseCheck): boolean {
  const fields: readonly Field[] = check.field ? [check.field] : FIELDS;
  return fields.some((f) => textHasPhrase(fieldText(article, f), check.parts));
}
