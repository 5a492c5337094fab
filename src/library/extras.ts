/**
 * What the long-running faces (web pages, MCP server, e-mail delivery) need from the library beyond
 * search, records and export: whole-result facet counts, following the store's change sequence a slice at
 * a time, a record's revisions and the notices linking to it, the digest archive, and one status report.
 * Everything reads; nothing here writes the store or the digest folder. Wired into `openLibrary`.
 */
import type { Config } from '../config.js';
import { type StoredTopic, checkEvidenceOptions, checkSearchOptions, storedTopicOf } from './check-options.js';
import type Database from 'better-sqlite3';
import { describeRevision } from '../digest/changes.js';
import type { SearchIndex, SearchOptions } from '../search/index.js';
import { countArticles, getArticle, getArticles, getChangeSeq } from '../store/articles.js';
import { listRevisionsOf } from '../store/revisions.js';
import { lastRuns, lastSuccessfulRun } from '../store/runs.js';
import { evidenceMapOf } from '../evidence/summary.js';
import { digestArchive } from './digests.js';
import { listedRecords } from './listed.js';
import { facetPage, facetSearch } from './facets.js';
import { recordTable, type RecordTable } from './record-table.js';
import type { FacetResult, LibraryExtras, LibraryExtrasOptions } from './types.js';

export type * from './types.js';
export { digestArchive, isWeekName } from './digests.js';

/** Whole result sets kept for reuse: paging and export ask for the same set again. */
const FACET_CACHE = 64;

/**
 * `facetSearch` with the last {@link FACET_CACHE} answers kept until the index moves on (a reader paging
 * through results, or toggling back a facet, asks for the same set again), and `facetPage`, whose result
 * set joins them.
 */
function cachedFacets(src: ExtrasSource, table: () => RecordTable, stored: StoredTopic): Pick<LibraryExtras, 'facets' | 'searchPage'> {
  const cache = new Map<string, FacetResult>();
  let seq = -1;
  const keyOf = (q: string, o: SearchOptions) => {
    const index = src.index();
    if (seq !== index.highWater) {
      cache.clear();
      seq = index.highWater;
    }
    const { limit: _l, offset: _o, highlight: _h, explain: _e, ...filters } = o;
    return JSON.stringify([q, filters]);
  };
  const keep = (key: string, result: FacetResult) => {
    cache.set(key, result);
    if (cache.size > FACET_CACHE) cache.delete(cache.keys().next().value as string);
  };
  return {
    facets: (q, o = {}) => {
      checkSearchOptions(o, src.config, stored);
      const key = keyOf(q, o);
      const hit = cache.get(key);
      if (hit) {
        cache.delete(key);
        cache.set(key, hit); // most recently used last
        return hit;
      }
      const result = facetSearch(src.index(), table(), q, o);
      keep(key, result);
      return result;
    },
    searchPage: (q, o = {}) => {
      checkSearchOptions(o, src.config, stored);
      const key = keyOf(q, o);
      const page = facetPage(src.index(), table(), q, o, (pmids) => getArticles(src.db(), pmids));
      // Its PMIDs are put in order only if someone reads them (facetPage).
      keep(key, { total: page.total, counts: page.counts, get pmids() { return page.pmids; } });
      return page;
    },
  };
}

/** Where the extras read: the store and the search index, each got when a method needs it. */
export interface ExtrasSource {
  /** The configuration the search options are checked against (topics). */
  readonly config: Config;
  db(): Database.Database;
  index(): SearchIndex;
}

/** Builds the extras over a library's store and search index (neither is touched before a method needs it). */
export function libraryExtras(src: ExtrasSource, opts: LibraryExtrasOptions = {}): LibraryExtras {
  // One record table per connection (a library closed and written again opens a new one).
  let cached: { db: Database.Database; table: RecordTable } | null = null;
  const table = (): RecordTable => {
    const db = src.db();
    if (cached?.db !== db) cached = { db, table: recordTable(db) };
    return cached.table;
  };
  const archive = digestArchive(opts.digestDir ?? 'digests');
  const stored = storedTopicOf(() => src.db());
  return {
    ...archive,
    ...cachedFacets(src, table, stored),
    changeSeq: () => getChangeSeq(src.db()),
    indexedSeq: () => src.index().highWater,
    // The record table follows in the same slice, so a request never reads the records a writer changed.
    refresh: (max) => {
      const caughtUp = src.index().refresh(max);
      table().current(src.index().highWater);
      return caughtUp;
    },
    revisions: (pmid) => listRevisionsOf(src.db(), pmid).reverse(),
    history: (pmid) => {
      const article = getArticle(src.db(), pmid);
      if (!article) return [];
      return listRevisionsOf(src.db(), pmid).map((r) => ({ revision: r.revision, at: r.at, source: r.source, changes: describeRevision(article, r) }));
    },
    classifications: () => table().current(src.index().highWater).evidence,
    indexedEvidence: (o) => evidenceMapOf(listedRecords(table().current(src.index().highWater).listed), checkEvidenceOptions(o, src.config, stored)),
    linkedFrom: (pmid) => [...(table().current(src.index().highWater).linkedFrom.get(pmid) ?? [])],
    report: async () => {
      const db = src.db();
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
