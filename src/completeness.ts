/**
 * What "complete" means for a topic, and the one sentence that says it (status, digests). Pure: the last
 * check and the open gaps in, a report out; the clock is a parameter.
 *
 * A topic is complete when its last check found PubMed's count equal to the live records holding the topic
 * and no PMID is waiting in the gap list (listed by esearch, not yet stored: efetch left it out, or returned
 * a record the parser rejected).
 */

import type { CompletenessCheck, Gap, TopicCompleteness } from './types.js';

export type { CompletenessCheck, Gap, TopicCompleteness };

/** Days after which a check is stale when the audit interval is not known. */
export const DEFAULT_STALE_AFTER_DAYS = 8;

/**
 * How old a check may grow before "complete" is only "complete as of" its date: twice the full-audit
 * interval (`ingest.auditEveryDays`: a schedule that runs at all audits every topic that often, and checks
 * its count every night), or {@link DEFAULT_STALE_AFTER_DAYS} when that is unknown.
 */
export function staleAfterMs(auditEveryDays?: number | null): number {
  const days = auditEveryDays !== undefined && auditEveryDays !== null && auditEveryDays > 0 ? 2 * auditEveryDays : DEFAULT_STALE_AFTER_DAYS;
  return days * 86_400_000;
}

/** When to judge staleness: `now`, and the threshold (default {@link staleAfterMs}()). */
export interface StalenessClock {
  now: Date;
  staleAfterMs?: number;
}

/**
 * The report per configured topic, in configured order. With `clock`, a checked topic is `stale` when its
 * last check is older than the threshold; without one (nothing to measure age against) `stale` is false.
 */
export function completenessReport(
  topics: readonly string[],
  checks: ReadonlyMap<string, CompletenessCheck>,
  gaps: readonly Gap[],
  clock?: StalenessClock,
): Record<string, TopicCompleteness> {
  const out: Record<string, TopicCompleteness> = {};
  const limit = clock?.staleAfterMs ?? staleAfterMs();
  for (const topic of topics) {
    const c = checks.get(topic);
    const open = gaps.filter((g) => g.topic === topic).map((g) => ({ pmid: g.pmid, firstMissingAt: g.firstMissingAt, attempts: g.attempts, rejected: g.rejected }));
    const stale = clock !== undefined && c !== undefined && clock.now.getTime() - Date.parse(c.checkedAt) > limit;
    const entry: Omit<TopicCompleteness, 'line'> = c
      ? { upstream: c.upstream, local: c.local, gaps: open, checkedAt: c.checkedAt, check: c.check, complete: c.upstream === c.local && open.length === 0, stale }
      : { upstream: null, local: null, gaps: open, checkedAt: null, check: null, complete: null, stale: null };
    out[topic] = { ...entry, line: completenessLine(topic, entry) };
  }
  return out;
}

/**
 * One line per topic, saying what the last check counted and when, since the topic's stored count moves
 * on after it: "mitragynine: complete as of 2026-12-06 03:00 UTC (3 h ago): all 812 records PubMed listed
 * then were stored", or with gaps "mitragynine: incomplete as of ...: 809 of the 812 records PubMed listed
 * then were stored, 3 missing (39000001, ...): they are retried on the next run"; a stale check adds "not
 * verified since" after its date (docs/completeness.md). The check time is in UTC; with `now` (status)
 * followed by how long ago, without (digests, the JSON `line`) not, so those bytes never depend on when
 * they were written.
 */
export function completenessLine(topic: string, c: Omit<TopicCompleteness, 'line'>, now?: Date): string {
  if (c.upstream === null || c.local === null || c.checkedAt === null) {
    const waiting = c.gaps.length > 0 ? `, ${c.gaps.length} missing (${listed(c.gaps)}): they are retried on the next run${rejectedNote(c.gaps)}` : '';
    return `${topic}: not checked against PubMed yet${waiting}`;
  }
  const asOf = `as of ${c.checkedAt.slice(0, 16).replace('T', ' ')} UTC${now ? ` (${ago(c.checkedAt, now)})` : ''}${c.stale === true ? ', not verified since' : ''}`;
  const listedThen = `the ${c.upstream} ${c.upstream === 1 ? 'record' : 'records'} PubMed listed then`;
  if (c.gaps.length > 0) return `${topic}: incomplete ${asOf}: ${c.local} of ${listedThen} were stored, ${c.gaps.length} missing (${listed(c.gaps)}): they are retried on the next run${rejectedNote(c.gaps)}`;
  if (c.complete) return `${topic}: complete ${asOf}: ${c.upstream === 1 ? 'the 1 record PubMed listed then was' : `all ${c.upstream} records PubMed listed then were`} stored`;
  return `${topic}: not reconciled ${asOf}: ${c.local} stored against ${listedThen}; the next run audits it`;
}

/**
 * A topic's state in a word or two, as every face shows it: "complete", "incomplete" or "not checked",
 * with " as of 2026-11-20, not verified since" when its last check is stale.
 */
export function completenessState(c: Pick<TopicCompleteness, 'complete' | 'checkedAt' | 'stale'>): string {
  if (c.complete === null) return 'not checked';
  const asOf = c.stale === true && c.checkedAt !== null ? ` as of ${c.checkedAt.slice(0, 10)}, not verified since` : '';
  return `${c.complete ? 'complete' : 'incomplete'}${asOf}`;
}

/**
 * "; 39000002 was returned but rejected by the parser: <reason>" (the first one named, then how many
 * more): a rejected record needs a fix in the parser or upstream, not patience. Empty when none was.
 */
export function rejectedNote(gaps: TopicCompleteness['gaps']): string {
  const rejected = gaps.filter((g) => g.rejected !== null && g.rejected !== undefined);
  const first = rejected[0];
  if (!first) return '';
  const more = rejected.length > 1 ? ` (and ${rejected.length - 1} more rejected)` : '';
  return `; ${first.pmid} was returned but rejected by the parser: ${first.rejected as string}${more}`;
}

/** The first ten PMIDs, then "..." when there are more. */
function listed(gaps: TopicCompleteness['gaps']): string {
  return gaps.slice(0, 10).map((g) => g.pmid).join(', ') + (gaps.length > 10 ? ', ...' : '');
}

/** "just now", "12 min ago", "3 h ago", "4 days ago". */
export function ago(iso: string, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}
