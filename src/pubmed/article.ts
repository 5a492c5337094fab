/**
 * `PubmedArticle` (or a bare `MedlineCitation` from a legacy MedlineCitationSet file) -> `Article`.
 * Pure; the caller has parsed and validated the XML (parse.ts).
 */
import type { Article, Journal } from '../types.js';
import { parseAuthorList } from './authors.js';
import { isoDate, parsePubDate } from './dates.js';
import {
  collectIds,
  countReferences,
  parseAbstract,
  parseChemicals,
  parseCommentsCorrections,
  parseGrants,
  parseKeywords,
  parseMesh,
  parseOtherAbstracts,
  texts,
} from './fields.js';
import { markupToHtml } from './markup.js';
import { attr, child, children, markupText, path, rawMarkup, textOrNull, type XmlElement } from './xml-node.js';
import { finishIds, historyOf, pmcidOf, retractionFlags, storeDefaults, type RecordIdentity } from './record-common.js';

function journalOf(article: XmlElement | undefined, citation: XmlElement): Journal {
  const journal = child(article, 'Journal');
  const issue = child(journal, 'JournalIssue');
  const info = child(citation, 'MedlineJournalInfo');
  return {
    title: textOrNull(child(journal, 'Title')),
    isoAbbreviation: textOrNull(child(journal, 'ISOAbbreviation')),
    issn: textOrNull(child(journal, 'ISSN')) ?? textOrNull(child(info, 'ISSNLinking')),
    volume: textOrNull(child(issue, 'Volume')),
    issue: textOrNull(child(issue, 'Issue')),
    nlmUniqueId: textOrNull(child(info, 'NlmUniqueID')),
  };
}

/** `MedlinePgn`, else `StartPage-EndPage` (or StartPage alone). */
export function pagesOf(owner: XmlElement | undefined): string | null {
  const pagination = child(owner, 'Pagination');
  const medline = textOrNull(child(pagination, 'MedlinePgn'));
  if (medline !== null) return medline;
  const start = textOrNull(child(pagination, 'StartPage'));
  const end = textOrNull(child(pagination, 'EndPage'));
  if (start === null) return null;
  return end === null ? start : `${start}-${end}`;
}

function doiOf(article: XmlElement | undefined, ids: Record<string, string>): string | null {
  if (ids.doi !== undefined) return ids.doi;
  const eloc = children(article, 'ELocationID').find((e) => attr(e, 'EIdType') === 'doi');
  return eloc === undefined ? null : textOrNull(eloc);
}

function titlesOf(article: XmlElement | undefined): Pick<Article, 'title' | 'titleHtml' | 'vernacularTitle'> {
  const raw = rawMarkup(child(article, 'ArticleTitle')) ?? '';
  const vernacular = markupText(child(article, 'VernacularTitle'));
  return {
    title: markupText(child(article, 'ArticleTitle')) ?? '',
    titleHtml: markupToHtml(raw),
    vernacularTitle: vernacular === null || vernacular === '' ? null : vernacular,
  };
}

type IndexingParts = Pick<
  Article,
  'publicationTypes' | 'mesh' | 'chemicals' | 'keywords' | 'grants' | 'commentsCorrections' | 'retracted' | 'retractionNotice'
>;

/** NLM indexing and links: publication types, MeSH, chemicals, keywords, grants, corrections. */
function indexingOf(citation: XmlElement, article: XmlElement | undefined): IndexingParts {
  const publicationTypes = texts(children(child(article, 'PublicationTypeList'), 'PublicationType'));
  const commentsCorrections = parseCommentsCorrections(child(citation, 'CommentsCorrectionsList'));
  return {
    publicationTypes,
    mesh: parseMesh(child(citation, 'MeshHeadingList')),
    chemicals: parseChemicals(child(citation, 'ChemicalList')),
    keywords: parseKeywords(citation),
    grants: parseGrants(child(article, 'GrantList')),
    commentsCorrections,
    ...retractionFlags(publicationTypes, commentsCorrections),
  };
}

type PubmedDataParts = Pick<Article, 'doi' | 'pmcid' | 'ids' | 'publicationStatus' | 'history' | 'referencesCount'>;

/** `PubmedData` (optional): ids, status, history, references; the DOI may also come from the Article. */
function pubmedDataOf(pubmedData: XmlElement | undefined, article: XmlElement | undefined, pmid: string): PubmedDataParts {
  const ids: Record<string, string> = {};
  collectIds(child(pubmedData, 'ArticleIdList'), ids);
  finishIds(ids, pmid);
  return {
    doi: doiOf(article, ids),
    pmcid: pmcidOf(ids),
    ids,
    publicationStatus: textOrNull(child(pubmedData, 'PublicationStatus')),
    history: historyOf(child(pubmedData, 'History')),
    referencesCount: countReferences(children(pubmedData, 'ReferenceList')),
  };
}

/**
 * Normalizes one journal record. `root` is the `PubmedArticle` element, or the `MedlineCitation`
 * itself for legacy files without `PubmedData` (history `{}`, ids from the PMID only).
 */
export function normalizeJournalArticle(root: XmlElement, bare: boolean, identity: RecordIdentity): Article {
  const citation = bare ? root : (child(root, 'MedlineCitation') ?? {});
  const article = child(citation, 'Article');
  const abstract = parseAbstract(child(article, 'Abstract'));
  const authorList = child(article, 'AuthorList');
  return {
    pmid: identity.pmid,
    version: identity.version,
    status: attr(citation, 'Status'),
    isBook: false,
    ...titlesOf(article),
    abstract: abstract.text,
    abstractSections: abstract.sections,
    otherAbstracts: parseOtherAbstracts(citation),
    copyright: abstract.copyright,
    authors: parseAuthorList(authorList),
    authorListComplete: attr(authorList, 'CompleteYN') !== 'N',
    journal: journalOf(article, citation),
    pages: pagesOf(article),
    pubDate: parsePubDate(path(article, 'Journal', 'JournalIssue', 'PubDate')),
    articleDate: isoDate(child(article, 'ArticleDate')),
    languages: texts(children(article, 'Language')).map((l) => l.toLowerCase()),
    ...indexingOf(citation, article),
    ...pubmedDataOf(bare ? undefined : child(root, 'PubmedData'), article, identity.pmid),
    dateRevised: isoDate(child(citation, 'DateRevised')),
    dateCompleted: isoDate(child(citation, 'DateCompleted')),
    book: null,
    ...storeDefaults(),
  };
}
