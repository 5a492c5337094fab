/**
 * The one MiniSearch options object, shared by the builder and the loader (MiniSearch.loadJS needs the
 * options used at build time and does not check them: docs/pitfalls.md), plus the hash stamped into the index
 * file so that a change of fields, tokenizer, stemmer, stop words, ranking prior or synonym list is
 * detected on open and triggers a rebuild.
 */
import { createHash } from 'node:crypto';
import type { Options, SearchOptions as MiniSearchOptions } from 'minisearch';
import { FIELD_TEXT_VERSION, FIELDS, SYNONYM_FIELDS, STORED_AUTHORS, type Field, type IndexDoc } from './documents.js';
import { PRIOR_VERSION } from './prior.js';
import { STEMMER_VERSION } from './stem.js';
import { STOPWORDS, STOPWORDS_VERSION } from './stopwords.js';
import type { SynonymMatcher } from './synonyms.js';
import { indexTerms } from './tokenize.js';

/**
 * Bumped whenever tokenize.ts or normalize.ts change behaviour, or what a phrase-sequence entry holds
 * (3: a 12-bit stem hash and a 4-bit form tag instead of a 16-bit hash, phrase-index.ts).
 */
export const TOKENIZER_VERSION = 3;

/** MiniSearch field name of a searchable field (`title` -> `titleText`; `title` itself is a stored value). */
export function miniField(field: Field): `${Field}Text` {
  return `${field}Text`;
}

/** Inverse of {@link miniField}. */
export function fieldOfMini(name: string): Field | null {
  const field = name.endsWith('Text') ? name.slice(0, -4) : '';
  return (FIELDS as readonly string[]).includes(field) ? (field as Field) : null;
}

/** Relative field weights for BM25 (title and subject headings matter most; journal names least). */
export const FIELD_BOOSTS: Readonly<Record<Field, number>> = {
  title: 3, abstract: 1, authors: 2, journal: 0.5, mesh: 2, chemicals: 1.5, keywords: 1.5,
};

/**
 * What a match is worth next to a match of the reader's own (folded) word, by how it was reached. The
 * order is the contract: literal > synonym > stem > prefix > fuzzy. `stem` is a record that holds the
 * word's stem only in other forms (`analgesia` for `analgesic`, `receptors` for `receptor`; stem-level.ts).
 * Chosen on the judged set of `npm run bench:search` (docs/search.md, "How the weights were chosen"): the
 * synonym weight was tried from 0.4 to 0.8, where nDCG@10 moved by less than 0.002, and 0.6 keeps a literal
 * record of equal BM25 clearly above a synonym-only one (test/search/ranking.test.ts). The stem weight
 * was tried at 0.35, 0.4, 0.45, 0.5, 0.55 and 0.6: the stem-competing queries score 0.934 at each (0.927
 * with no stem level, weight 1), overall 0.933; 0.45 is the middle of the room the order leaves between
 * synonym and prefix. Prefix and fuzzy keep MiniSearch-like values below it (its own defaults are 0.375 /
 * 0.45) and also decay with the number of letters added or changed (score.ts).
 */
export const MATCH_WEIGHTS = { literal: 1, synonym: 0.6, stem: 0.45, prefix: 0.3, fuzzy: 0.2 } as const;

const STORE_FIELDS = [
  'pmid', 'title', 'authors', 'authorCount', 'journal', 'year', 'date', 'doi', 'publicationTypes', 'topics',
  'retracted', 'prior', 'design', 'themes',
] as const;

/** Search-time defaults: each query leaf is already one index term, so no re-tokenizing. */
export function searchDefaults(): MiniSearchOptions {
  const boost: Record<string, number> = {};
  for (const field of FIELDS) boost[miniField(field)] = FIELD_BOOSTS[field];
  return {
    boost,
    weights: { prefix: MATCH_WEIGHTS.prefix, fuzzy: MATCH_WEIGHTS.fuzzy },
    tokenize: (s: string) => [s],
    processTerm: (t: string) => t,
    boostDocument: (_id: unknown, _term: string, stored?: Record<string, unknown>) =>
      typeof stored?.['prior'] === 'number' ? stored['prior'] : 1,
  };
}

/** MiniSearch options for a given synonym list. Auto-vacuum is off: updates vacuum before persisting. */
export function indexOptions(synonyms: SynonymMatcher | null): Options<IndexDoc> {
  return {
    idField: 'pmid',
    fields: FIELDS.map(miniField),
    storeFields: [...STORE_FIELDS],
    tokenize: (text: string, fieldName?: string) => {
      const field = fieldName ? fieldOfMini(fieldName) : null;
      return indexTerms(text, field && SYNONYM_FIELDS.has(field) ? synonyms : null);
    },
    processTerm: (term: string) => term,
    autoVacuum: false,
    searchOptions: searchDefaults(),
  };
}

/** sha256 over everything that changes which terms a record produces or what is stored. */
export function optionsHash(synonyms: SynonymMatcher | null): string {
  const description = {
    fields: FIELDS, fieldText: FIELD_TEXT_VERSION, synonymFields: [...SYNONYM_FIELDS], storeFields: STORE_FIELDS, storedAuthors: STORED_AUTHORS,
    tokenizer: TOKENIZER_VERSION, stemmer: STEMMER_VERSION, stopwords: [STOPWORDS_VERSION, STOPWORDS.size],
    prior: PRIOR_VERSION, synonyms: synonyms?.hash ?? null,
  };
  return createHash('sha256').update(JSON.stringify(description)).digest('hex');
}
