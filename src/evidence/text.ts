/**
 * The text of a record as the classifier reads it: lower-cased, dashes and spaces folded, so one pattern
 * matches `LC–MS/MS`, `LC-MS/MS` and `lc‑ms/ms`. Pure.
 */
import type { Article } from '../types.js';

/** The fields the rules look at, prepared once per record. */
export interface RecordText {
  title: string;
  abstract: string;
  keywords: string[];
  /** MeSH descriptor names as written (`Rats, Sprague-Dawley`). */
  mesh: string[];
  publicationTypes: string[];
  chemicals: string[];
  isBook: boolean;
}

/** Lower-cases and folds Unicode dashes and runs of white space. */
export function fold(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Prepares a record for the rules. */
export function recordText(a: Article): RecordText {
  return {
    title: fold(a.title),
    abstract: fold(a.abstract ?? ''),
    keywords: a.keywords.map(fold),
    mesh: a.mesh.map((m) => m.descriptor),
    publicationTypes: a.publicationTypes,
    chemicals: a.chemicals.map((c) => fold(c.name)),
    isBook: a.isBook,
  };
}

/** The first match of `re` in `text`, cut to at most 60 characters, or null. */
export function firstMatch(re: RegExp, text: string): string | null {
  const m = re.exec(text);
  if (!m) return null;
  return m[0].length > 60 ? `${m[0].slice(0, 57)}...` : m[0];
}

/** A cue naming where a phrase was found: `title: "case report"`. */
export function phraseCue(where: 'title' | 'abstract' | 'keyword', phrase: string): string {
  return `${where}: "${phrase}"`;
}
