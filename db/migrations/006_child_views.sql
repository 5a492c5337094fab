-- The per-record child tables of 001 (authors, MeSH, chemicals...) become views over articles.record_json.
-- They held, row for row, what record_json already holds: every record was written three times (columns,
-- JSON, raw XML), and their ~40 rows per record were a third of an import's store time. No kratomlit code
-- reads them; they are for SQL users, and the views keep their names, columns and values (json_each over
-- the record's arrays: `position` is the array index, booleans read as 1/0; json_extract rather than ->>
-- so an sqlite3 shell older than 3.38 reads them too), deleted records included as
-- before. Nothing is lost: the rows were rewritten from the same record whenever it changed.
-- Queries that filtered a child table by a column other than its primary key scanned it whole before too.

DROP TABLE author_affiliations;
DROP TABLE mesh_qualifiers;
DROP TABLE authors;
DROP TABLE mesh_headings;
DROP TABLE chemicals;
DROP TABLE keywords;
DROP TABLE publication_types;
DROP TABLE grants;
DROP TABLE article_ids;
DROP TABLE comments_corrections;

CREATE VIEW authors (pmid, position, last_name, fore_name, initials, suffix, collective_name, orcid, equal_contrib) AS
  SELECT a.pmid, j.key, json_extract(j.value, '$.lastName'), json_extract(j.value, '$.foreName'), json_extract(j.value, '$.initials'), json_extract(j.value, '$.suffix'),
         json_extract(j.value, '$.collectiveName'), json_extract(j.value, '$.orcid'), coalesce(json_extract(j.value, '$.equalContrib'), 0)
  FROM articles a, json_each(a.record_json, '$.authors') j;

CREATE VIEW author_affiliations (pmid, author_position, position, affiliation) AS
  SELECT a.pmid, j.key, f.key, f.value
  FROM articles a, json_each(a.record_json, '$.authors') j, json_each(j.value, '$.affiliations') f;

CREATE VIEW mesh_headings (pmid, position, descriptor, ui, major) AS
  SELECT a.pmid, j.key, json_extract(j.value, '$.descriptor'), json_extract(j.value, '$.ui'), coalesce(json_extract(j.value, '$.major'), 0)
  FROM articles a, json_each(a.record_json, '$.mesh') j;

CREATE VIEW mesh_qualifiers (pmid, heading_position, position, name, ui, major) AS
  SELECT a.pmid, j.key, q.key, json_extract(q.value, '$.name'), json_extract(q.value, '$.ui'), coalesce(json_extract(q.value, '$.major'), 0)
  FROM articles a, json_each(a.record_json, '$.mesh') j, json_each(j.value, '$.qualifiers') q;

CREATE VIEW chemicals (pmid, position, name, ui, registry_number) AS
  SELECT a.pmid, j.key, json_extract(j.value, '$.name'), json_extract(j.value, '$.ui'), json_extract(j.value, '$.registryNumber')
  FROM articles a, json_each(a.record_json, '$.chemicals') j;

CREATE VIEW keywords (pmid, position, keyword) AS
  SELECT a.pmid, j.key, j.value FROM articles a, json_each(a.record_json, '$.keywords') j;

CREATE VIEW publication_types (pmid, position, name) AS
  SELECT a.pmid, j.key, j.value FROM articles a, json_each(a.record_json, '$.publicationTypes') j;

CREATE VIEW grants (pmid, position, grant_id, acronym, agency, country) AS
  SELECT a.pmid, j.key, json_extract(j.value, '$.id'), json_extract(j.value, '$.acronym'), json_extract(j.value, '$.agency'), json_extract(j.value, '$.country')
  FROM articles a, json_each(a.record_json, '$.grants') j;

CREATE VIEW article_ids (pmid, id_type, value) AS
  SELECT a.pmid, j.key, j.value FROM articles a, json_each(a.record_json, '$.ids') j;

CREATE VIEW comments_corrections (pmid, position, ref_type, ref_pmid, source) AS
  SELECT a.pmid, j.key, json_extract(j.value, '$.type'), json_extract(j.value, '$.pmid'), json_extract(j.value, '$.source')
  FROM articles a, json_each(a.record_json, '$.commentsCorrections') j;
