/**
 * CSV export (RFC 4180): header row, CRLF line ends, fields quoted when they contain `"`, `,`, CR or
 * LF (quotes doubled), UTF-8 (byte order mark only on request). Pure and deterministic.
 *
 * Formula injection (OWASP "CSV Injection"): spreadsheet programs run a cell that starts with `=`,
 * `+`, `-`, `@`, tab or CR as a formula. Free-text cells (titles, names, journals, terms) that start
 * with one of those get a leading `'`, which spreadsheets hide and scripts can strip. This changes
 * the data for scripts, so it is an option (`formulaGuard`, default on because most CSV exports end
 * up in a spreadsheet). Identifier, number and date columns never start with those characters.
 */
import { classifyByRules } from '../evidence/classify.js';
import type { Article } from '../types.js';
import { expandPages } from './pages.js';
import { containerTitle, exportNames, nameFamilyFirst, pubmedUrl, subjectTerms, workTitle } from './fields.js';

/** Columns in output order. */
export const CSV_COLUMNS = [
  'pmid', 'doi', 'pmcid', 'title', 'authors', 'journal', 'year', 'volume', 'issue', 'pages',
  'publication_types', 'mesh', 'keywords', 'topics', 'retracted', 'first_seen_at', 'url', 'design', 'themes',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Separator inside list cells; MeSH terms and names contain commas but not semicolons. */
export const CSV_LIST_SEPARATOR = '; ';

const FREE_TEXT: ReadonlySet<CsvColumn> = new Set<CsvColumn>([
  'title', 'authors', 'journal', 'publication_types', 'mesh', 'keywords', 'topics', 'volume', 'issue', 'pages',
]);
const FORMULA_START = /^[=+\-@\t\r]/;

/** Options for {@link renderCsv}. */
export interface CsvOptions {
  /** Prefix `'` to free-text cells starting with `= + - @` tab or CR. Default `true`. */
  formulaGuard?: boolean;
  /**
   * Start with a UTF-8 byte order mark. Default `false` (RFC 4180 and scripts want none); Excel on
   * Windows needs it to read `Müller` as UTF-8 instead of the ANSI code page.
   */
  bom?: boolean;
}

/** Quotes one field when RFC 4180 requires it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function row(article: Article): Record<CsvColumn, string> {
  const list = (values: string[]) => values.join(CSV_LIST_SEPARATOR);
  return {
    pmid: article.pmid,
    doi: article.doi ?? '',
    pmcid: article.pmcid ?? '',
    title: workTitle(article),
    authors: list(exportNames(article).map(nameFamilyFirst)),
    journal: containerTitle(article) ?? '',
    year: article.pubDate.year === null ? '' : String(article.pubDate.year),
    volume: article.journal.volume ?? '',
    issue: article.journal.issue ?? '',
    pages: expandPages(article.pages) ?? '',
    publication_types: list(article.publicationTypes),
    mesh: list(article.mesh.map((m) => m.descriptor)),
    keywords: list(subjectTerms({ ...article, mesh: [] })),
    topics: list(article.topics),
    retracted: article.retracted ? 'true' : 'false',
    first_seen_at: article.firstSeenAt ?? '',
    url: pubmedUrl(article.pmid),
    design: (article.evidence ?? classifyByRules(article)).design,
    themes: list((article.evidence ?? classifyByRules(article)).themes),
  };
}

/** `'` before a cell a spreadsheet would evaluate (OWASP CSV injection). */
function defuse(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function line(cells: readonly string[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

/** CSV export: the header row, then one row per article; header only for no records. */
export function renderCsv(articles: readonly Article[], options: CsvOptions = {}): string {
  const guard = options.formulaGuard ?? true;
  let out = (options.bom === true ? '\uFEFF' : '') + line(CSV_COLUMNS);
  for (const article of articles) {
    const cells = row(article);
    out += line(CSV_COLUMNS.map((col) => (guard && FREE_TEXT.has(col) ? defuse(cells[col]) : cells[col])));
  }
  return out;
}
