/**
 * Building and updating the MiniSearch index from Articles. Ids are PMID strings everywhere (MiniSearch
 * treats `1` and `"1"` as different documents: docs/pitfalls.md). `add` throws on a duplicate id and `discard` on an
 * unknown one, so every change is guarded with `has`.
 */
import MiniSearch from 'minisearch';
import type { Article } from '../types.js';
import { toIndexDoc, type IndexDoc } from './documents.js';
import { indexOptions } from './index-options.js';
import { phraseSequence, phraseSequences, phraseWordMemo } from './phrase-index.js';
import { documentPrior } from './prior.js';
import type { SynonymMatcher } from './synonyms.js';

/** An empty index with the shared options. */
export function createIndex(synonyms: SynonymMatcher | null): MiniSearch<IndexDoc> {
  return new MiniSearch<IndexDoc>(indexOptions(synonyms));
}

/** Adds or replaces one live article; discards it when the article is marked deleted. */
export function putArticle(mini: MiniSearch<IndexDoc>, article: Article): 'added' | 'replaced' | 'removed' | 'none' {
  const pmid = String(article.pmid);
  if (article.deleted) return removePmid(mini, pmid) ? 'removed' : 'none';
  const doc = toIndexDoc({ ...article, pmid }, documentPrior);
  // Kept in step with the postings: a stale sequence could wrongly reject a phrase (phrase-index.ts).
  phraseSequences(mini).set(pmid, phraseSequence(article, phraseWordMemo(mini)));
  if (mini.has(pmid)) {
    mini.replace(doc);
    return 'replaced';
  }
  mini.add(doc);
  return 'added';
}

/** Discards a PMID if indexed; returns whether it was. */
export function removePmid(mini: MiniSearch<IndexDoc>, pmid: string): boolean {
  phraseSequences(mini).delete(pmid);
  if (!mini.has(pmid)) return false;
  mini.discard(pmid);
  return true;
}

/** Builds an index from live articles (deleted ones are skipped), reporting progress every 1,000 records. */
export function buildIndex(
  articles: Iterable<Article>,
  synonyms: SynonymMatcher | null,
  onProgress?: (done: number) => void,
): MiniSearch<IndexDoc> {
  const mini = createIndex(synonyms);
  let done = 0;
  for (const article of articles) {
    if (!article.deleted) putArticle(mini, article);
    done += 1;
    if (onProgress && done % 1000 === 0) onProgress(done);
  }
  onProgress?.(done);
  return mini;
}

/** Change counts of an incremental update. */
export interface UpdateCounts {
  added: number;
  replaced: number;
  removed: number;
}

/**
 * Applies changed records: `articles` are the current versions (deleted ones discarded), `gone` are PMIDs
 * no longer in the store at all. Synchronous; call {@link vacuumIfDirty} before persisting.
 */
export function applyChanges(mini: MiniSearch<IndexDoc>, articles: readonly Article[], gone: readonly string[]): UpdateCounts {
  const counts: UpdateCounts = { added: 0, replaced: 0, removed: 0 };
  for (const article of articles) {
    const outcome = putArticle(mini, article);
    if (outcome !== 'none') counts[outcome] += 1;
  }
  for (const pmid of gone) if (removePmid(mini, pmid)) counts.removed += 1;
  return counts;
}

/**
 * Vacuums (drops postings of discarded/replaced records) when more than 10% of the index is dirt, so the
 * file does not grow with every update. Auto-vacuum is off because it runs on timers after the caller
 * may already have written the file or exited.
 */
export async function vacuumIfDirty(mini: MiniSearch<IndexDoc>): Promise<boolean> {
  if (mini.dirtCount === 0 || mini.dirtFactor <= 0.1) return false;
  await mini.vacuum();
  return true;
}
