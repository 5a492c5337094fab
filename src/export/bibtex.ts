/**
 * BibTeX export, written here rather than by @citation-js/plugin-bibtex 0.7 because that writer
 * leaves PMID/PMCID out of `@bibtex` output, prints `month = {may 3}`, duplicates `url` into
 * `howpublished`, and does not make colliding keys unique. Pure and deterministic.
 *
 * Output is classic BibTeX that biblatex also reads: `@article` / `@incollection` / `@book`, braced
 * values, `month` as the standard macro (`jan` ... `dec`), pages with `--`, and the extra fields
 * `doi`, `pmid`, `pmcid`, `issn`, `url`, `keywords`, `language`, `note` (JabRef, Zotero and
 * biblatex know them; classic styles ignore unknown fields). Text stays UTF-8 (see tex.ts).
 */
import type { Article } from '../types.js';
import { expandPages } from './pages.js';
import { assignKeys } from './keys.js';
import { escapeTex, protectedTitle } from './tex.js';
import {
  containerTitle, evidenceTerms, exportNames, exportNote, pubmedUrl, recordKind, subjectTerms, workTitle, type ExportName,
} from './fields.js';

const MONTH_MACROS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const ENTRY_TYPES = { article: 'article', chapter: 'incollection', book: 'book' } as const;

type Field = readonly [name: string, value: string | null | undefined, raw?: 'raw'];

/**
 * One BibTeX name. Persons: `Family, Suffix, Given` (BibTeX's "von Last, Jr, First" form); a family
 * name holding a comma or the word `and` is braced so BibTeX does not split it. Groups are wrapped in
 * braces so they stay one "last name" and are never reordered or abbreviated.
 */
export function bibtexName(name: ExportName): string {
  if (name.kind === 'group') return `{${escapeTex(name.literal)}}`;
  const family = escapeTex(name.family);
  const safeFamily = /,|\band\b/i.test(family) ? `{${family}}` : family;
  const given = name.given === null ? '' : escapeTex(name.given);
  // "Family, Suffix, Given" (Given may be empty), "Family, Given", or a lone family name.
  if (name.suffix !== null) return `${safeFamily}, ${escapeTex(name.suffix)}, ${given}`;
  return given === '' ? safeFamily : `${safeFamily}, ${given}`;
}

/** A verbatim field value: as written, minus whitespace and braces (which would unbalance the entry). */
function verbatim(value: string): string {
  return value.replace(/[\s{}]/g, '');
}

/** `keywords`: comma-separated as biblatex expects; a term with a comma is braced to stay whole. */
function keywordsField(terms: string[]): string | null {
  if (terms.length === 0) return null;
  return terms.map((t) => (t.includes(',') ? `{${escapeTex(t)}}` : escapeTex(t))).join(', ');
}

/** Escaped text, or `null` for an absent value. */
function tex(value: string | null | undefined): string | null {
  return value == null ? null : escapeTex(value);
}

/** Braced again: biblatex reads publisher and location as `and`-separated lists. */
function literalList(value: string | null | undefined): string | null {
  return value == null ? null : `{${escapeTex(value)}}`;
}

function containerFields(article: Article): Field[] {
  const kind = recordKind(article);
  const container = containerTitle(article);
  if (kind === 'article') {
    const journal = article.journal;
    return [
      ['journal', tex(container)],
      ['shortjournal', tex(journal.isoAbbreviation)],
      ['issn', tex(journal.issn)],
      ['volume', tex(journal.volume)],
      ['number', tex(journal.issue)],
      ['pages', tex(expandPages(article.pages, '--'))],
    ];
  }
  return [
    ['booktitle', kind === 'chapter' && container !== null ? protectedTitle(container) : null],
    // Without the braces "National Institute of Diabetes and Digestive and Kidney Diseases" would be
    // read as three publishers.
    ['publisher', literalList(article.book?.publisher)],
    ['address', literalList(article.book?.publisherLocation)],
  ];
}

function entryFields(article: Article): Field[] {
  const names = exportNames(article).map(bibtexName);
  const month = article.pubDate.month;
  return [
    ['author', names.length === 0 ? null : names.join(' and ')],
    ['title', protectedTitle(workTitle(article))],
    ...containerFields(article),
    ['year', article.pubDate.year === null ? null : String(article.pubDate.year)],
    ['month', month === null ? null : (MONTH_MACROS[month - 1] ?? null), 'raw'],
    // biblatex reads `doi` and `url` verbatim: escaping `_` would put a backslash into the link.
    ['doi', article.doi === null ? null : verbatim(article.doi)],
    ['pmid', tex(article.pmid)],
    ['pmcid', tex(article.pmcid)],
    ['url', pubmedUrl(article.pmid)],
    ['abstract', tex(article.abstract)],
    ['keywords', keywordsField([...subjectTerms(article), ...evidenceTerms(article)])],
    ['language', article.languages.length === 0 ? null : article.languages.join(', ')],
    ['note', tex(exportNote(article))],
  ];
}

/** One entry with the given key; fields in a fixed order, empty ones left out. */
export function bibtexEntry(article: Article, key: string): string {
  const lines = [`@${ENTRY_TYPES[recordKind(article)]}{${key},`];
  for (const [name, value, raw] of entryFields(article)) {
    if (value == null || value === '') continue;
    lines.push(raw === 'raw' ? `  ${name} = ${value},` : `  ${name} = {${value}},`);
  }
  lines.push('}');
  return lines.join('\n');
}

/** BibTeX export (LF line ends, one blank line between entries); empty string for no records. */
export function renderBibtex(articles: readonly Article[]): string {
  const keys = assignKeys(articles);
  return articles.map((article, i) => `${bibtexEntry(article, keys[i] ?? article.pmid)}\n`).join('\n');
}
