/**
 * `kratomlit check`: what is wrong with a library file, found by SQLite's own checks and by reading back
 * every stored record, and the records that can still be saved (their kept raw PubMed XML).
 */
import { open, unlink } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import type Database from 'better-sqlite3';
import { AppError, errorMessage } from '../errors.js';
import type { CheckReport } from '../library/types.js';

export type { CheckReport } from '../library/types.js';
import type { Article } from '../types.js';
import { type ArticleRow, rowToArticle } from './article-rows.js';
import { keptListed, LISTED_FORMAT } from './listed-form.js';
import { hasTable } from './prepared.js';
import { inflateRawXml } from './raw-xml.js';
import { pubmedXmlChunks } from '../export/pubmed-xml.js';


function integrity(db: Database.Database): string[] {
  try {
    const rows = db.pragma('integrity_check(20)') as Array<{ integrity_check: string }>;
    return rows.map((r) => r.integrity_check.replace(/\s*\n\s*/g, '; ')).filter((m) => m !== 'ok');
  } catch (err) {
    return [errorMessage(err)];
  }
}

/**
 * Child rows whose parent is missing; a check SQLite cannot run at all (a malformed file) is an integrity
 * finding instead, said as such (it used to come out as a "row of ?" pointing at the error message).
 */
function foreignKeys(db: Database.Database, integrityFindings: string[]): CheckReport['foreignKeys'] {
  try {
    const rows = db.pragma('foreign_key_check') as Array<{ table: string; rowid: number | null; parent: string }>;
    return rows.slice(0, 100).map((r) => ({ table: r.table, rowid: r.rowid, parent: r.parent }));
  } catch (err) {
    integrityFindings.push(`the foreign key check could not run: ${errorMessage(err)}`);
    return [];
  }
}

type CheckedRow = ArticleRow & { raw_xml: Buffer | null; kept_listed?: Buffer | null; kept_first?: string; kept_updated?: string };

// The record's kept list form of this build's format (listed-rows.ts), when it has one.
const KEPT_COLUMNS = ', l.listed AS kept_listed, l.first_seen_at AS kept_first, l.updated_at AS kept_updated';
const KEPT_JOIN = ` LEFT JOIN article_listed l ON l.pmid = a.pmid AND l.format = ${LISTED_FORMAT}`;

/** Whether a record's kept list form says what the record says (same fields, same dates). */
function keptMatches(row: CheckedRow, article: Article): boolean {
  if (row.kept_first !== row.first_seen_at || row.kept_updated !== row.updated_at) return false;
  try {
    return isDeepStrictEqual(JSON.parse((row.kept_listed as Buffer).toString('utf8')), JSON.parse(keptListed(article).toString('utf8')));
  } catch {
    return false;
  }
}

/**
 * How many records are stored, counted by SQLite from the smallest index of the table (COUNT(*) reads no
 * record page), so that damage that stopped the walk over the records usually leaves it readable; null
 * when it does not.
 */
function indexCount(db: Database.Database): number | null {
  try {
    return db.prepare('SELECT COUNT(*) FROM articles').pluck().get() as number;
  } catch {
    return null;
  }
}

/**
 * Runs SQLite's integrity and foreign-key checks, then decodes every record (JSON and kept raw XML) and
 * compares its kept list form with it.
 */
export function checkLibrary(db: Database.Database): CheckReport {
  const findings = integrity(db);
  const report: CheckReport = {
    database: db.name, ok: false, integrity: findings, foreignKeys: foreignKeys(db, findings), unreadable: [], records: 0, listedStale: [], walkError: null, stoppedAfter: null, stored: null,
  };
  let reached: string | null = null;
  const kept = hasTable(db, 'article_listed');
  try {
    const stmt = db.prepare(`SELECT a.*, NULL AS topics${kept ? KEPT_COLUMNS : ''} FROM articles a${kept ? KEPT_JOIN : ''} ORDER BY a.rowid`);
    for (const row of stmt.iterate() as IterableIterator<CheckedRow>) {
      reached = String(row.pmid);
      try {
        const article = rowToArticle(row);
        if (row.raw_xml) inflateRawSync(row.raw_xml);
        report.records++;
        if (row.kept_listed && !keptMatches(row, article)) report.listedStale.push(String(row.pmid));
      } catch (err) {
        report.unreadable.push({ pmid: String(row.pmid), reason: errorMessage(err) });
      }
    }
  } catch (err) {
    report.walkError = errorMessage(err);
    report.stoppedAfter = reached;
  }
  report.stored = report.walkError === null ? report.records + report.unreadable.length : indexCount(db);
  report.ok = report.integrity.length === 0 && report.foreignKeys.length === 0 && report.unreadable.length === 0 && report.listedStale.length === 0 && report.walkError === null;
  return report;
}

/**
 * Writes the kept raw XML of every live record that can still be read as one PubMed XML file, for
 * `kratomlit import` into a new library. The file must be new (an existing one is never overwritten).
 * Returns how many records were written and skipped; throws AppError `SALVAGE_FILE` naming the file when
 * it cannot be created or written whole, and then removes what it wrote (a cut file would import as a
 * truncated one, and block the next try).
 */
export async function salvageRawXml(db: Database.Database, file: string): Promise<{ written: number; skipped: number }> {
  const fail = (err: unknown): never => {
    const why = (err as NodeJS.ErrnoException).code === 'EEXIST' ? 'it already exists (salvage writes a new file)' : errorMessage(err);
    throw new AppError('SALVAGE_FILE', `check: cannot write the salvage file ${file}: ${why}`, { cause: err });
  };
  const out = await open(file, 'wx').catch(fail);
  const counts = { written: 0, skipped: 0 };
  try {
    // writeFile writes from the current position and loops until every byte is down (write() may stop short).
    await writeRecords(db, counts, (text) => out.writeFile(text));
    await out.sync();
    await out.close();
  } catch (err) {
    await out.close().catch(() => undefined);
    await unlink(file).catch(() => undefined);
    fail(err);
  }
  return counts;
}

/**
 * Feeds the XML document of every readable record to `write` in runs of about a megabyte (the PubMed XML
 * export's document writer). A damaged page that ends the walk ends the records (those read so far are
 * kept); a failing `write` is thrown.
 */
async function writeRecords(db: Database.Database, counts: { written: number; skipped: number }, write: (text: string) => Promise<void>): Promise<void> {
  const rows = readableRows(db);
  function* readable(): Generator<string> {
    for (const xml of rows) {
      if (xml === null) counts.skipped++;
      else {
        counts.written++;
        yield xml;
      }
    }
  }
  try {
    for (const run of pubmedXmlChunks(readable())) await write(run);
  } finally {
    rows.return(undefined); // a failed write leaves no SQLite statement running on the connection
  }
}

/** Each live record's raw XML (null when unreadable), in stored order, until the walk itself breaks. */
function* readableRows(db: Database.Database): Generator<string | null> {
  let rows: IterableIterator<{ raw_xml: Buffer | null }>;
  try {
    rows = db.prepare('SELECT raw_xml FROM articles WHERE deleted = 0 ORDER BY rowid').iterate() as IterableIterator<{ raw_xml: Buffer | null }>;
  } catch {
    return;
  }
  try {
    for (;;) {
      let step: IteratorResult<{ raw_xml: Buffer | null }>;
      try {
        step = rows.next();
      } catch {
        return; // a damaged page: keep what was read so far
      }
      if (step.done) return;
      yield inflateRawXml(step.value.raw_xml);
    }
  } finally {
    rows.return?.();
  }
}
