import type { Article } from './types.js';

/**
 * A record with every field at its documented empty value (`null` / `[]` / `false`), for builders and tests
 * that fill in only what they need: `{ ...emptyArticle('123'), title: 'x' }`.
 */
export function emptyArticle(pmid: string): Article {
  return {
    pmid, version: 1, status: null, isBook: false, deleted: false, title: '', titleHtml: '',
    vernacularTitle: null, abstract: null, abstractSections: [], otherAbstracts: [], copyright: null, authors: [],
    authorListComplete: true,
    journal: { title: null, isoAbbreviation: null, issn: null, volume: null, issue: null, nlmUniqueId: null },
    pages: null, pubDate: { year: null, month: null, day: null, season: null, raw: null }, articleDate: null,
    languages: [], publicationTypes: [], mesh: [], chemicals: [], keywords: [], grants: [], doi: null, pmcid: null,
    ids: {}, publicationStatus: null, history: {}, dateRevised: null, dateCompleted: null, commentsCorrections: [],
    referencesCount: 0, retracted: false, retractionNotice: false, book: null, topics: [], firstSeenAt: null,
    updatedAt: null, evidence: null,
  };
}
