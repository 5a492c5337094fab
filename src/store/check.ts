/**
 * `kratomlit check`: what is wrong with a library file, found by SQLite's own checks and by reading back
 * every stored record, and the records that can still be saved (their kept raw PubMed XML).
 */
import { createWriteStream } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import type Database from 'better-sqlite3';
import { errorMessage } from '../errors.js';
import type { CheckReport } from '../library/types.js';

export type { CheckReport } from '../library/types.js';
import { type ArticleRow, rowToArticle } from './article-rows.js';


function integrity(db: Database.Database): string[] {
  try {
    const rows = db.pragma('integrity_check(20)') as Array<{ integrity_check: string }>;
    return rows.map((r) => r.integrity_check.replace(/\s*\n\s*/g, '; ')).filter((m) => m !== 'ok');
  } catch (err) {
    return [errorMessage(err)];
  }
}

function foreignKeys(db: Database.Database): CheckReport['foreignKeys'] {
  try {
    const rows = db.pragma('foreign_key_check') as Array<{ table: string; rowid: number | null; parent: string }>;
    return rows.slice(0, 100).map((r) => ({ table: r.table, rowid: r.rowid, parent: r.parent }));
  } catch (err) {
    return [{ table: '?', rowid: null, parent: errorMessage(err) }];
  }
}

/** Runs SQLite's integrity and foreign-key checks, then decodes every record (JSON and kept raw XML). */
export function checkLibrary(db: Database.Database): CheckReport {
  const report: CheckReport = { database: db.name, ok: false, integrity: integrity(db), foreignKeys: foreignKeys(db), unreadable: [], records: 0, walkError: null };
  try {
    const stmt = db.prepare(`SELECT a.*, NULL AS topics FROM articles a ORDER BY a.rowid`);
    for (const row of stmt.iterate() as IterableIterator<ArticleRow & { raw_xml: Buffer | null }>) {
      try {
        rowToArticle(row);
        if (row.raw_xml) inflateRawSync(row.raw_xml);
        report.records++;
      } catch (err) {
        report.unreadable.push({ pmid: String(row.pmid), reason: errorMessage(err) });
      }
    }
  } catch (err) {
    report.walkError = errorMessage(err);
  }
  report.ok = report.integrity.length === 0 && report.foreignKeys.length === 0 && report.unreadable.length === 0 && report.walkError === null;
  return report;
}

/**
 * Writes the kept raw XML of every live record that can still be read as one PubMed XML file, for
 * `kratomlit import` into a new library. Returns how many records were written and skipped.
 */
export async function salvageRawXml(db: Database.Database, file: string): Promise<{ written: number; skipped: number }> {
  const out = createWriteStream(file, { flags: 'wx' });
  let written = 0;
  let skipped = 0;
  const write = (s: string) => new Promise<void>((res, rej) => (out.write(s) ? res() : out.once('drain', res).once('error', rej)));
  await write('<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n');
  try {
    const stmt = db.prepare('SELECT pmid, raw_xml FROM articles WHERE deleted = 0 ORDER BY rowid');
    for (const row of stmt.iterate() as IterableIterator<{ pmid: string; raw_xml: Buffer | null }>) {
      try {
        if (!row.raw_xml) throw new Error('no raw XML kept');
        await write(`${inflateRawSync(row.raw_xml).toString('utf8')}\n`);
        written++;
      } catch {
        skipped++;
      }
    }
  } catch {
    // The walk itself broke (a damaged page): keep what was written so far.
  }
  await write('</PubmedArticleSet>\n');
  await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
  return { written, skipped };
}
