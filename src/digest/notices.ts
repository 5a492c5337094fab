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
];

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
