/**
 * The evidence map `/evidence`: the library's map (`Library.evidence()`, the document `/evidence.json` and
 * `kratomlit evidence --json` give), drawn as the design x theme matrix (each cell a link to that search)
 * and papers per year. The page counts nothing itself, so it cannot disagree with its JSON twin. Pure.
 */
import type { EvidenceMap } from '../../index.js';
import { DESIGNS, THEMES, designLabel } from '../../evidence/types.js';
import { retractedWords } from '../../evidence/summary.js';
import { html, type SafeHtml } from '../html.js';
import type { QueryParams, Urls } from '../urls.js';

/**
 * A table wider than a phone screen in a box that scrolls sideways: the box is a named region a keyboard
 * can focus (and then scroll with the arrow keys), named by the caption; the style keeps the caption and
 * the row headings in view while the numbers scroll.
 */
function scrollTable(id: string, caption: string, body: SafeHtml): SafeHtml {
  return html`<div class="scroll evidence-table" role="region" tabindex="0" aria-labelledby="${id}"><table><caption id="${id}">${caption}</caption>${body}</table></div>`;
}

function matrix(m: EvidenceMap, urls: Urls, narrow: QueryParams): SafeHtml {
  const designs = DESIGNS.filter((d) => m.byDesign[d] > 0);
  const themes = THEMES.filter((t) => m.byTheme[t] > 0);
  const head = html`<tr><th scope="col">Design \\ Theme</th>${themes.map((t) => html`<th scope="col">${t}</th>`)}<th scope="col">All themes</th></tr>`;
  const rows = designs.map((d) => {
    const cells = themes.map((t) => {
      const n = m.matrix[d][t];
      return n === 0 ? html`<td class="num">0</td>` : html`<td class="num"><a href="${urls.to('/', { ...narrow, design: d, theme: t })}" aria-label="${n} ${designLabel(d)} papers on ${t}">${n}</a></td>`;
    });
    return html`<tr><th scope="row"><a href="${urls.to('/', { ...narrow, design: d })}">${designLabel(d)}</a></th>${cells}<td class="num">${m.byDesign[d]}</td></tr>`;
  });
  const all = html`<tr><th scope="row">All designs</th>${themes.map((t) => html`<td class="num"><a href="${urls.to('/', { ...narrow, theme: t })}">${m.byTheme[t]}</a></td>`)}<td class="num">${m.total}</td></tr>`;
  return scrollTable('matrix-caption', 'Papers by study design and theme (a paper with several themes counts in each)', html`<thead>${head}</thead><tbody>${rows}${all}</tbody>`);
}

/**
 * Papers per year by design, the table `kratomlit evidence` prints (the designs the map counts, then all),
 * each count a link to that year's search of that design, and a bar of the year's total for the eye.
 */
function perYear(m: EvidenceMap, urls: Urls, narrow: QueryParams): SafeHtml {
  const designs = DESIGNS.filter((d) => m.byDesign[d] > 0);
  const max = Math.max(1, ...m.years.map((y) => y.total));
  const rows = m.years.map(({ year, total, byDesign }) => {
    const inYear: QueryParams = { ...narrow, since: String(year), until: String(year) };
    const cells = designs.map((d) => {
      const n = byDesign[d];
      return n === 0 ? html`<td class="num">0</td>` : html`<td class="num"><a href="${urls.to('/', { ...inYear, design: d })}" aria-label="${n} ${designLabel(d)} papers from ${year}">${n}</a></td>`;
    });
    return html`<tr><th scope="row"><a href="${urls.to('/', inYear)}">${year}</a></th>${cells}<td class="num">${total}</td><td class="bar" aria-hidden="true">${'█'.repeat(Math.max(1, Math.round((total / max) * 20)))}</td></tr>`;
  });
  const head = html`<tr><th scope="col">Year</th>${designs.map((d) => html`<th scope="col">${designLabel(d)}</th>`)}<th scope="col">All designs</th><th scope="col"><span class="meta">Bar</span></th></tr>`;
  return scrollTable('years-caption', 'Papers per publication year by study design (the publication year, else the electronic date, else the entry date)', html`<thead>${head}</thead><tbody>${rows}</tbody>`);
}

/**
 * What the map does with retracted papers, with a link that changes it: counted (how many), left out, or
 * alone. The count is the map's, so it is what the matrix holds.
 */
function retractedLine(m: EvidenceMap, urls: Urls, params: QueryParams): SafeHtml {
  const other = (retracted: string | undefined, text: string) => html`<a href="${urls.to('/evidence', { ...params, retracted })}">${text}</a>`;
  const r = m.filters.retracted;
  if (r === false) return html`<p>Retracted papers are left out (${other(undefined, 'count them too')}).</p>`;
  if (r === true) return html`<p>Only retracted papers are counted (${other(undefined, 'count every paper')}).</p>`;
  if (m.retracted === 0) return html`<p>${retractedWords(0)}.</p>`;
  return html`<p>${retractedWords(m.retracted)} (${other('false', 'leave retracted papers out')}).</p>`;
}

/** The page's own control (a plain GET form: it works with JavaScript off), keeping the topic and year. */
function retractedForm(urls: Urls, params: QueryParams): SafeHtml {
  const opt = (value: string, label: string) => html`<option value="${value}"${(params.retracted ?? '') === value ? html` selected` : ''}>${label}</option>`;
  const keep = (['topic', 'since'] as const).filter((k) => params[k]);
  return html`<form class="evidence-filter" method="get" action="${urls.to('/evidence')}">${keep.map((k) => html`<input type="hidden" name="${k}" value="${params[k] ?? ''}">`)}<label for="retracted">Retracted papers</label> <select id="retracted" name="retracted">${opt('', 'counted')}${opt('false', 'left out')}${opt('true', 'only these')}</select> <button type="submit">Show</button></form>`;
}

/**
 * The body of the evidence page; `params` the page's own narrowing (`topic`, `since`, `retracted`), carried
 * by every link to the searches it counts (a cell's count is what its link finds).
 */
export function evidenceBody(m: EvidenceMap, urls: Urls, params: QueryParams = {}): SafeHtml {
  const narrow: QueryParams = { ...(params.topic ? { topic: params.topic } : {}), ...(params.since ? { since: params.since } : {}), ...(params.retracted ? { retracted: params.retracted } : {}) };
  const what = [params.topic ? `on ${params.topic}` : '', params.since ? `published ${params.since} or later` : ''].filter(Boolean).join(', ');
  const narrowed = what !== '' || m.filters.retracted !== null;
  const matrixPart = m.total === 0
    ? html`<p class="info">No records${what ? ` ${what}` : m.filters.retracted === null ? ' yet' : ''}, so the design × theme matrix is empty.</p>${m.filters.retracted !== null ? retractedLine(m, urls, narrow) : ''}`
    : html`<p>${m.total.toLocaleString('en')} records${what ? ` ${what}` : ''}, each counted under its study design and under each of its themes${narrowed ? html` (<a href="${urls.to('/evidence')}">the whole library</a>)` : ''}.</p>${retractedLine(m, urls, narrow)}${matrix(m, urls, narrow)}`;
  // A year row's link asks for that year alone, not for it and later.
  const yearNarrow: QueryParams = { ...(params.topic ? { topic: params.topic } : {}), ...(params.retracted ? { retracted: params.retracted } : {}) };
  return html`<h1>Evidence map</h1>
${retractedForm(urls, params)}
<section aria-labelledby="matrix"><h2 id="matrix">Design × theme</h2>${matrixPart}</section>
<section aria-labelledby="years"><h2 id="years">Papers per year by design</h2>${perYear(m, urls, yearNarrow)}</section>`;
}
