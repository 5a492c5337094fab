/**
 * The benchmark's query mix (plain, AND, phrase, prefix, fuzzy, field, domain vocabulary) drawn
 * deterministically from the synthetic library, and the translation of kratomlit query text into an
 * FTS5 MATCH expression so both engines answer the same questions.
 */
import type { Article } from '../src/types.js';
import { rng } from './search-corpus.js';

export type QueryKind = 'plain' | 'and' | 'phrase' | 'prefix' | 'fuzzy' | 'field' | 'domain';
export interface BenchQuery {
  kind: QueryKind;
  q: string;
}

const DOMAIN_QUERIES = [
  'kratom withdrawal', '7-OH', 'mu-opioid receptor', 'mitragynine pharmacokinetics', 'ketum', 'opioid use disorder',
  'hepatotoxicity', '"respiratory depression"', 'CYP3A4 mitragynine', 'analgesia', 'COVID-19 kratom', 'β-arrestin',
];

function words(text: string): string[] {
  return text.toLowerCase().split(/[^a-z]+/).filter((w) => w.length >= 4);
}

function misspell(word: string, random: () => number): string {
  const i = 1 + Math.floor(random() * (word.length - 2));
  return word.slice(0, i) + word.slice(i + 1);
}

/**
 * `perKind` queries of each kind, drawn from the titles and abstracts of `sample`. Records whose abstract
 * has fewer than two words of 4+ letters are skipped (real records without an abstract made it fail).
 */
export function makeQueries(sample: readonly Article[], perKind: number, seed = 7): BenchQuery[] {
  const random = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const usable = sample.filter((a) => words(a.abstract ?? '').length >= 2);
  const out: BenchQuery[] = [];
  for (let i = 0; i < perKind; i += 1) {
    const a = pick(usable);
    const ws = words(a.abstract ?? '');
    const long = ws.filter((w) => w.length >= 7);
    const at = Math.floor(random() * Math.max(1, ws.length - 1));
    out.push({ kind: 'plain', q: pick(ws) });
    out.push({ kind: 'and', q: `${pick(ws)} ${pick(ws)}` });
    out.push({ kind: 'phrase', q: `"${ws[at]} ${ws[at + 1] ?? ws[0]}"` });
    out.push({ kind: 'prefix', q: `${pick(long.length ? long : ws).slice(0, 5)}*` });
    out.push({ kind: 'fuzzy', q: misspell(pick(long.length ? long : ws), random) });
    out.push({ kind: 'field', q: `title:${pick(words(a.title).length ? words(a.title) : ws)}` });
    out.push({ kind: 'domain', q: pick(DOMAIN_QUERIES) });
  }
  return out;
}

const FTS_COLUMNS: Record<string, string> = {
  title: 'title', abstract: 'abstract', author: 'authors', journal: 'journal', mesh: 'mesh', chemical: 'chemicals', keyword: 'keywords',
};

/** FTS5 string literal of a word or phrase: quoted, quotes doubled, punctuation left to the tokenizer. */
function lit(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * kratomlit query text -> FTS5 MATCH. Words stay ANDed, `"phrases"` stay phrases, `word*` becomes a
 * prefix, `OR` stays, `-word` becomes `NOT`, known field prefixes become column filters; filters FTS5
 * cannot express (year:, type:, topic:, retracted:, pmid:) are dropped. Returns null for nothing left.
 */
export function toFtsQuery(q: string): string | null {
  const parts: string[] = [];
  const negated: string[] = [];
  for (const m of q.matchAll(/(-?)(?:([a-z]+):)?("([^"]*)"?|\S+)/gi)) {
    const [, minus, field, raw, quoted] = m;
    if (field && !FTS_COLUMNS[field.toLowerCase()]) continue;
    if (!field && raw === 'OR') {
      parts.push('OR');
      continue;
    }
    if (raw === 'AND' || raw === 'NOT') continue;
    const isPrefix = quoted === undefined && raw?.endsWith('*');
    const text = quoted ?? raw?.replace(/\*+$/, '') ?? '';
    if (!/[\p{L}\p{N}]/u.test(text)) continue;
    const column = field ? `${FTS_COLUMNS[field.toLowerCase()]} : ` : '';
    const term = `${column}${lit(text)}${isPrefix ? ' *' : ''}`.replace('" *', '"*');
    (minus ? negated : parts).push(term);
  }
  while (parts[0] === 'OR') parts.shift();
  while (parts.at(-1) === 'OR') parts.pop();
  if (parts.length === 0) return null;
  const positive = parts.join(' ');
  return negated.length ? `(${positive}) NOT (${negated.join(' OR ')})` : positive;
}
