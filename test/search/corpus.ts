/**
 * Seeded random corpora for the search property tests: records assembled from a small vocabulary that
 * exercises what the analyzer folds (hyphenated chemical names, μ/µ and Unicode dashes, soft hyphens,
 * symbols such as ™ and ℃ that NFKC turns into letters, synonym phrases of data/synonyms.json), plus an
 * independent phrase oracle. Only the project's tokenizer (`analyzeUnits`) is shared with the code under
 * test; adjacency is checked here by plain loops.
 */
import { FIELDS, fieldText, type Field } from '../../src/search/documents.js';
import { rawWords } from '../../src/search/normalize.js';
import { analyzeUnits } from '../../src/search/tokenize.js';
import type { Article } from '../../src/types.js';
import { seededRandom } from '../support/random.js';
import { makeArticle } from './helpers.js';

/** Words and short runs of words; picked with replacement, so phrases recur across records. */
export const VOCABULARY = [
  'kratom', 'Kratom', 'ketum', 'Mitragyna speciosa', 'biak-biak', 'krathom', 'thang', 'mitragynine', 'Mitragynine',
  '7-hydroxymitragynine', '7‐hydroxymitragynine', 'hydroxy\u00ADmitragynine', '7-OH', '7-OH-MG', '7 OH',
  'mu-opioid', 'μ-opioid', 'µ‐opioid', 'mu opioid', 'receptor', 'receptors', 'MOR', 'opioid', 'binding',
  'agonist', 'partial', 'analgesia', 'antinociception', 'withdrawal', 'withdrawals', 'dependence', 'OUD',
  'opioid use disorder', 'extract', 'Kratom™', 'tea', 'leaves', 'plasma', 'liver', 'injury', 'seizures', 'mice',
  'rats', 'dose', '37℃', 'at 37', 'users', 'studies', 'study', 'potency', 'potent', 'COVID-19', 'COVID-19-related',
  '5-HT2A', '9-methoxy-corynantheidine', 'Müller', 'use', 'of', 'the', 'in', 'and', 'was', 'a',
] as const;

/** Separators between words; one is a long run that no 40-characters-per-word window spans. */
const SEPARATORS = [' ', ' ', ' ', ' ', ', ', '; ', ' (', ') ', '. ', ' – ', ` ${'.'.repeat(130)} `];

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)] as T;
}

function sentence(rnd: () => number, words: number): string {
  let out = pick(rnd, VOCABULARY) as string;
  for (let i = 1; i < words; i += 1) out += pick(rnd, SEPARATORS) + pick(rnd, VOCABULARY);
  return out;
}

/** `n` records (PMIDs from `firstPmid`) with random titles, abstracts, keywords and chemicals. */
export function randomCorpus(seed: number, n: number, firstPmid = 1000): Article[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => makeArticle(String(firstPmid + i), {
    title: sentence(rnd, 3 + Math.floor(rnd() * 6)),
    abstract: sentence(rnd, 10 + Math.floor(rnd() * 40)),
    keywords: Array.from({ length: Math.floor(rnd() * 3) }, () => sentence(rnd, 1 + Math.floor(rnd() * 2))),
    chemicals: Array.from({ length: Math.floor(rnd() * 2) }, () => ({ name: sentence(rnd, 1 + Math.floor(rnd() * 2)), registryNumber: null, ui: null })),
    pubDate: { year: 1995 + Math.floor(rnd() * 30), month: 1, day: 1, season: null, raw: '' },
    publicationTypes: rnd() < 0.1 ? ['Journal Article', 'Review'] : ['Journal Article'],
  }));
}

/** A phrase of 2-4 consecutive raw words of a random record's title, abstract or keywords (as a user would copy it). */
export function randomPhrase(rnd: () => number, corpus: readonly Article[]): { text: string; field: Field } {
  for (;;) {
    const article = pick(rnd, corpus);
    const field = pick(rnd, ['title', 'abstract', 'abstract', 'keywords'] as const);
    const words = rawWords(fieldText(article, field));
    const length = 2 + Math.floor(rnd() * 3);
    if (words.length < length) continue;
    const start = Math.floor(rnd() * (words.length - length + 1));
    return { text: words.slice(start, start + length).map((w) => w.text).join(' '), field };
  }
}

/** Folded, stemmed parts of `text` in order (the project's tokenizer). */
export function tokenStream(text: string): string[] {
  return analyzeUnits(text).flatMap((u) => u.parts);
}

/** True when `parts` occur adjacent and in order in `stream`: the oracle, by plain nested loops. */
export function adjacent(stream: readonly string[], parts: readonly string[]): boolean {
  for (let i = 0; i + parts.length <= stream.length; i += 1) {
    let k = 0;
    while (k < parts.length && stream[i + k] === parts[k]) k += 1;
    if (k === parts.length) return true;
  }
  return false;
}

const streams = new WeakMap<Article, Map<Field, string[]>>();

/** The token stream of each field of a record, computed once per record object. */
function streamsOf(article: Article): Map<Field, string[]> {
  let s = streams.get(article);
  if (!s) streams.set(article, (s = new Map(FIELDS.map((f) => [f, tokenStream(fieldText(article, f))]))));
  return s;
}

/** PMIDs of the records whose `field` (any field when null) holds the phrase. */
export function oracleMatches(corpus: readonly Article[], phrase: string, field: Field | null): string[] {
  const parts = tokenStream(phrase);
  const fields: readonly Field[] = field ? [field] : FIELDS;
  return corpus.filter((a) => fields.some((f) => adjacent(streamsOf(a).get(f) ?? [], parts))).map((a) => a.pmid);
}
