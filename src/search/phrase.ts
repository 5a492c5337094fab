/**
 * Phrase verification: MiniSearch keeps no positions, so a quoted phrase is first matched as "all words
 * present", screened by the record's phrase sequence (phrase-index.ts, built with this same analysis), and
 * each candidate that passes is then checked here against the text the index was built from. Pure.
 */
import type { ListedArticle } from '../types.js';
import type { NameMatch } from './types.js';
import { authorName } from '../pubmed/author-name.js';
import { FIELDS, fieldText, type Field } from './documents.js';
import type { PhraseCheck } from './query-plan.js';
import { foldText, rawWords } from './normalize.js';
import { analyzeUnits, surfaceParts } from './tokenize.js';

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
  const name = check.name;
  if (name) return article.authors.some((a) => namesAuthor(a, name));
  const fields: readonly Field[] = check.field ? [check.field] : FIELDS;
  return fields.some((f) => textHasPhrase(fieldText(article, f), check.parts));
}

/** Whether folded name `words` name this author: a person as {@link authorHasName} reads one, a group whose name holds the words in order. */
function namesAuthor(a: ListedArticle['authors'][number], words: readonly string[]): boolean {
  return a.collectiveName ? hasRun(nameWords(a.collectiveName), words) : authorHasName(a, words);
}

/**
 * For `explain`: each author name of the plan's phrase checks (`author:"Hargreaves T"`, once however often
 * it is asked) that names authors of `article`, with those authors as shown (`Hargreaves TJ`). Names that
 * named no author (one side of an OR) are left out.
 */
export function namesMatched(article: ListedArticle, checks: readonly PhraseCheck[]): NameMatch[] {
  const out = new Map<string, string[]>();
  for (const check of checks) {
    const words = check.name;
    if (!words || words.length === 0 || out.has(check.nameText ?? '')) continue;
    const authors = article.authors.filter((a) => namesAuthor(a, words)).map(authorName).filter((n): n is string => n !== null);
    if (authors.length > 0) out.set(check.nameText ?? words.join(' '), authors);
  }
  return [...out].map(([name, authors]) => ({ name, authors }));
}

/**
 * The folded words of a name part, not stemmed (`O'Brien-Smith` -> `o`, `brien`, `smith`): a name is
 * compared as spelt, Peters is not Peter.
 */
export function nameWords(text: string | null): string[] {
  return text ? rawWords(text).flatMap((w) => surfaceParts(w.text)) : [];
}

const LETTERS = /^\p{L}+$/u;

/**
 * Initials folded as the index folds words (`TJ`, `T.-J.` -> `tj`, `Ö` -> `o`, `Ł` -> `l`), so they compare
 * with a query's folded words; empty for none.
 */
function foldInitials(initials: string | null): string {
  return initials ? foldText(initials).replace(/[^\p{L}]/gu, '') : '';
}

/** The last name at the start or at the end of `words`, and the words left around it (none when it is at neither). */
function aroundLastName(last: readonly string[], words: readonly string[]): Array<readonly string[]> {
  if (last.length === 0 || words.length < last.length) return [];
  const out: Array<readonly string[]> = [];
  if (last.every((p, i) => words[i] === p)) out.push(words.slice(last.length));
  if (last.every((p, i) => words[words.length - last.length + i] === p)) out.push(words.slice(0, words.length - last.length));
  return out;
}

/**
 * Whether folded `words` (unstemmed: {@link nameWords} of what the reader typed) name this author as readers
 * type a name into PubMed: the last name first or last, the other words forenames or initials that, in
 * order, begin the author's initials, and the author's suffix (`Jr`) anywhere among them. A forename the
 * record spells counts as its first letter; another word counts letter for letter (`T`, `TJ`). `Hargreaves T`, `Hargreaves TJ`,
 * `Hargreaves Thomas`, `Thomas Hargreaves` and `Thomas J Hargreaves` all name Hargreaves TJ (Thomas J);
 * `Hargreaves J` does not (J is not the first initial), nor `Tom Hargreaves`, nor `Thomas J` (a Thomas), nor
 * `Peters A` Peter A. The words need not be adjacent in the indexed text ("Last Initials Fore"), which is
 * why a name is not a plain phrase. False for a group author (matched as text).
 */
export function authorHasName(a: ListedArticle['authors'][number], words: readonly string[]): boolean {
  if (a.collectiveName) return false;
  const fore = nameWords(a.foreName);
  const initials = foldInitials(a.initials) || fore.map((f) => f.charAt(0)).join('');
  const suffix = new Set(nameWords(a.suffix));
  const letters = (w: string): string => (w.length > 1 && fore.includes(w) ? w.charAt(0) : w);
  const named = words.filter((w) => !suffix.has(w));
  return aroundLastName(nameWords(a.lastName), named).some((given) => given.every((w) => LETTERS.test(w)) && initials.startsWith(given.map(letters).join('')));
}

/**
 * Name suffixes as PubMed writes them (`Jr`, `3rd`): the index and the stored names leave them out, so a
 * name's plan does not require one (query-plan.ts) and a screen cannot rule a name out for one.
 */
export const NAME_SUFFIXES: ReadonlySet<string> = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'v', '2nd', '3rd']);

/**
 * False only when a record certainly names no author `words` name ({@link articleHasPhrase} of a name
 * check), told from its stored first authors (`Hargreaves TJ`, documents.ts `storedAuthorName`) without reading
 * the record: what keeps result totals and facet counts, which never read records, to the authors asked
 * for. True ("maybe") for a record with more authors than are stored, a stored name holding the words as
 * text (a group's), or a stored name without initials that is the last name the words begin or end with (a
 * person whose record may spell the initials from forenames). A word that could be a forename counts either
 * as its first letter or letter for letter, since the stored name has no forenames; a suffix may be left out.
 */
export function storedMayHaveName(authors: readonly string[], authorCount: number, words: readonly string[]): boolean {
  if (authorCount > authors.length) return true;
  // Suffixes anywhere (the stored name has none to tell).
  const named = words.filter((w) => !NAME_SUFFIXES.has(w));
  return authors.some((name) => {
    // A group's name holding the words ("Kratom Study Group UK" ends like a person's initials, so the two
    // cannot be told apart here): this may let through a person whose last name holds them (`Smith L`
    // for O'Brien-Smith L), which the list, reading the record, leaves out.
    if (hasRun(nameWords(name), words)) return true;
    const split = name.split(' ');
    const tail = split.length > 1 ? (split.at(-1) as string) : '';
    // A person's stored name ends in upper-case initials; any other is a group's (read as text above), or
    // a person's without initials, whose record may spell them from forenames: maybe, when the name is the
    // last name the words begin or end with.
    const person = /^\p{Lu}+$/u.test(tail);
    const folded = person ? foldInitials(tail) : null;
    const spells = (rest: readonly string[], at: number): boolean => {
      const r = rest[0];
      if (r === undefined) return true;
      if (!LETTERS.test(r)) return false;
      if (folded === null) return true;
      const next = rest.slice(1);
      return (folded.startsWith(r, at) && spells(next, at + r.length)) || (r.length > 1 && folded.startsWith(r.charAt(0), at) && spells(next, at + 1));
    };
    return aroundLastName(nameWords(person ? split.slice(0, -1).join(' ') : name), named).some((rest) => spells(rest, 0));
  });
}
