/**
 * New papers of a topic grouped by evidence design (DESIGNS order, unclassified last), and the design
 * badge, shared by the Markdown, HTML and Atom renderers. Pure.
 */
import { DESIGNS, DESIGN_LABELS, type Design } from '../evidence/types.js';
import type { DigestPaper } from './types.js';

/** One design's papers within a topic; `start` is the number of its first paper in the topic list. */
export interface DesignGroup {
  design: Design | null;
  label: string;
  papers: DigestPaper[];
  start: number;
}

const UNCLASSIFIED = 'Not classified';

/** The design badge of a paper (`RCT`, `Case report`...), or null for a digest written before evidence. */
export function designBadge(p: DigestPaper): string | null {
  return p.evidence ? DESIGN_LABELS[p.evidence.design] : null;
}

/** The paper's publication-type badges without the one its design badge already says (`RCT` twice). */
export function otherBadges(p: DigestPaper): string[] {
  const design = designBadge(p)?.toLowerCase();
  return p.badges.filter((b) => b.toLowerCase() !== design);
}

/** Papers grouped by design, keeping their order (relevance) within each group. */
export function designGroups(papers: readonly DigestPaper[]): DesignGroup[] {
  const order: Array<Design | null> = [...DESIGNS, null];
  const groups: DesignGroup[] = [];
  let start = 1;
  for (const design of order) {
    const members = papers.filter((p) => (p.evidence?.design ?? null) === design);
    if (members.length === 0) continue;
    groups.push({ design, label: design === null ? UNCLASSIFIED : DESIGN_LABELS[design], papers: members, start });
    start += members.length;
  }
  return groups;
}

/** `Themes: pharmacology, pain`, or null. */
export function themesLine(p: DigestPaper): string | null {
  return p.evidence && p.evidence.themes.length > 0 ? `Themes: ${p.evidence.themes.join(', ')}` : null;
}
