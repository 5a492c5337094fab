-- kratomlit schema v1. Frozen once released: later changes go in new numbered files.
-- articles holds one row per PMID ever seen (live or deleted) with the normalized record as JSON (what the API
-- returns) and the raw XML (deflate-compressed) so a future normalizer can re-derive it without the network.
-- The child tables mirror the record for SQL users; they are rewritten whole whenever the record changes.

CREATE TABLE articles (
  pmid              TEXT PRIMARY KEY,
  version           INTEGER NOT NULL DEFAULT 1,
  status            TEXT,
  is_book           INTEGER NOT NULL DEFAULT 0,
  deleted           INTEGER NOT NULL DEFAULT 0,
  deleted_at        TEXT,
  title             TEXT NOT NULL,
  title_html        TEXT NOT NULL,
  abstract          TEXT,
  journal_title     TEXT,
  journal_iso       TEXT,
  issn              TEXT,
  volume            TEXT,
  issue             TEXT,
  pages             TEXT,
  pub_year          INTEGER,
  pub_date_raw      TEXT,
  article_date      TEXT,
  entry_date        TEXT,            -- history.entrez, else history.pubmed (YYYY-MM-DD): what "new this week" means
  date_revised      TEXT,
  doi               TEXT,
  pmcid             TEXT,
  publication_status TEXT,
  retracted         INTEGER NOT NULL DEFAULT 0,
  retraction_notice INTEGER NOT NULL DEFAULT 0,
  revision          INTEGER NOT NULL DEFAULT 1,
  first_seen_at     TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  change_seq        INTEGER NOT NULL, -- store high-water mark at the last change; the search index follows it
  content_hash      TEXT NOT NULL,
  record_json       TEXT NOT NULL,
  raw_xml           BLOB,             -- deflate-raw of the record's original XML
  source            TEXT NOT NULL     -- 'import' | 'ingest'
);
CREATE INDEX articles_change_seq ON articles(change_seq);
CREATE INDEX articles_entry_date ON articles(entry_date);

CREATE TABLE authors (
  pmid            TEXT NOT NULL REFERENCES articles(pmid) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  last_name       TEXT,
  fore_name       TEXT,
  initials        TEXT,
  suffix          TEXT,
  collective_name TEXT,
  orcid           TEXT,
  equal_contrib   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (pmid, position)
) WITHOUT ROWID;

CREATE TABLE author_affiliations (
  pmid            TEXT NOT NULL,
  author_position INTEGER NOT NULL,
  position        INTEGER NOT NULL,
  affiliation     TEXT NOT NULL,
  PRIMARY KEY (pmid, author_position, position),
  FOREIGN KEY (pmid, author_position) REFERENCES authors(pmid, position) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE mesh_headings (
  pmid       TEXT NOT NULL REFERENCES articles(pmid) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  descriptor TEXT NOT NULL,
  ui         TEXT,
  major      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (pmid, position)
) WITHOUT ROWID;

CREATE TABLE mesh_qualifiers (
  pmid             TEXT NOT NULL,
  heading_position INTEGER NOT NULL,
  position         INTEGER NOT NULL,
  name             TEXT NOT NULL,
  ui               TEXT,
  major            INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (pmid, heading_position, position),
  FOREIGN KEY (pmid, heading_position) REFERENCES mesh_headings(pmid, position) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE chemicals (
  pmid            TEXT NOT NULL REFERENCES articles(pmid) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  name            TEXT NOT NULL,
  ui              TEXT,
  registry_number TEXT,
  PRIMARY KEY (pmid, position)
) WITHOUT ROWID;

CREATE TABLE keywords (
  pmid     TEXT NOT NULL REFERENCES articles(pmid) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  keyword  TEXT NOT NULL,
  PRIMARY KEY (pmid, position)
) WITHOUT ROWID;

CREATE TABLE publication_types (
  pmid     TEXT NOT NULL REFERENCES articles(pmid) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name     TEXT NOT NULL,
  PRIMARY KEY (pmid, position)
) WITHOUT ROWID;

CREATE TABLE grants (
  pmid     TEXT NOT NULL REFERENCES articles(pmid) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  grant_id TEXT,
  acronym  TEXT,
  agency   TEXT,
  country  TEXT,
  PRIMARY KEY (pmid, position)
) WITHOUT ROWID;

CREATE TABLE article_ids (
  pmid    TEXT NOT NULL REFERENCES articles(pmid) ON DELETE CASCADE,
  id_type TEXT NOT NULL,
  value   TEXT NOT NULL,
  PRIMARY KEY (pmid, id_type)
) WITHOUT ROWID;

CREATE TABLE comments_corrections (
  pmid     TEXT NOT NULL REFERENCES articles(pmid) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  ref_type TEXT NOT NULL,
  ref_pmid TEXT,
  source   TEXT,
  PRIMARY KEY (pmid, position)
) WITHOUT ROWID;

-- Which configured topic queries matched a record (kept when the record is revised).
CREATE TABLE article_topics (
  pmid       TEXT NOT NULL REFERENCES articles(pmid) ON DELETE CASCADE,
  topic      TEXT NOT NULL,
  matched_at TEXT NOT NULL,
  PRIMARY KEY (pmid, topic)
) WITHOUT ROWID;
CREATE INDEX article_topics_topic ON article_topics(topic);

-- One row per accepted change of a stored record: what the weekly digest reports as "Updated".
CREATE TABLE revisions (
  pmid          TEXT NOT NULL REFERENCES articles(pmid) ON DELETE CASCADE,
  revision      INTEGER NOT NULL,
  at            TEXT NOT NULL,
  changed_json  TEXT NOT NULL,
  previous_json TEXT NOT NULL,
  source        TEXT NOT NULL,
  PRIMARY KEY (pmid, revision)
) WITHOUT ROWID;
CREATE INDEX revisions_at ON revisions(at);

-- DeleteCitation tombstones, also for PMIDs never stored, so an older file cannot bring a deleted record back.
CREATE TABLE deletions (
  pmid       TEXT PRIMARY KEY,
  version    INTEGER,
  deleted_at TEXT NOT NULL,
  source     TEXT NOT NULL
);

-- Ledger of import / ingest / digest / index runs.
CREATE TABLE runs (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  kind        TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  ended_at    TEXT,
  status      TEXT NOT NULL,
  pid         INTEGER,
  details_json TEXT NOT NULL DEFAULT '{}',
  error       TEXT
);
CREATE INDEX runs_kind_started ON runs(kind, started_at);

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO meta(key, value) VALUES ('change_seq', '0');
