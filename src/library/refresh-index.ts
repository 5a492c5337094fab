import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { UsageError, errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import { updateSearchIndex } from './search-index.js';

/**
 * After a store change (import, ingest), brings the search index file up to date incrementally when it
 * exists. A failure here never fails the run: the store is the truth and the next search rebuilds the index.
 */
export async function refreshIndexFile(db: Database.Database, indexPath: string, logger: Logger): Promise<void> {
  if (!existsSync(indexPath)) return;
  try {
    const r = await updateSearchIndex(db, { indexPath, logger });
    logger.debug({ ...r }, 'search index updated');
  } catch (err) {
    // A file there that is not an index is left alone for good; anything else is rebuilt by the next search.
    const next = err instanceof UsageError ? '' : ' (it will be rebuilt on next use)';
    logger.warn({ index: indexPath }, `search index not updated${next}: ${errorMessage(err)}`);
  }
}
