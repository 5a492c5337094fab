-- Ingestion bookkeeping that makes a run resumable after kill -9.
-- ingest_topics: per configured topic, the day through which its results are known complete (advanced only
-- when a run finishes) and the hash of the query that got them (a changed query means a new backfill).
CREATE TABLE ingest_topics (
  topic              TEXT PRIMARY KEY,
  query_hash         TEXT NOT NULL,
  complete_through   TEXT,            -- YYYY-MM-DD (run start, UTC) of the last run that finished this topic
  last_reconciled_at TEXT             -- last time stored members were checked against the full result set
);

-- ingest_queue: PMIDs harvested by the current (or an interrupted) run and what became of them. Rows are
-- marked done in the same transaction that stores their records, so a resumed run fetches only the rest.
-- The queue is emptied when a run finishes.
CREATE TABLE ingest_queue (
  pmid     TEXT PRIMARY KEY,
  topics   TEXT NOT NULL,             -- JSON array of topic names that matched
  state    TEXT NOT NULL,             -- 'pending' | 'done' | 'missing'
  attempts INTEGER NOT NULL DEFAULT 0,
  added_at TEXT NOT NULL
);
CREATE INDEX ingest_queue_state ON ingest_queue(state, pmid);
