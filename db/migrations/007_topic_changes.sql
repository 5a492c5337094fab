-- A stored record that another topic's search matched while the record itself was unchanged gained that
-- topic without a new change number, so a search index (which follows the store by change number only)
-- never saw it: topic filters and topic counts missed the record. The store now gives such a record a new
-- change number; this gives one to every live record that gained a topic after it was last written (its
-- topic row is newer than the record: a write stores the record and its topics at the same instant), so
-- indexes built before catch up with them the next time they open. Distinct, increasing numbers, as every
-- writer gives them: readers page through changes in change-number order.

CREATE TEMP TABLE topic_changes (pmid TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;

INSERT INTO topic_changes (pmid, n)
  SELECT a.pmid, row_number() OVER (ORDER BY a.pmid)
  FROM articles a
  WHERE a.deleted = 0
    AND EXISTS (SELECT 1 FROM article_topics t WHERE t.pmid = a.pmid AND t.matched_at > a.updated_at);

UPDATE articles
  SET change_seq = (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'change_seq')
                 + (SELECT n FROM topic_changes c WHERE c.pmid = articles.pmid)
  WHERE pmid IN (SELECT pmid FROM topic_changes);

UPDATE meta
  SET value = CAST(CAST(value AS INTEGER) + (SELECT count(*) FROM topic_changes) AS TEXT)
  WHERE key = 'change_seq';

DROP TABLE topic_changes;
