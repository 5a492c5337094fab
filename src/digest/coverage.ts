/**
 * How far the library's ingests covered a digest's week, per configured topic, and which ingest runs in
 * the week did not complete. A digest lists what the library holds; without this, a week no ingest has
 * looked at yet reads as a quiet week. Pure: the job reads the run ledger and passes the runs in.
 *
 * A topic's week is covered when a successful ingest (`ok` or `partial`) of that topic ended at or after
 * the week's end, partly covered when the latest one ended inside the week (up to that instant), and not
 * covered when none ended after the week began. For a covered week the first covering run is named, so a
 * later ingest never changes the bytes of a past week's digest.
 */
import type { RunStatus } from '../types.js';
import type { DigestCoverage, DigestDocument, RunProblem, TopicCoverage } from './types.js';

/** What the coverage needs of one ingest run of the ledger. */
export interface IngestRunFacts {
  id: number;
  status: RunStatus;
  startedAt: string;
  endedAt: string | null;
  /** Topics the run ingested (its summary's `topics[].topic`). */
  topics: readonly string[];
  error: string | null;
}

/** Run statuses after which the run's topics are up to date to its end (`partial` still completed its windows). */
const SUCCESS: ReadonlySet<RunStatus> = new Set(['ok', 'partial']);
/** Run statuses of an ingest that did not complete (`deferred`: rate limits made it stop before fetching). */
const PROBLEM: ReadonlySet<RunStatus> = new Set(['failed', 'interrupted', 'deferred']);
/** Longest error text quoted in a digest: the ledger keeps the whole of it (`status`). */
const ERROR_CHARS = 200;

/** The coverage of the week `[range.start, range.end)` by `runs` (any order), for `topics` in order. */
export function weekCoverage(range: { start: string; end: string }, topics: readonly string[], runs: readonly IngestRunFacts[]): DigestCoverage {
  const ended = runs.filter((r): r is IngestRunFacts & { endedAt: string } => SUCCESS.has(r.status) && r.endedAt !== null);
  return {
    topics: topics.map((topic) => topicCoverage(topic, range, ended.filter((r) => r.topics.includes(topic)))),
    problems: runs
      .filter((r) => PROBLEM.has(r.status) && r.startedAt >= range.start && r.startedAt < range.end)
      .sort((a, b) => (a.startedAt === b.startedAt ? a.id - b.id : a.startedAt < b.startedAt ? -1 : 1))
      .map(problemOf),
  };
}

/**
 * A run searches PubMed up to its start (ingest-plan.ts takes the start as the search's last date), so
 * a run covers what was entered before it started: the week is covered by a successful run that started
 * after the week's end (named by its end, when its papers were stored), partly by one that started inside it.
 */
function topicCoverage(topic: string, range: { start: string; end: string }, runs: ReadonlyArray<{ startedAt: string; endedAt: string }>): TopicCoverage {
  const byStart = [...runs].sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
  const covering = byStart.find((r) => r.startedAt >= range.end);
  if (covering !== undefined) return { topic, covered: 'full', through: covering.endedAt, line: `${topic}: covered (an ingest ended ${utc(covering.endedAt)}, after the week)` };
  const last = byStart.at(-1)?.startedAt ?? null;
  if (last !== null && last > range.start) {
    return { topic, covered: 'partial', through: last, line: `${topic}: covered only up to ${utc(last)} (when the last successful ingest searched PubMed); papers entered later are not listed yet` };
  }
  return { topic, covered: 'none', through: last, line: `${topic}: not covered: ${last === null ? 'no ingest has succeeded yet' : `the last successful ingest searched PubMed ${utc(last)}, before the week began`}` };
}

function problemOf(r: IngestRunFacts): RunProblem {
  const status = r.status as RunProblem['status'];
  const error = r.error === null ? '' : `: ${firstLine(r.error)}`;
  return { run: r.id, status, startedAt: r.startedAt, line: `ingest run ${r.id} started ${utc(r.startedAt)} ${status === 'deferred' ? 'was deferred' : status}${error}` };
}

function firstLine(text: string): string {
  const line = text.split('\n')[0]?.trim() ?? '';
  return line.length > ERROR_CHARS ? `${line.slice(0, ERROR_CHARS - 1)}…` : line;
}

/** `2026-11-26 03:30 UTC`. */
export function utc(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** The document with its `coverage`, placed right after `completeness` (or `counts`): JSON key order is stable. */
export function withCoverage(doc: DigestDocument, coverage: DigestCoverage): DigestDocument {
  const { schemaVersion, week, range, counts, completeness, ...rest } = doc;
  return { schemaVersion, week, range, counts, ...(completeness !== undefined ? { completeness } : {}), coverage, ...rest };
}

/**
 * True when every topic's week was covered by an ingest. A digest written before coverage was recorded
 * says nothing about it and counts as covered (it is rendered as it always was).
 */
export function isCovered(doc: Pick<DigestDocument, 'coverage'>): boolean {
  return (doc.coverage?.topics ?? []).every((t) => t.covered === 'full');
}

/**
 * The one sentence that says the week was not (wholly) covered, or null when it was: "No ingest covered
 * this week yet (the last successful one searched PubMed 2026-11-26 03:30 UTC).", "No ingest covered this week yet
 * for 7-hydroxymitragynine." when other topics were, or "Ingests covered this week only up to 2026-12-03
 * 03:30 UTC so far: papers entered later are not listed yet." (the earliest such point of any topic).
 */
export function coverageGap(doc: Pick<DigestDocument, 'coverage'>): string | null {
  const all = doc.coverage?.topics ?? [];
  const none = all.filter((t) => t.covered === 'none');
  if (none.length === all.length && none.length > 0) {
    const last = none.map((t) => t.through).filter((at): at is string => at !== null).sort().at(-1);
    return `No ingest covered this week yet (${last === undefined ? 'no ingest has succeeded yet' : `the last successful one searched PubMed ${utc(last)}`}).`;
  }
  if (none.length > 0) return `No ingest covered this week yet for ${none.map((t) => t.topic).join(', ')}.`;
  const partly = partlyCoveredTo(doc);
  return partly === null ? null : `Ingests covered this week only up to ${utc(partly)} so far: papers entered later are not listed yet.`;
}

/** The earliest point a partly covered topic was covered to, or null when none is partly covered. */
export function partlyCoveredTo(doc: Pick<DigestDocument, 'coverage'>): string | null {
  return (doc.coverage?.topics ?? []).filter((t) => t.covered === 'partial').map((t) => t.through as string).sort()[0] ?? null;
}

/** "1 ingest run in this week did not complete: see the ingest coverage below." or null. */
export function problemsSentence(doc: Pick<DigestDocument, 'coverage'>): string | null {
  const n = doc.coverage?.problems.length ?? 0;
  if (n === 0) return null;
  return `${n === 1 ? '1 ingest run' : `${n} ingest runs`} in this week did not complete: see the ingest coverage below.`;
}

/** The lines of the coverage block: one per topic, then one per run that did not complete. */
export function coverageLines(doc: Pick<DigestDocument, 'coverage'>): string[] {
  return doc.coverage ? [...doc.coverage.topics.map((t) => t.line), ...doc.coverage.problems.map((p) => p.line)] : [];
}

/** The heading the renderers put above the coverage lines. */
export const COVERAGE_HEADING = 'Ingest coverage of this week';
