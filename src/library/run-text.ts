/**
 * Run times and run figures as a person reads them: next scheduled runs on the status page and in
 * `kratomlit status`, recent runs on the status page.
 * Pure: every function reads only the strings and numbers it is given.
 */

/** "2026-11-26 03:30 UTC" from any ISO instant; the input itself when it is not one. */
export function utcMinute(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "UTC−05:00" from "-05:00" (a true minus sign), "UTC+00:00" from "Z". */
function offsetName(offset: string): string {
  if (offset === 'Z') return 'UTC+00:00';
  return `UTC${offset.replace('-', '−')}`;
}

/**
 * A next fire time, which the scheduler gives as ISO with the offset of the job's configured zone
 * (`2026-12-07T22:30:00-05:00`), told one way for every job: the instant in UTC first, so that jobs in
 * different zones compare at a glance, then the wall clock of the job's zone with its offset:
 * "2026-12-08 03:30 UTC (2026-12-07 22:30 in the schedule's time zone, UTC−05:00)".
 * A string that is not a zoned ISO instant is returned unchanged.
 */
export function nextRunText(zonedIso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(zonedIso);
  if (!m || Number.isNaN(Date.parse(zonedIso))) return zonedIso;
  return `${utcMinute(zonedIso)} (${m[1] as string} ${m[2] as string} in the schedule's time zone, ${offsetName(m[3] as string)})`;
}

/** Words for the ledger's figure names where splitting the camelCase name would not say it. */
const FIGURE_WORDS: Readonly<Record<string, string>> = {
  rateLimited: 'rate-limited',
  detached: 'topic links dropped',
  lacking: 'found lacking by the audit',
  missingCount: 'missing',
  gapCount: 'gaps',
  filesFailed: 'files failed',
  gainedTopic: 'gained a topic',
};

/** The singular of the plural words above and of the ledger's plural names, for a count of 1. */
const ONE: Readonly<Record<string, string>> = {
  requests: 'request',
  retries: 'retry',
  notices: 'notice',
  gaps: 'gap',
  files: 'file',
  records: 'record',
  'topic links dropped': 'topic link dropped',
  'files failed': 'file failed',
};

/** "2 files failed" from ("filesFailed", 2), "1 gap" from ("gapCount", 1). */
function figure(name: string, n: number): string {
  // The fallback for a figure without words of its own: its camelCase name split into words.
  const label = FIGURE_WORDS[name] ?? name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return `${n} ${n === 1 ? (ONE[label] ?? label) : label}`;
}

/**
 * A run's figures as "7 requests, 0 retries, 0 rate-limited, 7 fetched, 1 new, …": its numeric details in
 * their stored order (a digest's `week` and its nested `counts` included), `runId` left out (the run's
 * number says it).
 */
export function runFigures(details: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(details)) {
    if (name === 'runId') continue;
    if (name === 'week' && typeof value === 'string') parts.push(`week ${value}`);
    else if (typeof value === 'number') parts.push(figure(name, value));
    else if (name === 'counts' && value !== null && typeof value === 'object') {
      for (const [k, n] of Object.entries(value)) if (typeof n === 'number') parts.push(figure(k, n));
    }
  }
  return parts.join(', ');
}

/**
 * A run's figures as `kratomlit status` and the status page give them: {@link runFigures}, or for a run
 * that ended before finishing (`interrupted`, which saves its figures as it goes, if at all) only the
 * figures it did save, said as such ("as last recorded: 40 fetched, 38 new (the others not recorded)"), or
 * "figures not recorded" when it saved none.
 */
export function runFiguresOf(run: { status: string; details: Record<string, unknown> }): string {
  const numbers = Object.entries(run.details).filter(([k, v]) => typeof v === 'number' && k !== 'runId');
  if (run.status !== 'interrupted' || numbers.length === 0) return runFigures(run.details);
  const saved = runFigures(Object.fromEntries(numbers.filter(([, v]) => v !== 0)));
  return saved === '' ? 'figures not recorded' : `as last recorded: ${saved} (the others not recorded)`;
}
