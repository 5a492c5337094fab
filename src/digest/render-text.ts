/**
 * The digest as plain text: the e-mail's text/plain part, for readers that show no HTML. Says what the
 * Markdown says, in the same words, without markup (no `#`, `**` or `[text](url)`): a link is its text,
 * then the URL. The week's papers come first; the completeness and coverage details follow them (one line
 * at the top stands for them). Pure: document in, string out (LF line ends, one trailing newline).
 */
import type { DigestDocument, DigestNotice, DigestPaper, UpdatedPaper } from './types.js';
import {
  EMPTY,
  SECTIONS,
  bylineParts,
  countedTopics,
  countsLine,
  detailsBlocks,
  detailsLine,
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
import { designBadge, designGroups, otherBadges, themesLine } from './design-groups.js';
import { oneLine, pubmedUrl } from './text.js';

/** A heading underlined, as plain-text mail has done since before Markdown. */
function heading(text: string, rule: '=' | '-'): string {
  return `${text}\n${rule.repeat(Math.min(72, text.length))}`;
}

/** Renders the plain-text digest. */
export function renderText(doc: DigestDocument): string {
  const blocks: string[] = [heading(digestTitle(doc), '='), `Week ${doc.week}: ${rangeLine(doc)}`, countsLine(doc)];
  const counted = countedTopics(doc);
  if (counted.length > 0) blocks.push(`${topicCountsLead(doc)} ${counted.map(topicCount).join(' · ')}`);
  blocks.push(...statusSentences(doc));
  const details = detailsLine(doc);
  if (details !== null) blocks.push(details);
  blocks.push(...newPapers(doc), ...updated(doc), ...notices(doc));
  for (const b of detailsBlocks(doc)) blocks.push(heading(b.heading, '-'), b.lines.map((l) => `- ${oneLine(l)}`).join('\n'));
  return `${blocks.join('\n\n')}\n`;
}

function newPapers(doc: DigestDocument): string[] {
  const out = [heading(SECTIONS.newPapers, '-')];
  if (doc.counts.new === 0) return [...out, noNewPapers(doc)];
  for (const group of doc.topics) {
    if (group.total === 0) continue;
    const { papers, more } = shownPapers(doc, group);
    out.push(`>> ${oneLine(topicHeading(doc, group))}`);
    const elsewhere = listedElsewhereLine(doc, group, (g) => oneLine(g.name), (words) => words);
    if (elsewhere !== null) out.push(elsewhere);
    for (const g of designGroups(papers)) {
      out.push(`${g.label} (${g.papers.length})`);
      g.papers.forEach((p, i) => out.push(paper(p, `${g.start + i}. `, [])));
    }
    if (more > 0) out.push(moreLine(doc, group, more));
  }
  return out;
}

/** One paper: numbered title, then indented byline, badges, extra lines, links (text, then URL), preview. */
function paper(p: DigestPaper, number: string, extra: readonly string[]): string {
  const lines: string[] = [];
  const byline = bylineParts(p).map(oneLine).join(' · ');
  if (byline !== '') lines.push(byline);
  const design = designBadge(p);
  const tags = [...(design ? [`Design: ${design}`] : []), ...otherBadges(p)];
  const themes = themesLine(p);
  if (themes) tags.push(oneLine(themes));
  if (p.topics.length > 0) tags.push(`Topics: ${p.topics.map(oneLine).join(', ')}`);
  if (tags.length > 0) lines.push(tags.join(' · '));
  lines.push(...extra, ...links(p));
  if (p.preview) lines.push(`"${oneLine(p.preview)}"`);
  const indent = ' '.repeat(number.length);
  return [`${number}${oneLine(p.title)}`, ...lines.map((l) => `${indent}${l}`)].join('\n');
}

/** `PubMed 41900062: https://…` and `doi:10.5555/x: https://doi.org/…`; URLs rebuilt from the PMID. */
function links(p: DigestPaper): string[] {
  const url = pubmedUrl(p.pmid);
  const out = [url !== null ? `PubMed ${p.pmid}: ${url}` : `PMID ${oneLine(p.pmid)}`];
  if (p.doi && p.doiUrl) out.push(`doi:${oneLine(p.doi)}: ${p.doiUrl}`);
  return out;
}

function updated(doc: DigestDocument): string[] {
  const out = [heading(SECTIONS.updated, '-')];
  if (doc.updated.length === 0) return [...out, EMPTY.updated];
  return [...out, ...doc.updated.map((p: UpdatedPaper) => paper(p, '- ', [`What changed: ${p.changes.map(oneLine).join('; ')}`]))];
}

function notices(doc: DigestDocument): string[] {
  const out = [heading(SECTIONS.notices, '-')];
  if (doc.notices.length === 0) return [...out, EMPTY.notices];
  return [...out, ...doc.notices.map(notice)];
}

function notice(n: DigestNotice): string {
  const related = n.related.flatMap((r) => {
    const url = pubmedUrl(r.pmid);
    const target = url !== null ? `PubMed ${r.pmid ?? ''}: ${url}` : oneLine(r.source ?? r.pmid ?? '');
    return target === '' ? [] : [`${relatedLabel(r.type)}: ${target}`];
  });
  return paper({ ...n.paper, preview: null, title: `${n.label}: ${n.paper.title}` }, '- ', related);
}
