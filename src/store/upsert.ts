import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import type Database from 'better-sqlite3';
import type { ParsedArticle } from '../pubmed/normalize.js';
import { emptyArticle } from '../types.js';
import type { Article, Deletion, UpsertOutcome, UpsertResult } from '../types.js';
import { classifyByRules } from '../evidence/classify.js';
import type { Evidence } from '../evidence/types.js';
import {
  type ArticleRow,
  articleColumns,
  recordJson,
  rowToArticle,
} from './article-rows.js';
import { diffArticles } from './diff.js';
import type { EvidenceOverrides } from '../evidence/overrides.js';
import { classifyAndWrite, EVIDENCE_JOIN, EVIDENCE_SELECT, type EvidenceStatements, prepareEvidenceStatements } from './evidence.js';

/**
 * The stored forms of one record, computed off the writer thread by the import pipeline: `json` is
 * `recordJson(article)`, `hash` its sha1 (hex), `rawDeflated` the raw XML deflated (raw, level 1); without
 * `rawDeflated`, the record's `raw` is deflated here, and only if the copy is written. `evidence` is
 * `classifyByRules(article)` (the curator's overrides are applied here, where they are known).
 */
export interface PreparedRecord {
  json: string;
  hash: string;
  rawDeflated?: Uint8Array;
  evidence?: Evidence;
}

/**
 * What {@link upsertParsed} stores: a parsed record, optionally with its stored forms already computed
 * (`prepared` must derive from this very `article` and raw XML; `raw` may be empty when `rawDeflated` is
 * given).
 */
export type StorableArticle = ParsedArticle & { prepared?: PreparedRecord };

/**
 * Computes the stored forms of a record (what {@link upsertParsed} would compute itself); with
 * `deflate: false` it leaves the raw XML for the writer to deflate, with `classify: false` the evidence.
 */
export function prepareRecord(article: Article, raw: string, deflate = true, classify = true): PreparedRecord {
  const json = recordJson(article);
  const p: PreparedRecord = { json, hash: sha1Hex(json) };
  if (classify) p.evidence = classifyByRules(article);
  if (deflate) p.rawDeflated = deflateRaw(raw);
  return p;
}

function sha1Hex(json: string): string {
  return createHash('sha1').update(json).digest('hex');
}

// Level 1: raw XML is kept for re-derivation, not read on hot paths; speed matters more than ratio.
function deflateRaw(raw: string): Buffer {
  return deflateRawSync(raw, { level: 1 });
}

/** The deflated raw XML to store, computed only for a copy that is actually written. */
function rawXmlOf(p: StorableArticle): Uint8Array {
  return p.prepared?.rawDeflated ?? deflateRaw(p.raw);
}

/** Where a record came from; revisions and tombstone rules depend on it. */
export type StoreSource = 'import' | 'ingest';

export interface UpsertOptions {
  source: StoreSource;
  now: Date;
  /** Topic names to attach to every record of the batch. */
  topics?: readonly string[];
  /** Topic names per record (ingest: the topics whose queries matched that PMID); added to `topics`. */
  topicsFor?: (pmid: string) => readonly string[];
  /** The curator's evidence overrides (config `evidence.overrides`); each written record is classified. */
  evidenceOverrides?: EvidenceOverrides;
}

interface Statements {
  evidence: EvidenceStatements;
  find: Database.Statement;
  tomb: Database.Statement;
  insert: Database.Statement;
  update: Database.Statement;
  addTopic: Database.Statement;
  revision: Database.Statement;
  seqGet: Database.Statement;
  seqSet: Database.Statement;
  markDeleted: Database.Statement;
  addTomb: Database.Statement;
  dropTomb: Database.Statement;
}

// Prepared statements cached per connection (a WeakMap, so no state outlives the connection).
const cache = new WeakMap<Database.Database, Statements>();

const COLUMNS = Object.keys(articleColumns(emptyArticle('0')));
const STORE_COLUMNS = ['first_seen_at', 'updated_at', 'change_seq', 'content_hash', 'record_json', 'raw_xml', 'source', 'revision'];

function statements(db: Database.Database): Statements {
  let s = cache.get(db);
  if (s) return s;
  const all = [...COLUMNS, ...STORE_COLUMNS];
  const updatable = all.filter((c) => c !== 'pmid' && c !== 'first_seen_at');
  s = {
    evidence: prepareEvidenceStatements(db),
    find: db.prepare(
      `SELECT a.pmid, a.version, a.deleted, a.deleted_at, a.revision, a.first_seen_at, a.updated_at, a.change_seq,
              a.content_hash, a.date_revised, a.record_json, NULL AS topics, ${EVIDENCE_SELECT}
       FROM articles a ${EVIDENCE_JOIN} WHERE a.pmid = ?`,
    ),
    tomb: db.prepare('SELECT pmid FROM deletions WHERE pmid = ?'),
    insert: db.prepare(`INSERT INTO articles (${all.join(', ')}) VALUES (${all.map((c) => '@' + c).join(', ')})`),
    update: db.prepare(
      `UPDATE articles SET ${updatable.map((c) => `${c} = @${c}`).join(', ')}, deleted = 0, deleted_at = NULL
       WHERE pmid = @pmid`,
    ),
    addTopic: db.prepare('INSERT OR IGNORE INTO article_topics (pmid, topic, matched_at) VALUES (?, ?, ?)'),
    revision: db.prepare(
      'INSERT INTO revisions (pmid, revision, at, changed_json, previous_json, source) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    seqGet: db.prepare("SELECT CAST(value AS INTEGER) AS v FROM meta WHERE key = 'change_seq'"),
    seqSet: db.prepare("UPDATE meta SET value = ? WHERE key = 'change_seq'"),
    markDeleted: db.prepare(
      'UPDATE articles SET deleted = 1, deleted_at = ?, updated_at = ?, change_seq = ? WHERE pmid = ? AND deleted = 0',
    ),
    addTomb: db.prepare(
      'INSERT OR REPLACE INTO deletions (pmid, version, deleted_at, source) VALUES (?, ?, ?, ?)',
    ),
    dropTomb: db.prepare('DELETE FROM deletions WHERE pmid = ?'),
  };
  cache.set(db, s);
  return s;
}

/**
 * Offers a batch of parsed records to the store in ONE immediate transaction (a crash leaves whole batches
 * only; `.immediate()` avoids SQLITE_BUSY_SNAPSHOT when another connection commits between our read and
 * write). Keeps the newest copy by `PMID Version`, then `DateRevised`; an equal copy with other content is
 * taken as the latest word. Returns one result per record, in order.
 */
export function upsertParsed(db: Database.Database, parsed: readonly StorableArticle[], opts: UpsertOptions): UpsertResult[] {
  const s = statements(db);
  const run = db.transaction((): UpsertResult[] => {
    const seq = { value: (s.seqGet.get() as { v: number }).v };
    const results = parsed.map((p) => upsertOne(s, p, opts, seq));
    s.seqSet.run(String(seq.value));
    return results;
  });
  return run.immediate();
}

function upsertOne(s: Statements, p: StorableArticle, opts: UpsertOptions, seq: { value: number }): UpsertResult {
  const result = decideAndWrite(s, p, opts, seq);
  // Topics are attached whatever the outcome (a record already stored may match one more topic), but
  // never to a withdrawn PMID that has no row.
  if (result.outcome !== 'tombstoned') {
    const now = opts.now.toISOString();
    const topics = [...(opts.topics ?? []), ...(opts.topicsFor?.(p.article.pmid) ?? [])];
    for (const t of topics) s.addTopic.run(p.article.pmid, t, now);
  }
  return result;
}

function decideAndWrite(s: Statements, p: StorableArticle, opts: UpsertOptions, seq: { value: number }): UpsertResult {
  const a = p.article;
  const now = opts.now.toISOString();
  const existing = s.find.get(a.pmid) as ArticleRow | undefined;
  const tombstoned = s.tomb.get(a.pmid) !== undefined;
  if (tombstoned && opts.source === 'import') return { pmid: a.pmid, outcome: 'tombstoned', changed: [] };
  const json = p.prepared?.json ?? recordJson(a);
  const hash = p.prepared?.hash ?? sha1Hex(json);
  const order = existing ? compareCopies(a, existing, hash) : 'newer';
  if (existing && order !== 'newer') {
    if (existing.deleted === 1 && opts.source === 'ingest') return restore(s, a, rawXmlOf(p), json, hash, existing, opts, seq);
    return { pmid: a.pmid, outcome: order === 'same' ? 'unchanged' : 'older', changed: [] };
  }
  seq.value += 1;
  const row = { ...articleColumns(a), ...storeColumns(rawXmlOf(p), json, hash, now, opts.source, seq.value) };
  if (!existing) {
    s.insert.run({ ...row, first_seen_at: now, revision: 1 });
    classifyAndWrite(s.evidence, a, opts.evidenceOverrides, now, p.prepared?.evidence);
    if (tombstoned) s.dropTomb.run(a.pmid);
    return { pmid: a.pmid, outcome: tombstoned ? 'undeleted' : 'new', changed: [] };
  }
  return update(s, a, row, existing, opts, p.prepared?.evidence);
}

function update(
  s: Statements,
  a: Article,
  row: Record<string, unknown>,
  existing: ArticleRow,
  opts: UpsertOptions,
  rules?: Evidence,
): UpsertResult {
  const revision = existing.revision + 1;
  s.update.run({ ...row, revision });
  classifyAndWrite(s.evidence, a, opts.evidenceOverrides, opts.now.toISOString(), rules);
  s.dropTomb.run(a.pmid);
  const { changed, previous } = diffArticles(rowToArticle(existing), a);
  if (changed.length > 0) {
    s.revision.run(a.pmid, revision, opts.now.toISOString(), JSON.stringify(changed), JSON.stringify(previous), opts.source);
  }
  const outcome: UpsertOutcome = existing.deleted === 1 ? 'undeleted' : 'updated';
  return { pmid: a.pmid, outcome, changed };
}

/** E-utilities served a PMID we hold as deleted: PubMed is the authority on what is live now. */
function restore(
  s: Statements,
  a: Article,
  rawXml: Uint8Array,
  json: string,
  hash: string,
  existing: ArticleRow,
  opts: UpsertOptions,
  seq: { value: number },
): UpsertResult {
  seq.value += 1;
  const row = { ...articleColumns(a), ...storeColumns(rawXml, json, hash, opts.now.toISOString(), opts.source, seq.value) };
  return update(s, a, row, existing, opts);
}

/** 'newer' | 'same' | 'older' of the incoming copy against the stored one. */
function compareCopies(a: Article, existing: ArticleRow, hash: string): 'newer' | 'same' | 'older' {
  if (a.version !== existing.version) return a.version > existing.version ? 'newer' : 'older';
  const inRev = a.dateRevised ?? '';
  const exRev = existing.date_revised ?? '';
  if (inRev !== exRev) return inRev > exRev ? 'newer' : 'older';
  return hash === existing.content_hash ? 'same' : 'newer';
}

function storeColumns(rawXml: Uint8Array, json: string, hash: string, now: string, source: StoreSource, changeSeq: number) {
  return {
    updated_at: now,
    change_seq: changeSeq,
    content_hash: hash,
    record_json: json,
    raw_xml: rawXml,
    source,
  };
}

/**
 * Applies `DeleteCitation` entries in one immediate transaction: a stored record is marked deleted (it leaves
 * counts, search and digests; `show` still answers with `deleted: true`), and a tombstone is kept even for a
 * PMID never stored so an older file cannot bring it back.
 */
export function applyDeletions(
  db: Database.Database,
  deletions: readonly Deletion[],
  opts: { now: Date; source: StoreSource },
): UpsertResult[] {
  const s = statements(db);
  const now = opts.now.toISOString();
  const run = db.transaction((): UpsertResult[] => {
    let seq = (s.seqGet.get() as { v: number }).v;
    const results = deletions.map((d): UpsertResult => {
      s.addTomb.run(d.pmid, d.version, now, opts.source);
      const info = s.markDeleted.run(now, now, seq + 1, d.pmid);
      if (info.changes > 0) seq += 1;
      // A PMID never stored (or already deleted) keeps its tombstone, but nothing was deleted: not counted as such.
      return { pmid: d.pmid, outcome: info.changes > 0 ? 'deleted' : 'unchanged', changed: [] };
    });
    s.seqSet.run(String(seq));
    return results;
  });
  return run.immediate();
}
