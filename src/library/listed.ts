/**
 * Records as result pages read them, kept in memory by the record table (record-table.ts) so that a
 * search page does not parse each of its records' JSON from SQLite per answer (~0.8 ms a page at 10,000
 * real records). Each is kept packed (store/listed-form.ts): about a third of the heap the same records
 * take as objects, and unpacking a page's twenty costs a few hundredths of a millisecond. The search
 * index over a store keeps the last records it read the same way ({@link keptListedReader}).
 */
import { listedOf, packListed, unpackListed } from '../store/listed-form.js';
import type { ListedRecord } from '../store/listed-rows.js';
import type { Article, ListedArticle } from '../types.js';

export { listedOf, packListed, unpackListed };

/** Every record of `listed`, unpacked one at a time. */
export function* listedRecords(listed: ReadonlyMap<string, Buffer>): Generator<ListedArticle> {
  for (const packed of listed.values()) yield unpackListed(packed);
}

/**
 * Records by PMID in the order asked from `listed` (unpacked by `unpack`), the ones it lacks from `read`
 * (missing ones skipped).
 */
export function listedReader(listed: ReadonlyMap<string, Buffer>, read: (pmids: string[]) => Article[], unpack: (packed: Buffer) => ListedArticle = unpackListed): (pmids: string[]) => ListedArticle[] {
  return (pmids) => {
    const missing = pmids.filter((p) => !listed.has(p));
    const more = missing.length ? new Map(read(missing).map((a) => [a.pmid, a])) : null;
    return pmids.map((p) => {
      const packed = listed.get(p);
      return packed ? unpack(packed) : more?.get(p);
    }).filter((a): a is ListedArticle => a !== undefined);
  };
}

/** Records kept unpacked by {@link unpackedCache}: ~10 KB each for real-sized records. */
export const UNPACKED_KEPT = 2000;

/**
 * {@link unpackListed} keeping the last `max` records it unpacked, frozen (callers share them; a change
 * to one would show on every later page). The popular records of a library come back on page after page,
 * and parsing their JSON again was a tenth of a new search page's CPU. Keyed by the packed bytes
 * themselves: a changed record is packed anew, so its old form is never handed out again.
 */
export function unpackedCache(max = UNPACKED_KEPT): (packed: Buffer) => ListedArticle {
  const kept = new Map<Buffer, ListedArticle>();
  return (packed) => {
    let a = kept.get(packed);
    if (a) kept.delete(packed);
    else {
      a = deepFreeze(unpackListed(packed));
      if (kept.size >= max) kept.delete(kept.keys().next().value as Buffer);
    }
    kept.set(packed, a);
    return a;
  };
}

/** Records kept by {@link keptListedReader}: ~3 KB each (packed, outside the JS heap) for real-sized records. */
const LISTED_KEPT = 5000;
/** More store changes than this since the last read, and the kept records are dropped rather than looked up one by one. */
const CHANGES_LOOKED_UP = 1000;

/** What {@link keptListedReader} reads from the store. */
export interface ListedSource {
  /** The store's change number now. */
  changeSeq(): number;
  /** PMIDs changed after `seq`, at most `limit`. */
  changedSince(seq: number, limit: number): string[];
  /** Records as result lists read them, packed and unpacked, by PMID in the order asked, missing ones skipped. */
  listed(pmids: readonly string[]): ListedRecord[];
}

/**
 * Records by PMID as result pages read them (missing ones skipped), keeping the last `max` read, packed
 * ({@link packListed}: outside the JS heap, so a full cache costs the garbage collector nothing). Before
 * each read, the records the store changed since the last one (its change list: every change a reader
 * can see has a new change number) are dropped, so a changed, deleted or re-topicked record is read
 * anew whether or not the search index has caught up; a quiet store costs one lookup of its change
 * number. The popular records of a library come back query after query, and reading one from SQLite
 * and parsing its whole JSON (~0.1 ms, and most of a search's garbage) was 40% of a search at 10,000
 * records. A record not kept is read as the store keeps its list form (store/listed-rows.ts), not
 * from its whole JSON. Every record handed out is a new object, the caller's.
 */
export function keptListedReader(store: ListedSource, max = LISTED_KEPT): (pmids: readonly string[]) => ListedArticle[] {
  const kept = new Map<string, Buffer>();
  let synced = -1;
  const keep = (pmid: string, packed: Buffer): void => {
    kept.delete(pmid);
    kept.set(pmid, packed);
    if (kept.size > max) kept.delete(kept.keys().next().value as string);
  };
  const sync = (): void => {
    const now = store.changeSeq();
    if (now === synced) return;
    // Lower than before: another database under the same name (restored); nothing kept can be trusted.
    if (now < synced || synced === -1) kept.clear();
    else if (kept.size > 0) {
      const changed = store.changedSince(synced, CHANGES_LOOKED_UP + 1);
      if (changed.length > CHANGES_LOOKED_UP) kept.clear();
      else for (const pmid of changed) kept.delete(pmid);
    }
    synced = now;
  };
  return (pmids) => {
    if (pmids.length === 0) return [];
    sync();
    const found = new Map<string, ListedArticle>();
    const missing: string[] = [];
    for (const pmid of pmids) {
      const packed = kept.get(pmid);
      if (packed) {
        keep(pmid, packed);
        found.set(pmid, unpackListed(packed));
      } else missing.push(pmid);
    }
    for (const r of store.listed(missing)) {
      keep(r.pmid, r.packed);
      found.set(r.pmid, r.listed);
    }
    return pmids.map((p) => found.get(p)).filter((a): a is ListedArticle => a !== undefined);
  };
}

function deepFreeze<T extends object>(o: T): T {
  // Without Object.values: its array per object was a twentieth of what a result page allocated.
  if (Array.isArray(o)) {
    for (const v of o as unknown[]) freezeValue(v);
  } else {
    for (const k in o) if (Object.hasOwn(o, k)) freezeValue(o[k]);
  }
  return Object.freeze(o);
}

function freezeValue(v: unknown): void {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) deepFreeze(v);
}
