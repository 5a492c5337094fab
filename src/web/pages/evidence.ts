/**
 * The evidence map `/evidence`: the design x theme matrix (each cell a link to that search) and papers
 * per year, counted over the whole library from records' `evidence` (when classified). Pure.
 */
import type { RecordEvidence } from '../../index.js';
import { designLabel } from '../../evidence/types.js';
import { html, type SafeHtml } from '../html.js';
import type { Urls } from '../urls.js';

/** Counts for the map. */
export interface EvidenceMap {
  classified: number;
  records: number;
  designs: string[];
  themes: string[];
  /** `design\u0000theme` -> records. */
  cells: Map<string, number>;
  /** Year -> records (all live records, classified or not), oldest first. */
  years: Array<[number, number]>;
}

/**
 * Counts the map from the evidence of the classified records, the number of live records and their
 * counts per publication year (the library's facet counts of an empty query).
 */
export function evidenceMap(evidence: Iterable<RecordEvidence>, records: number, yearCounts: ReadonlyArray<[string, number]>): EvidenceMap {
  const cells = new Map<string, number>();
  const designs = new Map<string, number>();
  const themes = new Map<string, number>();
  let classified = 0;
  for (const ev of evidence) {
    classified++;
    const design = ev.design ?? 'Undetermined';
    designs.set(design, (designs.get(design) ?? 0) + 1);
    for (const t of ev.themes.length ? ev.themes : ['(no theme)']) {
      themes.set(t, (themes.get(t) ?? 0) + 1);
      cells.set(`${design}\u0000${t}`, (cells.get(`${design}\u0000${t}`) ?? 0) + 1);
    }
  }
  const byCount = (m: Map<string, number>) => [...m].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([k]) => k);
  const years = yearCounts.map(([y, n]): [number, number] => [Number(y), n]).sort((x, y) => x[0] - y[0]);
  return { classified, records, designs: byCount(designs), themes: byCount(themes), cells, years };
}

function matrix(m: EvidenceMap, urls: Urls): SafeHtml {
  const head = html`<tr><th scope="col">Design \\ Theme</th>${m.themes.map((t) => html`<th scope="col">${t}</th>`)}</tr>`;
  const rows = m.designs.map((d) => {
    const cells = m.themes.map((t) => {
      const n = m.cells.get(`${d}\u0000${t}`) ?? 0;
      const params = { design: d === 'Undetermined' ? undefined : d, theme: t === '(no theme)' ? undefined : t };
      return n === 0 ? html`<td class="num">0</td>` : html`<td class="num"><a href="${urls.to('/', params)}" aria-label="${n} ${designLabel(d)} papers on ${t}">${n}</a></td>`;
    });
    return html`<tr><th scope="row"><a href="${urls.to('/', { design: d === 'Undetermined' ? undefined : d })}">${designLabel(d)}</a></th>${cells}</tr>`;
  });
  return html`<div class="scroll"><table><caption>Papers by study design and theme (a paper with several themes counts in each)</caption><thead>${head}</thead><tbody>${rows}</tbody></table></div>`;
}

function perYear(m: EvidenceMap, urls: Urls): SafeHtml {
  const max = Math.max(1, ...m.years.map(([, n]) => n));
  const rows = m.years.map(([y, n]) => html`<tr><th scope="row"><a href="${urls.to('/', { since: String(y), until: String(y) })}">${y}</a></th><td class="num">${n}</td><td aria-hidden="true">${'█'.repeat(Math.max(1, Math.round((n / max) * 30)))}</td></tr>`);
  return html`<div class="scroll"><table><caption>Papers per publication year</caption><thead><tr><th scope="col">Year</th><th scope="col">Papers</th><th scope="col"><span class="meta">Bar</span></th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** The body of the evidence page. */
export function evidenceBody(m: EvidenceMap, urls: Urls): SafeHtml {
  const matrixPart = m.classified === 0
    ? html`<p class="info">Not classified yet: no record carries an evidence classification, so the design × theme matrix is empty.</p>`
    : html`<p>${m.classified.toLocaleString('en')} of ${m.records.toLocaleString('en')} records classified.</p>${matrix(m, urls)}`;
  return html`<h1>Evidence map</h1>
<section aria-labelledby="matrix"><h2 id="matrix">Design × theme</h2>${matrixPart}</section>
<section aria-labelledby="years"><h2 id="years">Papers per year</h2>${perYear(m, urls)}</section>`;
}
