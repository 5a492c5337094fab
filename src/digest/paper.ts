/**
 * One Article as the digest shows it: display authors, journal, year, badges, links, preview. Pure.
 */
import { classifyByRules } from '../evidence/classify.js';
import { evidenceOf } from '../evidence/summary.js';
import { designLabel } from '../evidence/types.js';
import type { Evidence } from '../evidence/types.js';
import { authorName } from '../pubmed/author-name.js';
import type { Article, ArticleRevision, ListedArticle } from '../types.js';
import { describeRevision } from './changes.js';
import { noticeLabel } from './notices.js';
import type { DigestPaper } from './types.js';
import { previewOf } from './preview.js';
import { doiUrl, pubmedUrl } from './text.js';

/**
 * The notice badges (what a reader must not miss in a list), first in display order: every face (digest,
 * web, MCP, the CLI's search list) says them in these words. Each reads NLM's flag or the publication type.
 */
const NOTICE_BADGES: ReadonlyArray<readonly [string, (types: ReadonlySet<string>, a: ListedArticle) => boolean]> = [
  ['Retracted', (t, a) => a.retracted || t.has('Retracted Publication')],
  ['Retraction notice', (t, a) => a.retractionNotice || t.has('Retraction of Publication')],
  ['Erratum', (t) => t.has('Published Erratum')],
  ['Expression of Concern', (t) => t.has('Expression of Concern')],
];

/** Publication type -> badge, in display order (the notices first). Several types may map to one badge. */
const BADGES: ReadonlyArray<readonly [string, (types: ReadonlySet<string>, a: ListedArticle) => boolean]> = [
  ...NOTICE_BADGES,
  ['Meta-Analysis', (t) => t.has('Meta-Analysis')],
  ['Systematic Review', (t) => t.has('Systematic Review')],
  ['Review', (t) => t.has('Review') && !t.has('Systematic Review')],
  ['RCT', (t) => t.has('Randomized Controlled Trial')],
  ['Clinical Trial', (t) => !t.has('Randomized Controlled Trial') && [...t].some((x) => x.startsWith('Clinical Trial'))],
  ['Observational Study', (t) => t.has('Observational Study')],
  ['Guideline', (t) => t.has('Practice Guideline') || t.has('Guideline')],
  ['Case Report', (t) => t.has('Case Reports')],
  ['Letter', (t) => t.has('Letter')],
  ['Editorial', (t) => t.has('Editorial')],
  ['Comment', (t) => t.has('Comment')],
  ['Preprint', (t) => t.has('Preprint')],
  ['Book', (_t, a) => a.isBook],
];

/** Badges for a record, in the fixed display order above. */
export function badgesOf(a: ListedArticle): string[] {
  const types = new Set(a.publicationTypes);
  return BADGES.filter(([, test]) => test(types, a)).map(([name]) => name);
}

/** Whether a record changed since the library first stored it (the "Updated" badge). */
export function isUpdated(a: Pick<ListedArticle, 'firstSeenAt' | 'updatedAt'>): boolean {
  return a.firstSeenAt !== null && a.updatedAt !== null && a.updatedAt > a.firstSeenAt;
}

/**
 * Every badge a list shows for a record, in display order: "Withdrawn from PubMed" first for a withdrawn
 * record, the publication-type badges ({@link badgesOf}: the notices first), its study design when no badge
 * already says it ("Animal"), then Updated. The web's result
 * lists and paper pages, the CLI's search list (`SearchHit.badges`) and MCP say these words.
 */
export function listBadges(a: ListedArticle): string[] {
  const list = badgesOf(a);
  const design = designLabel(evidenceOf(a).design);
  if (!list.some((b) => b.toLowerCase() === design.toLowerCase())) list.push(design);
  if (a.deleted) list.unshift(noticeLabel('withdrawn'));
  if (isUpdated(a)) list.push('Updated');
  return list;
}

/** One stored revision as the paper page and `show` list it under "What changed between stored versions". */
export interface RevisionSummary {
  /** When the library stored it (ISO 8601 UTC). */
  at: string;
  source: ArticleRevision['source'];
  /** What changed, in words ({@link describeRevision}). */
  changes: string[];
  /** The title the revision replaced, when it replaced one. */
  titleBefore: string | null;
}

/** The revisions of `a` (in the order given) as every face lists them. */
export function revisionSummaries(a: Article, revisions: readonly ArticleRevision[]): RevisionSummary[] {
  return revisions.map((r) => ({
    at: r.at,
    source: r.source,
    changes: describeRevision(a, r),
    titleBefore: typeof r.previous.title === 'string' ? r.previous.title : null,
  }));
}

/**
 * Evidence tier used for "most relevant first": 3 meta-analysis or systematic review, 2 randomized
 * trial, 1 review, other clinical trial or guideline, 0 everything else.
 */
export function evidenceTier(a: Article): number {
  const t = new Set(a.publicationTypes);
  if (t.has('Meta-Analysis') || t.has('Systematic Review')) return 3;
  if (t.has('Randomized Controlled Trial')) return 2;
  if (t.has('Review') || t.has('Practice Guideline') || [...t].some((x) => x.startsWith('Clinical Trial'))) return 1;
  return 0;
}

/** Entry date: history.entrez, else history.pubmed (the store's rule), as `YYYY-MM-DD`. */
export function entryDate(a: Article): string | null {
  const raw = a.history.entrez ?? a.history.pubmed ?? null;
  return raw === null ? null : raw.slice(0, 10);
}

/** The record's evidence without its cues (see DigestPaper.evidence). */
function digestEvidence(a: Article): Omit<Evidence, 'cues'> {
  const { cues: _cues, ...rest } = a.evidence ?? classifyByRules(a);
  return rest;
}

/**
 * The digest view of an Article. `topicOrder` puts configured topics first (in config order), then any
 * other topic names alphabetically.
 */
export function toDigestPaper(a: Article, topicOrder: readonly string[]): DigestPaper {
  const names = a.authors.map(authorName).filter((n): n is string => n !== null);
  return {
    pmid: a.pmid,
    title: a.title,
    titleHtml: a.titleHtml !== '' ? a.titleHtml : a.title,
    authors: names.slice(0, 3),
    moreAuthors: names.length > 3 || (!a.authorListComplete && names.length > 0),
    journal: a.journal.isoAbbreviation ?? a.journal.title ?? a.book?.title ?? null,
    year: a.pubDate.year,
    badges: badgesOf(a),
    topics: orderTopics(a.topics, topicOrder),
    pubmedUrl: pubmedUrl(a.pmid) ?? '',
    doi: a.doi,
    doiUrl: a.doi ? doiUrl(a.doi) : null,
    preview: previewOf(a.abstract, a.abstractSections),
    enteredOn: entryDate(a),
    evidence: digestEvidence(a),
  };
}

/** Topics in configured order, then unknown ones alphabetically; duplicates removed. */
export function orderTopics(topics: readonly string[], order: readonly string[]): string[] {
  const set = new Set(topics);
  const known = order.filter((t) => set.has(t));
  const unknown = [...set].filter((t) => !order.includes(t)).sort();
  return [...known, ...unknown];
}
