/**
 * Exports: citations of normalized Articles (RIS, BibTeX, CSL-JSON, CSV), and the records' own PubMed XML
 * (`pubmed-xml`, from the XML the store keeps: see pubmed-xml.ts; the library assembles it). Pure: records
 * in, text out, the same bytes for the same input. Which records to export (search, filters, `--week`) is
 * the caller's business; every record given is written, in the order given.
 */
import type { Article } from '../types.js';
import { UsageError } from '../errors.js';
import { renderBibtex } from './bibtex.js';
import { renderCslJson } from './csl.js';
import { renderCsv, type CsvOptions } from './csv.js';
import { renderRis } from './ris.js';

/** The citation formats: rendered from normalized Articles by {@link exportArticles}. */
export const CITATION_FORMATS = ['ris', 'bibtex', 'csl-json', 'csv'] as const;

/** A citation format: what {@link exportArticles} renders. */
export type CitationFormat = (typeof CITATION_FORMATS)[number];

/** Supported export formats, in the order the CLI lists them: the citations, then the records' own PubMed XML. */
export const EXPORT_FORMATS = [...CITATION_FORMATS, 'pubmed-xml'] as const;

export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Options that only some formats read. */
export type ExportOptions = CsvOptions;

/**
 * Conventional file extension and HTTP `Content-Type` of each format (for `--output` names and the web's
 * downloads): every export is UTF-8 text, and a CSV file starts with its header row (RFC 4180).
 */
export const EXPORT_FILE_TYPES: Readonly<Record<ExportFormat, { extension: string; mediaType: string }>> = {
  ris: { extension: 'ris', mediaType: 'application/x-research-info-systems; charset=utf-8' },
  bibtex: { extension: 'bib', mediaType: 'application/x-bibtex; charset=utf-8' },
  'csl-json': { extension: 'json', mediaType: 'application/vnd.citationstyles.csl+json; charset=utf-8' },
  csv: { extension: 'csv', mediaType: 'text/csv; charset=utf-8; header=present' },
  'pubmed-xml': { extension: 'xml', mediaType: 'application/xml; charset=utf-8' },
};

/** True when `value` names a supported format. */
export function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** The format a value names, in any case (`RIS`); throws `UsageError` naming the value and the choices. */
export function parseExportFormat(value: string): ExportFormat {
  const v = value.trim().toLowerCase();
  if (isExportFormat(v)) return v;
  throw new UsageError(`export: unknown format "${value}" (expected one of ${EXPORT_FORMATS.join(', ')})`);
}

/**
 * Renders `articles` in a citation `format` (read in any case). Not `pubmed-xml`, which is written from the
 * records' kept XML that an Article does not carry (the library's `export` or `pubmedXml`): the type leaves it
 * out, and an untyped caller passing it gets a UsageError. Empty input gives a valid empty document: `""` for RIS and BibTeX,
 * `[]\n` for CSL-JSON, the header row for CSV. CSV only: `options.formulaGuard` (default `true`)
 * prefixes `'` to free-text cells a spreadsheet would run as a formula; `options.bom` (default
 * `false`) starts the file with a UTF-8 byte order mark for Excel.
 */
export function exportArticles(
  articles: readonly Article[],
  format: CitationFormat,
  options: ExportOptions = {},
): string {
  // Format names are read in any case in every face (the CLI's `--format RIS`, the web's `format=RIS`, a script's 'RIS').
  const named = parseExportFormat(String(format));
  if (named === 'pubmed-xml') throw new UsageError('export: pubmed-xml is written from the records\' kept PubMed XML, which an Article does not carry: use the library\'s export() or pubmedXml()');
  switch (named) {
    case 'ris':
      return renderRis(articles);
    case 'bibtex':
      return renderBibtex(articles);
    case 'csl-json':
      return renderCslJson(articles);
    case 'csv':
      return renderCsv(articles, options);
    default:
      throw new UsageError(`export: unknown format "${String(named satisfies never)}"`);
  }
}

export { toCslItem, type CslItem } from './csl.js';
export { expandPages } from './pages.js';
export { PUBMED_XML_HEAD, PUBMED_XML_TAIL, pubmedXmlChunks } from './pubmed-xml.js';
export { assignKeys } from './keys.js';
