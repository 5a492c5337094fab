/**
 * What the long-running faces (web pages, MCP server, e-mail delivery) need from the library beyond
 * search, records and export: whole-result facet counts, following the store's change sequence a slice at
 * a time, a record's revisions and the notices linking to it, the digest archive, and one status report.
 * Everything reads; nothing here writes the store or the digest folder. Wired into `openLibrary`.
 */
import type Database from 'better-sqlite3';
import { describeRevision } from '../digest/changes.js';
import type { SearchIndex } from '../search/index.js';
import { countArticles, getArticle, getChangeSeq } from '../store/articles.js';
import { listRevisionsOf } from '../store/revisions.js';
import { lastRuns, lastSuccessfulRun } from '../store/runs.js';
import { digestArchive } from './digests.js';
import { facetSearch } from './facets.js';
import { recordTable, type RecordTable } from './record-table.js';
import type { FacetResult, LibraryExtras, LibraryExtrasOptions } from './types.js';

export type * from './types.js';
export { digestArchive, isWeekName } from './digests.js';

/** Whole result sets kept for reuse: paging and export ask for the same set again. */
const FACET_CACHE = 64;

/**
 * `facetSearch` with the last {@link FACET_CACHE} answers kept until the index moves on (a reader paging
 * through results, or toggling back a facet, asks for the same set again).
 */
function cachedFacets(index: SearchIndex, table: RecordTable): LibraryExtras['facets'] {
  const cache = new Map<string, FacetResult>();
  let seq = -1;
  return (q, o = {}) => {
    if (seq !== index.highWater) {
      cache.clear();
      seq = index.highWater;
    }
    const key = JSON.stringify([q, o]);
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit); // most recently used last
      return hit;
    }
    const result = facetSearch(index, table, q, o);
    cache.set(key, result);
    if (cache.size > FACET_CACHE) cache.delete(cache.keys().next().value as string);
    return result;
  };
}

/** Builds the extras over an open store and its search index. */
export function libraryExtras(db: Database.Database, index: SearchIndex, opts: LibraryExtrasOptions = {}): LibraryExtras {
  const table = recordTable(db);
  const archive = digestArchive(opts.digestDir ?? 'digests');
  return {
    ...archive,
    facets: cachedFacets(index, table),
    changeSeq: () => getChangeSeq(db),
    indexedSeq: () => index.highWater,
    refresh: (max) => index.refresh(max),
    revisions: (pmid) => listRevisionsOf(db, pmid).reverse(),
    history: (pmid) => {
      const article = getArticle(db, pmid);
      if (!article) return [];
      return listRevisionsOf(db, pmid).map((r) => ({ revision: r.revision, at: r.at, source: r.source, changes: describeRevision(article, r) }));
    },
    classifications: () => table.current(index.highWater).evidence,
    linkedFrom: (pmid) => [...(table.current(index.highWater).linkedFrom.get(pmid) ?? [])],
    report: async () => {
      const records = countArticles(db);
      const configured = opts.topics ?? [];
      const stored = Object.keys(records.byTopic).filter((t) => !configured.includes(t));
      return {
        records,
        changeSeq: getChangeSeq(db),
        topics: [...configured, ...stored].map((name) => ({ name, records: records.byTopic[name] ?? 0 })),
        lastImport: lastSuccessfulRun(db, 'import'),
        lastIngest: lastSuccessfulRun(db, 'ingest'),
        lastDigest: lastSuccessfulRun(db, 'digest'),
        runs: lastRuns(db, { limit: 10 }),
        digestWeeks: archive.digestWeeks(),
      };
    },
  };
}
