/**
 * Records as result pages read them, kept in memory by the record table (record-table.ts) so that a
 * search page does not parse each of its records' JSON from SQLite per answer (~0.8 ms a page at 10,000
 * real records). Each is kept packed, as UTF-8 JSON of {@link listedOf}: about a third of the heap the
 * same records take as objects, and unpacking a page's twenty costs a few hundredths of a millisecond.
 */
import type { Article, ListedArticle } from '../types.js';

/**
 * A record as a result page needs it: every searchable field's text (so phrase checks and snippets read
 * the same text as from the store), the hit's and the list's fields, evidence without its cues, history
 * dates (a paper's year falls back on them). Left out (empty or null): structured abstract sections (the
 * abstract holds their text), authors' affiliations and identifiers, MeSH and chemical identifiers and
 * major-topic flags, grants, article ids, CommentsCorrections, copyright.
 */
export function listedOf(a: Article): ListedArticle {
  return unpackListed(packListed(a));
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
    abstractSections: [], grants: [], ids: {}, commentsCorrections: [], copyright: null,
    evidence: a.evidence ? { ...a.evidence, cues: [] } : null,
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

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) deepFreeze(v as object);
  return Object.freeze(o);
}
