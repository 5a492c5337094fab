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
  /** Check stored members against the full result set (finds records PubMed deleted). */
  reconcile: boolean;
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
  /** Reconcile a topic whose last check is older than this. Default 7 days. */
  reconcileEveryDays?: number;
}

/**
 * Decides, without I/O or clock reads, what each topic's run asks for. First run (or a changed query, or
 * `--full`): everything. Later runs: records entered OR modified since the day the last finished run started,
 * minus `overlapDays` (entry dates lag and NCBI bulk-revises records), through tomorrow (NCBI dates are US
 * Eastern; a day of slack covers every zone). A topic whose run failed keeps its old date, so the next run
 * retries that whole window.
 */
export function planRun(input: PlanInput): TopicPlan[] {
  const reconcileMs = (input.reconcileEveryDays ?? 7) * 86_400_000;
  return input.topics.map((t): TopicPlan => {
    const queryHash = hashQuery(t.query);
    const state = input.states.get(t.name);
    const dueReconcile = !state?.lastReconciledAt || input.now.getTime() - Date.parse(state.lastReconciledAt) >= reconcileMs;
    const base = { topic: t.name, term: t.query, queryHash };
    if (input.since) return { ...base, windows: windows(input.since, input.now), reconcile: false, reason: 'since' };
    if (input.full) return { ...base, windows: null, reconcile: true, reason: 'full' };
    if (!state || !state.completeThrough) return { ...base, windows: null, reconcile: true, reason: 'first run' };
    if (state.queryHash !== queryHash) return { ...base, windows: null, reconcile: true, reason: 'query changed' };
    const from = addDays(state.completeThrough, -input.overlapDays);
    return { ...base, windows: windows(from, input.now), reconcile: dueReconcile, reason: 'incremental' };
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
