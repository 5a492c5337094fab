/**
 * The digest archive `/digests/` and one week `/digests/2026-W47`, rendered from the digest job's JSON
 * document in the site's own style (the job's standalone HTML has its own styles), saying what the file
 * says: the by-topic counts (linked to the topic sections), topics with papers by design, badges in the
 * search page's words, themes, topics and the chart. Pure.
 */
import { OTHER_TOPIC, type DigestDocument, type DigestNotice, type DigestPaper, type TopicGroup, type UpdatedPaper } from '../../digest/types.js';
import {
  countedTopics,
  countsLine,
  EMPTY,
  listedElsewhereLine,
  moreLine,
  noNewPapers,
  rangeLine,
  SECTIONS,
  shownPapers,
  statusSentences,
  topicAnchor,
  topicCount,
  topicCountsLead,
  topicHeading,
} from '../../digest/render-common.js';
import { chartLatestYear, renderYearChart } from '../../digest/chart-svg.js';
import { COMPLETENESS_HEADING, completenessLines } from '../../digest/completeness.js';
import { COVERAGE_HEADING, coverageLines } from '../../digest/coverage.js';
import { designBadge, designGroups, otherBadges, themesLine } from '../../digest/design-groups.js';
import { escapeHtml, html, inlineMarkup, raw, type SafeHtml } from '../html.js';
import type { Urls } from '../urls.js';
import { badgeSpans } from './hits.js';

/** The archive: every week, newest first, and the feed's stable URL. */
export function archiveBody(weeks: readonly string[], urls: Urls): SafeHtml {
  const feed = html`<p>Subscribe: <a href="${urls.to('/feed.atom')}">Atom feed of the weekly digests</a>.</p>`;
  if (weeks.length === 0) return html`<h1>Weekly digests</h1><p>No digest has been written yet (<code>kratomlit digest</code> writes one).</p>${feed}`;
  const latest = weeks[0] as string;
  return html`<h1>Weekly digests</h1>
<p class="info">Latest digest: <a href="${urls.to(`/digests/${latest}`)}">${latest}</a></p>
${feed}
<h2>Archive</h2>
<ul>${weeks.map((w) => html`<li><a href="${urls.to(`/digests/${w}`)}">${w}</a></li>`)}</ul>`;
}

/**
 * The badges of a paper as the search page words them: the design first (its label, as the search page's
 * design badge), then the publication-type badges it does not already say, the notices in red.
 */
function paperBadges(p: DigestPaper): SafeHtml {
  const design = designBadge(p);
  return badgeSpans([...(design ? [design] : []), ...otherBadges(p)]);
}

function paperItem(p: DigestPaper, urls: Urls, extra?: SafeHtml): SafeHtml {
  const themes = themesLine(p);
  return html`<li>
<div class="hit-title"><a href="${urls.to(`/paper/${p.pmid}`)}">${inlineMarkup(p.titleHtml || p.title)}</a></div>
<div class="meta">${paperBadges(p)}${[`${p.authors.join(', ')}${p.moreAuthors ? ', et al.' : ''}`, p.journal].filter(Boolean).join(' — ')}${p.year ? ` · ${p.year}` : ''} · PMID ${p.pmid}</div>
${themes || p.topics.length > 0 ? html`<div class="meta">${[themes, p.topics.length > 0 ? `Topics: ${p.topics.join(', ')}` : null].filter(Boolean).join(' · ')}</div>` : ''}
${p.preview ? html`<p class="snippet">${p.preview}</p>` : ''}${extra}
</li>`;
}

function updatedItem(p: UpdatedPaper, urls: Urls): SafeHtml {
  return paperItem(p, urls, html`<p class="meta">Changed: ${p.changes.join('; ')}</p>`);
}

function noticeItem(n: DigestNotice, urls: Urls): SafeHtml {
  const rel = n.related.map((r) => (r.pmid ? html` <a href="${urls.to(`/paper/${r.pmid}`)}">PMID ${r.pmid}</a>` : html` ${r.source ?? ''}`));
  return paperItem(n.paper, urls, html`<p class="meta"><strong>${n.label}</strong>${rel.length ? html` — related:${rel}` : ''}</p>`);
}

function section(id: string, title: string, items: SafeHtml[], empty: string): SafeHtml {
  return html`<section aria-labelledby="${id}"><h2 id="${id}">${title}</h2>${items.length ? html`<ol class="hits">${items}</ol>` : html`<p>${empty}</p>`}</section>`;
}

/** The by-topic line of every digest format, each count linked to its topic's section below. */
function topicCounts(doc: DigestDocument): SafeHtml {
  const counted = countedTopics(doc);
  if (counted.length === 0) return html``;
  const items = counted.map((g, i) => html`${i > 0 ? ' · ' : ''}<a href="#${topicAnchor(doc, g)}">${topicCount(g)}</a>`);
  return html`<p class="meta">${topicCountsLead(doc)} ${items}</p>`;
}

/**
 * One topic's section as the digest file has it: its heading, where its papers are when all are listed
 * under other topics, its papers by design, and a link to the topic's whole library (worded as such: it
 * counts more than this week's papers).
 */
function topicSection(doc: DigestDocument, group: TopicGroup, urls: Urls): SafeHtml {
  const { papers, more } = shownPapers(doc, group);
  const anchor = topicAnchor(doc, group);
  const elsewhere = listedElsewhereLine(doc, group, (g) => `<a href="#${escapeHtml(topicAnchor(doc, g))}">${escapeHtml(g.name)}</a>`, escapeHtml);
  // The "Other" group is no library topic: it has no search of its own.
  const library = group.name === OTHER_TOPIC ? '' : html`<p class="meta"><a href="${urls.to('/', { q: '', topic: group.name })}">Every ${group.name} paper in the library</a> (not only this week's)</p>`;
  return html`<section class="topic" id="${anchor}" aria-labelledby="${anchor}-h"><h3 id="${anchor}-h">${topicHeading(doc, group)}</h3>
${elsewhere !== null ? html`<p class="meta">${raw(elsewhere)}</p>` : ''}
${designGroups(papers).map((g) => html`<p class="design"><strong>${g.label}</strong> (${g.papers.length})</p><ol class="hits"${g.start > 1 ? html` start="${g.start}"` : ''}>${g.papers.map((p) => paperItem(p, urls))}</ol>`)}
${more > 0 ? html`<p class="meta">${moreLine(doc, group, more)}</p>` : ''}${library}
</section>`;
}

function newPapersSection(doc: DigestDocument, urls: Urls): SafeHtml {
  const groups = doc.topics.filter((g) => g.total > 0);
  const body = doc.counts.new === 0 || groups.length === 0 ? html`<p>${noNewPapers(doc)}</p>` : groups.map((g) => topicSection(doc, g, urls));
  return html`<section aria-labelledby="new"><h2 id="new">${SECTIONS.newPapers}</h2>${body}</section>`;
}

/** The digest file's chart (our own SVG, record text escaped inside), folded: it is as wide as the page. */
function chart(doc: DigestDocument): SafeHtml {
  const svg = renderYearChart(doc.evidenceYears ?? [], chartLatestYear(doc));
  return svg === '' ? html`` : html`<details><summary>Papers per year by study design (the whole library)</summary>${raw(svg)}</details>`;
}

/** One week's digest. */
export function weekBody(doc: DigestDocument, weeks: readonly string[], urls: Urls): SafeHtml {
  const i = weeks.indexOf(doc.week);
  const newer = i > 0 ? weeks[i - 1] : undefined;
  const older = i >= 0 ? weeks[i + 1] : undefined;
  // As every other face of the digest says it: a week in progress, a week no ingest covered, failed runs.
  const status = statusSentences(doc).map((s) => html`<p class="info">${s}</p>`);
  const coverage = coverageLines(doc);
  const completeness = completenessLines(doc);
  return html`<h1>Digest ${doc.week}</h1>
<p class="meta">${rangeLine(doc)} · ${countsLine(doc)}</p>
${status}
${topicCounts(doc)}
${completeness.length ? html`<details><summary>${COMPLETENESS_HEADING}</summary><ul>${completeness.map((l) => html`<li>${l}</li>`)}</ul></details>` : ''}
${coverage.length ? html`<details><summary>${COVERAGE_HEADING}</summary><ul>${coverage.map((l) => html`<li>${l}</li>`)}</ul></details>` : ''}
${chart(doc)}
${newPapersSection(doc, urls)}
${section('updated', SECTIONS.updated, doc.updated.map((p) => updatedItem(p, urls)), EMPTY.updated)}
${section('notices', SECTIONS.notices, doc.notices.map((n) => noticeItem(n, urls)), EMPTY.notices)}
<nav class="pager" aria-label="Other weeks">
${older ? html`<a rel="prev" href="${urls.to(`/digests/${older}`)}">← ${older}</a>` : ''}<a href="${urls.to('/digests/')}">All digests</a>${newer ? html`<a rel="next" href="${urls.to(`/digests/${newer}`)}">${newer} →</a>` : ''}
</nav>`;
}
