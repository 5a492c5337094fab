import type Database from 'better-sqlite3';
import { numberChanges } from './change-seq.js';
import { hasColumn, hasTable } from './prepared.js';
import { type CompletenessCheck, type Gap, type StalenessClock, type TopicCompleteness, completenessReport } from '../completeness.js';

export type { CompletenessCheck, Gap } from '../completeness.js';

/** Open gaps, oldest PMID first; of one topic when `topic` is given. */
export function listGaps(db: Database.Database, topic?: string): Gap[] {
  // A store opened read-only before migration 009 has no reason column: every gap then was a left-out PMID.
  const reason = hasColumn(db, 'ingest_gaps', 'rejected_reason') ? 'rejected_reason' : 'NULL';
  const rows = db
    .prepare(
      `SELECT pmid, topic, first_missing_at, last_attempt_at, attempts, ${reason} AS rejected FROM ingest_gaps
       WHERE (? IS NULL OR topic = ?) ORDER BY CAST(pmid AS INTEGER), topic`,
    )
    .all(topic ?? null, topic ?? null) as Array<{ pmid: string; topic: string; first_missing_at: string; last_attempt_at: string; attempts: number; rejected: string | null }>;
  return rows.map((r) => ({ pmid: r.pmid, topic: r.topic, firstMissingAt: r.first_missing_at, lastAttemptAt: r.last_attempt_at, attempts: r.attempts, rejected: r.rejected }));
}

/** One PMID a run asked for in vain, for `topics`. */
export interface Miss {
  pmid: string;
  topics: readonly string[];
  /**
   * Why: null when efetch left it out, the parser's reason when efetch returned a record the parser
   * rejected; undefined when this call does not know (a gap keeps its reason, a new one takes its PMID's).
   */
  rejected?: string | null;
}

/**
 * Records the PMIDs a run at `now` asked efetch for in vain (left out, or returned and rejected by the
 * parser): a new gap starts its first-missing time, a known one counts one more attempt and takes this
 * attempt's reason. Call inside the run's write transaction.
 */
export function recordGaps(db: Database.Database, misses: readonly Miss[], now: Date): void {
  const stmt = db.prepare(
    `INSERT INTO ingest_gaps (pmid, topic, first_missing_at, last_attempt_at, attempts, rejected_reason)
     VALUES (@pmid, @topic, @at, @at, 1, CASE WHEN @known THEN @reason
       ELSE (SELECT rejected_reason FROM ingest_gaps WHERE pmid = @pmid AND rejected_reason IS NOT NULL LIMIT 1) END)
     ON CONFLICT(pmid, topic) DO UPDATE SET last_attempt_at = excluded.last_attempt_at, attempts = ingest_gaps.attempts + 1,
       rejected_reason = CASE WHEN @known THEN excluded.rejected_reason ELSE ingest_gaps.rejected_reason END`,
  );
  const at = now.toISOString();
  for (const m of misses) {
    for (const topic of m.topics) stmt.run({ pmid: m.pmid, topic, at, known: m.rejected === undefined ? 0 : 1, reason: m.rejected ?? null });
  }
}

/** Closes every gap of these PMIDs (their records are stored now, or PubMed deleted them). */
export function closeGaps(db: Database.Database, pmids: readonly string[]): void {
  const stmt = db.prepare('DELETE FROM ingest_gaps WHERE pmid = ?');
  for (const p of pmids) stmt.run(p);
}

/** Drops the gaps of `topic` whose PMIDs its full result set no longer lists; returns how many. */
export function dropUnlistedGaps(db: Database.Database, topic: string, listed: ReadonlySet<string>): number {
  const gone = listGaps(db, topic).filter((g) => !listed.has(g.pmid));
  const stmt = db.prepare('DELETE FROM ingest_gaps WHERE pmid = ? AND topic = ?');
  db.transaction(() => {
    for (const g of gone) stmt.run(g.pmid, topic);
  }).immediate();
  return gone.length;
}

/** Live records holding `topic`. */
export function countTopicMembers(db: Database.Database, topic: string): number {
  const row = db
    .prepare('SELECT COUNT(*) AS n FROM article_topics t JOIN articles a ON a.pmid = t.pmid WHERE t.topic = ? AND a.deleted = 0')
    .get(topic) as { n: number };
  return row.n;
}

/**
 * Attaches `topic` to stored records its query matches (the audit found them upstream); bumps the change
 * number of each record that gained it, so the search index, which filters and counts by topic, picks
 * the change up. Returns how many gained it.
 */
export function attachTopic(db: Database.Database, pmids: readonly string[], topic: string, now: Date): number {
  const add = db.prepare('INSERT OR IGNORE INTO article_topics (pmid, topic, matched_at) VALUES (?, ?, ?)');
  const at = now.toISOString();
  return numberChanges(db, pmids, (pmid) => add.run(pmid, topic, at).changes > 0);
}

/**
 * Detaches `topic` from records its query no longer matches upstream (the record stays, with its other
 * topics, or none); bumps each record's change number so the search index picks the change up.
 */
export function removeTopic(db: Database.Database, pmids: readonly string[], topic: string): number {
  const del = db.prepare('DELETE FROM article_topics WHERE pmid = ? AND topic = ?');
  return numberChanges(db, pmids, (pmid) => del.run(pmid, topic).changes > 0);
}

/** Stores the outcome of one topic's check. */
export function saveCheck(db: Database.Database, c: CompletenessCheck): void {
  db.prepare(
    `INSERT INTO ingest_completeness (topic, upstream, local, checked_at, check_kind) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(topic) DO UPDATE SET upstream = excluded.upstream, local = excluded.local,
       checked_at = excluded.checked_at, check_kind = excluded.check_kind`,
  ).run(c.topic, c.upstream, c.local, c.checkedAt, c.check);
}

/** The last check per topic. */
export function getChecks(db: Database.Database): Map<string, CompletenessCheck> {
  const rows = db.prepare('SELECT topic, upstream, local, checked_at, check_kind FROM ingest_completeness').all() as Array<{
    topic: string;
    upstream: number;
    local: number;
    checked_at: string;
    check_kind: 'count' | 'full';
  }>;
  return new Map(rows.map((r) => [r.topic, { topic: r.topic, upstream: r.upstream, local: r.local, checkedAt: r.checked_at, check: r.check_kind }]));
}

/** Topics that were ever checked against PubMed, by name (none before migration 004 or the first check). */
export function checkedTopics(db: Database.Database): string[] {
  const migrated = hasTable(db, 'ingest_completeness');
  return migrated ? [...getChecks(db).keys()].sort() : [];
}

/**
 * The completeness report of the configured topics (`status --json`, digests). Reads only. With `clock`,
 * each checked topic says whether its last check is stale (see completenessReport).
 */
export function readCompleteness(db: Database.Database, topics: readonly string[], clock?: StalenessClock): Record<string, TopicCompleteness> {
  // A store opened read-only before migration 004 ran has no such tables: nothing was checked yet.
  const migrated = hasTable(db, 'ingest_completeness');
  return completenessReport(topics, migrated ? getChecks(db) : new Map(), migrated ? listGaps(db) : [], clock);
}
