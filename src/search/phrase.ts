/**
 * Phrase verification: MiniSearch keeps no positions, so a quoted phrase is first matched as "all words
 * present", screened by the record's phrase sequence (phrase-index.ts, built with this same analysis), and
 * each candidate that passes is then checked here against the text the index was built from. Pure.
 */
import type { ListedArticle } from '../types.js';
import { FIELDS, fieldText, type Field } from './documents.js';
import type { PhraseCheck } from './query-plan.js';
import { foldText } from './normalize.js';
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

/**
 * True when the article contains the phrase in its field, or in any field when the check has none. An
 * author's name ({@link PhraseCheck.name}) is a person named in one of the forms {@link authorHasName}
 * reads, or a group author whose name holds the phrase.
 */
export function articleHasPhrase(article: ListedArticle, check: PhraseCheck): boolean {
  if (check.name) return article.authors.some((a) => (a.collectiveName ? textHasPhrase(a.collectiveName, check.parts) : authorHasName(a, check.parts)));
  const fields: readonly Field[] = check.field ? [check.field] : FIELDS;
  return fields.some((f) => textHasPhrase(fieldText(article, f), check.parts));
}

const partsOf = (text: string | null): string[] => (text ? analyzeUnits(text).flatMap((u) => u.parts) : []);
const LETTERS = /^\p{L}+$/u;

/**
 * Initials folded as the index folds words (`TJ`, `T.-J.` -> `tj`, `Ö` -> `o`, `Ł` -> `l`), so they compare
 * with a query's folded words; empty for none.
 */
function foldInitials(initials: string | null): string {
  return initials ? foldText(initials).replace(/[^\p{L}]/gu, '') : '';
}

/** An author's folded initials; a forename's first letters when the record has none. */
function initialsOf(a: ListedArticle['authors'][number], fore: readonly string[]): string {
  return foldInitials(a.initials) || fore.map((f) => f.charAt(0)).join('');
}

/**
 * Whether folded+stemmed `parts` name this author as readers (and PubMed's `[au]`) write a name: the last
 * name first or last, the other words forenames or initials that, in order, begin the author's initials
 * (a forename counting as its first letter). `Hargreaves T`, `Hargreaves TJ`, `Hargreaves Thomas`, `Thomas Hargreaves` and
 * `Thomas J Hargreaves` all name Hargreaves TJ (Thomas J); `Hargreaves J` does not (J is not the first
 * initial), nor `Thomas J` (a Thomas). The words need not be adjacent in the indexed text ("Last Initials
 * Fore"), which is why a name is not a plain phrase. False for a group author (matched as text).
 */
export function authorHasName(a: ListedArticle['authors'][number], parts: readonly string[]): boolean {
  if (a.collectiveName) return false;
  const last = partsOf(a.lastName);
  if (last.length === 0 || parts.length < last.length) return false;
  const fore = partsOf(a.foreName);
  const initials = initialsOf(a, fore);
  // The other words, in order, spell the start of the initials: a forename by its first letter, any other
  // word (`T`, `TJ`) letter for letter.
  const given = (rest: readonly string[]): boolean =>
    rest.every((r) => LETTERS.test(r)) && initials.startsWith(rest.map((r) => (r.length > 1 && fore.includes(r) ? r.charAt(0) : r)).join(''));
  const head = last.every((p, i) => parts[i] === p);
  const tail = last.every((p, i) => parts[parts.length - last.length + i] === p);
  return (head && given(parts.slice(last.length))) || (tail && given(parts.slice(0, parts.length - last.length)));
}

/**
 * False only when a record certainly names no author `parts` names ({@link articleHasPhrase} of a name
 * check), told from its stored first authors (`Hargreaves TJ`, documents.ts `authorName`) without reading
 * the record: what keeps result totals and facet counts, which never read records, to the authors asked
 * for. True ("maybe") for a record with more authors than are stored, a stored name holding the words as
 * text (a group's), or a stored name without initials that is the last name the words begin or end with (a
 * person whose record may spell the initials from forenames). A word that could be a forename counts either
 * as its first letter or letter for letter, since the stored name has no forenames.
 */
export function storedMayHaveName(authors: readonly string[], authorCount: number, parts: readonly string[]): boolean {
  if (authorCount > authors.length) return true;
  return authors.some((name) => {
    // A group's name matched as text ("Kratom Study Group UK" ends like a person's initials, so the two
    // cannot be told apart here): this may let through a person whose last name holds the words
    // (`Smith L` for O'Brien-Smith L), which the list, reading the record, leaves out.
    if (textHasPhrase(name, parts)) return true;
    const words = name.split(' ');
    const initials = words.length > 1 ? (words.at(-1) as string) : '';
    // A person's stored name ends in upper-case initials; any other is a group's (read as text above), or
    // a person's without initials, whose record may spell them from forenames: maybe, when the name is the
    // last name the words begin or end with.
    const person = /^\p{Lu}+$/u.test(initials);
    const last = partsOf(person ? words.slice(0, -1).join(' ') : name);
    const folded = person ? foldInitials(initials) : null;
    const spells = (rest: readonly string[], at: number): boolean => {
      const r = rest[0];
      if (r === undefined) return true;
      if (!LETTERS.test(r)) return false;
      if (folded === null) return true;
      const next = rest.slice(1);
      return (folded.startsWith(r, at) && spells(next, at + r.length)) || (r.length > 1 && folded.startsWith(r.charAt(0), at) && spells(next, at + 1));
    };
    if (last.length === 0 || parts.length < last.length) return false;
    const head = last.every((p, i) => parts[i] === p);
    const tail = last.every((p, i) => parts[parts.length - last.length + i] === p);
    return (head && spells(parts.slice(last.length), 0)) || (tail && spells(parts.slice(0, parts.length - last.length), 0));
  });
}
