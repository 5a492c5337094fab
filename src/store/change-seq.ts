/**
 * The store's change numbers: every change a reader can see (a record written, deleted, re-topicked,
 * reclassified) gives the record a new, distinct number above every earlier one, so the search index,
 * `serve`'s record table and the kept records of a search follow the store by its change list alone.
 */
import type Database from 'better-sqlite3';
import { prepared } from './prepared.js';

/**
 * Runs `change` for each PMID in one transaction and gives each record it changed (`change` returned
 * true) the next change number. Returns how many changed. Called inside a transaction, it joins it.
 */
export function numberChanges(db: Database.Database, pmids: readonly string[], change: (pmid: string) => boolean): number {
  const seqGet = prepared(db, "SELECT CAST(value AS INTEGER) AS v FROM meta WHERE key = 'change_seq'");
  const seqSet = prepared(db, "UPDATE meta SET value = ? WHERE key = 'change_seq'");
  const touch = prepared(db, 'UPDATE articles SET change_seq = ? WHERE pmid = ?');
  return db.transaction(() => {
    let seq = (seqGet.get() as { v: number }).v;
    let changed = 0;
    for (const pmid of pmids) {
      if (!change(pmid)) continue;
      changed += 1;
      touch.run((seq += 1), pmid);
    }
    seqSet.run(String(seq));
    return changed;
  }).immediate();
}
