/**
 * The digest archive `/digests/` and one week `/digests/2026-W47`, rendered from the digest job's JSON
 * document in the site's own style (the job's standalone HTML has its own styles). Pure.
 */
import type { DigestDocument, DigestNotice, DigestPaper, UpdatedPaper } from '../../digest/types.js';
import { countsLine, EMPTY, noNewPapers, rangeLine, SECTIONS, statusSentences } from '../../digest/render-common.js';
import { COVERAGE_HEADING, coverageLines } from '../../digest/coverage.js';
import { html, inlineMarkup, type SafeHtml } from '../html.js';
import type { Urls } from '../urls.js';

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

function paperItem(p: DigestPaper, urls: Urls, extra?: SafeHtml): SafeHtml {
  return html`<li>
<div class="hit-title"><a href="${urls.to(`/paper/${p.pmid}`)}">${inlineMarkup(p.titleHtml || p.title)}</a></div>
<div class="meta">${p.badges.map((b) => html`<span class="badge${b === 'Retracted' ? ' retracted' : ''}">${b}</span>`)}${[`${p.authors.join(', ')}${p.moreAuthors ? ', et al.' : ''}`, p.journal].filter(Boolean).join(' — ')}${p.year ? ` · ${p.year}` : ''} · PMID ${p.pmid}</div>
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

/** One week's digest. */
export function weekBody(doc: DigestDocument, weeks: readonly string[], urls: Urls): SafeHtml {
  const i = weeks.indexOf(doc.week);
  const newer = i > 0 ? weeks[i - 1] : undefined;
  const older = i >= 0 ? weeks[i + 1] : undefined;
  const byTopic = doc.topics.map((t) => html`<li><a href="${urls.to('/', { q: '', topic: t.name })}">${t.name}</a>: ${t.total} new</li>`);
  // As every other face of the digest says it: a week in progress, a week no ingest covered, failed runs.
  const status = statusSentences(doc).map((s) => html`<p class="info">${s}</p>`);
  const coverage = coverageLines(doc);
  return html`<h1>Digest ${doc.week}</h1>
<p class="meta">${rangeLine(doc)} · ${countsLine(doc)}</p>
${status}
<ul class="inline">${byTopic}</ul>
${coverage.length ? html`<details><summary>${COVERAGE_HEADING}</summary><ul>${coverage.map((l) => html`<li>${l}</li>`)}</ul></details>` : ''}
${section('new', SECTIONS.newPapers, doc.newPapers.map((p) => paperItem(p, urls)), noNewPapers(doc))}
${section('updated', SECTIONS.updated, doc.updated.map((p) => updatedItem(p, urls)), EMPTY.updated)}
${section('notices', SECTIONS.notices, doc.notices.map((n) => noticeItem(n, urls)), EMPTY.notices)}
<nav class="pager" aria-label="Other weeks">
${older ? html`<a rel="prev" href="${urls.to(`/digests/${older}`)}">← ${older}</a>` : ''}<a href="${urls.to('/digests/')}">All digests</a>${newer ? html`<a rel="next" href="${urls.to(`/digests/${newer}`)}">${newer} →</a>` : ''}
</nav>`;
}
