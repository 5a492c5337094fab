/**
 * `feed.atom`: an Atom 1.0 feed (RFC 4287) with one entry per weekly digest, newest first, built with the
 * `feed` package. Deterministic: every date comes from the documents (entry `updated` = its `asOf`, the
 * end of the week or, for a week written while in progress, that write; feed `updated` = the latest entry's),
 * ids are tag URIs that never change, the generator is fixed. Pure.
 */
import { Feed } from 'feed';
import type { DigestDocument } from './types.js';
import { COMPLETENESS_HEADING, completenessLines } from './completeness.js';
import { COVERAGE_HEADING, coverageLines } from './coverage.js';
import {
  SECTIONS,
  countedTopics,
  countsLine,
  digestTitle,
  listedElsewhereLine,
  relatedLabel,
  shownPapers,
  statusSentences,
  topicAnchor,
  topicCount,
  topicCountsLead,
  topicHeading,
} from './render-common.js';
import type { DigestPaper } from './types.js';
import { designBadge, designGroups } from './design-groups.js';
import { escapeHtml as esc, inlineToHtml, pubmedUrl } from './text.js';

/** Feed id (RFC 4151 tag URI; the date is part of the name, not a timestamp). */
export const FEED_ID = 'tag:kratomlit,2026:digest';

export interface AtomOptions {
  /** Public base URL where the digest folder is served; entry links are relative without it. */
  siteUrl?: string | null;
  /** How many of the newest weeks to include. */
  feedWeeks: number;
  /**
   * The time of rendering: no date in the feed is later (a document without `asOf`, written by an older
   * version while its week was in progress, would otherwise be dated at its week's end). With no documents,
   * the feed's `updated`. Default: dates are not capped, and an empty feed is dated 1970-01-01.
   */
  now?: Date;
}

/** When a document's content was last changed (its `asOf`, else its week's end), capped at `now`. */
export function entryUpdated(doc: DigestDocument, now?: Date): Date {
  const at = Date.parse(doc.asOf ?? doc.range.end);
  return new Date(now === undefined ? at : Math.min(at, now.getTime()));
}

/** Renders the feed from digest documents (any order; sorted by week here, duplicates dropped). */
export function renderAtom(docs: readonly DigestDocument[], opts: AtomOptions): string {
  const weeks = [...new Map(docs.map((d) => [d.week, d])).values()]
    .sort((a, b) => (a.week < b.week ? 1 : a.week > b.week ? -1 : 0))
    .slice(0, Math.max(1, opts.feedWeeks));
  const base = siteBase(opts.siteUrl ?? null);
  const feed = new Feed({
    id: FEED_ID,
    title: 'kratomlit weekly digest',
    description: 'New and updated PubMed records on mitragynine and 7-hydroxymitragynine, week by week.',
    updated: feedUpdated(weeks, opts.now),
    generator: 'kratomlit',
    author: { name: 'kratomlit' },
    copyright: 'Bibliographic data from PubMed (NLM)',
    // Readers resolve entry links against xml:base or the rel="self" URL: with no public URL configured,
    // a relative self link still resolves against wherever the feed was fetched from.
    ...(base ? { link: `${base}/`, feedLinks: { atom: `${base}/feed.atom` } } : { link: './', feedLinks: { atom: 'feed.atom' } }),
  });
  for (const doc of weeks) {
    const link = base ? `${base}/${doc.week}.html` : `${doc.week}.html`;
    feed.addItem({
      title: esc(`${digestTitle(doc)}: ${countsLine(doc)}`),
      id: `${FEED_ID}:${doc.week}`,
      link,
      date: entryUpdated(doc, opts.now),
      description: esc(`${doc.range.from} to ${doc.range.to} (${doc.range.timeZone}): ${countsLine(doc)}`),
      content: entryContent(doc, link),
    });
  }
  const xml = feed.atom1();
  return `${base ? xml.replace('<feed xmlns="http://www.w3.org/2005/Atom">', `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="${esc(base)}/">`) : xml}\n`;
}

/** The latest entry's date: an older week written again after a newer one is the latest change. */
function feedUpdated(weeks: readonly DigestDocument[], now: Date | undefined): Date {
  if (weeks.length === 0) return now ?? new Date(0);
  return new Date(Math.max(...weeks.map((d) => entryUpdated(d, now).getTime())));
}

/** The site URL normalized by WHATWG URL (quotes and spaces percent-encoded), without a trailing slash. */
function siteBase(siteUrl: string | null): string | null {
  if (!siteUrl) return null;
  const url = URL.canParse(siteUrl) ? new URL(siteUrl) : null;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return null;
  return url.href.replace(/\/+$/, '');
}

/** A paper's title linked to PubMed: URLs are rebuilt from the PMID, never taken from the JSON file, which could have been edited. */
function titleLink(p: DigestPaper): string {
  return `<a href="${esc(pubmedUrl(p.pmid) ?? '')}">${inlineToHtml(p.titleHtml)}</a>`;
}

/**
 * HTML body of one entry, saying what the digest page says: the counts (each topic's linked to its section
 * of the page at `link`), the week's new papers (capped per topic like the page), the updated papers with
 * what changed, and the notices with their related records, every paper linked to PubMed.
 */
function entryContent(doc: DigestDocument, link: string): string {
  const parts: string[] = [`<p>${esc(countsLine(doc))}</p>`];
  const counted = countedTopics(doc);
  const anchor = (g: (typeof counted)[number]): string => `${esc(link)}#${esc(topicAnchor(doc, g))}`;
  if (counted.length > 0) parts.push(`<p>${esc(topicCountsLead(doc))} ${counted.map((g) => `<a href="${anchor(g)}">${esc(topicCount(g))}</a>`).join(' · ')}</p>`);
  parts.push(...statusSentences(doc).map((l) => `<p>${esc(l)}</p>`));
  for (const [heading, lines] of [[COMPLETENESS_HEADING, completenessLines(doc)], [COVERAGE_HEADING, coverageLines(doc)]] as const) {
    if (lines.length > 0) parts.push(`<p>${esc(heading)}</p>`, `<ul>${lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`);
  }
  for (const group of doc.topics) {
    if (group.total === 0) continue;
    const { papers, more } = shownPapers(doc, group);
    parts.push(`<h3>${esc(topicHeading(doc, group))}</h3>`);
    // A topic whose papers are all listed under another says where they are.
    const elsewhere = listedElsewhereLine(doc, group, (g) => `<a href="${anchor(g)}">${esc(g.name)}</a>`, esc);
    if (elsewhere !== null) parts.push(`<p>${elsewhere}</p>`);
    if (papers.length === 0) continue;
    parts.push('<ul>');
    for (const p of designGroups(papers).flatMap((g) => g.papers)) {
      const badge = designBadge(p);
      parts.push(`<li>${badge ? `[${esc(badge)}] ` : ''}${titleLink(p)}</li>`);
    }
    if (more > 0) parts.push(`<li>and ${more} more</li>`);
    parts.push('</ul>');
  }
  if (doc.updated.length > 0) {
    parts.push(`<h3>${esc(SECTIONS.updated)}</h3>`, '<ul>');
    for (const p of doc.updated) parts.push(`<li>${titleLink(p)}: ${esc(`What changed: ${p.changes.join('; ')}`)}</li>`);
    parts.push('</ul>');
  }
  if (doc.notices.length > 0) {
    parts.push(`<h3>${esc(SECTIONS.notices)}</h3>`, '<ul>');
    for (const n of doc.notices) {
      const related = n.related.map((r) => {
        const url = pubmedUrl(r.pmid);
        const target = url !== null ? `<a href="${esc(url)}">PubMed ${esc(r.pmid ?? '')}</a>` : esc(r.source ?? r.pmid ?? '');
        return target === '' ? '' : ` · ${esc(relatedLabel(r.type))}: ${target}`;
      });
      parts.push(`<li>${esc(n.label)}: ${titleLink(n.paper)}${related.join('')}</li>`);
    }
    parts.push('</ul>');
  }
  return parts.join('');
}
