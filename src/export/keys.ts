/**
 * BibTeX citation keys: `<FirstAuthorFamily><Year><firstsignificanttitleword>`, ASCII only
 * (`Kruegel2016mitragynine`, `Muller2020kratom`). Pure and deterministic.
 *
 * Keys are unique within one export. Records whose base keys collide are ordered by PMID
 * (numerically, then by position in the input) and the first keeps the bare key; the others get
 * `a`, `b`, ... `z`, `aa`, ... so a record's key depends only on which colliding records are in the
 * same export, never on the order the caller passed them in.
 */
import type { Article } from '../types.js';
import { exportNames, workTitle } from './fields.js';

/** Letters that Unicode decomposition does not reduce to ASCII. */
const FOLD: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', Æ: 'AE', ø: 'o', Ø: 'O', œ: 'oe', Œ: 'OE', đ: 'd', Đ: 'D', ð: 'd', Ð: 'D',
  ł: 'l', Ł: 'L', þ: 'th', Þ: 'Th', ı: 'i', ħ: 'h', Ħ: 'H',
};

const STOP_WORDS = new Set([
  'a', 'an', 'the', 'of', 'on', 'in', 'for', 'and', 'or', 'to', 'with', 'from', 'by', 'at', 'as', 'is',
  'are', 'its', 'via', 'into', 'than', 'vs', 'versus', 'do', 'does', 'what', 'how', 'why', 'when',
]);

/** ASCII letters and digits only: accents removed (`Müller` -> `Muller`), other characters dropped. */
export function asciiFold(text: string): string {
  return text
    .replace(/[^\u0000-\u007f]/g, (ch) => FOLD[ch] ?? ch)
    .normalize('NFD')
    .replace(/[^A-Za-z0-9]/g, '');
}

function authorPart(article: Article): string {
  const first = exportNames(article)[0];
  if (first === undefined) return 'Anonymous';
  // Group authors contribute their first significant word (`Kratom Research Consortium` -> `Kratom`).
  const source = first.kind === 'person' ? first.family : firstSignificantWord(first.literal);
  const folded = asciiFold(source ?? '');
  return folded === '' ? 'Anonymous' : folded;
}

function firstSignificantWord(text: string): string | null {
  for (const word of text.split(/\s+/)) {
    const folded = asciiFold(word);
    // Pure numbers (`5`, `2019`) say nothing about the paper; `7-hydroxymitragynine` keeps its digit.
    if (folded === '' || /^\d+$/.test(folded) || STOP_WORDS.has(folded.toLowerCase())) continue;
    return folded;
  }
  return null;
}

/** Key before collision handling; year `nd` when unknown, title word `untitled` when none. */
export function baseKey(article: Article): string {
  const year = article.pubDate.year === null ? 'nd' : String(article.pubDate.year);
  const word = (firstSignificantWord(workTitle(article)) ?? 'untitled').toLowerCase();
  return `${authorPart(article)}${year}${word}`;
}

/** `0` -> `a`, `25` -> `z`, `26` -> `aa` (bijective base 26). */
function suffix(n: number): string {
  let out = '';
  for (let i = n + 1; i > 0; i = Math.floor((i - 1) / 26)) out = String.fromCharCode(97 + ((i - 1) % 26)) + out;
  return out;
}

function byPmid(a: { pmid: string; index: number }, b: { pmid: string; index: number }): number {
  const na = Number(a.pmid);
  const nb = Number(b.pmid);
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  if (a.pmid !== b.pmid) return a.pmid < b.pmid ? -1 : 1;
  return a.index - b.index;
}

/** Unique keys, one per article, in input order. */
export function assignKeys(articles: readonly Article[]): string[] {
  const groups = new Map<string, Array<{ pmid: string; index: number }>>();
  articles.forEach((article, index) => {
    const key = baseKey(article);
    const group = groups.get(key) ?? [];
    group.push({ pmid: article.pmid, index });
    groups.set(key, group);
  });
  const keys: string[] = new Array<string>(articles.length);
  const taken = new Set(groups.keys());
  for (const [key, members] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    members.sort(byPmid);
    let next = 0;
    members.forEach((member, position) => {
      if (position === 0) {
        keys[member.index] = key;
        return;
      }
      // Skip suffixes that would land on another record's base key (`Smith2020kratom` + `a`).
      while (taken.has(key + suffix(next))) next += 1;
      taken.add(key + suffix(next));
      keys[member.index] = key + suffix(next);
      next += 1;
    });
  }
  return keys;
}
