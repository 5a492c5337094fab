/**
 * The PubMed XML export: the selected records' kept raw XML (store) inside PubMed's document (export),
 * streamed from the store as the caller takes it.
 */
import type Database from 'better-sqlite3';
import { AppError } from '../errors.js';
import { pubmedXmlChunks } from '../export/pubmed-xml.js';
import { rawXmlOf } from '../store/raw-xml.js';
import type { Article } from '../types.js';
import type { PubmedXmlExport } from './api.js';
import { noXmlLine } from './left-out.js';

/**
 * The export of `records` (stored records, in document order); see {@link PubmedXmlExport}. A selection
 * holds live records only; a deleted record given by PMID or as a record (the library's "these records"
 * form) is written as what PubMed now says of it, a `DeleteCitation`, never as its last live version (which
 * an import would take for a live record).
 */
export function pubmedXmlExport(db: Database.Database, records: ReadonlyArray<Pick<Article, 'pmid' | 'version' | 'deleted'>>): PubmedXmlExport {
  const noXml: string[] = [];
  const pmids = records.filter((r) => !r.deleted).map((r) => r.pmid);
  const deleted = records.filter((r) => r.deleted).map((r) => ({ pmid: r.pmid, version: r.version }));
  function* kept(): Generator<string> {
    for (const r of rawXmlOf(db, pmids)) {
      if (r.xml === null) noXml.push(r.pmid);
      else yield r.xml;
    }
  }
  return { pmids, deleted: deleted.map((d) => d.pmid), chunks: pubmedXmlChunks(kept(), undefined, deleted), noXml };
}

/**
 * The whole document as one string (for a script or a bounded face); an AppError `NO_RAW_XML` naming the
 * records without kept XML, since a string cannot also say what it lacks.
 */
export function pubmedXmlText(x: PubmedXmlExport): string {
  const text = [...x.chunks].join('');
  if (x.noXml.length > 0) throw new AppError('NO_RAW_XML', `export: ${noXmlLine(x.noXml)}`);
  return text;
}

