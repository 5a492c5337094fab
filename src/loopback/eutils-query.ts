/**
 * Query semantics of the loopback E-utilities server: a deliberately small imitation of PubMed search,
 * enough to exercise the client (words, phrases, `lo:hi[uid]` ranges, datetype windows).
 * Shipped in dist (the `demo` command uses the server): no vitest imports here.
 */

/** One record the server holds. */
export interface ServerRecord {
  pmid: string;
  /**
   * One `<PubmedArticle>..</PubmedArticle>` or `<PubmedBookArticle>..</PubmedBookArticle>`. An empty
   * string stands for a PMID that esearch still lists but efetch leaves out (withdrawn, not yet
   * reindexed): the default matcher matches it for every term and efetch omits it.
   */
  xml: string;
  /** Entrez date, `YYYY-MM-DD` (edat). */
  entrezDate: string;
  /** Last modification, `YYYY-MM-DD` (mdat). */
  modifiedDate: string;
  /** Publication date, `YYYY-MM-DD` (pdat); falls back to entrezDate. */
  publicationDate?: string;
}

/** Decides, for one term, which records match. */
export type Matcher = (term: string) => (rec: ServerRecord) => boolean;

const UID_RANGE = /(\d+)\s*:\s*(\d+)\s*\[uid\]/gi;
const DATE_RANGE = /\d{4}(?:\/\d{1,2}){0,2}\s*:\s*\d{4}(?:\/\d{1,2}){0,2}\s*\[[^\]]*\]/g;

/** A syntax error PubMed would refuse (unbalanced parentheses or quotes), or null. */
export function termSyntaxError(term: string): string | null {
  let depth = 0;
  for (const c of term.replace(/"[^"]*"/g, '')) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (depth < 0) return `Unexpected ')' in query: ${term}`;
  }
  if (depth !== 0) return `Unbalanced parentheses in query: ${term}`;
  if ((term.match(/"/g) ?? []).length % 2 !== 0) return `Unbalanced quotation marks in query: ${term}`;
  return null;
}

/** `lo:hi[uid]` ranges of the term; a record must lie in all of them. */
export function uidRanges(term: string): Array<[number, number]> {
  return [...term.matchAll(UID_RANGE)].map((m) => [Number(m[1]), Number(m[2])] as [number, number]);
}

/**
 * The term's words and quoted phrases, lower-cased, without field tags (`[tiab]`), boolean operators,
 * parentheses, history references (`#1`), `[uid]` and date ranges. Wildcard `*` is dropped (prefix).
 */
export function termWords(term: string): string[] {
  const rest = term.replace(UID_RANGE, ' ').replace(DATE_RANGE, ' ');
  const words: string[] = [];
  const unquoted = rest.replace(/"([^"]*)"(\s*\[[^\]]*\])?/g, (_m, phrase: string) => {
    if (phrase.trim() !== '') words.push(phrase.trim().toLowerCase());
    return ' ';
  });
  for (const raw of unquoted.replace(/\[[^\]]*\]/g, ' ').split(/[\s()]+/)) {
    const w = raw.replace(/\*$/, '').toLowerCase();
    if (w === '' || w === 'and' || w === 'or' || w === 'not' || w.startsWith('#')) continue;
    words.push(w);
  }
  return words;
}

/** Plain text of a record's XML (tags removed), lower-cased; what the default matcher searches. */
export function recordText(rec: ServerRecord): string {
  return rec.xml.replace(/<[^>]+>/g, ' ').toLowerCase();
}

/**
 * Default matcher: a record matches if ANY of the term's words/phrases occurs in its text
 * (case-insensitive). A term with no words (only ranges) matches everything, and so does a record
 * with empty XML (see {@link ServerRecord.xml}).
 */
export const defaultMatcher: Matcher = (term) => {
  const words = termWords(term);
  const cache = new WeakMap<ServerRecord, string>();
  return (rec) => {
    if (words.length === 0 || rec.xml === '') return true;
    let text = cache.get(rec);
    if (text === undefined) {
      text = recordText(rec);
      cache.set(rec, text);
    }
    return words.some((w) => (text as string).includes(w));
  };
};

/** True when the record's PMID lies in every range. */
export function inUidRanges(rec: ServerRecord, ranges: Array<[number, number]>): boolean {
  const n = Number(rec.pmid);
  return ranges.every(([lo, hi]) => n >= lo && n <= hi);
}

/** `YYYY/MM/DD`, `YYYY/MM` or `YYYY` -> `YYYY-MM-DD` (start or end of the period). */
export function eutilsDate(value: string, end: boolean): string | null {
  const m = /^(\d{4})(?:\/(\d{1,2}))?(?:\/(\d{1,2}))?$/.exec(value.trim());
  if (!m) return null;
  const month = m[2] ? m[2].padStart(2, '0') : end ? '12' : '01';
  const day = m[3] ? m[3].padStart(2, '0') : end ? '31' : '01';
  return `${m[1]}-${month}-${day}`;
}

/** Filter for `datetype` + `mindate`/`maxdate` (inclusive). Null when the window is malformed. */
export function dateFilter(
  datetype: string | undefined,
  mindate: string | undefined,
  maxdate: string | undefined,
): ((rec: ServerRecord) => boolean) | null {
  if (mindate === undefined && maxdate === undefined) return () => true;
  const lo = eutilsDate(mindate ?? '1000', false);
  const hi = eutilsDate(maxdate ?? '3000', true);
  if (lo === null || hi === null) return null;
  const field = (rec: ServerRecord) =>
    datetype === 'mdat' ? rec.modifiedDate : datetype === 'pdat' ? (rec.publicationDate ?? rec.entrezDate) : rec.entrezDate;
  return (rec) => field(rec) >= lo && field(rec) <= hi;
}

/** PubMed's default order for these tests: PMID descending. */
export function byPmidDesc(a: ServerRecord, b: ServerRecord): number {
  return Number(b.pmid) - Number(a.pmid);
}
