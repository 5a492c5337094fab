/**
 * `kratomlit evidence --reclassify`: recomputes every record's evidence from what the store holds (the
 * normalized record; no network) with the current rules and overrides. A record whose classification
 * changes gets a new change_seq, so the search index (which filters on design and theme) catches up.
 */
import type Database from 'better-sqlite3';
import { classifyEvidence, type EvidenceOverrides } from '../evidence/index.js';
import type { Evidence } from '../evidence/types.js';
import { iterateAllArticles } from './articles.js';
import { numberChanges } from './change-seq.js';
import { prepareEvidenceStatements, writeEvidence } from './evidence.js';

/** What a reclassification did. */
export interface ReclassifyResult {
  /** Records classified (deleted ones included). */
  total: number;
  /** Of `total`, the records PubMed deleted (withdrawn): kept and classified, but no map or search counts them. */
  withdrawn: number;
  /** Records whose design, themes, cues, source or version changed (or that had no classification). */
  changed: number;
  /** Records classified by an override. */
  overridden: number;
  /** PMIDs the overrides name that no stored record has (a typo, or a paper not ingested yet), sorted. */
  unmatchedOverrides: string[];
}

const BATCH = 2000;

function same(a: Evidence | null, b: Evidence): boolean {
  return a !== null && JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Reclassifies the store in immediate transactions of BATCH records. `stored` tells apart a stored
 * classification from one computed on the fly for a record without a row (both compare by value).
 */
export function reclassifyAll(db: Database.Database, opts: { now: Date; overrides?: EvidenceOverrides }): ReclassifyResult {
  const hasRow = db.prepare('SELECT 1 FROM article_evidence WHERE pmid = ?');
  const pending: Array<{ pmid: string; evidence: Evidence }> = [];
  let total = 0;
  let withdrawn = 0;
  let overridden = 0;
  const unmatched = new Set(opts.overrides?.keys() ?? []);
  // Read everything first: better-sqlite3 cannot write while a statement iterates on the same connection.
  for (const article of iterateAllArticles(db)) {
    total += 1;
    if (article.deleted) withdrawn += 1;
    unmatched.delete(article.pmid);
    const fresh = classifyEvidence(article, opts.overrides);
    if (fresh.source === 'override') overridden += 1;
    if (!same(article.evidence, fresh) || hasRow.get(article.pmid) === undefined) pending.push({ pmid: article.pmid, evidence: fresh });
  }
  const s = prepareEvidenceStatements(db);
  const now = opts.now.toISOString();
  for (let i = 0; i < pending.length; i += BATCH) {
    const batch = new Map(pending.slice(i, i + BATCH).map((p) => [p.pmid, p.evidence]));
    numberChanges(db, [...batch.keys()], (pmid) => {
      writeEvidence(s, pmid, batch.get(pmid) as Evidence, now);
      return true;
    });
  }
  return { total, withdrawn, changed: pending.length, overridden, unmatchedOverrides: [...unmatched].sort() };
}
