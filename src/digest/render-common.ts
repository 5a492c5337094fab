/**
 * Wording and layout decisions shared by the Markdown and HTML renderers, so the two always say the same
 * thing. Pure; English only; no locale-dependent formatting (determinism across machines).
 */
import { coverageGap, isCovered, problemsSentence, utc } from './coverage.js';
import { noticeCounts } from './notices.js';
import { slug } from './text.js';
import { COMPLETENESS_HEADING, completenessLines } from './completeness.js';
import { COVERAGE_HEADING, coverageLines } from './coverage.js';
import type { DigestDocument, DigestPaper, TopicGroup } from './types.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Digest title, e.g. "Kratom literature digest, 2026-W47". */
export function digestTitle(doc: DigestDocument): string {
  return `Kratom literature digest, ${doc.week}`;
}

/** `Monday 16 November 2026` for `2026-11-16` (the ISO weekday is computed, not localized). */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return `${WEEKDAYS[weekday]} ${d} ${MONTHS[m - 1]} ${y}`;
}

/** "Monday 16 November 2026 to Sunday 22 November 2026 (UTC)". */
export function rangeLine(doc: DigestDocument): string {
  return `${longDate(doc.range.from)} to ${longDate(doc.range.to)} (${doc.range.timeZone})`;
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * "12 new papers · 3 updated · 1 retraction · 1 withdrawn from PubMed": notices counted by the paper they
 * are about (notices.ts `noticeCounts`, the rule the e-mail subject uses too), "no notices" when none.
 */
export function countsLine(doc: Pick<DigestDocument, 'counts' | 'notices'>): string {
  const c = doc.counts;
  const notices = noticeCounts(doc.notices).map((n) => n.text);
  return [plural(c.new, 'new paper', 'new papers'), `${c.updated} updated`, ...(notices.length > 0 ? notices : ['no retractions, corrections or expressions of concern'])].join(' · ');
}

/** Whether the digest was written before its week ended (older files: their `asOf` says so). */
export function inProgress(doc: Pick<DigestDocument, 'inProgress' | 'asOf' | 'range'>): boolean {
  return doc.inProgress ?? (doc.asOf !== undefined && Date.parse(doc.asOf) < Date.parse(doc.range.end));
}

/** Nothing new, updated or noticed in a week every topic's ingests covered, with no failed run. */
export function isQuiet(doc: Pick<DigestDocument, 'counts' | 'coverage' | 'inProgress' | 'asOf' | 'range'>): boolean {
  const c = doc.counts;
  return c.new + c.updated + c.notices === 0 && isCovered(doc) && (doc.coverage?.problems.length ?? 0) === 0 && !inProgress(doc);
}

/**
 * The sentences under the counts, in order: the week is in progress; it is quiet, or not (wholly) covered
 * by an ingest; runs in it did not complete. Every format shows them.
 */
export function statusSentences(doc: DigestDocument): string[] {
  const out: string[] = [];
  if (inProgress(doc)) out.push(`Week in progress, as of ${utc(doc.asOf ?? doc.range.end)}: it is written again, whole, once it ends (${utc(doc.range.end)}).`);
  if (isQuiet(doc)) out.push(EMPTY.week);
  const gap = coverageGap(doc);
  if (gap !== null) out.push(gap);
  const problems = problemsSentence(doc);
  if (problems !== null) out.push(problems);
  return out;
}

/**
 * One short line at the top standing for the completeness and coverage details, which the HTML file (the
 * e-mail's HTML part) and the plain-text e-mail give after the papers, so a phone's first screen shows the
 * week's papers: "Library completeness against PubMed: 1 of 2 topics complete (details after the papers)."
 * Null when the document has no such details.
 */
export function detailsLine(doc: DigestDocument): string | null {
  const topics = doc.completeness ?? [];
  if (topics.length === 0) return coverageLines(doc).length > 0 ? `${COVERAGE_HEADING}: details after the papers.` : null;
  const complete = topics.filter((c) => c.complete === true).length;
  const said = complete === topics.length
    ? (topics.length === 1 ? 'the topic is complete' : `all ${plural(topics.length, 'topic', 'topics')} complete`)
    : `${complete} of ${plural(topics.length, 'topic', 'topics')} complete`;
  return `${COMPLETENESS_HEADING}: ${said} (details after the papers).`;
}

/** The details {@link detailsLine} stands for: each heading with its lines, the empty ones left out. */
export function detailsBlocks(doc: DigestDocument): Array<{ heading: string; lines: string[] }> {
  return [
    { heading: COMPLETENESS_HEADING, lines: completenessLines(doc) },
    { heading: COVERAGE_HEADING, lines: coverageLines(doc) },
  ].filter((b) => b.lines.length > 0);
}

/** The empty New papers section's sentence: it claims nothing about PubMed for a week not covered. */
export function noNewPapers(doc: DigestDocument): string {
  return isCovered(doc) && !inProgress(doc) ? EMPTY.newPapers : 'No new papers are stored for this week so far.';
}

/** Where a group's papers listed under other groups are: each other group and how many of them it lists. */
export function listedElsewhere(doc: DigestDocument, group: TopicGroup): Array<{ group: TopicGroup; n: number }> {
  const topicsOf = new Map(doc.newPapers.map((p) => [p.pmid, p.topics]));
  return doc.topics
    .filter((g) => g !== group)
    .map((g) => ({ group: g, n: g.pmids.filter((id) => topicsOf.get(id)?.includes(group.name) === true).length }))
    .filter((g) => g.n > 0);
}

/**
 * A topic group's heading: "mitragynine: 11 new papers (8 listed under 7-hydroxymitragynine)". `total`
 * counts the week's new papers with the topic; a paper with several topics is listed once, under one group
 * (collect.ts says which), and the heading says how many of its papers are listed under the others.
 */
export function topicHeading(doc: DigestDocument, group: TopicGroup): string {
  const elsewhere = listedElsewhere(doc, group).map((g, i) => `${g.n} ${i === 0 ? 'listed under' : 'under'} ${g.group.name}`);
  return `${group.name}: ${plural(group.total, 'new paper', 'new papers')}${elsewhere.length > 0 ? ` (${elsewhere.join(', ')})` : ''}`;
}

/**
 * The line under a topic heading that lists none of its papers itself (all are listed under other topics),
 * so the heading never reads as a missing list: "Its paper is listed under 7-hydroxymitragynine (a paper
 * with several topics is listed once)." Null when the group lists papers of its own. `name` renders a
 * group's name (a link in HTML), `text` the fixed words (escaping), so every format says the same.
 */
export function listedElsewhereLine(
  doc: DigestDocument,
  group: TopicGroup,
  name: (g: TopicGroup) => string,
  text: (s: string) => string,
): string | null {
  if (group.pmids.length > 0 || group.total === 0) return null;
  const where = listedElsewhere(doc, group);
  if (where.length === 0) return null;
  const targets = where.map((g) => (where.length === 1 ? name(g.group) : `${name(g.group)} ${text(`(${g.n})`)}`)).join(text(', '));
  const lead = group.total === 1 ? 'Its paper is listed under ' : `Its ${group.total} papers are listed under `;
  return `${text(lead)}${targets}${text(' (a paper with several topics is listed once).')}`;
}

/**
 * The id of a topic group's section in the HTML formats (`topic-7-hydroxymitragynine`), unique within the
 * digest: the served page, the HTML file and the feed link a topic's count to it.
 */
export function topicAnchor(doc: DigestDocument, group: TopicGroup): string {
  const anchor = (g: TopicGroup): string => `topic-${slug(g.name)}`;
  const i = doc.topics.indexOf(group);
  const clash = doc.topics.some((g, j) => j !== i && anchor(g) === anchor(group));
  return clash ? `${anchor(group)}-${i + 1}` : anchor(group);
}

/** The topic groups the by-topic line counts (those with new papers this week), in configured order. */
export function countedTopics(doc: DigestDocument): TopicGroup[] {
  return doc.counts.new === 0 ? [] : doc.topics.filter((g) => g.total > 0);
}

/**
 * The lead of the by-topic line, saying how many distinct papers the week has so per-topic counts never
 * add up to more: "By topic (1 new paper in all; a paper with several topics counts under each):". Each
 * format follows it with `topicCount` per {@link countedTopics} group, joined by " · ".
 */
export function topicCountsLead(doc: DigestDocument): string {
  return `By topic (${plural(doc.counts.new, 'new paper', 'new papers')} in all; a paper with several topics counts under each):`;
}

/** One topic's part of the by-topic line: "mitragynine: 1". */
export function topicCount(group: TopicGroup): string {
  return `${group.name}: ${group.total}`;
}

/** Section headings, in document order. */
export const SECTIONS = {
  newPapers: 'New papers',
  updated: 'Updated',
  notices: 'Retractions, corrections and expressions of concern',
} as const;

/** Sentences for empty sections. */
export const EMPTY = {
  week: 'A quiet week: no new papers, no updates and no notices for the configured topics.',
  newPapers: 'No new papers entered PubMed for the configured topics this week.',
  updated: 'No stored records were revised this week.',
  notices: 'No retractions, corrections or expressions of concern this week.',
} as const;

/** A topic group's papers as the page shows them: the first `perTopicCap`, and how many more exist. */
export function shownPapers(doc: DigestDocument, group: TopicGroup): { papers: DigestPaper[]; more: number } {
  const byPmid = new Map(doc.newPapers.map((p) => [p.pmid, p]));
  const all = group.pmids.map((id) => byPmid.get(id)).filter((p): p is DigestPaper => p !== undefined);
  const cap = Math.max(0, doc.perTopicCap);
  return { papers: all.slice(0, cap), more: Math.max(0, all.length - cap) };
}

/** "and 3 more in mitragynine (all listed in 2026-W47.json)". */
export function moreLine(doc: DigestDocument, group: TopicGroup, more: number): string {
  return `and ${more} more in ${group.name} (all listed in ${doc.week}.json)`;
}

/** Authors, journal, year: "Smith J, Doe A, Lee K, et al. · J Ethnopharmacol · 2026" (plain text pieces). */
export function bylineParts(p: DigestPaper): string[] {
  const parts: string[] = [];
  if (p.authors.length > 0) parts.push(`${p.authors.join(', ')}${p.moreAuthors ? ', et al.' : ''}`);
  if (p.journal) parts.push(p.journal);
  if (p.year !== null) parts.push(String(p.year));
  return parts;
}

const RELATED_LABELS: Readonly<Record<string, string>> = {
  RetractionIn: 'Retraction notice',
  RetractionOf: 'Retracts',
  PartialRetractionIn: 'Partial retraction notice',
  PartialRetractionOf: 'Partially retracts',
  ErratumIn: 'Erratum',
  ErratumFor: 'Corrects',
  CorrectedandRepublishedIn: 'Corrected and republished as',
  CorrectedandRepublishedFrom: 'Corrected and republished from',
  ExpressionOfConcernIn: 'Expression of concern',
  ExpressionOfConcernFor: 'Expression of concern about',
};

/** Human label of a CommentsCorrections RefType ("ErratumFor" -> "Corrects"). */
export function relatedLabel(type: string): string {
  return RELATED_LABELS[type] ?? type;
}
