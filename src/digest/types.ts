/**
 * The digest document: what `collectDigest` selects, what `<week>.json` holds verbatim, and what every
 * renderer reads. Versioned so scripts can rely on it.
 *
 * ## `<week>.json` (schemaVersion 1)
 *
 * ```jsonc
 * {
 *   "schemaVersion": 1,
 *   "week": "2026-W47",
 *   "range": { "from": "2026-11-16", "to": "2026-11-22", "timeZone": "UTC",
 *              "start": "2026-11-16T00:00:00.000Z", "end": "2026-11-23T00:00:00.000Z" },  // [start, end)
 *   "asOf": "2026-11-23T00:00:00.000Z",     // range.end, or for a week written in progress the write that
 *                                           // last changed it (absent in older files)
 *   "inProgress": false,                    // true when written before the week ended (absent in older files)
 *   "counts": { "new": 12, "updated": 3, "notices": 1 },   // notices: entries of the notices list
 *   "completeness": [ { "topic": "mitragynine", "complete": true,     // per configured topic (docs/completeness.md);
 *                       "line": "mitragynine: complete as of 2026-12-06 03:00 UTC: all 812 records PubMed listed then were stored" } ],  // absent in older files
 *   "coverage": { "topics": [ { "topic": "mitragynine", "covered": "full" | "partial" | "none",
 *                               "through": ISO | null, "line": "..." } ],   // how far ingests covered the week
 *                 "problems": [ { "run": 7, "status": "failed", "startedAt": ISO, "line": "..." } ] },  // absent in older files
 *   "perTopicCap": 25,                      // how many papers per topic the .md/.html show before "and N more"
 *   "topics": [ { "name": "mitragynine", "total": 11, "pmids": ["..."] }, ... ],  // configured order, then "Other";
 *                                           // total: the week's new papers with the topic; pmids: those listed
 *                                           // under it (a paper of several topics once, under the most specific)
 *   "newPapers": [ Paper... ],              // every new paper once, in group order then relevance
 *   "updated": [ Paper & { "revisedAt": ISO, "changes": ["title corrected", "MeSH added: Humans"] } ],
 *   "notices": [ { "kind": "retracted" | "retraction-notice" | "partially-retracted" | "partial-retraction-notice"
 *                  | "erratum" | "corrected" | "concern-notice" | "concern", "label": "Retracted", "paper": Paper,
 *                  "related": [ { "type": "RetractionIn", "pmid": "...", "source": "...", "url": "..." } ],
 *                  "section": "new" | "updated" } ]
 * }
 * ```
 * Paper: `{ pmid, title, titleHtml, authors (first three, display form), moreAuthors, journal, year, badges,
 * topics, pubmedUrl, doi, doiUrl, preview, enteredOn, evidence }`; absent values are `null`, lists `[]`.
 * Within each topic the .md/.html/Atom show new papers grouped by evidence design (DESIGNS order).
 * Additive changes keep schemaVersion 1; renames or removals bump it.
 */

import type { Design, Evidence } from '../evidence/types.js';

/** Current `<week>.json` schema version. */
export const DIGEST_SCHEMA_VERSION = 1;

/** Group name for new papers that matched no configured topic. */
export const OTHER_TOPIC = 'Other';

export interface DigestPaper {
  pmid: string;
  /** Plain-text title. */
  title: string;
  /** Title with only `<i> <b> <sup> <sub> <u>`; renderers re-sanitize it anyway. */
  titleHtml: string;
  /** First three authors, `Smith J` / collective name. */
  authors: string[];
  /** True when the record has more than the three authors listed ("et al."). */
  moreAuthors: boolean;
  journal: string | null;
  year: number | null;
  /** Publication-type badges in a fixed order (`Meta-Analysis`, `RCT`, `Retracted`...). */
  badges: string[];
  /** Every topic the record matched (configured order first), `[]` for none. */
  topics: string[];
  pubmedUrl: string;
  doi: string | null;
  doiUrl: string | null;
  /** Up to two sentences, from CONCLUSIONS when the abstract is structured. */
  preview: string | null;
  /** Entry date `YYYY-MM-DD` (history.entrez, else history.pubmed). */
  enteredOn: string | null;
  /**
   * True for a late arrival: entered PubMed in an earlier week but first stored here after that week's
   * digest was written (so it was in none), listed with this week's new papers. Absent otherwise.
   */
  late?: true;
  /**
   * Study design and themes as `show --json` has them, without the cues (`show` has those; a digest lists
   * many papers). Absent in digests written before evidence existed.
   */
  evidence?: Omit<Evidence, 'cues'> | null;
}

export interface TopicGroup {
  name: string;
  /**
   * The week's new papers with this topic, wherever they are listed (for "Other", the papers listed there).
   * Digests written before 2026-12 counted only the papers listed under the group (`pmids.length`).
   */
  total: number;
  /**
   * The papers listed under this group, most relevant first. A paper with several topics is listed once,
   * under its most specific topic (collect.ts), so `pmids.length` may be less than `total`.
   */
  pmids: string[];
}

export interface UpdatedPaper extends DigestPaper {
  /** Last revision instant within the week. */
  revisedAt: string;
  /** Human-readable changes, oldest revision first. */
  changes: string[];
}

export type NoticeKind =
  | 'retracted'
  | 'retraction-notice'
  | 'partially-retracted'
  | 'partial-retraction-notice'
  | 'erratum'
  | 'corrected'
  | 'concern-notice'
  | 'concern'
  | 'withdrawn';

export interface RelatedRecord {
  /** CommentsCorrections `RefType`. */
  type: string;
  pmid: string | null;
  source: string | null;
  url: string | null;
}

export interface DigestNotice {
  kind: NoticeKind;
  label: string;
  paper: DigestPaper;
  related: RelatedRecord[];
  /** Whether the record is new this week or was revised into this state this week. */
  section: 'new' | 'updated';
}

/** One configured topic's completeness when the digest was written (the line `status` prints). */
export interface DigestCompleteness {
  topic: string;
  /** Null before the topic's first check against PubMed. */
  complete: boolean | null;
  line: string;
}

/** How far the successful ingests of one topic covered the week (digest/coverage.ts). */
export interface TopicCoverage {
  topic: string;
  /** `full`: an ingest ended at or after the week's end; `partial`: the last one ended inside the week; `none`: before it. */
  covered: 'full' | 'partial' | 'none';
  /** End of the first covering ingest (`full`), else the start of the last successful one (when it searched PubMed); null when none succeeded. */
  through: string | null;
  line: string;
}

/** An ingest run that started in the week and did not complete. */
export interface RunProblem {
  run: number;
  status: 'failed' | 'interrupted' | 'deferred';
  startedAt: string;
  line: string;
}

/** The week's coverage by the library's ingests: per configured topic, and the runs that did not complete. */
export interface DigestCoverage {
  topics: TopicCoverage[];
  problems: RunProblem[];
}

export interface DigestDocument {
  schemaVersion: typeof DIGEST_SCHEMA_VERSION;
  week: string;
  range: { from: string; to: string; timeZone: string; start: string; end: string };
  /**
   * ISO instant the content is as of, never later than the write: `range.end`, or for a week written while
   * in progress the time of the write that last changed the content (collect.ts `stampAsOf`). The feed
   * dates its entry by it. Absent in digests written before it was recorded.
   */
  asOf?: string;
  /**
   * True when the digest was written before its week ended: its content is as of `asOf` and the week is
   * written again, whole, once it is over. Absent in digests written before it was recorded.
   */
  inProgress?: boolean;
  counts: { new: number; updated: number; notices: number };
  /** Absent in digests written before completeness was tracked. */
  completeness?: DigestCompleteness[];
  /** Absent in digests written before coverage was recorded (read as covered). */
  coverage?: DigestCoverage;
  perTopicCap: number;
  topics: TopicGroup[];
  newPapers: DigestPaper[];
  updated: UpdatedPaper[];
  notices: DigestNotice[];
  /** The whole library's papers per publication year by design (the HTML chart); absent when not computed. */
  evidenceYears?: YearRow[];
}

/** Papers of one publication year by design (the `years` rows of the evidence map). */
export interface YearRow {
  year: number;
  total: number;
  byDesign: Record<Design, number>;
}
