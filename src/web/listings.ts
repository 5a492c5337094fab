/**
 * Result-list entries kept per record while the store stays as it was. Reading a real-sized record back
 * from the store (inflate, JSON, child rows) costs about as much as ranking a query, and the search
 * itself has just read the same records to cut their snippets; keeping what a list shows of each record
 * (a few hundred bytes) lets a list page skip the second read for every record some earlier page showed.
 * The entries are dropped as soon as the store's change sequence moves, so a list never shows a record
 * as it was before a write.
 */
import type { Library, SearchHit } from '../index.js';
import { browseHit } from './json.js';
import { type Listing, listingOf } from './pages/hits.js';

/** A record as a list shows it, and as a browsed hit for the JSON twin. */
export interface ListedRecord {
  listing: Listing;
  hit: SearchHit;
}

/** Reads records' list entries, from memory when the store has not changed since. */
export interface ListingCache {
  /** Entries for `pmids` in that order (PMIDs not in the store skipped), valid at store change `storeSeq`. */
  get(lib: Pick<Library, 'getMany'>, pmids: readonly string[], storeSeq: number): ListedRecord[];
}

/** A cache of at most `max` records' entries (default 20,000: a few MB), oldest use dropped first. */
export function listingCache(max = 20_000): ListingCache {
  const entries = new Map<string, ListedRecord>();
  let seq = -1;
  return {
    get(lib, pmids, storeSeq) {
      if (storeSeq !== seq) {
        entries.clear();
        seq = storeSeq;
      }
      const missing = pmids.filter((p) => !entries.has(p));
      for (const a of lib.getMany(missing)) entries.set(a.pmid, { listing: listingOf(a), hit: browseHit(a) });
      const out: ListedRecord[] = [];
      for (const p of pmids) {
        const e = entries.get(p);
        if (!e) continue;
        entries.delete(p);
        entries.set(p, e); // most recently used last
        out.push(e);
      }
      for (const k of entries.keys()) {
        if (entries.size <= max) break;
        entries.delete(k);
      }
      return out;
    },
  };
}
