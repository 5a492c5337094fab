/**
 * What the long-running faces (web pages, MCP server, e-mail delivery) need from the library beyond
 * search, records and export: whole-result facet counts, following the store's change sequence a slice at
 * a time, a record's revisions and the notices linking to it, the digest archive, and one status report.
 * Everything reads; nothing here writes the store or the digest folder. Wired into `openLibrary`.
 */
import type { Config } from '../config.js';
import { type StoredTopic, checkEvidenceOptions, checkQueryTopics, checkSearchOptions, checkTypesOfEmpty, storedTopicOf } from './check-options.js';
import type Database from 'better-sqlite3';
import { describeRevision } from '../digest/changes.js';
import type { SearchIndex, SearchOptions } from '../search/index.js';
import { countArticles, getArticle, getArticles, getChangeSeq } from '../store/articles.js';
import { listRevisionsOf } from '../store/revisions.js';
import { asSeenNow, lastRuns, lastStoringRunEnd, lastSuccessfulRun } from '../store/runs.js';
import { evidenceMapOf } from '../evidence/summary.js';
import { digestArchive } from './digests.js';
import { listedRecords } from './listed.js';
import { type Counted, facetPage, facetSearch } from './facets.js';
import { recordTable, type RecordTable } from './record-table.js';
import type { FacetResult, LibraryExtras, LibraryExtrasOptions } from './types.js';

export type * from './types.js';
export { digestArchive, isWeekName } from './digests.js';
export { weekProblem } from '../digest/week.js';

/** Whole result sets kept for reuse: paging and export ask for the same set again. */
const FACET_CACHE = 64;

/**
 * `facetSearch` with the last {@link FACET_CACHE} answers kept until the index moves on (a reader paging
 * through results, or toggling back a facet, asks for the same set again), and `facetPage`, whose result
 * set joins them. A result page also reuses the counted set of its query and filters in any order (the
 * next page, newest first): counting the thousands of matches of a common word again was the largest
 * part of such a page after ranking.
 */
function cachedFacets(src: ExtrasSource, table: () => RecordTable, stored: StoredTopic): Pick<LibraryExtras, 'facets' | 'searchPage'> {
  const cache = new Map<string, FacetResult>();
  const sets = new Map<string, Counted>();
  let seq = -1;
  /** The keys of `o`'s result set with and without its order; both caches are emptied when the index moves. */
  const keysOf = (q: string, o: SearchOptions) => {
    const index = src.index();
    if (seq !== index.highWater) {
      cache.clear();
      sets.clear();
      seq = index.highWater;
    }
    const { limit: _l, offset: _o, highlight: _h, explain: _e, ...filters } = o;
    const { sort: _s, ...unordered } = filters;
    return { key: JSON.stringify([q, filters]), set: JSON.stringify([q, unordered]) };
  };
  const keep = <T>(map: Map<string, T>, key: string, value: T) => {
    map.delete(key);
    map.set(key, value);
    if (map.size > FACET_CACHE) map.delete(map.keys().next().value as string);
  };
  return {
    facets: (q, o = {}) => {
      checkSearchOptions(o, src.config, stored, q);
      checkQueryTopics(q, src.config, stored);
      const { key } = keysOf(q, o);
      const hit = cache.get(key);
      if (hit) {
        keep(cache, key, hit); // most recently used last
        return hit;
      }
      const result = facetSearch(src.index(), table(), q, o);
      if (result.total === 0) checkTypesOfEmpty(q, o.type, stored, 'search');
      keep(cache, key, result);
      return result;
    },
    searchPage: (q, o = {}) => {
      checkSearchOptions(o, src.config, stored, q);
      checkQueryTopics(q, src.config, stored);
      const keys = keysOf(q, o);
      const at = seq;
      const read = (pmids: string[]) => getArticles(src.db(), pmids);
      const known = sets.get(keys.set) ?? null;
      let { page, counted } = facetPage(src.index(), table(), q, o, read, known);
      // A search that follows the store may have brought the index on first: a set counted before is then not this one's.
      const moved = src.index().highWater !== at;
      if (known && moved) ({ page, counted } = facetPage(src.index(), table(), q, o, read, null));
      // Before the answer is kept: a kept empty answer would spare a typo'd type its check next time.
      if (page.total === 0) checkTypesOfEmpty(q, o.type, stored, 'search');
      if (!moved) {
        // Its PMIDs are put in order only if someone reads them (facetPage).
        const p = page;
        keep(cache, keys.key, { total: p.total, counts: p.counts, get pmids() { return p.pmids; } });
        keep(sets, keys.set, counted);
      }
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
  const archive = digestArchive(opts.digestDir ?? 'digests', () => lastStoringRunEnd(src.db()));
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
        runs: lastRuns(db, { limit: 10 }).map((r) => asSeenNow(r)),
        digestWeeks: archive.digestWeeks(),
      };
    },
  };
}
