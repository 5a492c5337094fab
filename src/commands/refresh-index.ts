import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { errorMessage } from '../errors.js';
import { updateSearchIndex } from '../library/search-index.js';
import type { CommandContext } from './context.js';

/**
 * After a store change (import, ingest), brings the search index up to date incrementally when it exists.
 * A failure here never fails the command: the store is the truth and the next search rebuilds the index.
 */
export async function refreshSearchIndex(ctx: CommandContext, db: Database.Database): Promise<void> {
  if (!existsSync(ctx.config.indexPath)) return;
  try {
    const r = await updateSearchIndex(db, { indexPath: ctx.config.indexPath, logger: ctx.logger });
    ctx.logger.debug({ ...r }, 'search index updated');
  } catch (err) {
    ctx.logger.warn({ index: ctx.config.indexPath }, `search index not updated (it will be rebuilt on next use): ${errorMessage(err)}`);
  }
}
