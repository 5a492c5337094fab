/**
 * The search index over the SQLite store: src/search reads records only through a RecordSource, and this
 * binds one to an open store, so the library, the CLI and scripts open, update and rebuild the index of a
 * database the same way. The functions keep the signatures they had when src/search read the store itself.
 */
import type Database from 'better-sqlite3';
import { countArticles, countChangesSince, getArticles, getChangeSeq, iterateLiveArticles, listChangesSince } from '../store/articles.js';
import { getListedRecords } from '../store/listed-rows.js';
import { keptListedReader } from './listed.js';
import {
  openSearchIndex as openIndex, rebuildSearchIndex as rebuildIndex, updateSearchIndex as updateIndex,
  type IndexFileOptions, type RecordSource, type SearchIndex, type UpdateCounts,
} from '../search/index.js';

/** The records of `db` as the search index reads them. */
export function storeRecordSource(db: Database.Database): RecordSource {
  return {
    changeSeq: () => getChangeSeq(db),
    changesSince: (seq, limit) => listChangesSince(db, seq, limit),
    countChangesSince: (seq) => countChangesSince(db, seq),
    articles: (pmids) => getArticles(db, pmids),
    listed: keptListedReader({
      changeSeq: () => getChangeSeq(db),
      changedSince: (seq, limit) => listChangesSince(db, seq, limit).map((c) => c.pmid),
      listed: (pmids) => getListedRecords(db, pmids),
    }),
    liveArticles: () => iterateLiveArticles(db),
    liveCount: () => countArticles(db).live,
  };
}

/** {@link openIndex} over the records of `db`. */
export function openSearchIndex(db: Database.Database, opts: Parameters<typeof openIndex>[1]): Promise<SearchIndex> {
  return openIndex(storeRecordSource(db), opts);
}

/** {@link updateIndex} over the records of `db`. */
export function updateSearchIndex(db: Database.Database, opts: IndexFileOptions): Promise<UpdateCounts> {
  return updateIndex(storeRecordSource(db), opts);
}

/** {@link rebuildIndex} over the records of `db`. */
export function rebuildSearchIndex(db: Database.Database, opts: Parameters<typeof rebuildIndex>[1]): Promise<{ records: number; ms: number }> {
  return rebuildIndex(storeRecordSource(db), opts);
}
