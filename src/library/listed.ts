/**
 * Records as result pages read them, kept in memory by the record table (record-table.ts) so that a
 * search page does not parse each of its records' JSON from SQLite per answer (~0.8 ms a page at 10,000
 * real records). Each is kept packed, as UTF-8 JSON of {@link listedOf}: about a third of the heap the
 * same records take as objects, and unpacking a page's twenty costs a few hundredths of a millisecond.
 * The search index over a store keeps the last records it read the same way ({@link keptListedReader}).
 */
import type { Article, ListedArticle } from '../types.js';

/**
 * A record as a result page needs it: every searchable field's text (so phrase checks and snippets read
 * the same text as from the store), the hit's and the list's fields, evidence without its cues, history
 * dates (a paper's year falls back on them). Left out (empty or null): structured abstract sections (the
 * abstract holds their text), authors' affiliations and identifiers, MeSH and chemical identifiers and
 * major-topic flags, grants, article ids, CommentsCorrections, copyright.
 * Built directly, without a JSON round trip (a few microseconds for a real-sized record); it shares
 * the record's nested values (journal, dates, lists), so `a` is the caller's to give away; packing and
 * unpacking it gives an equal record.
 */
export function listedOf(a: Article): ListedArticle {
  const listed = {
    ...a,
    ...leftOut(a),
    authors: a.authors.map((x) => ({ lastName: x.lastName, foreName: x.foreName, initials: x.initials, suffix: x.suffix, collectiveName: x.collectiveName, orcid: null, affiliations: [], equalContrib: false })),
    mesh: a.mesh.map((m) => ({ descriptor: m.descriptor, ui: null, major: false, qualifiers: m.qualifiers.map((q) => ({ name: q.name, ui: null, major: false })) })),
    chemicals: a.chemicals.map((c) => ({ name: c.name, ui: null, registryNumber: null })),
  };
  return listed;
}

/** The parts a listed record leaves out, as it holds them (empty), for {@link listedOf} and {@link packListed} alike. */
function leftOut(a: Article): Pick<Article, 'abstractSections' | 'grants' | 'ids' | 'commentsCorrections' | 'copyright' | 'evidence'> {
  return { abstractSections: [], grants: [], ids: {}, commentsCorrections: [], copyright: null, evidence: a.evidence ? { ...a.evidence, cues: [] } : null };
}

type Packed = Omit<Article, 'authors' | 'mesh' | 'chemicals'> & {
  authors: Array<[string | null, string | null, string | null, string | null, string | null]>;
  mesh: Array<[string, string[]]>;
  chemicals: string[];
};

/** {@link listedOf}, packed: UTF-8 JSON with authors, MeSH and chemicals as bare names. */
export function packListed(a: Article): Buffer {
  const packed: Packed = {
    ...a,
    ...leftOut(a),
    authors: a.authors.map((x) => [x.lastName, x.foreName, x.initials, x.suffix, x.collectiveName]),
    mesh: a.mesh.map((m) => [m.descriptor, m.qualifiers.map((q) => q.name)]),
    chemicals: a.chemicals.map((c) => c.name),
  };
  const json = JSON.stringify(packed);
  // Exactly sized: Buffer.from would cut small ones from shared 8 KB slabs, wasting each slab's tail.
  const buf = Buffer.allocUnsafeSlow(Buffer.byteLength(json, 'utf8'));
  buf.write(json, 'utf8');
  return buf;
}

/** A packed record back as {@link listedOf} gives it. */
export function unpackListed(packed: Buffer): ListedArticle {
  const p = JSON.parse(packed.toString('utf8')) as Packed;
  return {
    ...p,
    authors: p.authors.map(([lastName, foreName, initials, suffix, collectiveName]) => ({ lastName, foreName, initials, suffix, collectiveName, orcid: null, affiliations: [], equalContrib: false })),
    mesh: p.mesh.map(([descriptor, qualifiers]) => ({ descriptor, ui: null, major: false, qualifiers: qualifiers.map((name) => ({ name, ui: null, major: false })) })),
    chemicals: p.chemicals.map((name) => ({ name, ui: null, registryNumber: null })),
  };
}

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
  /** Records by PMID in the order asked, missing ones skipped. */
  articles(pmids: readonly string[]): Article[];
}

/**
 * Records by PMID as result pages read them (missing ones skipped), keeping the last `max` read, packed
 * ({@link packListed}: outside the JS heap, so a full cache costs the garbage collector nothing). Before
 * each read, the records the store changed since the last one (its change list: every change a reader
 * can see has a new change number) are dropped, so a changed, deleted or re-topicked record is read
 * anew whether or not the search index has caught up; a quiet store costs one lookup of its change
 * number. The popular records of a library come back query after query, and reading one from SQLite
 * and parsing its whole JSON (~0.1 ms, and most of a search's garbage) was 40% of a search at 10,000
 * records. Every record handed out is a new object, the caller's.
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
    for (const article of store.articles(missing)) {
      keep(article.pmid, packListed(article));
      found.set(article.pmid, listedOf(article));
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
