/**
 * Domain types: the public record shape that scripts rely on (documented in docs/data-model.md),
 * plus the run and change types shared by ingestion, search and digests.
 *
 * Conventions: camelCase, absent values are `null` (scalars/objects) or `[]` (lists), never `undefined`.
 * Identifiers and bibliographic values stay strings (`"00123"` is not `123`).
 */
import type { Evidence } from './evidence/types.js';

/** An author of the article (`AuthorList/Author` with `ValidYN` other than `"N"`). */
export interface Author {
  lastName: string | null;
  foreName: string | null;
  initials: string | null;
  suffix: string | null;
  /** Group author (`CollectiveName`), kept whole; `null` for a person. */
  collectiveName: string | null;
  /** Bare 16-character ORCID iD (`0000-0002-1825-0097`), whatever URL form the XML used. */
  orcid: string | null;
  affiliations: string[];
  /** `EqualContrib="Y"`. */
  equalContrib: boolean;
}

export interface AbstractSection {
  /** `Label` attribute as written (e.g. `"BACKGROUND"`), or null for an unlabelled paragraph. */
  label: string | null;
  /** `NlmCategory` attribute (`BACKGROUND`, `OBJECTIVE`, `METHODS`, `RESULTS`, `CONCLUSIONS`, `UNASSIGNED`). */
  category: string | null;
  /** Plain text of the section. */
  text: string;
}

export interface OtherAbstract {
  /** `Type` attribute (`AAMC`, `Publisher`, `KIE`, ...). */
  type: string | null;
  language: string | null;
  text: string;
}

export interface Journal {
  title: string | null;
  isoAbbreviation: string | null;
  /** Print or electronic ISSN as given in `Journal/ISSN`; falls back to `MedlineJournalInfo/ISSNLinking`. */
  issn: string | null;
  volume: string | null;
  issue: string | null;
  nlmUniqueId: string | null;
}

export interface PubDate {
  /** Four-digit year; set whenever any 4-digit year is present (MedlineDate, Season included). */
  year: number | null;
  /** 1-12, from `Jan`, `1` or `01`. */
  month: number | null;
  day: number | null;
  season: string | null;
  /** The date as written (`"1998 Dec-1999 Jan"`, `"2019 Spring"`, `"2020 Jun 08"`). */
  raw: string | null;
}

export interface MeshQualifier {
  name: string;
  ui: string | null;
  major: boolean;
}

export interface MeshHeading {
  descriptor: string;
  ui: string | null;
  major: boolean;
  qualifiers: MeshQualifier[];
}

export interface Chemical {
  name: string;
  ui: string | null;
  registryNumber: string | null;
}

export interface Grant {
  id: string | null;
  acronym: string | null;
  agency: string | null;
  country: string | null;
}

export interface CommentCorrection {
  /** `RefType`: `ErratumIn`, `RetractionIn`, `CommentOn`, `ExpressionOfConcernIn`... (`Cites` is excluded). */
  type: string;
  pmid: string | null;
  /** `RefSource` citation text. */
  source: string | null;
}

export interface BookInfo {
  title: string | null;
  publisher: string | null;
  publisherLocation: string | null;
  /** `ArticleId IdType="bookaccession"` (e.g. `NBK1116`). */
  accession: string | null;
  /** Chapter/section title when the record is a chapter (`LocationLabel`/`ArticleTitle` of the part). */
  collectionTitle: string | null;
}

/** One normalized PubMed record: the public shape printed by `show --json` and returned by the API. */
export interface Article {
  pmid: string;
  /** `PMID@Version`, default 1. */
  version: number;
  /** `MedlineCitation@Status` (`MEDLINE`, `PubMed-not-MEDLINE`, `In-Process`, ...); books: `null`. */
  status: string | null;
  isBook: boolean;
  deleted: boolean;
  title: string;
  /** Title with only `<i> <b> <sup> <sub> <u>` kept; everything else escaped. Safe to embed in HTML. */
  titleHtml: string;
  vernacularTitle: string | null;
  /** Plain text; structured sections as `LABEL: text` paragraphs separated by a blank line. */
  abstract: string | null;
  abstractSections: AbstractSection[];
  otherAbstracts: OtherAbstract[];
  copyright: string | null;
  authors: Author[];
  /** `AuthorList@CompleteYN` (true when absent). */
  authorListComplete: boolean;
  journal: Journal;
  /** `Pagination/MedlinePgn` (or Start-End). */
  pages: string | null;
  pubDate: PubDate;
  /** `ArticleDate` (electronic publication) as ISO `YYYY-MM-DD`. */
  articleDate: string | null;
  /** Lower-case language codes (`eng`, `ger`). */
  languages: string[];
  /** Publication type names (`Journal Article`, `Review`, `Retracted Publication`...). */
  publicationTypes: string[];
  mesh: MeshHeading[];
  chemicals: Chemical[];
  keywords: string[];
  grants: Grant[];
  doi: string | null;
  /** With the `PMC` prefix. */
  pmcid: string | null;
  /** Every `ArticleId` by `IdType` (`pubmed`, `doi`, `pmc`, `pii`, `mid`, ...). */
  ids: Record<string, string>;
  /** `PubmedData/PublicationStatus` (`ppublish`, `epublish`, `aheadofprint`). */
  publicationStatus: string | null;
  /** Every `PubMedPubDate` as ISO date (`YYYY-MM-DD`, or with time when given) by `PubStatus`. */
  history: Record<string, string>;
  /** `DateRevised` as ISO `YYYY-MM-DD`. */
  dateRevised: string | null;
  /** `DateCompleted` as ISO `YYYY-MM-DD`. */
  dateCompleted: string | null;
  commentsCorrections: CommentCorrection[];
  /** Number of `ReferenceList/Reference` entries. */
  referencesCount: number;
  /** PublicationType "Retracted Publication" or a `RetractionIn` link. */
  retracted: boolean;
  /** PublicationType "Retraction of Publication" or a `RetractionOf` link. */
  retractionNotice: boolean;
  book: BookInfo | null;
  /** Topic names (config) whose query matched this record. Set by the store, `[]` from the normalizer. */
  topics: string[];
  /** ISO instant of first storage. Set by the store, `null` from the normalizer. */
  firstSeenAt: string | null;
  /** ISO instant of last stored change. Set by the store, `null` from the normalizer. */
  updatedAt: string | null;
  /**
   * Study design and themes (docs/evidence.md). Set by the store (classified as the record is stored, or
   * by the current rules when the store has no classification yet), `null` from the normalizer.
   */
  evidence: Evidence | null;
}

/**
 * A record as result pages carry it (`FacetPage.records` of the library): without the fields a list does not
 * show, its authors, MeSH headings and chemicals by name only. Its evidence has no cues (an empty list);
 * `get` reads the whole record.
 */
export type ListedArticle = Omit<Article, 'abstractSections' | 'grants' | 'ids' | 'commentsCorrections' | 'copyright' | 'authors' | 'mesh' | 'chemicals'> & {
  authors: Array<Pick<Author, 'lastName' | 'foreName' | 'initials' | 'suffix' | 'collectiveName'>>;
  mesh: Array<{ descriptor: string; qualifiers: Array<{ name: string }> }>;
  chemicals: Array<{ name: string }>;
};


/** A `DeleteCitation` entry: the PMID is withdrawn from PubMed. */
export interface Deletion {
  pmid: string;
  version: number | null;
}

/** A record the normalizer could not accept: data, not an exception. */
export interface RecordProblem {
  /** PMID when it could be read. */
  pmid: string | null;
  /** Offending element or field, when known. */
  field: string | null;
  reason: string;
}

/** Fields compared between two versions of a record; what a revision reports. */
export type ChangedField =
  | 'title'
  | 'abstract'
  | 'mesh'
  | 'publicationTypes'
  | 'retracted'
  | 'retractionNotice'
  | 'authors'
  | 'journal'
  | 'pubDate'
  | 'doi'
  | 'commentsCorrections'
  | 'keywords'
  | 'chemicals'
  | 'version';

/** Outcome of offering one record to the store. */
export type UpsertOutcome =
  | 'new'
  | 'updated'
  | 'unchanged'
  /** The store already holds a newer copy (higher Version, or later DateRevised). */
  | 'older'
  /** A DeleteCitation was applied. */
  | 'deleted'
  /** A deleted PMID was served live again by E-utilities and restored. */
  | 'undeleted'
  /** An imported copy of a PMID that a DeleteCitation withdrew: not resurrected. */
  | 'tombstoned';

/** Per-record result of a store batch (kysely MigrationResultSet style). */
export interface UpsertResult {
  pmid: string;
  outcome: UpsertOutcome;
  /** Tracked fields that changed, for `updated`. */
  changed: ChangedField[];
  /** Topics a record this call did not write (unchanged, older) gained in it; absent when none. */
  topicsAdded?: number;
}

/** A stored revision of an article (one row per accepted change). */
export interface ArticleRevision {
  pmid: string;
  revision: number;
  /** ISO instant the change was stored. */
  at: string;
  changed: ChangedField[];
  /** Values before the change, for the changed fields only. */
  previous: Partial<Record<ChangedField, unknown>>;
  source: 'import' | 'ingest';
}

/** What a run of the ledger was. */
export type RunKind = 'ingest' | 'import' | 'digest' | 'index' | 'email';
/** How a run ended (`running` while it runs). */
export type RunStatus = 'running' | 'ok' | 'failed' | 'interrupted' | 'deferred' | 'partial';

/** One row of the run ledger. `details` holds the run's figures (windows, requests, counts...). */
export interface RunRow {
  id: number;
  kind: RunKind;
  startedAt: string;
  endedAt: string | null;
  status: RunStatus;
  pid: number | null;
  details: Record<string, unknown>;
  error: string | null;
}

/** Record counts of a library: live and deleted records, live books and retracted papers, live per topic. */
export interface RecordCounts {
  live: number;
  deleted: number;
  books: number;
  retracted: number;
  byTopic: Record<string, number>;
}

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

// Completeness (the rules that compute it: src/completeness.ts).

/** One topic's last completeness check, as the store keeps it. */
export interface CompletenessCheck {
  topic: string;
  upstream: number;
  local: number;
  checkedAt: string;
  check: 'count' | 'full';
}

/** One PMID a topic's esearch lists and the store does not hold yet: efetch left it out, or returned a record the parser rejected. */
export interface Gap {
  pmid: string;
  topic: string;
  firstMissingAt: string;
  lastAttemptAt: string;
  attempts: number;
  /** Null when efetch left the PMID out; else the parser's reason for rejecting the record it returned. */
  rejected: string | null;
}

/**
 * `status --json` `completeness.<topic>`; every field but `gaps` and `line` is null before the first check.
 * The counts are those of the last check, at `checkedAt`: records stored since then are in the topic's
 * count (`topics[].records`), not here.
 */
export interface TopicCompleteness {
  /** PubMed's count for the topic query at `checkedAt`. */
  upstream: number | null;
  /** Live records holding the topic right after that check (at `checkedAt`, not now). */
  local: number | null;
  /** Open gaps, oldest PMID first. */
  gaps: Array<{ pmid: string; firstMissingAt: string; attempts: number; rejected: string | null }>;
  checkedAt: string | null;
  check: 'count' | 'full' | null;
  /** `upstream == local` at the last check and no gaps. */
  complete: boolean | null;
  /**
   * True when the last check (`checkedAt`) is older than the staleness threshold (twice the full-audit
   * interval, `ingest.auditEveryDays`; 8 days when unknown): `complete` is then only "as of" that date,
   * not verified since. Null before the first check.
   */
  stale: boolean | null;
  /**
   * The state in words, saying what was counted and when (`mitragynine: complete as of 2026-12-06 03:00
   * UTC: all 812 records PubMed listed then were stored`): the line status and the digests print, with the
   * check time in UTC (status adds how long ago).
   */
  line: string;
}
