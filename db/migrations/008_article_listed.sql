-- Each record's list fields, packed (src/store/listed-form.ts): what a search page reads of a record, a few
-- kilobytes kept in the row itself, instead of its whole record JSON across overflow pages. Written with the
-- record (same transaction); `first_seen_at` and `updated_at` repeat the record's own so a read touches no
-- other page of `articles` than the one holding `deleted`. `format` is the packing's version: a build reads
-- only rows of its own and falls back on the record JSON for any other or missing row. Rows for records
-- stored before this table are written by the next writer run (fillListed), not here: the packing is
-- TypeScript. A rowid table, not WITHOUT ROWID: the latter keeps at most about 1 KB of a row on its page.

CREATE TABLE article_listed (
  pmid           TEXT PRIMARY KEY REFERENCES articles(pmid),
  format         INTEGER NOT NULL,
  first_seen_at  TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  listed         BLOB NOT NULL
);

-- A writer of the build before this one may still be running (a `schedule` started before the upgrade keeps
-- its connection and its code): it changes records without knowing this table. These triggers keep a row
-- from ever contradicting its record: a new record JSON drops the row (reads fall back on the JSON until a
-- writer of this build stores the record again, or `check --repair`), and a new updated_at (a deletion) is
-- copied. This build's writer stores the new row right after its UPDATE, in the same transaction.
CREATE TRIGGER article_listed_stale AFTER UPDATE OF record_json ON articles
BEGIN
  DELETE FROM article_listed WHERE pmid = NEW.pmid;
END;

CREATE TRIGGER article_listed_updated AFTER UPDATE OF updated_at ON articles
BEGIN
  UPDATE article_listed SET updated_at = NEW.updated_at WHERE pmid = NEW.pmid;
END;

-- A weekly digest also lists the records first stored that week after their own entry week's digest was
-- written (late arrivals): found by when they were first stored.
CREATE INDEX articles_first_seen ON articles(first_seen_at);
