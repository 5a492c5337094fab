import type Database from 'better-sqlite3';

/** What the store knows about one topic's ingestion. */
export interface TopicState {
  topic: string;
  queryHash: string;
  completeThrough: string | null;
  lastReconciledAt: string | null;
}

export function getTopicStates(db: Database.Database): Map<string, TopicState> {
  const rows = db.prepare('SELECT topic, query_hash, complete_through, last_reconciled_at FROM ingest_topics').all() as Array<{
    topic: string;
    query_hash: string;
    complete_through: string | null;
    last_reconciled_at: string | null;
  }>;
  return new Map(
    rows.map((r) => [r.topic, { topic: r.topic, queryHash: r.query_hash, completeThrough: r.complete_through, lastReconciledAt: r.last_reconciled_at }]),
  );
}

/** Records that `topic` (with the query of `queryHash`) is complete through `through` (YYYY-MM-DD). */
export function markTopicComplete(
  db: Database.Database,
  s: { topic: string; queryHash: string; through: string; reconciledAt: string | null },
): void {
  db.prepare(
    `INSERT INTO ingest_topics (topic, query_hash, complete_through, last_reconciled_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(topic) DO UPDATE SET query_hash = excluded.query_hash, complete_through = excluded.complete_through,
       last_reconciled_at = COALESCE(excluded.last_reconciled_at, ingest_topics.last_reconciled_at)`,
  ).run(s.topic, s.queryHash, s.through, s.reconciledAt);
}

/** Adds harvested PMIDs to the queue (merging topics into rows already there); one immediate transaction. */
export function enqueue(db: Database.Database, pmids: readonly string[], topic: string, now: Date): void {
  const get = db.prepare('SELECT topics FROM ingest_queue WHERE pmid = ?');
  const insert = db.prepare("INSERT INTO ingest_queue (pmid, topics, state, added_at) VALUES (?, ?, 'pending', ?)");
  const setTopics = db.prepare('UPDATE ingest_queue SET topics = ? WHERE pmid = ?');
  db.transaction(() => {
    for (const pmid of pmids) {
      const row = get.get(pmid) as { topics: string } | undefined;
      if (!row) insert.run(pmid, JSON.stringify([topic]), now.toISOString());
      else {
        const topics = new Set(JSON.parse(row.topics) as string[]);
        if (!topics.has(topic)) setTopics.run(JSON.stringify([...topics, topic].sort()), pmid);
      }
    }
  }).immediate();
}

/** The next `limit` pending PMIDs with their topics, in PMID order. */
export function nextPending(db: Database.Database, limit: number): Array<{ pmid: string; topics: string[] }> {
  const rows = db
    .prepare("SELECT pmid, topics FROM ingest_queue WHERE state = 'pending' ORDER BY CAST(pmid AS INTEGER) LIMIT ?")
    .all(limit) as Array<{ pmid: string; topics: string }>;
  return rows.map((r) => ({ pmid: r.pmid, topics: JSON.parse(r.topics) as string[] }));
}

/** Marks queue rows done or missing; call inside the transaction that stores the batch. */
export function markQueued(db: Database.Database, pmids: readonly string[], state: 'done' | 'missing'): void {
  const stmt = db.prepare('UPDATE ingest_queue SET state = ?, attempts = attempts + 1 WHERE pmid = ?');
  for (const p of pmids) stmt.run(state, p);
}

export function queueCounts(db: Database.Database): { pending: number; done: number; missing: number } {
  const rows = db.prepare('SELECT state, COUNT(*) AS n FROM ingest_queue GROUP BY state').all() as Array<{ state: string; n: number }>;
  const by = Object.fromEntries(rows.map((r) => [r.state, r.n]));
  return { pending: by['pending'] ?? 0, done: by['done'] ?? 0, missing: by['missing'] ?? 0 };
}

/**
 * Once a run has finished: empties the queue. What efetch left out is not lost with it: every such PMID is
 * in the gap list (ingest_gaps), which every run queues again.
 */
export function clearQueue(db: Database.Database): void {
  db.prepare("DELETE FROM ingest_queue WHERE state IN ('done', 'missing')").run();
}

/** At the start of a run: PMIDs a previous run found missing are asked for again. */
export function requeueMissing(db: Database.Database): number {
  return db.prepare("UPDATE ingest_queue SET state = 'pending' WHERE state = 'missing'").run().changes;
}

/** Live stored PMIDs attached to `topic`. */
export function storedTopicMembers(db: Database.Database, topic: string): string[] {
  return (
    db
      .prepare('SELECT t.pmid FROM article_topics t JOIN articles a ON a.pmid = t.pmid WHERE t.topic = ? AND a.deleted = 0')
      .all(topic) as Array<{ pmid: string }>
  ).map((r) => r.pmid);
}
