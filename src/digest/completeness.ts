/**
 * The completeness lines at the top of every digest (md, html, json, atom): one per configured topic, the
 * same sentence `status` prints, with the check time in UTC so a digest's bytes never depend on when it was
 * written. Pure; the digest job reads the report from the store and calls {@link withCompleteness}.
 */
import { type TopicCompleteness, completenessLine } from '../completeness.js';
import type { DigestCompleteness, DigestDocument } from './types.js';

/** The document with its `completeness` lines, placed right after `counts` (JSON key order is stable). */
export function withCompleteness(doc: DigestDocument, report: Record<string, TopicCompleteness>): DigestDocument {
  const completeness: DigestCompleteness[] = Object.entries(report).map(([topic, c]) => ({ topic, complete: c.complete, line: completenessLine(topic, c) }));
  const { schemaVersion, week, range, counts, ...rest } = doc;
  return { schemaVersion, week, range, counts, completeness, ...rest };
}

/** The lines to print at the top; none for a document written before completeness existed. */
export function completenessLines(doc: DigestDocument): string[] {
  return (doc.completeness ?? []).map((c) => c.line);
}

/** The heading the renderers put above the lines. */
export const COMPLETENESS_HEADING = 'Library completeness against PubMed';
