/**
 * A small English suffix stripper. It only has to make the forms a pharmacologist types meet the forms
 * abstracts use (`withdrawals` -> `withdrawal`, `analgesic`/`analgesia` -> `analges`, `inhibition`/
 * `inhibitor`/`inhibited`/`inhibits` -> `inhibit`, `studies` -> `study`); it never has to produce
 * dictionary words, because the same function runs at index and query time. Full Porter conflates more
 * and mangles drug and gene names, so it is not used; `-or` is left alone (`factor` is not `fact`). Pure.
 */

/** Bumped whenever the rules below change: part of the index options hash, so old indexes are rebuilt. */
export const STEMMER_VERSION = 3;

/** Shortest stem a rule may leave; below it the word is kept whole (`toxic` stays `toxic`). */
const MIN_STEM = 4;

function strip(word: string, suffix: string, replacement = '', min = MIN_STEM): string | null {
  if (!word.endsWith(suffix) || word.length - suffix.length < min) return null;
  return word.slice(0, -suffix.length) + replacement;
}

function stripPlural(word: string): string {
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('s') && !/(?:ss|us|is)$/.test(word) && word.length > MIN_STEM) return word.slice(0, -1);
  return word;
}

/** `-ing`, `-ed`: inhibiting/inhibited -> inhibit, treated -> treat (stem of 4+ letters with a vowel). */
function stripVerb(word: string): string {
  const s = strip(word, 'ing') ?? strip(word, 'ed');
  return s !== null && /[aeiouy]/.test(s) ? s : word;
}

/**
 * `-ion` after t/s, `-itor`, `-ory`: inhibition/inhibitor/inhibitory -> inhibit, depression -> depress;
 * `-ence`/`-ency` -> `-ent`, `-ance`/`-ancy` -> `-ant`: potency/potent, dependence/dependent.
 */
function stripNoun(word: string): string {
  if (/[ts]ion$/.test(word)) return strip(word, 'ion', '', 5) ?? word;
  const nt = strip(word, 'ency', 'ent', 3) ?? strip(word, 'ence', 'ent', 3) ?? strip(word, 'ancy', 'ant', 3) ?? strip(word, 'ance', 'ant', 3);
  if (nt !== null) return nt;
  return strip(word, 'itor', 'it') ?? strip(word, 'itory', 'it') ?? strip(word, 'atory', 'at', 5) ?? word;
}

/** `-ical`, `-ic`, `-ia`: adjective/noun pairs such as analgesic/analgesia, hypoxic/hypoxia, clinic/clinical. */
function stripAdjective(word: string): string {
  return strip(word, 'ical') ?? strip(word, 'ic') ?? strip(word, 'ia') ?? word;
}

/**
 * Stem of one folded word part. Only purely alphabetic parts of more than 3 letters are touched, so
 * numbers, codes (`5-ht2a`, `cyp3a4`) and short abbreviations (`mor`, `oud`) are returned unchanged.
 * A final `e` is dropped from longer words so `increase`/`increased` and `mitragynine`/`Mitragynin`
 * (German spelling) meet.
 */
export function stem(part: string): string {
  if (part.length <= 3 || !/^[a-z]+$/.test(part)) return part;
  const s = stripAdjective(stripNoun(stripVerb(stripPlural(part))));
  return s.length >= 6 && s.endsWith('e') ? s.slice(0, -1) : s;
}

/**
 * Endings that tell the forms of one stem apart, by what follows the letters a form shares with its stem
 * (`analgesia` -> `ia`, `analgesics` -> `ics`, `mitragynine` -> `e`, `studies` -> `ies`). A form equal to its
 * stem is tag 0; these are tags 1-14; every other ending shares tag 15.
 */
const FORM_ENDINGS = ['s', 'e', 'es', 'ed', 'ing', 'ion', 'ions', 'ic', 'ics', 'ia', 'ical', 'ies', 'or', 'ors'] as const;
/** Tags fit in FORM_TAG_BITS bits of a phrase-sequence entry (phrase-index.ts). */
export const FORM_TAG_BITS = 4;
const OTHER_ENDING = (1 << FORM_TAG_BITS) - 1;

/**
 * Which form of `stemmed` the folded word `surface` is, in FORM_TAG_BITS bits: 0 when the word is its own
 * stem. Two forms of one stem get different tags unless both have an ending outside FORM_ENDINGS, so a
 * record's phrase sequence can say whether it holds the very word a reader typed or only another form.
 */
export function formTag(surface: string, stemmed: string): number {
  if (surface === stemmed) return 0;
  let k = 0;
  while (k < surface.length && k < stemmed.length && surface.charCodeAt(k) === stemmed.charCodeAt(k)) k += 1;
  const at = (FORM_ENDINGS as readonly string[]).indexOf(surface.slice(k));
  return at === -1 ? OTHER_ENDING : at + 1;
}
