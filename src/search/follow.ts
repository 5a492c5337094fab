/**
 * Following the store's change sequence a slice at a time, for a long-running process (`serve`) that must
 * stay current while another process imports, without one request paying for a whole import batch.
 */
import { applyChanges } from './build.js';
import type { SearchEngine } from './engine.js';
import type { RecordSource } from './types.js';

/** The part of a loaded index that following changes. */
export interface Followed {
  engine: SearchEngine;
  changeSeq: number;
}

/**
 * Applies at most `max` changed records after `loaded.changeSeq`, oldest change first, and advances the
 * high-water mark only as far as the records applied. Returns true when the index has caught up.
 */
export function catchUpSome(source: RecordSource, loaded: Followed, max: number): boolean {
  const target = source.changeSeq();
  if (target <= loaded.changeSeq) return true;
  const changes = source.changesSince(loaded.changeSeq, max);
  const pmids = changes.map((c) => c.pmid);
  const articles = source.articles(pmids);
  const found = new Set(articles.map((a) => a.pmid));
  applyChanges(loaded.engine, articles, pmids.filter((p) => !found.has(p)));
  const last = changes.at(-1);
  // Fewer rows than asked: everything up to `target` (read first) is applied.
  loaded.changeSeq = changes.length < max || !last ? Math.max(target, loaded.changeSeq) : last.changeSeq;
  return loaded.changeSeq >= target;
}
