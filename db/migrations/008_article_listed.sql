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

-- A weekly digest also lists the records first stored that week after their own entry week's digest was
-- written (late arrivals): found by when they were first stored.
CREATE INDEX articles_first_seen ON articles(first_seen_at);
