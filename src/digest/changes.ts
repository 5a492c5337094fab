/**
 * "What changed" for the Updated section, from a stored revision (`changed` + previous values) and the
 * record as it is now. Pure. Defensive about `previous`: it is JSON from the store, so shapes are checked.
 */
import type { Article, ArticleRevision, ChangedField } from '../types.js';

/** How many added/removed names one line lists before "+N more". */
const LIST_MAX = 5;

type Describe = (now: Article, previous: unknown) => string[];

const DESCRIBE: Readonly<Record<ChangedField, Describe>> = {
  version: (a) => [`new version (v${a.version})`],
  title: () => ['title corrected'],
  abstract: (a, prev) => [prev === null || prev === undefined || prev === '' ? 'abstract added' : a.abstract ? 'abstract revised' : 'abstract removed'],
  mesh: (a, prev) => listDiff('MeSH', a.mesh.map((m) => m.descriptor), namesOf(prev, 'descriptor')),
  publicationTypes: (a, prev) => listDiff('publication type', a.publicationTypes, namesOf(prev)),
  retracted: (a) => [a.retracted ? 'now retracted' : 'no longer marked retracted'],
  retractionNotice: (a) => [a.retractionNotice ? 'now a retraction notice' : 'no longer a retraction notice'],
  authors: () => ['author list changed'],
  journal: () => ['journal details changed'],
  pubDate: (a) => [a.pubDate.raw ? `publication date now ${a.pubDate.raw}` : 'publication date changed'],
  doi: (a, prev) => [typeof prev === 'string' && prev !== '' ? (a.doi ? 'DOI changed' : 'DOI removed') : 'DOI added'],
  commentsCorrections: (a, prev) => linkDiff(a, prev),
  keywords: (a, prev) => listDiff('keyword', a.keywords, namesOf(prev)),
  chemicals: (a, prev) => listDiff('chemical', a.chemicals.map((c) => c.name), namesOf(prev, 'name')),
};

/** Readable change lines for one revision, in the order the store lists the changed fields. */
export function describeRevision(now: Article, revision: ArticleRevision): string[] {
  return revision.changed.flatMap((field) => DESCRIBE[field]?.(now, revision.previous[field]) ?? [`${field} changed`]);
}

/** Strings of an array of strings, or of `key` of an array of objects; [] for anything else. */
function namesOf(value: unknown, key?: string): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v: unknown) => {
    if (key === undefined) return typeof v === 'string' ? [v] : [];
    const name = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
    return typeof name === 'string' ? [name] : [];
  });
}

function listDiff(what: string, now: readonly string[], before: readonly string[]): string[] {
  const added = now.filter((x) => !before.includes(x));
  const removed = before.filter((x) => !now.includes(x));
  const lines: string[] = [];
  if (added.length > 0) lines.push(`${what} added: ${shortList(added)}`);
  if (removed.length > 0) lines.push(`${what} removed: ${shortList(removed)}`);
  return lines.length > 0 ? lines : [`${what} list reordered`];
}

function shortList(names: readonly string[]): string {
  const sorted = [...names];
  const shown = sorted.slice(0, LIST_MAX).join(', ');
  return sorted.length > LIST_MAX ? `${shown} (+${sorted.length - LIST_MAX} more)` : shown;
}

/** "linked: ErratumIn PMID 123" for each new CommentsCorrections entry. */
function linkDiff(a: Article, prev: unknown): string[] {
  const key = (type: unknown, pmid: unknown, source: unknown): string => `${String(type)} ${pmid ? `PMID ${String(pmid)}` : String(source ?? '')}`.trim();
  const before = new Set(
    (Array.isArray(prev) ? prev : []).map((c: unknown) => {
      const r = (c ?? {}) as Record<string, unknown>;
      return key(r.type, r.pmid, r.source);
    }),
  );
  const added = a.commentsCorrections.map((c) => key(c.type, c.pmid, c.source)).filter((k) => !before.has(k));
  return added.length > 0 ? [`linked: ${shortList(added)}`] : ['comments/corrections changed'];
}
