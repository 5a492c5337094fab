/**
 * The ingest run's report: its shape (stored in the run ledger, printed by `ingest --json`), the empty
 * report a run starts from, and the one-line summary the CLI and the demo print.
 */
import type { TopicPlan } from './ingest-plan.js';
import type { AuditState } from './ingest-audit.js';
import type { IngestSummary, TopicSummary } from './types.js';

export type { IngestSummary, TopicSummary } from './types.js';



/** Fills in each topic's check (count or full, why, PubMed's count) from what the audits learnt. */
export function describeChecks(summary: IngestSummary, audit: AuditState): void {
  summary.lacking = audit.lacking;
  summary.detached += audit.detached;
  for (const t of summary.topics) {
    const full = audit.audited.get(t.topic);
    const count = audit.counted.get(t.topic);
    t.check = full ? 'full' : count ? 'count' : null;
    t.auditReason = full?.why ?? null;
    t.upstream = full?.upstream ?? count?.upstream ?? null;
  }
}

/** The report a run starts from. */
export function emptySummary(now: Date, plans: TopicPlan[]): IngestSummary {
  return {
    runId: 0,
    status: 'failed',
    startedAt: now.toISOString(),
    endedAt: now.toISOString(),
    topics: plans.map((p) => ({
      topic: p.topic,
      reason: p.reason,
      windows: p.windows ? p.windows.map((w) => `${w.datetype} ${w.mindate}-${w.maxdate}`) : ['all'],
      harvested: 0,
      check: null,
      auditReason: null,
      upstream: null,
    })),
    requests: 0,
    retries: 0,
    rateLimited: 0,
    fetched: 0,
    new: 0,
    updated: 0,
    unchanged: 0,
    older: 0,
    deleted: 0,
    detached: 0,
    lacking: 0,
    missing: [],
    gaps: [],
    rejected: [],
    error: null,
  };
}

/** The ledger copy of a summary (long lists capped so a run row stays small). */
export function detailsOf(s: IngestSummary): Record<string, unknown> {
  return {
    ...s,
    missing: s.missing.slice(0, 1000),
    missingCount: s.missing.length,
    gaps: s.gaps.slice(0, 1000),
    gapCount: s.gaps.length,
    rejected: s.rejected.slice(0, 100),
  };
}

/**
 * "ingest ok: 2 topics, 12 requests (0 retries, 0 rate-limited), 230 fetched: 200 new, 30 updated, ...", then,
 * when gaps remain, how many and the first ten PMIDs.
 */
export function formatIngestSummary(s: IngestSummary): string {
  const audits = s.topics.filter((t) => t.check === 'full').map(auditLine);
  // A --since run checks nothing against PubMed's counts: status keeps the last check's verdict and time.
  const unchecked = s.topics.filter((t) => t.reason === 'since' && t.check === null).map((t) => t.topic);
  const gaps = gapLines(s);
  return (
    `ingest ${s.status}: ${s.topics.length} topic${s.topics.length === 1 ? '' : 's'}, ${s.requests} requests ` +
    `(${s.retries} retries, ${s.rateLimited} rate-limited), ${s.fetched} fetched: ${s.new} new, ${s.updated} updated, ` +
    `${s.unchanged} unchanged, ${s.deleted} deleted, ${s.detached} topic${s.detached === 1 ? '' : 's'} detached, ${s.missing.length} missing, ${s.rejected.length} rejected` +
    (audits.length > 0 ? `; checked whole against PubMed (full audit): ${audits.join(', ')}` : '') +
    (unchecked.length > 0 ? `; not checked against PubMed (a --since run only narrows the window; a plain ingest or --audit checks): ${unchecked.join(', ')}` : '') +
    (s.error ? ` — ${s.error}` : '') +
    gaps
  );
}

/** Why a full audit ran, as the summary line says it (the reason recorded otherwise, e.g. a count mismatch). */
const AUDIT_WHY: Readonly<Record<string, string>> = {
  backfill: 'first run or --full',
  weekly: 'weekly',
  requested: 'asked with --audit',
};

/**
 * One topic's full audit: what PubMed listed and why the audit ran: "mitragynine (43 in PubMed; run because
 * of a count mismatch (PubMed 43, library 44))". The mismatch is what started the audit, not what it left:
 * what is still missing after it is in the gap lines (read as an open hole otherwise, beside a `status` that
 * says complete).
 */
function auditLine(t: TopicSummary): string {
  const why = t.auditReason === null ? 'audit' : AUDIT_WHY[t.auditReason] ?? `run because of a ${t.auditReason}`;
  return `${t.topic} (${t.upstream === null ? '' : `${t.upstream} in PubMed; `}${why})`;
}

/**
 * The open gaps by why they are open: left out of efetch's answers, or returned and rejected by the parser
 * in this run (with the parser's reason), each with its first ten PMIDs.
 */
function gapLines(s: IngestSummary): string {
  const reasons = new Map(s.rejected.flatMap((r) => (r.pmid === null ? [] : [[r.pmid, r.reason] as const])));
  const left = s.gaps.filter((p) => !reasons.has(p));
  const rejected = s.gaps.filter((p) => reasons.has(p));
  const n = (k: number): string => `${k} gap${k === 1 ? '' : 's'}`;
  return (
    (left.length > 0 ? `\n${n(left.length)} (PubMed lists, efetch did not return): ${firstTen(left)}; retried on the next run` : '') +
    (rejected.length > 0
      ? `\n${n(rejected.length)} (efetch returned, the parser rejected): ${firstTen(rejected.map((p) => `${p} (${reasons.get(p) as string})`))}; retried on the next run`
      : '')
  );
}

/** "1, 2, 3" or "1, ..., 10 and 4 more". */
export function firstTen(pmids: readonly string[]): string {
  return pmids.slice(0, 10).join(', ') + (pmids.length > 10 ? ` and ${pmids.length - 10} more` : '');
}
