/**
 * `PubmedBookArticle` (NCBI Bookshelf: a whole book or a chapter) -> `Article` with `isBook: true`.
 * Pure; the caller has parsed and validated the XML (parse.ts).
 */
import type { Article, BookInfo } from '../types.js';
import { parseAuthorList, pickAuthorList } from './authors.js';
import { isoDate, parsePubDate } from './dates.js';
import { collectIds, countReferences, parseAbstract, parseGrants, parseKeywords, texts } from './fields.js';
import { markupToHtml } from './markup.js';
import { pagesOf } from './article.js';
import { finishIds, historyOf, pmcidOf, retractionFlags, storeDefaults, type RecordIdentity } from './record-common.js';
import { attr, child, children, markupText, rawMarkup, textOrNull, type XmlElement } from './xml-node.js';

const NO_JOURNAL = { title: null, isoAbbreviation: null, issn: null, volume: null, issue: null, nlmUniqueId: null };

function bookInfoOf(book: XmlElement | undefined, ids: Record<string, string>): BookInfo {
  const publisher = child(book, 'Publisher');
  const collection = markupText(child(book, 'CollectionTitle'));
  return {
    title: markupText(child(book, 'BookTitle')) || null,
    publisher: markupText(child(publisher, 'PublisherName')) || null,
    publisherLocation: textOrNull(child(publisher, 'PublisherLocation')),
    accession: ids.bookaccession ?? null,
    collectionTitle: collection === null || collection === '' ? null : collection,
  };
}

/**
 * Title and its HTML form: the chapter's `ArticleTitle`, falling back to the `BookTitle` when the record
 * is a whole book (no ArticleTitle).
 */
function bookTitles(doc: XmlElement, book: XmlElement | undefined): Pick<Article, 'title' | 'titleHtml'> {
  const own = rawMarkup(child(doc, 'ArticleTitle'));
  const raw = own !== null && markupText(own) !== '' ? own : (rawMarkup(child(book, 'BookTitle')) ?? '');
  return { title: markupText(raw) ?? '', titleHtml: markupToHtml(raw) };
}

/**
 * Normalizes one book record. Authors come from the record's `AuthorList`s, the book's after the
 * chapter's; `Type="authors"` is preferred, editors are used only when there is no author list.
 * `journal` has only nulls; `pubDate` is the book's `PubDate`; `status` is null (books have no
 * MedlineCitation@Status).
 */
export function normalizeBook(root: XmlElement, identity: RecordIdentity): Article {
  const doc = child(root, 'BookDocument') ?? {};
  const book = child(doc, 'Book');
  const bookData = child(root, 'PubmedBookData');
  const ids: Record<string, string> = {};
  collectIds(child(doc, 'ArticleIdList'), ids);
  collectIds(child(bookData, 'ArticleIdList'), ids);
  finishIds(ids, identity.pmid);
  const abstract = parseAbstract(child(doc, 'Abstract'));
  const authorList = pickAuthorList([...children(doc, 'AuthorList'), ...children(book, 'AuthorList')]);
  const publicationTypes = texts(children(doc, 'PublicationType'));
  const vernacular = markupText(child(doc, 'VernacularTitle'));
  return {
    pmid: identity.pmid,
    version: identity.version,
    status: null,
    isBook: true,
    ...bookTitles(doc, book),
    vernacularTitle: vernacular === null || vernacular === '' ? null : vernacular,
    abstract: abstract.text,
    abstractSections: abstract.sections,
    otherAbstracts: [],
    copyright: abstract.copyright,
    authors: parseAuthorList(authorList),
    authorListComplete: attr(authorList, 'CompleteYN') !== 'N',
    journal: { ...NO_JOURNAL },
    pages: pagesOf(doc),
    pubDate: parsePubDate(child(book, 'PubDate')),
    articleDate: null,
    languages: texts(children(doc, 'Language')).map((l) => l.toLowerCase()),
    publicationTypes,
    mesh: [],
    chemicals: [],
    keywords: parseKeywords(doc),
    grants: parseGrants(child(doc, 'GrantList')),
    doi: ids.doi ?? null,
    pmcid: pmcidOf(ids),
    ids,
    publicationStatus: textOrNull(child(bookData, 'PublicationStatus')),
    history: historyOf(child(bookData, 'History')),
    dateRevised: isoDate(child(doc, 'DateRevised')),
    dateCompleted: null,
    commentsCorrections: [],
    referencesCount: countReferences(children(doc, 'ReferenceList')),
    ...retractionFlags(publicationTypes, []),
    book: bookInfoOf(book, ids),
    ...storeDefaults(),
  };
}
