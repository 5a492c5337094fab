-- The evidence map (docs/evidence.md): one classification per record, with the rules' version, so
-- `kratomlit evidence --reclassify` can recompute every record from the store without the network.
-- Store-owned like topics: not part of record_json, so a reclassification is not a content change.
-- Records stored before this migration have no row until they are stored again or reclassified;
-- readers then classify them on the fly with the current rules.
CREATE TABLE article_evidence (
  pmid        TEXT PRIMARY KEY REFERENCES articles(pmid) ON DELETE CASCADE,
  design      TEXT NOT NULL,   -- one of the design ids
  design_also TEXT NOT NULL,   -- JSON array of design ids
  themes      TEXT NOT NULL,   -- JSON array of theme ids
  cues        TEXT NOT NULL,   -- JSON array of strings
  source      TEXT NOT NULL,   -- 'rules' | 'override'
  version     INTEGER NOT NULL,
  classified_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX article_evidence_design ON article_evidence(design);

-- One row per (record, theme), for SQL users who want `WHERE theme = 'toxicity'`.
CREATE TABLE article_themes (
  pmid  TEXT NOT NULL REFERENCES articles(pmid) ON DELETE CASCADE,
  theme TEXT NOT NULL,
  PRIMARY KEY (pmid, theme)
) WITHOUT ROWID;
CREATE INDEX article_themes_theme ON article_themes(theme);
