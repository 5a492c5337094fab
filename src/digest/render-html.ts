/**
 * `<week>.html`: one self-contained page. Inline CSS only, no scripts, no remote resources, and a
 * Content-Security-Policy meta tag that forbids everything but inline styles, so even a bug in escaping
 * could not run script or load anything. Readable on a phone (viewport, max-width) and in print. Pure.
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
  topicAnchor,
  topicCount,
  topicCountsLead,
  topicHeading,
} from './render-common.js';
import { chartLatestYear, renderYearChart } from './chart-svg.js';
import { designBadge, designGroups, otherBadges, themesLine } from './design-groups.js';
import { escapeHtml as esc, inlineToHtml } from './text.js';
import { COMPLETENESS_HEADING } from './completeness.js';

/** The CSP of every digest page: nothing may load or run; inline `<style>` is the only allowance. */
export const DIGEST_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const CSS = `
:root{color-scheme:light dark;--fg:#1b1b1b;--muted:#595959;--bg:#fff;--line:#d0d0d0;--badge:#eef2f7;--warn:#8a1c1c}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8e8;--muted:#a8a8a8;--bg:#141414;--line:#3a3a3a;--badge:#25303d;--warn:#ff8f8f}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.25rem;border-bottom:1px solid var(--line);padding-bottom:.25rem;margin-top:2rem}
h3{font-size:1.05rem;margin:1.5rem 0 .5rem}h4{font-size:1rem;margin:0 0 .25rem}
ol.papers,ul.notices{padding-left:1.25rem}li{margin:0 0 1rem}
.meta,.range,.more,.changes{color:var(--muted);margin:.2rem 0}
.badges{display:flex;flex-wrap:wrap;gap:.3rem;list-style:none;padding:0;margin:.3rem 0}
.badges li{margin:0;background:var(--badge);border-radius:.25rem;padding:0 .4rem;font-size:.8rem}
.badges li.alert{color:var(--warn);font-weight:600}
.badges li.design{font-weight:600}.design{margin:.75rem 0 .25rem}svg.chart{max-width:30rem;display:block}
.links{margin:.2rem 0}.links a{margin-right:.75rem}
blockquote{margin:.4rem 0;padding-left:.75rem;border-left:3px solid var(--line)}
a{color:inherit;overflow-wrap:anywhere}
@media print{body{font-size:11pt;background:#fff;color:#000}main{max-width:none;padding:0}
li{break-inside:avoid}a{text-decoration:none}.links a::after{content:" <" attr(href) ">";font-size:9pt}}
`.trim();

const ALERT_BADGES = new Set(['Retracted', 'Retraction notice', 'Erratum', 'Expression of Concern']);

/** Renders the HTML digest page. */
export function renderHtml(doc: DigestDocument): string {
  const body = [
    '<header>',
    `<h1>${esc(digestTitle(doc))}</h1>`,
    `<p class="range">${esc(rangeLine(doc))}</p>`,
    `<p class="counts">${esc(countsLine(doc))}</p>`,
    topicCountsHtml(doc),
    ...statusSentences(doc).map((s) => `<p class="${s === EMPTY.week ? 'quiet' : 'status'}">${esc(s)}</p>`),
    detailsLinkHtml(doc),
    '</header>',
    // The week's papers first: on a phone (the e-mail's HTML part) the first screen shows them, not the
    // completeness details, which follow the notices with the chart.
    newPapersHtml(doc),
    updatedHtml(doc),
    noticesHtml(doc),
    detailsHtml(doc),
    chartHtml(doc),
  ].filter((s) => s !== '');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Our own constant (no `"` or `&`), written as is so the policy reads exactly as documented.
    `<meta http-equiv="Content-Security-Policy" content="${DIGEST_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${esc(digestTitle(doc))}</title>`,
    `<style>\n${CSS}\n</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The by-topic counts, each linked to its topic's section below; nothing in a week without new papers. */
function topicCountsHtml(doc: DigestDocument): string {
  const counted = countedTopics(doc);
  if (counted.length === 0) return '';
  const items = counted.map((g) => `<a href="#${esc(topicAnchor(doc, g))}">${esc(topicCount(g))}</a>`);
  return `<p class="topics">${esc(topicCountsLead(doc))} ${items.join(' · ')}</p>`;
}

/** The header's one line for the completeness and coverage details, linked to them. */
function detailsLinkHtml(doc: DigestDocument): string {
  const line = detailsLine(doc);
  return line === null ? '' : `<p class="details"><a href="#details">${esc(line)}</a></p>`;
}

/** The completeness and coverage details after the papers, each under its bold heading. */
function detailsHtml(doc: DigestDocument): string {
  const blocks = detailsBlocks(doc);
  if (blocks.length === 0) return '';
  const cls = (heading: string): string => (heading === COMPLETENESS_HEADING ? 'completeness' : 'coverage');
  const body = blocks.map((b) => `<p class="${cls(b.heading)}"><strong>${esc(b.heading)}</strong></p>\n<ul class="${cls(b.heading)}">${b.lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`);
  return ['<section id="details">', '<h2>Completeness and coverage</h2>', ...body, '</section>'].join('\n');
}

/** Papers per year by design over the whole library, when the document carries them. */
function chartHtml(doc: DigestDocument): string {
  const svg = renderYearChart(doc.evidenceYears ?? [], chartLatestYear(doc));
  return svg === '' ? '' : ['<section id="evidence">', '<h2>Papers per year by study design</h2>', svg, '</section>'].join('\n');
}

function newPapersHtml(doc: DigestDocument): string {
  const parts = [`<section id="new">`, `<h2>${esc(SECTIONS.newPapers)}</h2>`];
  if (doc.counts.new === 0) parts.push(`<p>${esc(noNewPapers(doc))}</p>`);
  for (const group of doc.topics) {
    if (group.total === 0) continue;
    const { papers, more } = shownPapers(doc, group);
    parts.push(`<section class="topic" id="${esc(topicAnchor(doc, group))}">`, `<h3>${esc(topicHeading(doc, group))}</h3>`);
    const elsewhere = listedElsewhereLine(doc, group, (g) => `<a href="#${esc(topicAnchor(doc, g))}">${esc(g.name)}</a>`, esc);
    if (elsewhere !== null) parts.push(`<p class="more">${elsewhere}</p>`);
    for (const g of designGroups(papers)) {
      parts.push(`<p class="design"><strong>${esc(g.label)}</strong> (${g.papers.length})</p>`);
      parts.push(`<ol class="papers"${g.start > 1 ? ` start="${g.start}"` : ''}>`);
      for (const p of g.papers) parts.push(`<li>${paperHtml(p, [])}</li>`);
      parts.push('</ol>');
    }
    if (more > 0) parts.push(`<p class="more">${esc(moreLine(doc, group, more))}</p>`);
    parts.push('</section>');
  }
  parts.push('</section>');
  return parts.join('\n');
}

/** One paper as an `<article>`; `extra` are pre-escaped HTML lines inserted before the links. */
function paperHtml(p: DigestPaper, extra: readonly string[]): string {
  const lines = [`<article>`, `<h4>${inlineToHtml(p.titleHtml)}</h4>`];
  const byline = bylineParts(p).map(esc).join(' · ');
  if (byline !== '') lines.push(`<p class="meta">${byline}</p>`);
  const design = designBadge(p);
  const badges = otherBadges(p);
  if (badges.length > 0 || design) {
    const items = badges.map((b) => `<li${ALERT_BADGES.has(b) ? ' class="alert"' : ''}>${esc(b)}</li>`);
    if (design) items.unshift(`<li class="design">${esc(design)}</li>`);
    lines.push(`<ul class="badges">${items.join('')}</ul>`);
  }
  const themes = themesLine(p);
  if (themes) lines.push(`<p class="meta">${esc(themes)}</p>`);
  if (p.topics.length > 0) lines.push(`<p class="meta">Topics: ${p.topics.map(esc).join(', ')}</p>`);
  lines.push(...extra, `<p class="links">${linksHtml(p)}</p>`);
  if (p.preview) lines.push(`<blockquote>${esc(p.preview)}</blockquote>`);
  lines.push('</article>');
  return lines.join('\n');
}

function link(url: string, text: string): string {
  return `<a href="${esc(url)}" rel="noopener noreferrer">${esc(text)}</a>`;
}

function linksHtml(p: DigestPaper): string {
  const links = [p.pubmedUrl !== '' ? link(p.pubmedUrl, `PubMed ${p.pmid}`) : esc(`PMID ${p.pmid}`)];
  if (p.doi && p.doiUrl) links.push(link(p.doiUrl, `doi:${p.doi}`));
  return links.join(' ');
}

function updatedHtml(doc: DigestDocument): string {
  const parts = ['<section id="updated">', `<h2>${esc(SECTIONS.updated)}</h2>`];
  if (doc.updated.length === 0) parts.push(`<p>${esc(EMPTY.updated)}</p>`);
  else parts.push('<ul class="notices">', ...doc.updated.map((p) => `<li>${updatedPaperHtml(p)}</li>`), '</ul>');
  parts.push('</section>');
  return parts.join('\n');
}

function updatedPaperHtml(p: UpdatedPaper): string {
  return paperHtml({ ...p, preview: null }, [`<p class="changes">What changed: ${p.changes.map(esc).join('; ')}</p>`]);
}

function noticesHtml(doc: DigestDocument): string {
  const parts = ['<section id="notices">', `<h2>${esc(SECTIONS.notices)}</h2>`];
  if (doc.notices.length === 0) parts.push(`<p>${esc(EMPTY.notices)}</p>`);
  else parts.push('<ul class="notices">', ...doc.notices.map((n) => `<li>${noticeHtml(n)}</li>`), '</ul>');
  parts.push('</section>');
  return parts.join('\n');
}

function noticeHtml(n: DigestNotice): string {
  const related = n.related.map((r) => {
    const target = r.url && r.pmid ? link(r.url, `PubMed ${r.pmid}`) : esc(r.source ?? r.pmid ?? '');
    return `<p class="meta">${esc(relatedLabel(r.type))}: ${target}</p>`;
  });
  const head = `<p><strong>${esc(n.label)}</strong></p>`;
  return `${head}\n${paperHtml({ ...n.paper, preview: null }, related)}`;
}
