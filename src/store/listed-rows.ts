/**
 * The kept list forms of records (migration 008, listed-form.ts): reading them for result pages, and
 * writing them for records stored before the table existed or under another format.
 */
import type Database from 'better-sqlite3';
import { type ArticleRow, storeFieldsOf } from './article-rows.js';
import { getArticles } from './articles.js';
import { EVIDENCE_JOIN, EVIDENCE_SELECT, evidenceFromColumns } from './evidence.js';
import type { ListedArticle } from '../types.js';
import { keptListed, LISTED_FORMAT, listedOf, packListed, PUT_LISTED, unpackListed, withStoreFields } from './listed-form.js';
import { hasTable, prepared } from './prepared.js';

type ListedRow = Omit<ArticleRow, 'record_json' | 'version' | 'deleted_at' | 'revision' | 'change_seq' | 'content_hash' | 'date_revised'> & { listed: Buffer | null };

// The dates come from the kept row: the record's own come after its long text columns (more pages to read).
const SELECT = `
  SELECT a.pmid, a.deleted, l.first_seen_at, l.updated_at,
         (SELECT group_concat(topic, char(31)) FROM article_topics t WHERE t.pmid = a.pmid) AS topics,
         ${EVIDENCE_SELECT}, l.listed
  FROM articles a ${EVIDENCE_JOIN}
  LEFT JOIN article_listed l ON l.pmid = a.pmid AND l.format = ${LISTED_FORMAT}
  WHERE a.pmid = ?`;

// Per connection, once the table is there (it never goes away): looking it up cost ~10 µs a read.
const withListed = new WeakSet<Database.Database>();

function hasListed(db: Database.Database): boolean {
  if (withListed.has(db)) return true;
  if (!hasTable(db, 'article_listed')) return false;
  withListed.add(db);
  return true;
}

/** A record as result lists read it: packed ({@link packListed}'s form) and unpacked. */
export interface ListedRecord {
  pmid: string;
  packed: Buffer;
  listed: ListedArticle;
}

/**
 * Records as result lists read them, by PMID in the order asked; PMIDs never stored are skipped, deleted
 * records included. Each is its kept form with its store fields added; a record without a kept form of this
 * build's format (stored before the table, by a build with another format, or changed by an older writer),
 * one stored before its evidence was, or one whose kept form cannot be read (`check` names it, `check
 * --repair` writes it again), is read from its record JSON instead: the same record either way.
 */
export function getListedRecords(db: Database.Database, pmids: readonly string[]): ListedRecord[] {
  const out: ListedRecord[] = [];
  if (pmids.length === 0) return out;
  const stmt = hasListed(db) ? prepared(db, SELECT) : null;
  for (const pmid of pmids) {
    const row = stmt?.get(pmid) as ListedRow | undefined;
    if (stmt && !row) continue;
    const kept = row ? fromKept(row) : null;
    if (kept) {
      out.push(kept);
      continue;
    }
    const [article] = getArticles(db, [pmid]);
    if (article) out.push({ pmid, packed: packListed(article), listed: listedOf(article) });
  }
  return out;
}

/**
 * The record from its kept form, or null when it has none, it cannot be read, or it is another record's
 * (a damaged row: handed out, its record would vanish from every result list, the page matching it by PMID).
 */
function fromKept(row: ListedRow): ListedRecord | null {
  const evidence = evidenceFromColumns({ ...(row as Required<ListedRow>), ev_cues: null });
  const packed = row.listed && evidence ? withStoreFields(row.listed, { ...storeFieldsOf(row), evidence }) : null;
  if (!packed) return null;
  try {
    const listed = unpackListed(packed);
    return listed.pmid === row.pmid ? { pmid: row.pmid, packed, listed } : null;
  } catch {
    return null;
  }
}

/** Records whose kept form is written per transaction by {@link fillListed}. */
const FILL_BATCH = 500;

/**
 * Writes the kept form of every record that lacks one of this build's format (`all`: of every record),
 * once per store and format; returns how many it wrote. `onStart` is told how many it is about to write
 * (when any; records whose JSON does not parse are not counted). Run by writer runs, under the writer lock: a
 * store written before migration 008 (about 0.2 ms a real-sized record, once), or by a build with another
 * format; and by `check --repair` with `all` (when a kept form differs from its record). Once done it says so in `meta` (`listed_format`) and costs one lookup: every writer that can
 * open the store afterwards writes the kept form with each record (an older build refuses a store with
 * migrations it does not know). Each batch reads the records and writes their forms in one immediate
 * transaction, so a writer storing a newer copy meanwhile cannot be overwritten with an older form. A
 * record whose JSON cannot be read is left without one (reads fall back on the record JSON, and
 * `kratomlit check` names it).
 */
export function fillListed(db: Database.Database, opts: { all?: boolean; onStart?: (records: number) => void } = {}): number {
  const done = db.prepare("SELECT value FROM meta WHERE key = 'listed_format'").get() as { value: string } | undefined;
  if (!opts.all && done?.value === String(LISTED_FORMAT)) return 0;
  const lacking = opts.all ? '' : `AND NOT EXISTS (SELECT 1 FROM article_listed l WHERE l.pmid = a.pmid AND l.format = ${LISTED_FORMAT})`;
  // Told before the work (about 0.2 ms a record, once): a first writer run after an upgrade pauses for it.
  // Only records whose JSON parses: the others get no form, and a count of them would promise writes that
  // never happen.
  const count = (db.prepare(`SELECT count(*) FROM articles a WHERE json_valid(a.record_json) ${lacking}`).pluck().get() as number);
  if (count > 0) opts.onStart?.(count);
  const pick = db.prepare(
    `SELECT a.pmid, a.first_seen_at, a.updated_at, a.record_json FROM articles a
     WHERE a.pmid > ? ${lacking} ORDER BY a.pmid LIMIT ${FILL_BATCH}`,
  );
  const put = db.prepare(PUT_LISTED);
  let written = 0;
  /** One batch after `after`; the last PMID it looked at, or null when none was left. */
  const batch = db.transaction((after: string): string | null => {
    const rows = pick.all(after) as FillRow[];
    for (const row of rows) {
      try {
        put.run(row.pmid, row.first_seen_at, row.updated_at, keptListed(JSON.parse(row.record_json) as RecordPart));
        written += 1;
      } catch {
        // Unreadable record JSON: left to the fallback and to `check`.
      }
    }
    return rows.at(-1)?.pmid ?? null;
  });
  for (let after: string | null = ''; after !== null;) after = batch.immediate(after);
  db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('listed_format', ?)").run(String(LISTED_FORMAT));
  return written;
}

type FillRow = Pick<ArticleRow, 'pmid' | 'first_seen_at' | 'updated_at' | 'record_json'>;
type RecordPart = Parameters<typeof keptListed>[0];
