/**
 * RIS export, written here rather than by @citation-js/plugin-ris 0.7 because that writer
 * hard-wraps every value at 70 characters (breaking titles and words across lines that RIS readers
 * do not re-join), writes no PMID at all, unpadded `DA` dates (`2016/5/3/`) and all keywords on one
 * `KW` line. Pure and deterministic.
 *
 * Format (RIS as documented by Research Information Systems / Clarivate): `TAG  - value` (tag, two
 * spaces, hyphen, space), first tag `TY`, last `ER  - `. Lines end with CRLF as the spec says (Zotero,
 * EndNote, Mendeley and citation-js accept CRLF and LF). Records are separated by one empty line.
 * Values never contain line breaks: whitespace runs are collapsed to one space (abstract paragraph
 * breaks are lost), and lines are never wrapped.
 */
import type { Article, PubDate } from '../types.js';
import type { ExportName } from './fields.js';
import { pageBounds } from './pages.js';
import {
  collapse, containerTitle, evidenceNote, evidenceTerms, exportNames, nameFamilyFirst, pubmedUrl, recordKind, retractionNote,
  subjectTerms, workTitle,
} from './fields.js';

/** RIS line terminator (spec: carriage return + line feed). */
export const RIS_EOL = '\r\n';

type Line = readonly [tag: string, value: string | null | undefined];

const TYPES = { article: 'JOUR', chapter: 'CHAP', book: 'BOOK' } as const;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * RIS `DA`: `YYYY/MM/DD/other` with empty slots for unknown parts (`2019///Spring`,
 * `1998/12//`); the "other" slot carries a season or a free-text MEDLINE date. `null` without a year.
 */
export function risDate(date: PubDate): string | null {
  if (date.year === null) return null;
  const month = date.month === null ? '' : pad2(date.month);
  const day = date.month === null || date.day === null ? '' : pad2(date.day);
  // A free-text MEDLINE date (`1975-1976`) says more than its year: keep it when no month was read.
  const freeText = date.month === null && date.raw !== null && date.raw.trim() !== String(date.year);
  const other = date.season ?? (freeText ? date.raw : null) ?? '';
  return `${date.year}/${month}/${day}/${collapse(other)}`;
}

/**
 * One `AU` value. A person is `Family, Given, Suffix`, as the RIS spec writes names. RIS has no tag for a
 * group (corporate) author, and readers split an `AU` value at its first comma into family and given
 * name. The one corporate form they share is a comma after the name, which EndNote documents for
 * corporate authors ("the entire name" is kept as one) and which Zotero reads as a single-field name
 * (nothing after the comma); a comma inside the name is doubled, the way given to EndNote users for a
 * comma there (its manual states only the trailing comma).
 * So "Kratom Research Consortium" is written "Kratom Research Consortium," and "Kratom Study Group,
 * University of Florida" is written "Kratom Study Group,, University of Florida,": the group's text
 * unchanged, never read as a Mr Consortium or a Mr University of Florida Kratom Study Group by EndNote.
 * Zotero cannot read a name holding a comma as one name from any RIS form (it splits at the first comma
 * whatever follows); CSL-JSON (`literal`) and BibTeX (braces) carry such a name exactly.
 */
export function risName(name: ExportName): string {
  if (name.kind === 'group') return `${name.literal.replace(/,/g, ',,')},`;
  return nameFamilyFirst(name);
}

function bibliographicLines(article: Article): Line[] {
  const kind = recordKind(article);
  const pages = kind === 'article' ? pageBounds(article.pages) : null;
  const lines: Line[] = [['TI', workTitle(article)]];
  for (const name of exportNames(article)) lines.push(['AU', risName(name)]);
  lines.push(['T2', containerTitle(article)]);
  // EndNote reads a chapter's book from BT, Zotero from T2: write both.
  if (kind === 'chapter') lines.push(['BT', containerTitle(article)]);
  if (kind === 'article') {
    lines.push(['J2', article.journal.isoAbbreviation], ['SN', article.journal.issn]);
    lines.push(['VL', article.journal.volume], ['IS', article.journal.issue]);
    lines.push(['SP', pages?.first], ['EP', pages?.last]);
  } else {
    lines.push(['PB', article.book?.publisher], ['CY', article.book?.publisherLocation]);
  }
  lines.push(['PY', article.pubDate.year === null ? null : String(article.pubDate.year)]);
  lines.push(['DA', risDate(article.pubDate)]);
  return lines;
}

function identifierLines(article: Article): Line[] {
  return [
    ['DO', article.doi],
    // AN (accession number) + DB/DP is how EndNote and Zotero record a PubMed id in RIS.
    ['AN', article.pmid],
    // C2 is "PMCID" in the RIS spec for JOUR; for books C2 means something else.
    ['C2', recordKind(article) === 'article' ? article.pmcid : null],
    ['DB', 'PubMed'],
    ['DP', 'NLM'],
    ['UR', pubmedUrl(article.pmid)],
  ];
}

/** The lines of one record, `TY` first and `ER` last, empty values left out. */
export function risLines(article: Article): string[] {
  const lines: Line[] = [
    ['TY', TYPES[recordKind(article)]],
    ...bibliographicLines(article),
    ...identifierLines(article),
    ['AB', article.abstract],
    ...subjectTerms(article).map((term): Line => ['KW', term]),
    ...evidenceTerms(article).map((term): Line => ['KW', term]),
    ...article.languages.map((code): Line => ['LA', code]),
    ['N1', retractionNote(article)],
    ['N1', evidenceNote(article)],
  ];
  const out: string[] = [];
  for (const [tag, value] of lines) {
    const clean = value == null ? '' : collapse(value);
    if (clean !== '') out.push(`${tag}  - ${clean}`);
  }
  out.push('ER  - ');
  return out;
}

/** RIS export of all records; empty string for no records, otherwise ends with CRLF. */
export function renderRis(articles: readonly Article[]): string {
  return articles.map((a) => risLines(a).join(RIS_EOL) + RIS_EOL).join(RIS_EOL);
}
