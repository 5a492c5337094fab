/**
 * A compact stand-in for word positions, which MiniSearch does not keep: per record, the folded and
 * stemmed word parts of every searchable field as 16-bit codes, fields separated by 0. A code is a 12-bit
 * hash of the stemmed part above a 4-bit tag of the form it was written in (stem.ts `formTag`), so the
 * sequence also tells whether a record holds the reader's very word or only another form of its stem
 * (rank.ts stem level); phrases and proximity compare the stem hash only. A quoted phrase
 * absent from a record's sequence is certainly absent from its text (the sequence is built exactly as
 * phrase.ts reads the text), so query.ts rejects most phrase candidates here, in microseconds, instead of
 * reading each record from SQLite (~0.08 ms) and re-analyzing it. A hash collision can only let a record
 * through, and every record that passes is still verified against its stored text: results stay exact.
 *
 * The sequences are a field of the engine they describe (engine.ts `phrases`), so every path that changes
 * the index (engine put/remove, the index file reader) keeps them in step, and an index without them (or
 * a record missing from them) simply falls back to the full check.
 */
import type { Article } from '../types.js';
import { FIELDS, fieldText, type Field } from './documents.js';
import { rawWords } from './normalize.js';
import { NAME_SUFFIXES } from './phrase.js';
import type { PhraseCheck } from './query-plan.js';
import { FORM_TAG_BITS, formTag, stem } from './stem.js';
import { surfaceParts } from './tokenize.js';

/** Separator between fields (FIELDS order) inside a sequence; part codes are never 0. */
export const FIELD_BREAK = 0;
/** Bits of a sequence entry holding the stem hash (above the form tag). */
const HASH_BITS = 16 - FORM_TAG_BITS;

/**
 * A table over every stem hash, 1 at `hashes` and at 0 (a field break): the entries a scan of a sequence
 * for those words must stop at. Most entries are other words; one lookup per entry skips them, where
 * comparing each with every query hash was most of a proximity or stem-level pass.
 */
export function stopTable(hashes: Iterable<number>): Uint8Array {
  const stops = new Uint8Array(1 << HASH_BITS);
  stops[0] = 1;
  for (const h of hashes) stops[h] = 1;
  return stops;
}

/** FNV-1a over UTF-16 code units, folded to HASH_BITS bits, never 0: what a sequence entry's stem hash is. */
export function partHash(part: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < part.length; i += 1) {
    h ^= part.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  const folded = ((h >>> HASH_BITS) ^ h) & ((1 << HASH_BITS) - 1);
  return folded === 0 ? 1 : folded;
}

/** The sequence entry of a part written as `surface` (folded, unstemmed): stem hash and form tag. */
export function partCode(surface: string, stemmed: string = stem(surface)): number {
  return (partHash(stemmed) << FORM_TAG_BITS) | formTag(surface, stemmed);
}

/** The stem hash of a sequence entry (0 for a field break). */
export function hashOf(code: number): number {
  return code >>> FORM_TAG_BITS;
}

/** The sequence entries of one raw word, one per part (tokenize.ts `unitOf` parts, in order). */
export function wordCodes(raw: string): number[] {
  return surfaceParts(raw).map((s) => partCode(s));
}

/** Word -> part codes, shared across records while building (words repeat: Zipf). */
export type WordHashes = Map<string, readonly number[]>;
/** Memo entries kept before starting afresh, so a long-lived index cannot grow it without bound. */
const MEMO_LIMIT = 500_000;

/**
 * Appends the part hashes of one field's text, exactly as the index (tokenize.ts `analyzeUnits`) and
 * phrase.ts split it: the raw text's words, each word's parts (unitOf) depending on the word alone, so
 * they are hashed once per distinct word. The words are found before folding: folding whole text first
 * turns some separators into letters (NFKC: `Kratom™` -> `kratomtm`, `37℃` -> `37°c`) and would hide
 * true phrase matches from the screen.
 */
function appendField(text: string, out: number[], memo: WordHashes): void {
  if (memo.size > MEMO_LIMIT) memo.clear();
  for (const word of rawWords(text)) {
    let hashes = memo.get(word.text);
    if (!hashes) {
      hashes = wordCodes(word.text);
      memo.set(word.text, hashes);
    }
    for (const h of hashes) out.push(h);
  }
}

/** The sequence of one record: each field's parts as phrase.ts sees them, fields separated by 0. */
export function phraseSequence(article: Article, memo: WordHashes = new Map()): Uint16Array {
  const out: number[] = [];
  FIELDS.forEach((field, i) => {
    if (i > 0) out.push(FIELD_BREAK);
    appendField(fieldText(article, field), out, memo);
  });
  return Uint16Array.from(out);
}

/**
 * False only when `check` certainly does not occur in the record the sequence was built from (in its
 * field, or any field when the check has none); true means "maybe: verify against the text".
 */
export function sequenceMayHavePhrase(seq: Uint16Array, check: PhraseCheck, hashes: readonly number[]): boolean {
  const first = hashes[0];
  if (first === undefined) return true;
  if (check.name) return mayHaveName(seq, check, hashes);
  const want = check.field === null ? -1 : FIELDS.indexOf(check.field as Field);
  // Entries carry a form tag below the stem hash, so the first word is found by comparing shifted values
  // (a native indexOf cannot ignore the tag).
  const n = seq.length - hashes.length;
  for (let i = 0; i <= n; i += 1) {
    if ((seq[i] as number) >>> FORM_TAG_BITS !== first) continue;
    let k = 1;
    while (k < hashes.length && (seq[i + k] as number) >>> FORM_TAG_BITS === hashes[k]) k += 1;
    if (k === hashes.length && (want === -1 || fieldAt(seq, i) === want)) return true;
  }
  return false;
}

/**
 * A name check (phrase.ts `authorHasName`): its words need not be adjacent, a one-letter word may stand
 * for initials the sequence holds whole, and a suffix (`Jr`) is not indexed, so this only asks that every
 * other word be somewhere in the field (the authors field; any field for a check without one).
 */
function mayHaveName(seq: Uint16Array, check: PhraseCheck, hashes: readonly number[]): boolean {
  const want = check.field === null ? -1 : FIELDS.indexOf(check.field as Field);
  let from = 0;
  let to = seq.length;
  if (want !== -1) {
    for (let f = 0; f < want; f += 1) {
      const brk = seq.indexOf(FIELD_BREAK, from);
      // Fewer fields than FIELDS: not a sequence this build wrote; "maybe" is always safe.
      if (brk === -1) return true;
      from = brk + 1;
    }
    const end = seq.indexOf(FIELD_BREAK, from);
    if (end !== -1) to = end;
  }
  return hashes.every((h, i) => {
    const part = check.parts[i] ?? '';
    if (part.length < 2 || NAME_SUFFIXES.has(part)) return true;
    for (let k = from; k < to; k += 1) if ((seq[k] as number) >>> FORM_TAG_BITS === h) return true;
    return false;
  });
}

/** Index in FIELDS of the field holding position `at` (number of field breaks before it). */
function fieldAt(seq: Uint16Array, at: number): number {
  let field = 0;
  for (let i = seq.indexOf(FIELD_BREAK); i !== -1 && i < at; i = seq.indexOf(FIELD_BREAK, i + 1)) field += 1;
  return field;
}
