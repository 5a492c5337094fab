/**
 * Records' kept raw PubMed XML (`articles.raw_xml`, deflated): read back for the PubMed XML export and for
 * `check --salvage`, one decoder for both.
 */
import { inflateRawSync } from 'node:zlib';
import type Database from 'better-sqlite3';
import { prepared } from './prepared.js';

/** A record's kept raw XML, or null when none was kept (a record stored by an older build) or it no longer inflates. */
export function inflateRawXml(raw: Buffer | null | undefined): string | null {
  if (!raw) return null;
  try {
    return inflateRawSync(raw).toString('utf8');
  } catch {
    return null;
  }
}

/**
 * The kept raw XML of each of `pmids`, in the order given, read one record at a time (memory stays flat
 * however many are asked): `xml` is null when the record is not stored or has no readable raw XML.
 */
export function* rawXmlOf(db: Database.Database, pmids: Iterable<string>): Generator<{ pmid: string; xml: string | null }> {
  const stmt = prepared(db, 'SELECT raw_xml FROM articles WHERE pmid = ?');
  for (const pmid of pmids) {
    const row = stmt.get(pmid) as { raw_xml: Buffer | null } | undefined;
    yield { pmid, xml: inflateRawXml(row?.raw_xml) };
  }
}
