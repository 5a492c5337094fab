/**
 * Public types of the search API (re-exported by src/search/index.ts and the library entry point).
 */
import type { Article, ListedArticle } from '../types.js';

/** Options of a search; every field is optional. */
export interface SearchOptions {
  /** Hits to return; default 20, at most 1000. */
  limit?: number;
  /** Hits to skip first (paging); default 0. */
  offset?: number;
  /** Publication date on or after, `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a year covers the whole year). */
  since?: string;
  /** Publication date on or before, same forms. */
  until?: string;
  /** Only records of this topic (case-insensitive). */
  topic?: string;
  /** Only records with a publication type containing these words (`review` matches "Systematic Review"). */
  type?: string;
  /** Only retracted (true) or only not retracted (false) records. */
  retracted?: boolean;
  /** Only records of this evidence design id (`rct`, `case-report`...; docs/evidence.md). */
  design?: string;
  /** Only records with this evidence theme id (`toxicity`...). */
  theme?: string;
  /** `relevance` (default): BM25 with field boosts and gentle recency/type tie-breakers; `date`: newest first. */
  sort?: 'relevance' | 'date';
  /** Markers around matched words in `snippet`; default STX/ETX (`\u0002`, `\u0003`). */
  highlight?: Highlight;
  /** Add `explain` to every hit: which terms matched how, and what each added (docs/search.md). Default false. */
  explain?: boolean;
}

/** One search result, printable without further lookups. */
export interface SearchHit {
  pmid: string;
  title: string;
  /** `Kruegel AC` style names, group authors whole. */
  authors: string[];
  journal: string | null;
  year: number | null;
  doi: string | null;
  score: number;
  /** Abstract (or title) window around the matched words, highlighted with `highlight` markers. */
  snippet: string;
  /** Searchable fields the hit matched in (`title`, `abstract`, `authors`, `journal`, `mesh`, ...). */
  matchedFields: string[];
  publicationTypes: string[];
  topics: string[];
  retracted: boolean;
  /** The record is a retraction notice (by publication type, or only by its RetractionOf link). */
  retractionNotice: boolean;
  /**
   * What a list badges the record with, in display order, in the words every face uses (digest/paper.ts
   * `listBadges`): notices, publication types, its study design, Retracted, Updated.
   */
  badges: string[];
  /** Only with `explain: true`; absent for queries too large to explain (more than 31 distinct terms). */
  explain?: HitExplain;
}

/** An open, up-to-date index. */
export interface SearchIndex {
  /** Runs a query (syntax: query-parse.ts). Throws UsageError for a malformed query or option. */
  search(query: string, opts?: SearchOptions): SearchHit[];
  /** Every record the query matches (paging ignored), for totals and facet counts (match.ts). */
  match(query: string, opts?: SearchOptions): MatchedDoc[];
  /**
   * `search`'s page and `match`'s list from one ranking, with the page's stored records (match.ts).
   * `read` reads the page's records instead of the store (a server keeping them in memory at the index's
   * change); it must give each record's searchable text and hit fields as the store would.
   */
  searchPage(query: string, opts?: SearchOptions, read?: (pmids: string[]) => ListedArticle[], withMatched?: boolean): SearchPage;
  /** Applies at most `max` (default 500) changed records from the store; true when caught up. */
  refresh(max?: number): boolean;
  /** Number of indexed (live) records. */
  readonly size: number;
  /** Store change sequence the index reflects. */
  readonly highWater: number;
}

/** pino-shaped logger (structural, so tests can pass a spy). */
export interface SearchLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/**
 * What the index reads from the record store, injected so that src/search imports nothing above it
 * (src/library/search-index.ts binds it to the SQLite store).
 */
export interface RecordSource {
  /** The store's change sequence now. */
  changeSeq(): number;
  /** Records changed after `seq` (exclusive), oldest change first, at most `limit` (-1: all). */
  changesSince(seq: number, limit?: number): Array<{ pmid: string; changeSeq: number }>;
  /** How many records changed after `seq`. */
  countChangesSince(seq: number): number;
  /** Records by PMID in the order asked, missing ones skipped. */
  articles(pmids: readonly string[]): Article[];
  /**
   * The same records as a result page reads them (hits, phrase checks, snippets), possibly shared and
   * frozen; `articles` when absent.
   */
  listed?(pmids: readonly string[]): ListedArticle[];
  /** Every live record (streamed). */
  liveArticles(): Iterable<Article>;
  /** Number of live records. */
  liveCount(): number;
}

/** A searchable field of the index (`FIELDS` in documents.ts lists them in MiniSearch's order). */
export type Field = 'title' | 'abstract' | 'authors' | 'journal' | 'mesh' | 'chemicals' | 'keywords';

/** Values kept in the index per record (MiniSearch `storeFields`). */
export interface StoredDoc {
  pmid: string;
  title: string;
  /** First authors as `Kruegel AC` (collective names whole). */
  authors: string[];
  authorCount: number;
  journal: string | null;
  year: number | null;
  /** Best publication date, ISO `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, for `since`/`until` and date sort. */
  date: string | null;
  doi: string | null;
  publicationTypes: string[];
  topics: string[];
  retracted: boolean;
  /** Evidence design id, for `design:` filters. */
  design: string | null;
  /** Evidence theme ids, for `theme:` filters. */
  themes: string[];
  /** Ranking prior (recency and publication type), see prior.ts. */
  prior: number;
}

/**
 * How a term was reached from the words typed: the folded word itself, a synonym concept, only another
 * form of its stem (`analgesia` for `analgesic`), a prefix or a misspelling.
 */
export type MatchKind = 'literal' | 'synonym' | 'stem' | 'prefix' | 'fuzzy';

/** One posting that counted towards a hit's score. */
export interface TermContribution {
  /** The index term in the record (`relief`, `syn:analgesia`, `mitragynin`: folded and stemmed). */
  term: string;
  /** The query term it was reached from (differs from `term` for prefix and fuzzy expansions). */
  from: string;
  match: MatchKind;
  field: Field;
  /** Occurrences of `term` in `field` of the record. */
  tf: number;
  /** Match weight x prefix/fuzzy decay x field boost (see docs/search.md). */
  weight: number;
  /** What this posting added to the score: weight x BM25 x prior x wordsMatched. */
  contribution: number;
}

/** The explanation of one hit (`SearchHit.explain`). */
export interface HitExplain {
  /** The hit's unrounded score: the sum of the term contributions and the proximity contribution. */
  score: number;
  /** Record prior (recency and publication type, 0.85-1.1), a factor of every contribution. */
  prior: number;
  /** Distinct query words matched, a factor of every contribution. */
  wordsMatched: number;
  terms: TermContribution[];
  /** How close the query words stand in the record (0..1) and what that added. */
  proximity: { closeness: number; contribution: number };
  /** Each author name the query asked for (`author:"Hargreaves T"`) and the record's authors it named. */
  names: NameMatch[];
}

/** An author name of the query (`HitExplain.names`): as typed, and the record's authors it named, as shown. */
export interface NameMatch {
  name: string;
  authors: string[];
}

/** Markers around highlighted words. */
export interface Highlight {
  pre: string;
  post: string;
}

/** A page of hits, the stored records they were read from, and every match of the query (paging ignored). */
export interface SearchPage {
  hits: SearchHit[];
  records: ListedArticle[];
  /**
   * Every match (paging ignored), in no particular order: `match`'s set, for totals and facet counts;
   * null when not asked for (`searchPage`'s `withMatched` false).
   */
  matched: MatchedDoc[] | null;
}

/** The stored fields of a matched record that facets are counted on. */
export type MatchedDoc = Pick<StoredDoc, 'pmid' | 'year' | 'date' | 'topics' | 'retracted' | 'publicationTypes' | 'design' | 'themes'>;
