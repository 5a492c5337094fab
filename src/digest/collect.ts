/**
 * Selection for one week's digest: new papers grouped by topic, updated records, and notices. Pure: the
 * caller reads the store (`listArticlesEnteredBetween`, `listRevisionsBetween`) and passes the rows in.
 *
 * "Most relevant first" inside a topic: higher evidence tier first (meta-analysis / systematic review,
 * then randomized trial, then review / other clinical trial / guideline, then the rest), then papers that
 * matched more configured topics, then the newest entry date, then the higher PMID. Every key is total,
 * so the order is deterministic.
 */
import type { YearRow } from './types.js';
import type { Article, ArticleRevision } from '../types.js';
import { describeRevision } from './changes.js';
import {
  DIGEST_SCHEMA_VERSION,
  type DigestDocument,
  type DigestNotice,
  type DigestPaper,
  OTHER_TOPIC,
  type TopicGroup,
  type UpdatedPaper,
} from './types.js';
import { comparePmid, noticeKinds, noticeLabel, sortNotices } from './notices.js';
import { entryDate, evidenceTier, toDigestPaper } from './paper.js';
import type { WeekRange } from './week.js';

export interface CollectInput {
  week: WeekRange;
  /** Live records whose entry date falls in the week. */
  entered: readonly Article[];
  /**
   * Late arrivals: live records first stored in the week that entered PubMed in an earlier week whose
   * digest was already written when they arrived (or with no entry date). Listed with the new papers,
   * marked `late`. Default none.
   */
  late?: readonly Article[];
  /**
   * Records PubMed withdrew (deleted) during the week: listed among the notices, so a reader who saw one in
   * an earlier digest is told. Default none.
   */
  withdrawn?: readonly Article[];
  /** Revisions stored within `[week.start, week.end)`, oldest first. */
  revisions: ReadonlyArray<{ article: Article; revision: ArticleRevision }>;
  /** Configured topic names, in configured order. */
  topics: readonly string[];
  /** Papers per topic shown in the .md/.html before "and N more" (the JSON lists all). */
  perTopicCap: number;
  /** The library's papers per year by design (evidence map), for the HTML chart; optional. */
  evidenceYears?: YearRow[];
  /**
   * Live records per topic in the whole library (store `countArticles().byTopic`): the smaller topic is the
   * more specific one. Default: this week's counts.
   */
  topicSizes?: Readonly<Record<string, number>>;
}

/** Records that are themselves notices: listed under Notices only, not again among the new papers. */
const NOTICE_RECORDS: ReadonlySet<string> = new Set(['retraction-notice', 'partial-retraction-notice', 'concern-notice', 'erratum']);

function isNoticeRecord(a: Article): boolean {
  return noticeKinds(a).some((k) => NOTICE_RECORDS.has(k.kind));
}

/** Builds the digest document for one week. Same input, same output, byte for byte once serialized. */
export function collectDigest(input: CollectInput): DigestDocument {
  const lateRecords = (input.late ?? []).filter((a) => !a.deleted);
  const late = new Set(lateRecords.map((a) => a.pmid));
  const fresh = uniqueByPmid([...input.entered.filter((a) => !a.deleted && inWeek(entryDate(a), input.week)), ...lateRecords]);
  const grouped = groupByTopic(fresh.filter((a) => !isNoticeRecord(a)), input.topics, input.topicSizes);
  const newPapers = grouped.flatMap((g) => g.articles.map((a) => asLate(toDigestPaper(a, input.topics), late)));
  const newPmids = new Set(fresh.map((a) => a.pmid));
  const revised = revisionsByPmid(input.revisions.filter((r) => !r.article.deleted && !newPmids.has(r.article.pmid)));
  const updated = revised.map((r) => toUpdated(r.article, r.revisions, input.topics));
  const notices = sortNotices([
    ...fresh.flatMap((a) => noticesFor(a, [], 'new', input.topics)),
    ...revised.flatMap((r) => noticesFor(r.article, r.revisions, 'updated', input.topics)),
    ...uniqueByPmid(input.withdrawn ?? []).map((a): DigestNotice => ({
      kind: 'withdrawn', label: noticeLabel('withdrawn'), paper: toDigestPaper(a, input.topics), related: [], section: 'updated',
    })),
  ]);
  const { week } = input;
  return {
    schemaVersion: DIGEST_SCHEMA_VERSION,
    week: week.week,
    range: { from: week.from, to: week.to, timeZone: week.timeZone, start: week.start, end: week.end },
    // The week whole; a write before its end dates it by the write instead (stampAsOf).
    asOf: week.end,
    inProgress: false,
    counts: { new: newPapers.length, updated: updated.length, notices: notices.length },
    perTopicCap: input.perTopicCap,
    topics: grouped.map((g): TopicGroup => ({ name: g.name, total: topicTotal(g, newPapers), pmids: g.articles.map((a) => a.pmid) })),
    newPapers,
    updated,
    notices,
    ...(input.evidenceYears ? { evidenceYears: input.evidenceYears } : {}),
  };
}

/** The week's new papers with the group's topic, wherever listed ("Other": the papers listed there). */
function topicTotal(group: { name: string; articles: readonly Article[] }, papers: readonly DigestPaper[]): number {
  return group.name === OTHER_TOPIC ? group.articles.length : papers.filter((p) => p.topics.includes(group.name)).length;
}

/** A late arrival's paper carries `late` and says so in its badges (every format shows them). */
function asLate(p: DigestPaper, late: ReadonlySet<string>): DigestPaper {
  if (!late.has(p.pmid)) return p;
  return { ...p, badges: [...p.badges, p.enteredOn ? `Late addition: entered ${p.enteredOn}` : 'Late addition'], late: true };
}

function inWeek(date: string | null, week: WeekRange): boolean {
  return date !== null && date >= week.from && date <= week.to;
}

function uniqueByPmid(articles: readonly Article[]): Article[] {
  const seen = new Map<string, Article>();
  for (const a of articles) if (!seen.has(a.pmid)) seen.set(a.pmid, a);
  return [...seen.values()];
}

/**
 * Configured topics in order (even when empty), then "Other" when some paper matched none. A paper matched
 * by several topics goes once, under its most specific one (the smallest topic, configured order on a
 * tie), so a 7-hydroxymitragynine paper, which also matches mitragynine, is found under
 * 7-hydroxymitragynine; the paper lists all its topics.
 */
function groupByTopic(articles: readonly Article[], topics: readonly string[], sizes?: Readonly<Record<string, number>>): Array<{ name: string; articles: Article[] }> {
  const groups = topics.map((name) => ({ name, articles: [] as Article[] }));
  const other = { name: OTHER_TOPIC, articles: [] as Article[] };
  const size = (name: string) => sizes?.[name] ?? articles.filter((a) => a.topics.includes(name)).length;
  const sizeOf = new Map(topics.map((t) => [t, size(t)]));
  for (const a of articles) {
    const matched = groups.filter((g) => a.topics.includes(g.name));
    const home = matched.reduce<(typeof groups)[number] | null>((best, g) => (best === null || (sizeOf.get(g.name) ?? 0) < (sizeOf.get(best.name) ?? 0) ? g : best), null) ?? other;
    home.articles.push(a);
  }
  const all = other.articles.length > 0 ? [...groups, other] : groups;
  for (const g of all) g.articles.sort((x, y) => byRelevance(x, y, topics));
  return all;
}

function byRelevance(x: Article, y: Article, topics: readonly string[]): number {
  const matched = (a: Article): number => a.topics.filter((t) => topics.includes(t)).length;
  const dx = entryDate(x) ?? '';
  const dy = entryDate(y) ?? '';
  return (
    evidenceTier(y) - evidenceTier(x) ||
    matched(y) - matched(x) ||
    (dx === dy ? 0 : dx < dy ? 1 : -1) ||
    comparePmid(y.pmid, x.pmid)
  );
}

interface Revised {
  article: Article;
  revisions: ArticleRevision[];
}

/** One entry per record, revisions oldest first; records ordered by last revision (newest first), then PMID. */
function revisionsByPmid(rows: ReadonlyArray<{ article: Article; revision: ArticleRevision }>): Revised[] {
  const by = new Map<string, Revised>();
  for (const { article, revision } of rows) {
    const entry = by.get(article.pmid) ?? { article, revisions: [] };
    entry.revisions.push(revision);
    by.set(article.pmid, entry);
  }
  const list = [...by.values()];
  for (const r of list) r.revisions.sort((a, b) => a.revision - b.revision);
  const last = (r: Revised): string => r.revisions.at(-1)?.at ?? '';
  return list.sort((a, b) => (last(a) === last(b) ? comparePmid(a.article.pmid, b.article.pmid) : last(a) < last(b) ? 1 : -1));
}

function toUpdated(article: Article, revisions: readonly ArticleRevision[], topics: readonly string[]): UpdatedPaper {
  const changes = [...new Set(revisions.flatMap((r) => describeRevision(article, r)))];
  return { ...toDigestPaper(article, topics), revisedAt: revisions.at(-1)?.at ?? '', changes };
}

/** Fields whose previous values decide which notice kinds are new this week. */
const NOTICE_FIELDS = ['publicationTypes', 'retracted', 'retractionNotice', 'commentsCorrections'] as const;

/**
 * Notices of a record. For a revised record only kinds it did not carry before the week's first revision
 * count: a paper corrected years ago whose MeSH changed this week is not a correction of this week.
 */
function noticesFor(
  a: Article,
  revisions: readonly ArticleRevision[],
  section: 'new' | 'updated',
  topics: readonly string[],
): DigestNotice[] {
  const before = section === 'new' ? [] : noticeKinds(stateBefore(a, revisions)).map((k) => k.kind);
  const paper: DigestPaper = toDigestPaper(a, topics);
  return noticeKinds(a)
    .filter((k) => !before.includes(k.kind))
    .map((k) => ({ kind: k.kind, label: k.label, paper, related: k.related, section }));
}

function stateBefore(a: Article, revisions: readonly ArticleRevision[]): Article {
  const prev: Article = { ...a };
  for (const field of NOTICE_FIELDS) {
    const first = revisions.find((r) => r.changed.includes(field));
    if (!first) continue;
    const value = first.previous[field];
    if (field === 'retracted' || field === 'retractionNotice') prev[field] = value === true;
    else if (field === 'publicationTypes') prev.publicationTypes = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    else prev.commentsCorrections = Array.isArray(value) ? (value as Article['commentsCorrections']) : [];
  }
  return prev;
}

/**
 * The document as written at `now`: its `asOf` is `now`, or the week's end if that came first; when
 * `previous` (the week's file as it stands) already says the same apart from `asOf`, its `asOf` is kept, so
 * a rewrite that changes nothing changes no date. A past week's digest is therefore as of its end whatever
 * was written before: its bytes are those of a clean regeneration from the same records (what the fault
 * suite's convergence oracle checks after a crash), and a paper that reached the library after the week
 * reaches feed readers as a late addition in the week it arrived (collect.ts). Pure.
 */
export function stampAsOf(doc: DigestDocument, previous: DigestDocument | null, now: Date): DigestDocument {
  const written = new Date(Math.min(Date.parse(doc.range.end), now.getTime())).toISOString();
  const unchanged = previous?.asOf !== undefined && sameContent(previous, doc, now);
  return { ...doc, asOf: unchanged ? (previous.asOf as string) : written, inProgress: now.getTime() < Date.parse(doc.range.end) };
}

/** Same apart from `asOf`; `inProgress` counts as content (the page says "in progress" or does not). */
function sameContent(a: DigestDocument, b: DigestDocument, now: Date): boolean {
  const ended = now.getTime() >= Date.parse(b.range.end);
  return JSON.stringify({ ...a, asOf: null }) === JSON.stringify({ ...b, asOf: null, inProgress: !ended });
}
