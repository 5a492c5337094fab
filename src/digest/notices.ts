/**
 * Retractions, corrections and expressions of concern, from publication types and CommentsCorrections.
 * An erratum is never called a retraction: each kind has its own label. Pure.
 */
import type { Article, CommentCorrection } from '../types.js';
import type { DigestNotice, NoticeKind, RelatedRecord } from './types.js';
import { pubmedUrl } from './text.js';

interface KindRule {
  kind: NoticeKind;
  label: string;
  /** Publication types that make a record this kind. */
  types: readonly string[];
  /** CommentsCorrections RefTypes that make it this kind (and are listed as related records). */
  refs: readonly string[];
  flag?: (a: Article) => boolean;
}

/** Display order of the notices section. */
const RULES: readonly KindRule[] = [
  { kind: 'retracted', label: 'Retracted', types: ['Retracted Publication'], refs: ['RetractionIn'], flag: (a) => a.retracted },
  {
    kind: 'retraction-notice',
    label: 'Retraction notice',
    types: ['Retraction of Publication'],
    refs: ['RetractionOf'],
    flag: (a) => a.retractionNotice,
  },
  { kind: 'partially-retracted', label: 'Partially retracted', types: [], refs: ['PartialRetractionIn'] },
  { kind: 'partial-retraction-notice', label: 'Partial retraction notice', types: [], refs: ['PartialRetractionOf'] },
  { kind: 'concern', label: 'Expression of concern raised', types: [], refs: ['ExpressionOfConcernIn'] },
  { kind: 'concern-notice', label: 'Expression of concern', types: ['Expression of Concern'], refs: ['ExpressionOfConcernFor'] },
  { kind: 'corrected', label: 'Corrected (erratum published)', types: [], refs: ['ErratumIn', 'CorrectedandRepublishedIn'] },
  { kind: 'erratum', label: 'Erratum (correction notice)', types: ['Published Erratum'], refs: ['ErratumFor', 'CorrectedandRepublishedFrom'] },
  // Not read from the record: PubMed deleted it (DeleteCitation), which the store records (collect.ts).
  { kind: 'withdrawn', label: 'Withdrawn from PubMed', types: [], refs: [] },
];

/** The label of a notice kind. */
export function noticeLabel(kind: NoticeKind): string {
  return RULES.find((r) => r.kind === kind)?.label ?? kind;
}

/** The notice kinds a record carries, in display order, with the related records for each. */
export function noticeKinds(a: Article): Array<{ kind: NoticeKind; label: string; related: RelatedRecord[] }> {
  const types = new Set(a.publicationTypes);
  const out: Array<{ kind: NoticeKind; label: string; related: RelatedRecord[] }> = [];
  for (const rule of RULES) {
    const refs = a.commentsCorrections.filter((c) => rule.refs.includes(c.type));
    const hit = refs.length > 0 || rule.types.some((t) => types.has(t)) || (rule.flag?.(a) ?? false);
    if (hit) out.push({ kind: rule.kind, label: rule.label, related: refs.map(related) });
  }
  return out;
}

function related(c: CommentCorrection): RelatedRecord {
  return { type: c.type, pmid: c.pmid, source: c.source, url: pubmedUrl(c.pmid) };
}

/** Rank of a kind in the display order (for sorting notices). */
export function noticeRank(kind: NoticeKind): number {
  return RULES.findIndex((r) => r.kind === kind);
}

/** Sorts notices by kind (display order), then PMID numerically; stable and deterministic. */
export function sortNotices(notices: DigestNotice[]): DigestNotice[] {
  return notices.sort(
    (x, y) => noticeRank(x.kind) - noticeRank(y.kind) || comparePmid(x.paper.pmid, y.paper.pmid),
  );
}

/** Numeric PMID order ("9" before "10"), then lexicographic for anything odd. */
export function comparePmid(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * How notices are counted on every face (headline, e-mail subject): by the paper they are about, each once.
 * A notice record (a retraction notice, an erratum, an expression of concern) counts for the paper it names
 * (`RetractionOf`, `ErratumFor`...), so a retracted paper and its retraction notice in the same week are
 * one retraction; a notice that names no paper counts on its own. Withdrawals are counted apart.
 */
const RETRACTS = ['RetractionOf', 'PartialRetractionOf'];

const NOTICE_COUNTS: ReadonlyArray<{ one: string; many: string; papers: readonly NoticeKind[]; notices: Partial<Record<NoticeKind, readonly string[]>> }> = [
  { one: 'retraction', many: 'retractions', papers: ['retracted', 'partially-retracted'], notices: { 'retraction-notice': RETRACTS, 'partial-retraction-notice': RETRACTS } },
  { one: 'correction', many: 'corrections', papers: ['corrected'], notices: { erratum: ['ErratumFor', 'CorrectedandRepublishedFrom'] } },
  { one: 'expression of concern', many: 'expressions of concern', papers: ['concern'], notices: { 'concern-notice': ['ExpressionOfConcernFor'] } },
  { one: 'withdrawn from PubMed', many: 'withdrawn from PubMed', papers: ['withdrawn'], notices: {} },
];

type Countable = Pick<DigestNotice, 'kind' | 'paper' | 'related'>;

function countPapers(notices: readonly Countable[], rule: (typeof NOTICE_COUNTS)[number]): number {
  const papers = new Set<string>();
  for (const n of notices) {
    if (rule.papers.includes(n.kind)) papers.add(n.paper.pmid);
    const refs = rule.notices[n.kind];
    if (refs === undefined) continue;
    const named = n.related.filter((r) => refs.includes(r.type) && r.pmid !== null).map((r) => r.pmid as string);
    for (const pmid of named.length > 0 ? named : [`notice ${n.paper.pmid}`]) papers.add(pmid);
  }
  return papers.size;
}

/**
 * The week's notices counted by the rule above, in display order, zero ones left out:
 * `[{ count: 1, text: '1 retraction' }, { count: 1, text: '1 withdrawn from PubMed' }]`.
 */
export function noticeCounts(notices: readonly Countable[]): Array<{ count: number; text: string }> {
  return NOTICE_COUNTS.map((rule) => ({ rule, count: countPapers(notices, rule) }))
    .filter((c) => c.count > 0)
    .map(({ rule, count }) => ({ count, text: `${count} ${count === 1 ? rule.one : rule.many}` }));
}

/** Retracted papers among `notices`, each counted once (the first part of {@link noticeCounts}). */
export function retractionCount(notices: readonly Countable[]): number {
  return countPapers(notices, NOTICE_COUNTS[0] as (typeof NOTICE_COUNTS)[number]);
}
