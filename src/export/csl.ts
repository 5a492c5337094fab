/**
 * Article -> CSL-JSON item (the Citation Style Language data schema 1.0.2), and the CSL-JSON
 * export. Pure and deterministic: properties are always written in the order of {@link CslItem}.
 */
import type { Article, PubDate } from '../types.js';
import { expandPages } from './pages.js';
import {
  collapse, containerTitle, evidenceTerms, exportNames, exportNote, pubmedUrl, recordKind, subjectTerms,
  workTitle, type ExportName,
} from './fields.js';

/** CSL name: a person in parts, or a group kept whole. */
export type CslName = { family: string; given?: string; suffix?: string } | { literal: string };

/** CSL date. `season` is the PubMed season word (`Spring`); `literal` only when no year is known. */
export interface CslDate {
  'date-parts'?: [[number, number?, number?]];
  season?: string;
  literal?: string;
}

/** The CSL properties this tool writes, in output order. Absent values are left out, never `null`. */
export interface CslItem {
  id: string;
  type: 'article-journal' | 'chapter' | 'book';
  title: string;
  author?: CslName[];
  'container-title'?: string;
  'container-title-short'?: string;
  ISSN?: string;
  volume?: string;
  issue?: string;
  page?: string;
  issued?: CslDate;
  publisher?: string;
  'publisher-place'?: string;
  DOI?: string;
  PMID: string;
  PMCID?: string;
  URL: string;
  abstract?: string;
  keyword?: string;
  language?: string;
  note?: string;
  source: 'PubMed';
}

/**
 * MEDLINE language codes (ISO 639-2/B, `eng`, `ger`) to the BCP 47 tags CSL expects (`en`, `de`).
 * Only the languages PubMed uses most are mapped; any other code is passed through as written,
 * which CSL processors treat as an unknown language rather than a wrong one.
 */
const MEDLINE_TO_BCP47: Readonly<Record<string, string>> = {
  eng: 'en', ger: 'de', fre: 'fr', spa: 'es', ita: 'it', por: 'pt', dut: 'nl', rus: 'ru',
  jpn: 'ja', chi: 'zh', kor: 'ko', pol: 'pl', tur: 'tr', swe: 'sv', dan: 'da', nor: 'no',
  fin: 'fi', cze: 'cs', hun: 'hu', gre: 'el', heb: 'he', ara: 'ar', per: 'fa', tha: 'th',
  vie: 'vi', ind: 'id', may: 'ms', ukr: 'uk', rum: 'ro', hrv: 'hr', slv: 'sl', srp: 'sr',
};

/** BCP 47 tag for a MEDLINE language code (case-insensitive); unknown codes come back lower-cased. */
export function bcp47Language(medlineCode: string): string {
  const code = medlineCode.trim().toLowerCase();
  return MEDLINE_TO_BCP47[code] ?? code;
}

/** Separator of `keyword`: MeSH descriptors contain commas (`Analgesics, Opioid`), never semicolons. */
export const CSL_KEYWORD_SEPARATOR = '; ';

function cslName(name: ExportName): CslName {
  if (name.kind === 'group') return { literal: name.literal };
  const out: { family: string; given?: string; suffix?: string } = { family: name.family };
  if (name.given !== null) out.given = name.given;
  if (name.suffix !== null) out.suffix = name.suffix;
  return out;
}

/**
 * CSL `issued` from a PubMed date: year, month and day as far as known; a season is kept in
 * `season`; a date with no year (only free text) becomes `literal`; no date at all gives `undefined`.
 */
export function cslIssued(date: PubDate): CslDate | undefined {
  if (date.year === null) return date.raw?.trim() ? { literal: collapse(date.raw) } : undefined;
  const parts: [number, number?, number?] = [date.year];
  if (date.month !== null) {
    parts.push(date.month);
    if (date.day !== null) parts.push(date.day);
  }
  const issued: CslDate = { 'date-parts': [parts] };
  if (date.season !== null && date.month === null) issued.season = date.season;
  return issued;
}

function set<K extends keyof CslItem>(item: CslItem, key: K, value: CslItem[K] | null | undefined): void {
  if (value === null || value === undefined || value === '') return;
  item[key] = value;
}

/** Fields that belong to journals (articles) or to books (chapters and books). */
function setContainer(item: CslItem, article: Article): void {
  set(item, 'container-title', containerTitle(article));
  if (item.type === 'article-journal') {
    set(item, 'container-title-short', article.journal.isoAbbreviation);
    set(item, 'ISSN', article.journal.issn);
    set(item, 'volume', article.journal.volume);
    set(item, 'issue', article.journal.issue);
    set(item, 'page', expandPages(article.pages));
  }
  set(item, 'issued', cslIssued(article.pubDate));
  if (item.type !== 'article-journal') {
    set(item, 'publisher', article.book?.publisher);
    set(item, 'publisher-place', article.book?.publisherLocation);
  }
}

/**
 * PubMed ends titles with a period; CSL styles add their own, so citeproc would print "Title..". One final
 * period is dropped (not an ellipsis, nor `?`/`!`); the stored record keeps PubMed's title.
 */
export function cslTitle(title: string): string {
  return collapse(title).replace(/(?<!\.)\.$/, '');
}

/**
 * One Article as a CSL item. `id` is `pmid:<PMID>`; `type` is `article-journal`, `chapter` or
 * `book`; `title` is plain text without PubMed's final period (see `cslTitle`); `page` is expanded (`737-8` -> `737-738`);
 * `keyword` joins author keywords and MeSH descriptors with `; `; `language` is BCP 47;
 * `note` flags retracted papers and retraction notices.
 */
export function toCslItem(article: Article): CslItem {
  const kind = recordKind(article);
  const item: CslItem = {
    id: `pmid:${article.pmid}`,
    type: kind === 'article' ? 'article-journal' : kind,
    title: cslTitle(workTitle(article)),
    PMID: article.pmid,
    URL: pubmedUrl(article.pmid),
    source: 'PubMed',
  };
  const names = exportNames(article).map(cslName);
  if (names.length > 0) item.author = names;
  setContainer(item, article);
  set(item, 'DOI', article.doi);
  set(item, 'PMCID', article.pmcid);
  set(item, 'abstract', article.abstract);
  set(item, 'keyword', [...subjectTerms(article), ...evidenceTerms(article)].join(CSL_KEYWORD_SEPARATOR));
  set(item, 'language', article.languages[0] === undefined ? null : bcp47Language(article.languages[0]));
  set(item, 'note', exportNote(article));
  return orderKeys(item);
}

const KEY_ORDER: ReadonlyArray<keyof CslItem> = [
  'id', 'type', 'title', 'author', 'container-title', 'container-title-short', 'ISSN', 'volume', 'issue',
  'page', 'issued', 'publisher', 'publisher-place', 'DOI', 'PMID', 'PMCID', 'URL', 'abstract', 'keyword',
  'language', 'note', 'source',
];

/** Rebuilds the item in {@link KEY_ORDER} so `JSON.stringify` output never depends on assignment order. */
function orderKeys(item: CslItem): CslItem {
  const ordered: Record<string, unknown> = {};
  for (const key of KEY_ORDER) if (item[key] !== undefined) ordered[key] = item[key];
  return ordered as unknown as CslItem;
}

/** CSL-JSON export: a JSON array of items, two-space indented, with a final newline; `[]\n` when empty. */
export function renderCslJson(articles: readonly Article[]): string {
  return `${JSON.stringify(articles.map(toCslItem), null, 2)}\n`;
}
