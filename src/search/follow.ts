/**
 * Following the store's change sequence a slice at a time, for a long-running process (`serve`) that must
 * stay current while another process imports, without one request paying for a whole import batch.
 */
import type Database from 'better-sqlite3';
import type MiniSearch from 'minisearch';
import { getArticles, getChangeSeq, listChangesSince } from '../store/articles.js';
import { applyChanges } from './build.js';
import type { IndexDoc } from './documents.js';

/** The part of a loaded index that following changes. */
export interface Followed {
  mini: MiniSearch<IndexDoc>;
  changeSeq: number;
}

/**
 * Applies at most `max` changed records after `loaded.changeSeq`, oldest change first, and advances the
 * high-water mark only as far as the records applied. Returns true when the index has caught up.
 */
export function catchUpSome(db: Database.Database, loaded: Followed, max: number): boolean {
  const target = getChangeSeq(db);
  if (target <= loaded.changeSeq) return true;
  const changes = listChangesSince(db, loaded.changeSeq, max);
  const pmids = changes.map((c) => c.pmid);
  const articles = getArticles(db, pmids);
  const found = new Set(articles.map((a) => a.pmid));
  applyChanges(loaded.mini, articles, pmids.filter((p) => !found.has(p)));
  const last = changes.at(-1);
  // Fewer rows than asked: everything up to `target` (read first) is applied.
  loaded.changeSeq = changes.length < max || !last ? Math.max(target, loaded.changeSeq) : last.changeSeq;
  return loaded.changeSeq >= target;
}
