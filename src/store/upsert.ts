import type Database from 'better-sqlite3';
import type { ParsedArticle } from '../pubmed/normalize.js';
import { emptyArticle } from '../types.js';
import type { Article, Deletion, UpsertOutcome, UpsertResult } from '../types.js';

export type { ColumnValue, PreparedRow } from './prepare.js';
import { classifyByRules, classifyRecordText, withOverride } from '../evidence/classify.js';
import type { Evidence } from '../evidence/types.js';
import {
  type ArticleRow,
  articleColumns,
  recordJson,
  rowToArticle,
} from './article-rows.js';
import { diffArticles } from './diff.js';
import { keptListed, PUT_LISTED } from './listed-form.js';
import { hasTable } from './prepared.js';
import { type ColumnValue, deflateRaw, type PreparedRow, sha1Hex } from './prepare.js';
import type { EvidenceOverrides } from '../evidence/overrides.js';
import { EVIDENCE_JOIN, EVIDENCE_SELECT, type EvidenceStatements, prepareEvidenceStatements, writeEvidence } from './evidence.js';

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
  touch: Database.Statement;
  markDeleted: Database.Statement;
  addTomb: Database.Statement;
  dropTomb: Database.Statement;
  /** Null on a store whose migrations stop before 008 (the migration tests write older schemas with this writer). */
  listed: Database.Statement | null;
}

// Prepared statements cached per connection (a WeakMap, so no state outlives the connection).
const cache = new WeakMap<Database.Database, Statements>();

const COLUMNS = Object.keys(articleColumns(emptyArticle('0')));
const STORE_COLUMNS = ['first_seen_at', 'updated_at', 'change_seq', 'content_hash', 'record_json', 'raw_xml', 'source', 'revision'];
// Where the store reads a record's identity and copy order in its column values.
const PMID = COLUMNS.indexOf('pmid');
const VERSION = COLUMNS.indexOf('version');
const DATE_REVISED = COLUMNS.indexOf('date_revised');

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
    // Positional parameters, in `all` order: binding an array is cheaper than naming each value.
    insert: db.prepare(`INSERT INTO articles (${all.join(', ')}) VALUES (${all.map(() => '?').join(', ')})`),
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
    touch: db.prepare('UPDATE articles SET change_seq = ? WHERE pmid = ?'),
    markDeleted: db.prepare(
      'UPDATE articles SET deleted = 1, deleted_at = ?, updated_at = ?, change_seq = ? WHERE pmid = ? AND deleted = 0',
    ),
    addTomb: db.prepare(
      'INSERT OR REPLACE INTO deletions (pmid, version, deleted_at, source) VALUES (?, ?, ?, ?)',
    ),
    dropTomb: db.prepare('DELETE FROM deletions WHERE pmid = ?'),
    // A deletion's updated_at reaches the row by a trigger (migration 008).
    listed: hasTable(db, 'article_listed') ? db.prepare(PUT_LISTED) : null,
  };
  cache.set(db, s);
  return s;
}

/**
 * One record as the writer sees it, whichever way it came: its column values and stored forms, with the
 * costly parts (the Article, the deflated raw XML) computed only when a path needs them.
 */
interface StoreInput {
  pmid: string;
  columns: readonly ColumnValue[];
  json: string;
  hash: string;
  /** The rules' classification, computed when the record is written. */
  rules(): Evidence;
  rawXml(): Uint8Array;
  article(): Article;
  /** The record's kept list form (listed-form.ts keptListed). */
  listed(): Buffer;
}

function fromParsed(p: ParsedArticle): StoreInput {
  const a = p.article;
  const json = recordJson(a);
  return {
    pmid: a.pmid,
    columns: Object.values(articleColumns(a)),
    json,
    hash: sha1Hex(json),
    rules: () => classifyByRules(a),
    rawXml: () => deflateRaw(p.raw),
    article: () => a,
    listed: () => keptListed(a),
  };
}

// Store-owned fields are not in the record JSON; the writer reads none of them, but an Article has them.
const STORE_OWNED = { deleted: false, firstSeenAt: null, updatedAt: null, evidence: null } as const;

function fromPrepared(p: PreparedRow): StoreInput {
  const article = (): Article => Object.assign(JSON.parse(p.json) as Article, STORE_OWNED, { topics: [] });
  const { evidence, text } = p;
  return {
    pmid: p.columns[PMID] as string,
    columns: p.columns,
    json: p.json,
    hash: sha1Hex(p.json),
    rules: () => evidence ?? (text === undefined ? classifyByRules(article()) : classifyRecordText(text)),
    rawXml: () => (p.rawDeflated ? p.raw : deflateRaw(p.raw)),
    article,
    listed: () => p.listed ?? keptListed(article()),
  };
}

/**
 * Offers a batch of parsed records to the store in ONE immediate transaction (a crash leaves whole batches
 * only; `.immediate()` avoids SQLITE_BUSY_SNAPSHOT when another connection commits between our read and
 * write). Keeps the newest copy by `PMID Version`, then `DateRevised`; an equal copy with other content is
 * taken as the latest word. Returns one result per record, in order.
 */
export function upsertParsed(db: Database.Database, parsed: readonly ParsedArticle[], opts: UpsertOptions): UpsertResult[] {
  return upsertInputs(db, parsed.map(fromParsed), opts);
}

/** {@link upsertParsed} for records prepared off the writer thread (the import): same rules, same rows. */
export function upsertPrepared(db: Database.Database, rows: readonly PreparedRow[], opts: UpsertOptions): UpsertResult[] {
  return upsertInputs(db, rows.map(fromPrepared), opts);
}

function upsertInputs(db: Database.Database, inputs: readonly StoreInput[], opts: UpsertOptions): UpsertResult[] {
  const s = statements(db);
  const run = db.transaction((): UpsertResult[] => {
    const seq = { value: (s.seqGet.get() as { v: number }).v };
    const results = inputs.map((p) => upsertOne(s, p, opts, seq));
    s.seqSet.run(String(seq.value));
    return results;
  });
  return run.immediate();
}

/** Outcomes whose record row was written in this call, so its change number is already new. */
const WRITTEN: ReadonlySet<UpsertOutcome> = new Set<UpsertOutcome>(['new', 'updated', 'undeleted']);

function upsertOne(s: Statements, p: StoreInput, opts: UpsertOptions, seq: { value: number }): UpsertResult {
  const result = decideAndWrite(s, p, opts, seq);
  // Topics are attached whatever the outcome (a record already stored may match one more topic), but
  // never to a withdrawn PMID that has no row.
  if (result.outcome !== 'tombstoned') {
    const now = opts.now.toISOString();
    const topics = [...(opts.topics ?? []), ...(opts.topicsFor?.(p.pmid) ?? [])];
    let attached = 0;
    for (const t of topics) attached += s.addTopic.run(p.pmid, t, now).changes;
    // A record left as it was that gained a topic is a change too: the search index filters and counts
    // by topic, and follows the store by change number only. (A deleted row an import offers again gets
    // one too: harmless, the index sees it deleted once more.)
    if (attached > 0 && !WRITTEN.has(result.outcome)) {
      seq.value += 1;
      s.touch.run(seq.value, p.pmid);
      return { ...result, topicsAdded: attached };
    }
  }
  return result;
}

function decideAndWrite(s: Statements, p: StoreInput, opts: UpsertOptions, seq: { value: number }): UpsertResult {
  const pmid = p.pmid;
  const now = opts.now.toISOString();
  const existing = s.find.get(pmid) as ArticleRow | undefined;
  const tombstoned = s.tomb.get(pmid) !== undefined;
  if (tombstoned && opts.source === 'import') return { pmid, outcome: 'tombstoned', changed: [] };
  const order = existing ? compareCopies(p, existing) : 'newer';
  if (existing && order !== 'newer') {
    if (existing.deleted === 1 && opts.source === 'ingest') return restore(s, p, existing, opts, seq);
    return { pmid, outcome: order === 'same' ? 'unchanged' : 'older', changed: [] };
  }
  seq.value += 1;
  if (!existing) {
    s.insert.run(...p.columns, now, now, seq.value, p.hash, p.json, p.rawXml(), opts.source, 1);
    s.listed?.run(pmid, now, now, p.listed());
    writeClassified(s, p, opts, now);
    if (tombstoned) s.dropTomb.run(pmid);
    return { pmid, outcome: tombstoned ? 'undeleted' : 'new', changed: [] };
  }
  return update(s, p, existing, opts, seq.value);
}

/** Writes the record's evidence: the rules' classification (computed here if not given) under the curator's overrides. */
function writeClassified(s: Statements, p: StoreInput, opts: UpsertOptions, now: string): void {
  writeEvidence(s.evidence, p.pmid, withOverride(p.pmid, p.rules(), opts.evidenceOverrides), now);
}

function update(s: Statements, p: StoreInput, existing: ArticleRow, opts: UpsertOptions, changeSeq: number): UpsertResult {
  const now = opts.now.toISOString();
  const revision = existing.revision + 1;
  const columns = Object.fromEntries(COLUMNS.map((c, i) => [c, p.columns[i] ?? null]));
  s.update.run({ ...columns, updated_at: now, change_seq: changeSeq, content_hash: p.hash, record_json: p.json, raw_xml: p.rawXml(), source: opts.source, revision });
  s.listed?.run(p.pmid, existing.first_seen_at, now, p.listed());
  writeClassified(s, p, opts, now);
  s.dropTomb.run(p.pmid);
  const { changed, previous } = diffArticles(rowToArticle(existing), p.article());
  if (changed.length > 0) {
    s.revision.run(p.pmid, revision, now, JSON.stringify(changed), JSON.stringify(previous), opts.source);
  }
  const outcome: UpsertOutcome = existing.deleted === 1 ? 'undeleted' : 'updated';
  return { pmid: p.pmid, outcome, changed };
}

/** E-utilities served a PMID we hold as deleted: PubMed is the authority on what is live now. */
function restore(s: Statements, p: StoreInput, existing: ArticleRow, opts: UpsertOptions, seq: { value: number }): UpsertResult {
  seq.value += 1;
  return update(s, p, existing, opts, seq.value);
}

/** 'newer' | 'same' | 'older' of the incoming copy against the stored one. */
function compareCopies(p: StoreInput, existing: ArticleRow): 'newer' | 'same' | 'older' {
  const version = p.columns[VERSION] as number;
  if (version !== existing.version) return version > existing.version ? 'newer' : 'older';
  const inRev = (p.columns[DATE_REVISED] as string | null) ?? '';
  const exRev = existing.date_revised ?? '';
  if (inRev !== exRev) return inRev > exRev ? 'newer' : 'older';
  return p.hash === existing.content_hash ? 'same' : 'newer';
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
