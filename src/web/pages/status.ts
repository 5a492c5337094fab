/**
 * The status page `/status`: per-topic counts and completeness (when the status report carries it),
 * last runs, next scheduled runs, and how fresh both the index file and this server's in-memory index
 * are. Pure. Fields the report does not have are left out, so the page follows the report as it grows.
 */
import type { StatusReport, StatusRun } from '../../commands/status.js';
import { html, type SafeHtml } from '../html.js';

/** The `status --json` document (any part may be missing) plus what this server knows. */
export interface StatusView {
  report: Partial<StatusReport> & { completeness?: unknown };
  server: { indexedSeq: number; storeSeq: number; records: number; startedAt: string };
}

function scalar(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Any array of flat objects as a table (completeness rows, whatever their columns). */
function objectTable(caption: string, rows: unknown[]): SafeHtml {
  const objs = rows.filter((r): r is Record<string, unknown> => r !== null && typeof r === 'object');
  const cols = [...new Set(objs.flatMap((o) => Object.keys(o)))];
  if (objs.length === 0) return html`<p>${caption}: none.</p>`;
  return html`<div class="scroll"><table><caption>${caption}</caption><thead><tr>${cols.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
<tbody>${objs.map((o) => html`<tr>${cols.map((c) => html`<td>${scalar(o[c])}</td>`)}</tr>`)}</tbody></table></div>`;
}

function completeness(v: unknown): SafeHtml {
  if (v === undefined) return html`<p class="meta">Per-topic completeness is not reported by this version of the library.</p>`;
  if (Array.isArray(v)) return objectTable('Completeness per topic', v);
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    const rows = entries.map(([k, x]) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? { topic: k, ...(x as object) } : { item: k, value: x }));
    return objectTable('Completeness', rows);
  }
  return html`<p>Completeness: ${scalar(v)}</p>`;
}

function runRow(r: StatusRun): SafeHtml {
  const figures = Object.entries(r.details).filter(([, x]) => typeof x === 'number').map(([k, x]) => `${k} ${String(x)}`).join(', ');
  return html`<tr><td>${r.id}</td><td>${r.kind}</td><td>${r.status}</td><td>${r.startedAt}</td><td>${r.endedAt ?? '—'}</td><td>${figures}${r.error ? ` — ${r.error}` : ''}</td></tr>`;
}

/** Topic rows; when the report gives topics more fields (completeness per topic), every field is shown. */
function topicsTable(list: ReadonlyArray<Record<string, unknown>>, rows: SafeHtml[]): SafeHtml {
  const extra = list.some((t) => Object.keys(t).some((k) => !['name', 'records', 'configured'].includes(k)));
  if (extra) return objectTable('Records and completeness per topic', [...list]);
  return html`<div class="scroll"><table><caption>Records per topic</caption><thead><tr><th scope="col">Topic</th><th scope="col">Records</th><th scope="col">Configured</th></tr></thead><tbody>${rows.length ? rows : html`<tr><td colspan="3">No topics yet.</td></tr>`}</tbody></table></div>`;
}

/** The body of the status page. */
export function statusBody(v: StatusView): SafeHtml {
  const r = v.report;
  const topics = (r.topics ?? []).map((t) => html`<tr><th scope="row">${t.name}</th><td class="num">${t.records}</td><td>${t.configured ? 'yes' : 'no (stored only)'}</td></tr>`);
  const next = Object.entries(r.nextRuns ?? {}).map(([job, times]) => html`<li>${job}: ${times[0] ?? 'unknown'}</li>`);
  const idx = r.index;
  const s = v.server;
  return html`<h1>Status</h1>
<section aria-labelledby="records"><h2 id="records">Records</h2>
<p>${r.records ? `${r.records.live} live records (${r.records.books} books, ${r.records.retracted} retracted), ${r.records.deleted} withdrawn.` : ''}</p>
${topicsTable(r.topics ?? [], topics)}
${completeness(r.completeness)}
</section>
<section aria-labelledby="runs"><h2 id="runs">Runs</h2>
${next.length ? html`<p>Next scheduled runs:</p><ul>${next}</ul>` : html`<p>No schedule known.</p>`}
<div class="scroll"><table><caption>Recent runs</caption><thead><tr><th scope="col">#</th><th scope="col">Kind</th><th scope="col">Outcome</th><th scope="col">Started</th><th scope="col">Ended</th><th scope="col">Figures</th></tr></thead>
<tbody>${r.runs?.length ? r.runs.map(runRow) : html`<tr><td colspan="6">No runs yet.</td></tr>`}</tbody></table></div>
</section>
<section aria-labelledby="freshness"><h2 id="freshness">Index freshness</h2>
<dl class="fields">
<dt>This server's index</dt><dd>${s.indexedSeq === s.storeSeq ? 'current' : `catching up (at change ${s.indexedSeq} of ${s.storeSeq})`}, ${s.records.toLocaleString('en')} records, serving since ${s.startedAt}</dd>
${idx ? html`<dt>Index file</dt><dd>${idx.exists ? (idx.fresh ? 'up to date' : `stale (at ${idx.highWater ?? '?'}, store at ${idx.storeHighWater})`) : 'not built yet'}</dd>` : ''}
${r.database ? html`<dt>Database</dt><dd>${r.database}</dd>` : ''}
</dl></section>`;
}
