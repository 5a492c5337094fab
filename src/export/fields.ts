/**
 * Shared readings of an `Article` for every export format, so RIS, BibTeX, CSL-JSON and CSV agree on
 * what the record is (article, chapter or book), who wrote it, its titles, keywords and retraction
 * note. Pure.
 */
import { classifyByRules } from '../evidence/classify.js';
import type { Evidence } from '../evidence/types.js';
import type { Article, Author, CommentCorrection } from '../types.js';

/** What an exported record is. PubMed books are whole books or chapters/sections of one. */
export type RecordKind = 'article' | 'chapter' | 'book';

/** A person split into parts, or a group author kept whole (CSL `literal`). */
export type ExportName =
  | { kind: 'person'; family: string; given: string | null; suffix: string | null }
  | { kind: 'group'; literal: string };

/**
 * The record kind: a book record with a title of its own (PubMed's `ArticleTitle`, e.g. StatPearls'
 * "Kratom Toxicity" in the book "StatPearls") is a chapter; a book record titled as its book is the book.
 */
export function recordKind(article: Article): RecordKind {
  if (!article.isBook) return 'article';
  const own = article.title.trim();
  const book = article.book?.title?.trim() ?? null;
  return own !== '' && book !== null && own !== book ? 'chapter' : 'book';
}

/**
 * Plain-text title of the work itself (the chapter for a chapter, the book for a book). Titles are
 * exported as plain text everywhere (`Article.title`, not `titleHtml`): RIS, BibTeX and CSV have no
 * markup, and CSL-HTML would not survive the other formats' round trips.
 */
export function workTitle(article: Article): string {
  const book = article.book;
  if (book === null || !article.isBook) return article.title;
  if (recordKind(article) === 'chapter') return article.title;
  return book.title ?? article.title;
}

/** Title of what contains the work: the journal, or the book a chapter belongs to; `null` for a book. */
export function containerTitle(article: Article): string | null {
  const kind = recordKind(article);
  if (kind === 'chapter') return article.book?.title ?? null;
  if (kind === 'book') return null;
  return article.journal.title;
}

/**
 * One author as an export name. Group authors (`CollectiveName`) stay whole; a person without a
 * `LastName` (it happens with single-name authors) is a group-style literal so the name is not split.
 * Given name: `ForeName`, else `Initials`. Returns `null` for an author with no name at all.
 */
export function exportName(author: Author): ExportName | null {
  const group = author.collectiveName?.trim();
  if (group) return { kind: 'group', literal: group };
  const family = author.lastName?.trim();
  const given = (author.foreName ?? author.initials)?.trim() || null;
  if (!family) return given === null ? null : { kind: 'group', literal: given };
  return { kind: 'person', family, given, suffix: author.suffix?.trim() || null };
}

/** Every author with a name, in record order. */
export function exportNames(article: Article): ExportName[] {
  const names: ExportName[] = [];
  for (const author of article.authors) {
    const name = exportName(author);
    if (name !== null) names.push(name);
  }
  return names;
}

/** `Family, Given, Suffix` (RIS order, also used by CSV); group names whole. */
export function nameFamilyFirst(name: ExportName): string {
  if (name.kind === 'group') return name.literal;
  return [name.family, name.given, name.suffix].filter((p): p is string => p !== null).join(', ');
}

/**
 * Subject terms: author keywords first, then MeSH descriptors, first spelling kept, duplicates
 * (case-insensitive) dropped. MeSH descriptors can contain commas (`Analgesics, Opioid`).
 */
export function subjectTerms(article: Article): string[] {
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const term of [...article.keywords, ...article.mesh.map((m) => m.descriptor)]) {
    const clean = collapse(term);
    if (clean === '' || seen.has(clean.toLowerCase())) continue;
    seen.add(clean.toLowerCase());
    terms.push(clean);
  }
  return terms;
}

/** The PubMed page of the record. */
export function pubmedUrl(pmid: string): string {
  return `https://pubmed.ncbi.nlm.nih.gov/${encodeURIComponent(pmid)}/`;
}

function linkText(link: CommentCorrection): string {
  if (link.source !== null && link.pmid !== null) return `${link.source} (PMID ${link.pmid})`;
  return link.source ?? `PMID ${link.pmid ?? '?'}`;
}

/**
 * Note flagging retraction status, `null` for ordinary records:
 * `RETRACTED PUBLICATION` (+ `. Retraction in: <source> (PMID n)`) for retracted papers and
 * `RETRACTION NOTICE` (+ `. Retraction of: ...`) for notices. Both flags give both sentences.
 */
export function retractionNote(article: Article): string | null {
  const parts: string[] = [];
  const sentence = (flag: string, label: string, type: string): string => {
    const links = article.commentsCorrections.filter((c) => c.type === type).map(linkText);
    return links.length > 0 ? `${flag}. ${label}: ${links.join('; ')}` : flag;
  };
  if (article.retracted) parts.push(sentence('RETRACTED PUBLICATION', 'Retraction in', 'RetractionIn'));
  if (article.retractionNotice) parts.push(sentence('RETRACTION NOTICE', 'Retraction of', 'RetractionOf'));
  return parts.length > 0 ? parts.join('. ') : null;
}

/** The record's evidence (stored, else the current rules'). */
function evidence(article: Article): Evidence {
  return article.evidence ?? classifyByRules(article);
}

/** Evidence as keywords in the search filter syntax: `design:rct`, `theme:pain` (docs/evidence.md). */
export function evidenceTerms(article: Article): string[] {
  const e = evidence(article);
  return [`design:${e.design}`, ...e.themes.map((t) => `theme:${t}`)];
}

/** `Evidence (kratomlit rules v1): design rct; themes pain, toxicity`. */
export function evidenceNote(article: Article): string {
  const e = evidence(article);
  const also = e.designAlso.length > 0 ? ` (also ${e.designAlso.join(', ')})` : '';
  return `Evidence (kratomlit ${e.source} v${e.version}): design ${e.design}${also}; themes ${e.themes.join(', ')}`;
}

/** The retraction note (when any) and the evidence note, as one note field. */
export function exportNote(article: Article): string {
  return [retractionNote(article), evidenceNote(article)].filter((s): s is string => s !== null).join('. ');
}

/** Whitespace runs (including CR/LF, which break line-based formats) to one space, trimmed. */
export function collapse(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}
