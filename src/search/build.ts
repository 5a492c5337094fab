/**
 * Building and updating the search index from Articles. Ids are PMID strings everywhere (MiniSearch
 * treats `1` and `"1"` as different documents: docs/pitfalls.md); the engine guards add and discard.
 */
import type { Article } from '../types.js';
import { toIndexDoc } from './documents.js';
import { SearchEngine } from './engine.js';
import { BulkBuilder } from './engine-bulk.js';
import { indexOptions } from './index-options.js';
import { phraseSequence } from './phrase-index.js';
import { documentPrior } from './prior.js';
import type { SynonymMatcher } from './synonyms.js';

/** An empty index with the shared options. */
export function createIndex(synonyms: SynonymMatcher | null): SearchEngine {
  return SearchEngine.create(indexOptions(synonyms));
}

/** Adds or replaces one live article; discards it when the article is marked deleted. */
export function putArticle(engine: SearchEngine, article: Article): 'added' | 'replaced' | 'removed' | 'none' {
  const pmid = String(article.pmid);
  if (article.deleted) return engine.remove(pmid) ? 'removed' : 'none';
  return engine.put(toIndexDoc({ ...article, pmid }, documentPrior), phraseSequence(article, engine.wordMemo));
}

/**
 * Builds an index from live articles (deleted ones are skipped), reporting progress every 1,000 records.
 * Records go through the bulk builder (engine-bulk.ts); a PMID that comes again replaces its first
 * version through the engine, as an update would.
 */
export function buildIndex(
  articles: Iterable<Article>,
  synonyms: SynonymMatcher | null,
  onProgress?: (done: number) => void,
): SearchEngine {
  const options = indexOptions(synonyms);
  const bulk = new BulkBuilder(options, synonyms);
  const again: Article[] = [];
  let done = 0;
  for (const article of articles) {
    const pmid = String(article.pmid);
    if (article.deleted) {
      // Skipped, as a rebuild from live records has always done.
    } else if (bulk.has(pmid)) again.push({ ...article, pmid });
    else bulk.add(typeof article.pmid === 'string' ? article : { ...article, pmid });
    done += 1;
    if (onProgress && done % 1000 === 0) onProgress(done);
  }
  onProgress?.(done);
  const engine = SearchEngine.restore(bulk.parts(), options);
  for (const article of again) putArticle(engine, article);
  return engine;
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
export function applyChanges(engine: SearchEngine, articles: readonly Article[], gone: readonly string[]): UpdateCounts {
  const counts: UpdateCounts = { added: 0, replaced: 0, removed: 0 };
  for (const article of articles) {
    const outcome = putArticle(engine, article);
    if (outcome !== 'none') counts[outcome] += 1;
  }
  for (const pmid of gone) if (engine.remove(pmid)) counts.removed += 1;
  return counts;
}

/**
 * Vacuums (drops postings of discarded/replaced records) when more than 10% of the index is dirt, so the
 * file does not grow with every update. Auto-vacuum is off because it runs on timers after the caller
 * may already have written the file or exited.
 */
export async function vacuumIfDirty(engine: SearchEngine): Promise<boolean> {
  if (engine.dirtCount === 0 || engine.dirtFactor <= 0.1) return false;
  await engine.vacuum();
  return true;
}
