/**
 * The status page `/status`: per-topic counts and completeness against PubMed,
 * last runs, whether a scheduler runs and the next scheduled runs, and how fresh both the index file and this server's in-memory index
 * are. Pure. Fields the report does not have are left out, so the page follows the report as it grows.
 */
import type { StatusReport, StatusRun } from '../../library/types.js';
import { completenessLine, completenessState } from '../../completeness.js';
import { html, type SafeHtml } from '../html.js';
import { plural } from '../../digest/render-common.js';
import { schedulerLine } from '../../library/scheduler-line.js';
import { nextRunText, runFiguresOf, utcMinute } from '../../library/run-text.js';

/** The `status --json` document (any part may be missing) plus what this server knows. */
export interface StatusView {
  report: Partial<StatusReport>;
  /** The page's clock, for "checked 3 h ago". */
  now: Date;
  server: { indexedSeq: number; storeSeq: number; records: number; startedAt: string; searchThreads: number };
}

/** One row per configured topic: the same line `kratomlit status` prints, and the figures behind it. */
function completeness(c: StatusReport['completeness'] | undefined, now: Date): SafeHtml {
  const entries = Object.entries(c ?? {});
  if (entries.length === 0) return html`<p class="meta">No topic has been checked against PubMed yet.</p>`;
  const rows = entries.map(([topic, t]) => {
    const state = completenessState(t);
    const at = t.checkedAt === null ? '—' : `${t.checkedAt.slice(0, 16).replace('T', ' ')} UTC`;
    return html`<tr><th scope="row">${topic}</th><td>${at}</td><td class="num">${t.upstream ?? '—'}</td><td class="num">${t.local ?? '—'}</td><td class="num">${t.gaps.length}</td><td>${t.check ?? '—'}</td><td>${state}</td><td>${completenessLine(topic, t, now)}</td></tr>`;
  });
  // The counts are the last check's, not the records stored now (the table above): the headings say so.
  return html`<div class="scroll"><table><caption>Completeness against PubMed at the last check (docs/completeness.md)</caption>
<thead><tr><th scope="col">Topic</th><th scope="col">Checked</th><th scope="col">Listed by PubMed then</th><th scope="col">Stored then</th><th scope="col">Gaps</th><th scope="col">Check</th><th scope="col">State</th><th scope="col">In words</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

/** An instant as "2026-11-26 03:30 UTC", kept whole on one line, with the ISO form for machines. */
function when(iso: string | null): SafeHtml | string {
  return iso === null ? '—' : html`<time class="when" datetime="${iso}">${utcMinute(iso)}</time>`;
}

function runRow(r: StatusRun): SafeHtml {
  return html`<tr><td>${r.id}</td><td>${r.kind}</td><td>${r.status}</td><td>${when(r.startedAt)}</td><td>${when(r.endedAt)}</td><td>${runFiguresOf(r)}${r.error ? ` — ${r.error}` : ''}</td></tr>`;
}

function topicsTable(rows: SafeHtml[]): SafeHtml {
  return html`<div class="scroll"><table><caption>Records per topic, stored now</caption><thead><tr><th scope="col">Topic</th><th scope="col">Records</th><th scope="col">Configured</th></tr></thead><tbody>${rows.length ? rows : html`<tr><td colspan="3">No topics yet.</td></tr>`}</tbody></table></div>`;
}

/** The body of the status page. */
export function statusBody(v: StatusView): SafeHtml {
  const r = v.report;
  const topics = (r.topics ?? []).map((t) => html`<tr><th scope="row">${t.name}</th><td class="num">${t.records}</td><td>${t.configured ? 'yes' : 'no (stored only)'}</td></tr>`);
  const next = Object.entries(r.nextRuns ?? {}).map(([job, times]) => html`<li>${job}: ${times[0] === undefined ? 'unknown' : html`<time datetime="${times[0]}">${nextRunText(times[0])}</time>`}</li>`);
  const idx = r.index;
  const s = v.server;
  return html`<h1>Status</h1>
<section aria-labelledby="records"><h2 id="records">Records</h2>
<p>${r.records ? `${plural(r.records.live, 'live record', 'live records')} (${plural(r.records.books, 'book', 'books')}, ${r.records.retracted} retracted), ${r.records.deleted} withdrawn from PubMed.` : ''}</p>
${topicsTable(topics)}
${completeness(r.completeness, v.now)}
</section>
<section aria-labelledby="runs"><h2 id="runs">Runs</h2>
${r.scheduler ? html`<p>Scheduler: ${schedulerLine(r.scheduler)}</p>` : ''}
${next.length ? html`<p>Next scheduled runs:</p><ul>${next}</ul>` : html`<p>No schedule known.</p>`}
<div class="scroll"><table><caption>Recent runs</caption><thead><tr><th scope="col">#</th><th scope="col">Kind</th><th scope="col">Outcome</th><th scope="col">Started</th><th scope="col">Ended</th><th scope="col">Figures</th></tr></thead>
<tbody>${r.runs?.length ? r.runs.map(runRow) : html`<tr><td colspan="6">No runs yet.</td></tr>`}</tbody></table></div>
</section>
<section aria-labelledby="freshness"><h2 id="freshness">Index freshness</h2>
<dl class="fields">
<dt>This server's index</dt><dd>${s.indexedSeq === s.storeSeq ? 'current' : `catching up (at change ${s.indexedSeq} of ${s.storeSeq})`}, ${s.records.toLocaleString('en')} records, serving since ${when(s.startedAt)}${s.searchThreads > 0 ? `, search pages on ${s.searchThreads} thread${s.searchThreads === 1 ? '' : 's'} of their own` : ''}</dd>
${idx ? html`<dt>Index file</dt><dd>${idx.exists ? (idx.fresh ? 'up to date' : `stale (at ${idx.highWater ?? '?'}, store at ${idx.storeHighWater})`) : 'not built yet'}</dd>` : ''}
${r.database ? html`<dt>Database</dt><dd>${r.database}</dd>` : ''}
</dl></section>`;
}
