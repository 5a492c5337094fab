/**
 * The text of a record as the classifier reads it: lower-cased, dashes and spaces folded, so one pattern
 * matches `LC–MS/MS`, `LC-MS/MS` and `lc‑ms/ms`. Pure.
 */
import type { ListedArticle } from '../types.js';

/** The fields the rules look at, prepared once per record. */
export interface RecordText {
  title: string;
  abstract: string;
  /**
   * The abstract without its background: the BACKGROUND/INTRODUCTION section of a structured abstract,
   * else the first sentence of one with three or more. What a paper is about is said in its methods,
   * results and conclusions; the background names everything nearby ("kratom is used for pain...").
   */
  findings: string;
  keywords: string[];
  /** MeSH descriptor names as written (`Rats, Sprague-Dawley`). */
  mesh: string[];
  publicationTypes: string[];
  chemicals: string[];
  isBook: boolean;
}

/** White space other than one space at a time: where `\s+` -> ' ' changes something. */
const UNFOLDED_SPACE = /[^\S ]| {2}/;

/** Lower-cases and folds Unicode dashes and runs of white space. */
export function fold(s: string): string {
  const lower = s.toLowerCase().replace(/[\u2010-\u2015\u2212]/g, '-');
  // Most text has single spaces only, which the replace would rewrite into an equal copy (one match per word).
  return (UNFOLDED_SPACE.test(lower) ? lower.replace(/\s+/g, ' ') : lower).trim();
}

const BACKGROUND_SECTION = /^(?:BACKGROUND|INTRODUCTION|CONTEXT|RATIONALE|AIMS?)\s*:\s[\s\S]*?(?=\b[A-Z][A-Z ]{2,}:\s)/;
const SENTENCE_END = /[.!?]\s+(?=[A-Z0-9"(])/g;

/** `abstract` minus its background (see `RecordText.findings`). */
export function withoutBackground(abstract: string): string {
  const structured = BACKGROUND_SECTION.exec(abstract);
  if (structured) return abstract.slice(structured[0].length);
  // Only the first two sentence ends matter: is there a second, and where does the first end.
  SENTENCE_END.lastIndex = 0;
  const first = SENTENCE_END.exec(abstract);
  const second = first === null ? null : SENTENCE_END.exec(abstract);
  SENTENCE_END.lastIndex = 0;
  return first !== null && second !== null ? abstract.slice(first.index + first[0].length) : abstract;
}

/** Prepares a record for the rules. */
export function recordText(a: ListedArticle): RecordText {
  return {
    title: fold(a.title),
    abstract: fold(a.abstract ?? ''),
    findings: fold(withoutBackground(a.abstract ?? '')),
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
