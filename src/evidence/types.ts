/**
 * The evidence classification: what kind of study a record is (`design`) and what it is about (`themes`).
 * The ids are a public contract (scripts, search filters, exports rely on them): never rename one.
 */

/** Study designs, in the order the classifier's precedence considers them (see docs/evidence.md). */
export const DESIGNS = [
  'systematic-review',
  'rct',
  'clinical-trial',
  'observational',
  'case-report',
  'animal',
  'in-vitro',
  'analytical',
  'review',
  'other',
] as const;
export type Design = (typeof DESIGNS)[number];

/** Themes; a record has one or more. */
export const THEMES = [
  'pharmacology',
  'toxicity',
  'dependence',
  'pain',
  'chemistry',
  'use-patterns',
  'regulation',
  'interactions',
] as const;
export type Theme = (typeof THEMES)[number];

/**
 * Version of the rules. Stored with every classification so `kratomlit evidence --reclassify` (and a
 * reader) can tell which records were classified by older rules. Bump it whenever a rule changes.
 */
export const EVIDENCE_VERSION = 1;

/** The classification of one record, as `show --json`, the library API and the store carry it. */
export interface Evidence {
  design: Design;
  /** Secondary designs of a multi-part study (an animal study with cell assays: `["in-vitro"]`). */
  designAlso: Design[];
  /** One or more, in the order of `THEMES`. */
  themes: Theme[];
  /** What decided it, in words a curator can check (`PublicationType: Case Reports`, `abstract: "a 34-year-old man"`). */
  cues: string[];
  /** `rules` (this classifier) or `override` (the curator's override file). */
  source: 'rules' | 'override';
  /** `EVIDENCE_VERSION` of the rules that produced it (an override keeps the version it was applied with). */
  version: number;
}

/** Short human labels for badges and tables. */
export const DESIGN_LABELS: Readonly<Record<Design, string>> = {
  'systematic-review': 'Systematic review',
  rct: 'RCT',
  'clinical-trial': 'Clinical trial',
  observational: 'Observational',
  'case-report': 'Case report',
  animal: 'Animal',
  'in-vitro': 'In vitro',
  analytical: 'Analytical',
  review: 'Review',
  other: 'Other',
};

/** True for a known design id. */
export function isDesign(value: string): value is Design {
  return (DESIGNS as readonly string[]).includes(value);
}

/** True for a known theme id. */
export function isTheme(value: string): value is Theme {
  return (THEMES as readonly string[]).includes(value);
}

/** A design id as readers name it (`case-report` -> `Case report`); any other text as it is. */
export function designLabel(id: string): string {
  return isDesign(id) ? DESIGN_LABELS[id] : id;
}

/** The document `kratomlit evidence --json` prints (fields are only ever added). */
export interface EvidenceMap {
  /** Records counted (live, after the filters). */
  total: number;
  /** Of `total`, papers retracted since (counted as evidence unless `filters.retracted` is false). */
  retracted: number;
  /** `retracted`: null counts every paper, false leaves retracted papers out, true counts only them. */
  filters: { since: number | null; topic: string | null; retracted: boolean | null };
  byDesign: Record<Design, number>;
  byTheme: Record<Theme, number>;
  /** design -> theme -> records (a record counts once under each of its themes). */
  matrix: Record<Design, Record<Theme, number>>;
  /** Papers per publication year by design, oldest first; records without a year are left out. */
  years: Array<{ year: number; total: number; byDesign: Record<Design, number> }>;
}
