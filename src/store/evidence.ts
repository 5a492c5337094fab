/**
 * Evidence rows (migration 005): writing a record's classification, reading it back, and reclassifying
 * the whole store from what it holds (no network). The classification itself is src/evidence (pure).
 */
import type Database from 'better-sqlite3';
import { classifyEvidence, type EvidenceOverrides } from '../evidence/index.js';
import type { Design, Evidence, Theme } from '../evidence/types.js';
import type { Article } from '../types.js';

/** The evidence columns as the article readers select them (all null when the record has no row yet). */
export interface EvidenceColumns {
  ev_design: string | null;
  ev_design_also: string | null;
  ev_themes: string | null;
  ev_cues: string | null;
  ev_source: string | null;
  ev_version: number | null;
}

/** SELECT list and JOIN that the article readers add (alias `e`). */
export const EVIDENCE_SELECT = `e.design AS ev_design, e.design_also AS ev_design_also, e.themes AS ev_themes,
  e.cues AS ev_cues, e.source AS ev_source, e.version AS ev_version`;
export const EVIDENCE_JOIN = 'LEFT JOIN article_evidence e ON e.pmid = a.pmid';

/** The stored classification, or null when the record has none yet. */
export function evidenceFromColumns(c: EvidenceColumns): Evidence | null {
  if (c.ev_design === null || c.ev_design === undefined) return null;
  return {
    design: c.ev_design as Design,
    designAlso: JSON.parse(c.ev_design_also ?? '[]') as Design[],
    themes: JSON.parse(c.ev_themes ?? '[]') as Theme[],
    cues: JSON.parse(c.ev_cues ?? '[]') as string[],
    source: c.ev_source === 'override' ? 'override' : 'rules',
    version: c.ev_version ?? 0,
  };
}

/** Prepared writers of one connection. */
export interface EvidenceStatements {
  put: Database.Statement;
  clearThemes: Database.Statement;
  addTheme: Database.Statement;
}

export function prepareEvidenceStatements(db: Database.Database): EvidenceStatements {
  return {
    put: db.prepare(
      `INSERT OR REPLACE INTO article_evidence (pmid, design, design_also, themes, cues, source, version, classified_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    clearThemes: db.prepare('DELETE FROM article_themes WHERE pmid = ?'),
    addTheme: db.prepare('INSERT INTO article_themes (pmid, theme) VALUES (?, ?)'),
  };
}

/** Writes one record's classification (inside the caller's transaction). */
export function writeEvidence(s: EvidenceStatements, pmid: string, e: Evidence, now: string): void {
  s.put.run(pmid, e.design, JSON.stringify(e.designAlso), JSON.stringify(e.themes), JSON.stringify(e.cues), e.source, e.version, now);
  s.clearThemes.run(pmid);
  for (const t of e.themes) s.addTheme.run(pmid, t);
}

/**
 * Classifies `article` and writes it (inside the caller's transaction); returns the classification.
 * `rules`: the rules' classification of this very article when already computed.
 */
export function classifyAndWrite(s: EvidenceStatements, article: Article, overrides: EvidenceOverrides | undefined, now: string, rules?: Evidence): Evidence {
  const e = classifyEvidence(article, overrides, rules);
  writeEvidence(s, article.pmid, e, now);
  return e;
}
