/**
 * `<week>.md`, the canonical digest. Pure: document in, string out (LF line ends, one trailing newline).
 * Record text goes through `escapeMarkdown`/`inlineToMarkdown`; URLs are built here from validated PMIDs
 * and percent-encoded DOIs, so a title can never become a link, heading, table or raw HTML.
 */
import type { DigestDocument, DigestNotice, DigestPaper, UpdatedPaper } from './types.js';
import {
  EMPTY,
  SECTIONS,
  bylineParts,
  countedTopics,
  countsLine,
  digestTitle,
  listedElsewhereLine,
  moreLine,
  noNewPapers,
  rangeLine,
  relatedLabel,
  shownPapers,
  statusSentences,
  topicCount,
  topicCountsLead,
  topicHeading,
} from './render-common.js';
import { COMPLETENESS_HEADING, completenessLines } from './completeness.js';
import { COVERAGE_HEADING, coverageLines } from './coverage.js';
import { designBadge, designGroups, otherBadges, themesLine } from './design-groups.js';
import { escapeMarkdown, inlineToMarkdown } from './text.js';

/** Renders the Markdown digest. */
export function renderMarkdown(doc: DigestDocument): string {
  const blocks: string[] = [
    `# ${escapeMarkdown(digestTitle(doc))}`,
    `**Week ${doc.week}**: ${escapeMarkdown(rangeLine(doc))}`,
    escapeMarkdown(countsLine(doc)),
  ];
  const counted = countedTopics(doc);
  if (counted.length > 0) blocks.push(escapeMarkdown(`${topicCountsLead(doc)} ${counted.map(topicCount).join(' · ')}`));
  for (const sentence of statusSentences(doc)) blocks.push(`*${escapeMarkdown(sentence)}*`);
  for (const [heading, lines] of [[COMPLETENESS_HEADING, completenessLines(doc)], [COVERAGE_HEADING, coverageLines(doc)]] as const) {
    if (lines.length > 0) blocks.push(`**${heading}**`, lines.map((l) => `- ${escapeMarkdown(l)}`).join('\n'));
  }
  blocks.push(...newPapersBlocks(doc), ...updatedBlocks(doc), ...noticeBlocks(doc));
  return `${blocks.join('\n\n')}\n`;
}

function newPapersBlocks(doc: DigestDocument): string[] {
  const out = [`## ${SECTIONS.newPapers}`];
  if (doc.counts.new === 0) return [...out, noNewPapers(doc)];
  for (const group of doc.topics) {
    if (group.total === 0) continue;
    const { papers, more } = shownPapers(doc, group);
    out.push(`### ${escapeMarkdown(topicHeading(doc, group))}`);
    const elsewhere = listedElsewhereLine(doc, group, (g) => escapeMarkdown(g.name), (words) => words); // our words hold no Markdown
    if (elsewhere !== null) out.push(`*${elsewhere}*`);
    for (const g of designGroups(papers)) {
      out.push(`**${escapeMarkdown(g.label)}** (${g.papers.length})`);
      g.papers.forEach((p, i) => out.push(...paperBlocks(p, g.start + i)));
    }
    if (more > 0) out.push(`*${escapeMarkdown(moreLine(doc, group, more))}*`);
  }
  return out;
}

/** One paper: numbered heading, byline, badges and topics, links, preview. */
function paperBlocks(p: DigestPaper, n: number | null): string[] {
  const heading = `#### ${n === null ? '' : `${n}. `}${inlineToMarkdown(p.titleHtml)}`;
  const blocks = [heading];
  const byline = bylineParts(p).map(escapeMarkdown).join(' · ');
  if (byline !== '') blocks.push(byline);
  const design = designBadge(p);
  const tags = [...(design ? [`Design: **${escapeMarkdown(design)}**`] : []), ...otherBadges(p).map((b) => `**${escapeMarkdown(b)}**`)];
  const themes = themesLine(p);
  if (themes) tags.push(escapeMarkdown(themes));
  if (p.topics.length > 0) tags.push(`Topics: ${p.topics.map(escapeMarkdown).join(', ')}`);
  if (tags.length > 0) blocks.push(tags.join(' · '));
  blocks.push(linksLine(p));
  if (p.preview) blocks.push(`> ${escapeMarkdown(p.preview)}`);
  return blocks;
}

function linksLine(p: DigestPaper): string {
  const links: string[] = [];
  if (p.pubmedUrl !== '') links.push(`[PubMed ${escapeMarkdown(p.pmid)}](${p.pubmedUrl})`);
  else links.push(`PMID ${escapeMarkdown(p.pmid)}`);
  if (p.doi && p.doiUrl) links.push(`[doi:${escapeMarkdown(p.doi)}](${p.doiUrl})`);
  return links.join(' · ');
}

function updatedBlocks(doc: DigestDocument): string[] {
  const out = [`## ${SECTIONS.updated}`];
  if (doc.updated.length === 0) return [...out, EMPTY.updated];
  for (const p of doc.updated) out.push(...updatedPaperBlocks(p));
  return out;
}

function updatedPaperBlocks(p: UpdatedPaper): string[] {
  const blocks = [`#### ${inlineToMarkdown(p.titleHtml)}`];
  const byline = bylineParts(p).map(escapeMarkdown).join(' · ');
  if (byline !== '') blocks.push(byline);
  blocks.push(`What changed: ${p.changes.map(escapeMarkdown).join('; ')}`);
  blocks.push(linksLine(p));
  return blocks;
}

function noticeBlocks(doc: DigestDocument): string[] {
  const out = [`## ${SECTIONS.notices}`];
  if (doc.notices.length === 0) return [...out, EMPTY.notices];
  out.push(doc.notices.map(noticeLine).join('\n'));
  return out;
}

/** `- **Retracted**: Title · [PubMed 1](...) · Retraction notice: [PubMed 2](...)` */
function noticeLine(n: DigestNotice): string {
  const parts = [`- **${escapeMarkdown(n.label)}**: ${inlineToMarkdown(n.paper.titleHtml)}`, linksLine(n.paper)];
  for (const r of n.related) {
    const target = r.url && r.pmid ? `[PubMed ${escapeMarkdown(r.pmid)}](${r.url})` : escapeMarkdown(r.source ?? r.pmid ?? '');
    if (target !== '') parts.push(`${escapeMarkdown(relatedLabel(r.type))}: ${target}`);
  }
  return parts.join(' · ');
}
