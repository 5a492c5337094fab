/**
 * A paper's page `/paper/PMID`: the record in full, its evidence with cues, links out, notices linked both
 * ways, what changed between stored versions, and a cite box. Pure: the route hands it what the library
 * answered.
 */
import { designLabel } from '../../evidence/types.js';
import { revisionSummaries } from '../../digest/paper.js';
import { relatedLabel } from '../../digest/render-common.js';
import type { Article, ArticleRevision, LinkingRecord } from '../../index.js';
import { evidenceOf } from '../../evidence/summary.js';
import { authorFullName } from '../../pubmed/author-name.js';
import { html, inlineMarkup, type SafeHtml } from '../html.js';
import type { Urls } from '../urls.js';
import { badges } from './hits.js';

/** What the paper route gathered. */
export interface PaperView {
  article: Article;
  revisions: ArticleRevision[];
  linkedFrom: LinkingRecord[];
  /** PMIDs of the related records that are in the library (linked locally, others to PubMed). */
  stored: ReadonlySet<string>;
  /** The record in RIS, BibTeX and CSL-JSON. */
  cite: Array<{ format: string; label: string; text: string }>;
  /** The previous/next bar (pages/paper-nav.ts). */
  nav: SafeHtml;
}

function authorsOf(a: Article): SafeHtml {
  const names = a.authors.map(authorFullName).filter((n): n is string => n !== null);
  return html`<p class="meta">${names.join(', ')}${a.authorListComplete ? '' : ', et al.'}</p>`;
}

function citation(a: Article): string {
  const j = a.journal;
  const vol = [j.volume, j.issue ? `(${j.issue})` : ''].join('');
  return [j.title ?? j.isoAbbreviation, a.pubDate.raw, [vol, a.pages].filter(Boolean).join(':')].filter(Boolean).join('. ');
}

function links(a: Article): SafeHtml {
  const out: SafeHtml[] = [html`<li><a href="https://pubmed.ncbi.nlm.nih.gov/${a.pmid}/">PubMed ${a.pmid}</a></li>`];
  if (a.doi) out.push(html`<li><a href="https://doi.org/${a.doi}">DOI ${a.doi}</a></li>`);
  if (a.pmcid && /^PMC\d+$/.test(a.pmcid)) out.push(html`<li><a href="https://www.ncbi.nlm.nih.gov/pmc/articles/${a.pmcid}/">PubMed Central ${a.pmcid}</a></li>`);
  return html`<ul class="inline" aria-label="Links">${out}</ul>`;
}

function abstract(a: Article): SafeHtml {
  if (a.abstractSections.length === 0) return a.abstract ? html`<p>${a.abstract}</p>` : html`<p class="meta">No abstract.</p>`;
  return html`${a.abstractSections.map((s) => html`<p>${s.label ? html`<span class="label">${s.label}: </span>` : ''}${s.text}</p>`)}`;
}

function related(urls: Urls, stored: ReadonlySet<string>, pmid: string | null, label: string, source: string | null): SafeHtml {
  const pubmed = pmid ? `https://pubmed.ncbi.nlm.nih.gov/${pmid}/` : null;
  const text = pmid ? `PMID ${pmid}` : (source ?? 'unnamed record');
  // A link to this library's own page prints PubMed's address (data-print-url): an address on paper must
  // work for whoever reads it, and the server does not know the address it is reached at behind a proxy.
  const link = pmid && stored.has(pmid)
    ? html`<a href="${urls.to(`/paper/${pmid}`)}" data-print-url="${pubmed ?? ''}">${text}</a>`
    : pubmed ? html`<a href="${pubmed}">${text}</a>` : text;
  return html`<li>${label}: ${link}${pmid && source ? html` <span class="meta">(${source})</span>` : ''}</li>`;
}

function notices(v: PaperView, urls: Urls): SafeHtml {
  const a = v.article;
  const own = a.commentsCorrections.map((c) => related(urls, v.stored, c.pmid, relatedLabel(c.type), c.source));
  const ownPmids = new Set(a.commentsCorrections.map((c) => c.pmid));
  const back = v.linkedFrom.filter((l) => !ownPmids.has(l.pmid)).map((l) => related(urls, v.stored, l.pmid, `Linked from (${relatedLabel(l.type)})`, null));
  const warn = a.retracted ? html`<p class="notice" role="note"><strong>This paper has been retracted.</strong></p>` : '';
  if (own.length + back.length === 0) return warn || html``;
  return html`${warn}<section aria-labelledby="notices"><h2 id="notices">Notices and linked records</h2><ul>${own}${back}</ul></section>`;
}

function evidence(a: Article): SafeHtml {
  const ev = evidenceOf(a);
  if (!ev) return html`<section aria-labelledby="evidence"><h2 id="evidence">Evidence</h2><p class="meta">Not classified yet.</p></section>`;
  return html`<section aria-labelledby="evidence"><h2 id="evidence">Evidence</h2><dl class="fields">
<dt>Design</dt><dd>${designLabel(ev.design)}${ev.designAlso.length ? ` (also ${ev.designAlso.map(designLabel).join(', ')})` : ''}</dd>
<dt>Themes</dt><dd>${ev.themes.join(', ') || 'none'}</dd>
${ev.cues.length ? html`<dt>Cues</dt><dd><ul>${ev.cues.map((c) => html`<li>${c}</li>`)}</ul></dd>` : ''}
${ev.source || ev.version ? html`<dt>Classified by</dt><dd>${[ev.source, ev.version && `version ${ev.version}`].filter(Boolean).join(', ')}</dd>` : ''}
</dl></section>`;
}

function changes(v: PaperView): SafeHtml {
  if (v.revisions.length === 0) return html``;
  const items = revisionSummaries(v.article, v.revisions).map((r) => {
    const prevTitle = r.titleBefore !== null ? html`<br><span class="meta">Title before: ${r.titleBefore}</span>` : '';
    return html`<li><time datetime="${r.at}">${r.at.slice(0, 10)}</time> (${r.source}): ${r.changes.join('; ')}${prevTitle}</li>`;
  });
  return html`<section aria-labelledby="changes"><h2 id="changes">What changed between stored versions</h2><ul>${items}</ul></section>`;
}

function terms(a: Article): SafeHtml {
  const rows: Array<[string, string[]]> = [
    ['MeSH terms', a.mesh.map((m) => `${m.descriptor}${m.major ? '*' : ''}${m.qualifiers.length ? ` / ${m.qualifiers.map((q) => q.name).join(', ')}` : ''}`)],
    ['Chemicals', a.chemicals.map((c) => c.name)],
    ['Keywords', a.keywords],
    ['Publication types', a.publicationTypes],
    ['Topics', a.topics],
  ];
  return html`<dl class="fields">${rows.filter(([, v]) => v.length > 0).map(([k, v]) => html`<dt>${k}</dt><dd>${v.join('; ')}</dd>`)}</dl>`;
}

/** The record's dates, each as PubMed gives the publication date or as a plain YYYY-MM-DD (PubMed's entry date carries a time: left out). */
function dates(a: Article): SafeHtml {
  const rows: Array<[string, string | null]> = [
    ['Published', a.pubDate.raw], ['Published online', a.articleDate], ['Entered PubMed', (a.history.entrez ?? a.history.pubmed)?.slice(0, 10) ?? null],
    ['Revised', a.dateRevised], ['First stored here', a.firstSeenAt?.slice(0, 10) ?? null],
  ];
  return html`<dl class="fields">${rows.filter(([, v]) => v).map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
}

/**
 * The cite box: per format a read-only textarea to copy from and a download link, and the same text in a
 * `pre` that only print shows (a textarea prints only the lines it shows).
 */
function cite(v: PaperView, urls: Urls): SafeHtml {
  // A withdrawn record is left out of every export (as kratomlit export does): a download link would give
  // an empty file, so the box says why there is none.
  if (v.article.deleted) {
    return html`<section class="cite" aria-labelledby="cite"><h2 id="cite">Cite</h2><p>Withdrawn from PubMed: this record is not exported (exports leave withdrawn records out), so there is no citation to download.</p></section>`;
  }
  const blocks = v.cite.map((c, i) => html`<details${i === 0 ? ' open' : ''}><summary>${c.label}</summary>
<label for="cite-${c.format}">${c.label} citation</label>
<textarea id="cite-${c.format}" readonly rows="8">${c.text}</textarea>
<pre class="print-only">${c.text}</pre>
<p class="download"><a href="${urls.to('/export', { q: `pmid:${v.article.pmid}`, format: c.format })}" download>Download ${c.label}</a></p></details>`);
  return html`<section class="cite" aria-labelledby="cite"><h2 id="cite">Cite</h2>${blocks}</section>`;
}

/** The body of the paper page. */
export function paperBody(v: PaperView, urls: Urls): SafeHtml {
  const a = v.article;
  return html`${v.nav}<article>
<h1>${inlineMarkup(a.titleHtml || a.title)}</h1>
<p>${badges(a)}</p>
${authorsOf(a)}
<p>${citation(a)}</p>
${links(a)}
${a.deleted ? html`<p class="notice" role="note"><strong>Withdrawn from PubMed.</strong> It is kept here for reference.</p>` : ''}
${notices(v, urls)}
<section class="abstract" aria-labelledby="abstract"><h2 id="abstract">Abstract</h2>${abstract(a)}${a.copyright ? html`<p class="meta">${a.copyright}</p>` : ''}</section>
${evidence(a)}
<section aria-labelledby="terms"><h2 id="terms">Indexing</h2>${terms(a)}</section>
<section aria-labelledby="dates"><h2 id="dates">Dates</h2>${dates(a)}</section>
${changes(v)}
${cite(v, urls)}
</article>`;
}
