/**
 * A record as result lists read it ({@link ListedArticle}), and its packed form: UTF-8 JSON with authors,
 * MeSH and chemicals as bare names, about a third of the heap the same record takes as objects. The store
 * keeps each record's packed form beside its record JSON (table `article_listed`, written with the record),
 * so a search page reads a record's few kilobytes of list fields instead of parsing its whole JSON (0.05
 * against 0.15 ms a record read for the first time, docs/data-model.md). The store-owned fields (topics, dates, deleted, evidence) are not in the kept
 * form: they change without the record changing, so a read adds them from their columns ({@link withStoreFields}).
 */
import type { Article, ListedArticle } from '../types.js';

/**
 * The version of the kept form. A store keeps rows of one version; a build whose form differs reads the
 * record JSON instead (the same result, slower) until a writer opens the store and rewrites the rows
 * (fillListed). Raise it whenever {@link listedOf} or the packing changes.
 */
export const LISTED_FORMAT = 1;

/** Stores a record's kept form: pmid, first_seen_at, updated_at, the form's UTF-8 bytes. */
export const PUT_LISTED = `INSERT OR REPLACE INTO article_listed (pmid, format, first_seen_at, updated_at, listed) VALUES (?, ${LISTED_FORMAT}, ?, ?, ?)`;

/** The store-owned fields of a record, as a read takes them from their columns. */
export type StoreFields = Pick<Article, 'topics' | 'deleted' | 'firstSeenAt' | 'updatedAt' | 'evidence'>;

type Packed = Omit<Article, 'authors' | 'mesh' | 'chemicals'> & {
  authors: Array<[string | null, string | null, string | null, string | null, string | null]>;
  mesh: Array<[string, string[]]>;
  chemicals: string[];
};

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
  return {
    ...a,
    ...leftOut(a),
    authors: a.authors.map((x) => ({ lastName: x.lastName, foreName: x.foreName, initials: x.initials, suffix: x.suffix, collectiveName: x.collectiveName, orcid: null, affiliations: [], equalContrib: false })),
    mesh: a.mesh.map((m) => ({ descriptor: m.descriptor, ui: null, major: false, qualifiers: m.qualifiers.map((q) => ({ name: q.name, ui: null, major: false })) })),
    chemicals: a.chemicals.map((c) => ({ name: c.name, ui: null, registryNumber: null })),
  };
}

/** The parts a listed record leaves out, as it holds them (empty), for {@link listedOf} and the packed form alike. */
function leftOut(a: Pick<Article, 'evidence'>): Pick<Article, 'abstractSections' | 'grants' | 'ids' | 'commentsCorrections' | 'copyright' | 'evidence'> {
  return { abstractSections: [], grants: [], ids: {}, commentsCorrections: [], copyright: null, evidence: a.evidence ? { ...a.evidence, cues: [] } : null };
}

function packedOf(a: Article): Packed {
  return {
    ...a,
    ...leftOut(a),
    authors: a.authors.map((x) => [x.lastName, x.foreName, x.initials, x.suffix, x.collectiveName]),
    mesh: a.mesh.map((m) => [m.descriptor, m.qualifiers.map((q) => q.name)]),
    chemicals: a.chemicals.map((c) => c.name),
  };
}

/** `json` as a buffer of exactly its size (Buffer.from cuts small ones from shared 8 KB slabs, wasting each slab's tail). */
function exactBuffer(json: string): Buffer {
  const buf = Buffer.allocUnsafeSlow(Buffer.byteLength(json, 'utf8'));
  buf.write(json, 'utf8');
  return buf;
}

/** {@link listedOf}, packed. */
export function packListed(a: Article): Buffer {
  return exactBuffer(JSON.stringify(packedOf(a)));
}

/**
 * The packed form the store keeps for a record, UTF-8: {@link packListed} without the store-owned fields
 * (a record as the writer has it, whose store fields are not yet known or are about to change).
 */
export function keptListed(a: Omit<Article, keyof StoreFields>): Buffer {
  const { topics: _t, deleted: _d, firstSeenAt: _f, updatedAt: _u, evidence: _e, ...rest } = packedOf({ ...a, topics: [], deleted: false, firstSeenAt: null, updatedAt: null, evidence: null });
  return exactBuffer(JSON.stringify(rest));
}

/**
 * A kept form (`{...}` from {@link keptListed}) with the record's store fields added: the bytes
 * {@link packListed} would give for the whole record, up to key order (what {@link unpackListed} reads).
 * Null when `kept` is not a JSON object's text (a damaged row: the caller reads the record JSON instead).
 */
export function withStoreFields(kept: Uint8Array, fields: StoreFields): Buffer | null {
  if (kept.length < 2 || kept[0] !== 0x7b || kept[kept.length - 1] !== 0x7d) return null;
  const evidence = leftOut(fields).evidence;
  // In the order a stored record has them, so the bytes are packListed's.
  const tail = `${kept.length > 2 ? ',' : ''}"deleted":${fields.deleted},"topics":${JSON.stringify(fields.topics)},"firstSeenAt":${JSON.stringify(fields.firstSeenAt)},"updatedAt":${JSON.stringify(fields.updatedAt)},"evidence":${JSON.stringify(evidence)}}`;
  const out = Buffer.allocUnsafeSlow(kept.length - 1 + Buffer.byteLength(tail, 'utf8'));
  out.set(kept.subarray(0, kept.length - 1), 0);
  out.write(tail, kept.length - 1, 'utf8');
  return out;
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
