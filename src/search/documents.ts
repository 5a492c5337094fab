/**
 * Article -> what the index sees. One place decides the text of each searchable field (also used by
 * phrase verification and snippets, which must read the same text the index was built from) and the
 * stored fields that let a hit be printed without SQLite. Pure.
 */
import { classifyByRules } from '../evidence/classify.js';
import type { Article, ListedArticle } from '../types.js';
import type { Field, StoredDoc } from './types.js';

export type { Field, StoredDoc } from './types.js';

/** Searchable fields, in the order MiniSearch numbers them. */
export const FIELDS = ['title', 'abstract', 'authors', 'journal', 'mesh', 'chemicals', 'keywords'] as const satisfies readonly Field[];

/** Fields where synonym phrases count. Not authors/journal: "Thang" is a surname as well as a kratom name. */
export const SYNONYM_FIELDS: ReadonlySet<string> = new Set(['title', 'abstract', 'mesh', 'chemicals', 'keywords']);

/** How many author names a stored hit keeps (the full list is one `getArticles` away). */
export const STORED_AUTHORS = 6;
/** Bumped whenever fieldText changes what a field holds (2: MeSH qualifiers); part of the index options hash. */
export const FIELD_TEXT_VERSION = 2;

/** The document MiniSearch indexes: searchable texts plus the stored values. */
export type IndexDoc = StoredDoc & { [F in Field as `${F}Text`]: string };

/**
 * `Kruegel AC`: an author as the index stores it (no suffix: the phrase screen reads a stored person's
 * name as last name then initials); group authors whole; null for an empty entry.
 */
export function storedAuthorName(a: ListedArticle['authors'][number]): string | null {
  if (a.collectiveName) return a.collectiveName;
  const name = [a.lastName, a.initials].filter((s): s is string => !!s).join(' ');
  return name || null;
}

/** Text of a searchable field as indexed and as checked by phrase queries. */
export function fieldText(article: ListedArticle, field: Field): string {
  switch (field) {
    case 'title':
      return [article.title, article.vernacularTitle, article.book?.title].filter(Boolean).join('\n');
    case 'abstract':
      return [article.abstract, ...article.otherAbstracts.map((o) => o.text)].filter(Boolean).join('\n\n');
    case 'authors':
      // "Last Initials Fore" per author, so `author:"Kruegel AC"` is two adjacent words.
      return article.authors
        .map((a) => a.collectiveName ?? [a.lastName, a.initials, a.foreName].filter(Boolean).join(' '))
        .join('; ');
    case 'journal':
      return [article.journal.title, article.journal.isoAbbreviation].filter(Boolean).join('; ');
    case 'mesh':
      // Qualifiers as PubMed shows them (`Microsomes, Liver / metabolism`): a paper indexed under a
      // subheading is about that aspect, and `mitragynine metabolism` should find it.
      return article.mesh.map((m) => (m.qualifiers.length ? `${m.descriptor} / ${m.qualifiers.map((q) => q.name).join(', ')}` : m.descriptor)).join('; ');
    case 'chemicals':
      return article.chemicals.map((c) => c.name).join('; ');
    case 'keywords':
      return article.keywords.join('; ');
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Publication date as precise as the record allows; falls back to ArticleDate, then the Entrez date. */
export function bestDate(article: Article): string | null {
  const { year, month, day } = article.pubDate;
  if (article.articleDate && (!year || !month)) return article.articleDate;
  if (year && month && day) return `${year}-${pad(month)}-${pad(day)}`;
  if (year && month) return `${year}-${pad(month)}`;
  if (year) return String(year);
  return article.history['entrez']?.slice(0, 10) ?? article.history['pubmed']?.slice(0, 10) ?? null;
}

/** The MiniSearch document of a live article. */
export function toIndexDoc(article: Article, prior: (a: Article, year: number | null) => number): IndexDoc {
  const year = article.pubDate.year ?? (bestDate(article) ? Number(bestDate(article)?.slice(0, 4)) : null);
  const names = article.authors.map(storedAuthorName).filter((n): n is string => n !== null);
  return {
    pmid: article.pmid,
    title: article.title,
    authors: names.slice(0, STORED_AUTHORS),
    authorCount: names.length,
    journal: article.journal.isoAbbreviation ?? article.journal.title,
    year,
    date: bestDate(article),
    doi: article.doi,
    publicationTypes: article.publicationTypes,
    topics: article.topics,
    retracted: article.retracted,
    design: (article.evidence ?? classifyByRules(article)).design,
    themes: (article.evidence ?? classifyByRules(article)).themes,
    prior: prior(article, year),
    titleText: fieldText(article, 'title'),
    abstractText: fieldText(article, 'abstract'),
    authorsText: fieldText(article, 'authors'),
    journalText: fieldText(article, 'journal'),
    meshText: fieldText(article, 'mesh'),
    chemicalsText: fieldText(article, 'chemicals'),
    keywordsText: fieldText(article, 'keywords'),
  };
}
