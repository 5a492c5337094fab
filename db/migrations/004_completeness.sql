-- The completeness audit: what PubMed lists per topic against what the library holds.
-- ingest_gaps: PMIDs a topic's esearch lists but efetch did not return. Retried by every run; a row goes
-- only when its record is stored or when the topic's full result set no longer lists the PMID.
CREATE TABLE ingest_gaps (
  pmid             TEXT NOT NULL,
  topic            TEXT NOT NULL,
  first_missing_at TEXT NOT NULL,   -- ISO time of the first run that asked for it in vain
  last_attempt_at  TEXT NOT NULL,
  attempts         INTEGER NOT NULL, -- runs that asked efetch for it and got nothing
  PRIMARY KEY (pmid, topic)
);
CREATE INDEX ingest_gaps_topic ON ingest_gaps(topic, pmid);

-- ingest_completeness: the last check per topic (esearch count, or the full PMID set compared).
CREATE TABLE ingest_completeness (
  topic      TEXT PRIMARY KEY,
  upstream   INTEGER NOT NULL,       -- PubMed's count for the topic query at checked_at
  local      INTEGER NOT NULL,       -- live records holding the topic after that run
  checked_at TEXT NOT NULL,
  check_kind TEXT NOT NULL           -- 'count' | 'full'
);
