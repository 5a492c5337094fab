-- A record already stored that a second topic's search matched gained that topic without a new change
-- number, so a search index (which follows the store by change number only) never saw the topic: topic
-- filters and topic counts missed the record. The store now gives such a record a new change number; this
-- gives one to every live record holding more than one topic, so indexes built before catch up with them
-- the next time they open (each such record is read and re-indexed once). Distinct, increasing numbers,
-- as every writer gives them: readers page through changes in change-number order.

CREATE TEMP TABLE topic_changes AS
  SELECT t.pmid, row_number() OVER (ORDER BY t.pmid) AS n
  FROM (SELECT pmid FROM article_topics GROUP BY pmid HAVING count(*) > 1) t
  JOIN articles a ON a.pmid = t.pmid
  WHERE a.deleted = 0;

UPDATE articles
  SET change_seq = (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'change_seq')
                 + (SELECT n FROM topic_changes c WHERE c.pmid = articles.pmid)
  WHERE pmid IN (SELECT pmid FROM topic_changes);

UPDATE meta
  SET value = CAST(CAST(value AS INTEGER) + (SELECT count(*) FROM topic_changes) AS TEXT)
  WHERE key = 'change_seq';

DROP TABLE topic_changes;
