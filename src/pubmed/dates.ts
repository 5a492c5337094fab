/**
 * PubMed date elements to the record's date shapes. Pure.
 *
 * NCBI writes dates several ways (docs/pitfalls.md): `PubMedPubDate` months and days unpadded (`4`),
 * `ArticleDate` padded (`08`), `PubDate/Month` as `Jun` or `06`; `PubDate` may instead hold a `Season`
 * or a free-text `MedlineDate` (`1998 Dec-1999 Jan`, `2000 Spring`, `1975-1976`).
 */
import type { PubDate } from '../types.js';
import { text, type XmlNode } from './xml-node.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const YEAR = /\b(1[5-9]\d\d|20\d\d|2100)\b/;
/** `YYYY Mon[ DD]` at the start of a MedlineDate: the start of the range it describes. */
const MEDLINE_START = /^\s*(\d{4})\s+([A-Za-z]{3})[a-z]*\.?(?:\s+(\d{1,2})\b)?/;
const SEASON_WORD = /\b(Spring|Summer|Autumn|Fall|Winter)\b/i;

/** Month number 1-12 from `Jan`/`January`/`jan`, `1` or `01`; `null` for anything else. */
export function parseMonth(value: string | null): number | null {
  if (value === null) return null;
  const v = value.trim();
  if (/^\d{1,2}$/.test(v)) {
    const n = Number(v);
    return n >= 1 && n <= 12 ? n : null;
  }
  const at = MONTHS.indexOf(v.slice(0, 3).toLowerCase());
  return at >= 0 ? at + 1 : null;
}

function parseDay(value: string | null): number | null {
  if (value === null || !/^\s*\d{1,2}\s*$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= 31 ? n : null;
}

function parseYear(value: string | null): number | null {
  const m = value === null ? null : YEAR.exec(value);
  return m?.[1] === undefined ? null : Number(m[1]);
}

function clockPart(value: string | null, max: number): number | null {
  if (value === null || !/^\s*\d{1,2}\s*$/.test(value)) return null;
  const n = Number(value);
  return n <= max ? n : null;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * ISO date of an element with `Year`, `Month`, `Day` children (`DateRevised`, `DateCompleted`,
 * `ArticleDate`, `PubMedPubDate`): `YYYY-MM-DD`, or the precision available (`YYYY-MM`, `YYYY`).
 * When `withTime` is set and an `Hour` child exists, `THH:MM` is appended (Minute defaults to 00).
 * `null` without a readable year.
 */
export function isoDate(node: XmlNode | undefined, withTime = false): string | null {
  if (node === undefined || typeof node !== 'object') return null;
  const year = parseYear(text(node.Year));
  if (year === null) return null;
  const month = parseMonth(text(node.Month));
  if (month === null) return String(year);
  const day = parseDay(text(node.Day));
  if (day === null) return `${year}-${pad(month)}`;
  const date = `${year}-${pad(month)}-${pad(day)}`;
  const hour = clockPart(text(node.Hour), 23);
  if (!withTime || hour === null) return date;
  return `${date}T${pad(hour)}:${pad(clockPart(text(node.Minute), 59) ?? 0)}`;
}

function medlineDate(raw: string): PubDate {
  const start = MEDLINE_START.exec(raw);
  const season = SEASON_WORD.exec(raw);
  return {
    year: parseYear(raw),
    month: start?.[2] === undefined ? null : parseMonth(start[2]),
    day: start?.[3] === undefined ? null : parseDay(start[3]),
    season: season?.[1] ?? null,
    raw,
  };
}

/**
 * `PubDate` (journal issue or book) to `{year, month, day, season, raw}`. For a `MedlineDate` the
 * year is the first four-digit year in it and month/day those at its start (the start of the range:
 * `1998 Dec-1999 Jan` is year 1998, month 12); `raw` is always the date as written, parts joined by
 * one space (`2020 Jun 08`, `2019 Spring`).
 */
export function parsePubDate(node: XmlNode | undefined): PubDate {
  const empty: PubDate = { year: null, month: null, day: null, season: null, raw: null };
  if (node === undefined || typeof node !== 'object') return empty;
  const medline = text(node.MedlineDate);
  if (medline !== null && medline.trim() !== '') return medlineDate(medline.trim());
  const parts = [text(node.Year), text(node.Month), text(node.Day), text(node.Season)]
    .map((p) => p?.trim() ?? '')
    .filter((p) => p !== '');
  const season = text(node.Season)?.trim() || null;
  return {
    year: parseYear(text(node.Year)),
    month: parseMonth(text(node.Month)),
    day: parseDay(text(node.Day)),
    season,
    raw: parts.length > 0 ? parts.join(' ') : null,
  };
}
