import { createHash } from 'node:crypto';
import type { TopicState } from '../store/ingest-state.js';

/** A date window for esearch (`datetype`, inclusive `YYYY/MM/DD` bounds). */
export interface Window {
  datetype: 'edat' | 'mdat';
  mindate: string;
  maxdate: string;
}

/** What one run will ask E-utilities for one topic. */
export interface TopicPlan {
  topic: string;
  term: string;
  queryHash: string;
  /** `null`: full backfill (no window). Otherwise the entry-date and modification-date windows. */
  windows: Window[] | null;
  /**
   * Run the completeness audit: compare the topic's whole PMID set with the library, fetch what is lacking,
   * reconcile what PubMed no longer lists. Always true when `windows` is null (the backfill is the audit).
   */
  audit: boolean;
  /** Why the audit runs (null: only the nightly count check decides). */
  auditReason: 'backfill' | 'weekly' | 'requested' | null;
  reason: 'first run' | 'query changed' | 'since' | 'incremental' | 'full';
}

export interface PlanInput {
  topics: ReadonlyArray<{ name: string; query: string }>;
  states: ReadonlyMap<string, TopicState>;
  now: Date;
  overlapDays: number;
  /** `--since YYYY-MM-DD`: windows from that day, whatever the state. */
  since?: string | null;
  /** `--full`: backfill every topic. */
  full?: boolean;
  /** Audit a topic whose last full audit is older than this. Default 7 days. */
  auditEveryDays?: number;
  /** `--audit`: audit every selected topic now. */
  audit?: boolean;
}

/**
 * Decides, without I/O or clock reads, what each topic's run asks for. First run (or a changed query, or
 * `--full`): everything. Later runs: records entered OR modified since the day the last finished run started,
 * minus `overlapDays` (entry dates lag and NCBI bulk-revises records), through tomorrow (NCBI dates are US
 * Eastern; a day of slack covers every zone). A topic whose run failed keeps its old date, so the next run
 * retries that whole window. `--since` narrows only that run's windows: it never audits and never counts as
 * a backfill (the run does not advance the topic's date, so the next plain run still backfills).
 */
export function planRun(input: PlanInput): TopicPlan[] {
  const auditMs = (input.auditEveryDays ?? 7) * 86_400_000;
  return input.topics.map((t): TopicPlan => {
    const queryHash = hashQuery(t.query);
    const state = input.states.get(t.name);
    const base = { topic: t.name, term: t.query, queryHash };
    const backfill = { ...base, windows: null, audit: true, auditReason: 'backfill' as const };
    if (input.since) return { ...base, windows: windows(input.since, input.now), audit: false, auditReason: null, reason: 'since' };
    if (input.full) return { ...backfill, reason: 'full' };
    if (!state || !state.completeThrough) return { ...backfill, reason: 'first run' };
    if (state.queryHash !== queryHash) return { ...backfill, reason: 'query changed' };
    const from = addDays(state.completeThrough, -input.overlapDays);
    const weekly = !state.lastReconciledAt || input.now.getTime() - Date.parse(state.lastReconciledAt) >= auditMs;
    const auditReason = input.audit ? 'requested' : weekly ? 'weekly' : null;
    return { ...base, windows: windows(from, input.now), audit: auditReason !== null, auditReason, reason: 'incremental' };
  });
}

function windows(fromIso: string, now: Date): Window[] {
  const mindate = fromIso.replaceAll('-', '/');
  const maxdate = addDays(now.toISOString().slice(0, 10), 1).replaceAll('-', '/');
  return [
    { datetype: 'edat', mindate, maxdate },
    { datetype: 'mdat', mindate, maxdate },
  ];
}

/** `YYYY-MM-DD` plus `days` (may be negative), in UTC. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Stable hash of a topic query, whitespace-insensitive. */
export function hashQuery(query: string): string {
  return createHash('sha256').update(query.trim().replace(/\s+/g, ' ')).digest('hex').slice(0, 16);
}
