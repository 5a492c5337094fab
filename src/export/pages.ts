/**
 * Page ranges as PubMed writes them (`Pagination/MedlinePgn`) to full ranges. Pure.
 *
 * MEDLINE abbreviates the last page to the digits that change (`737-8` is 737-738, `1123-34` is
 * 1123-1134) and keeps a letter prefix only on the first page (`S22-5` is S22-S25, `1186.e1-5` is
 * 1186.e1-1186.e5). One `MedlinePgn` may hold several parts (`120-2, 174`, `21-5; discussion 26`).
 * Anything this module cannot read with certainty is passed through unchanged rather than guessed.
 */

/** One page range or single page; `last` is `null` for a single page or an unreadable part. */
export interface PagePart {
  /** The part as written after expansion (`737-738`, `e0123456`, `discussion 26`). */
  text: string;
  first: string;
  last: string | null;
}

/** Leading text, then the trailing run of digits: `S22` -> `S`, `22`; `1186.e1` -> `1186.e`, `1`. */
const TRAILING_DIGITS = /^(.*?)(\d+)$/;
/** Exactly one hyphen between two non-blank pages. */
const RANGE = /^([^\s-]+)-([^\s-]+)$/;
/** MEDLINE separates parts with `, ` or `; `. */
const PART_SEPARATOR = /\s*([,;])\s*/;

/** Expands the abbreviated last page of one `first-last` part; `null` when the part is not a range. */
function expandRange(part: string): PagePart | null {
  const range = RANGE.exec(part);
  if (range === null) return null;
  const [, first = '', last = ''] = range;
  const start = TRAILING_DIGITS.exec(first);
  const end = TRAILING_DIGITS.exec(last);
  if (start === null || end === null) return { text: part, first, last };
  const [, startPrefix = '', startDigits = ''] = start;
  const [, endPrefix = '', endDigitsRaw = ''] = end;
  // `E1-E6` is already full; `1134-1146.e6` has a different prefix and is left alone.
  if (endPrefix !== '' && endPrefix !== startPrefix) return { text: part, first, last };
  const missing = startDigits.length - endDigitsRaw.length;
  const endDigits = missing > 0 ? startDigits.slice(0, missing) + endDigitsRaw : endDigitsRaw;
  // A last page before the first one means we misread the abbreviation: keep what NCBI wrote.
  if (Number(endDigits) < Number(startDigits)) return { text: part, first, last };
  const fullLast = startPrefix + endDigits;
  return { text: `${first}-${fullLast}`, first, last: fullLast };
}

/**
 * Splits and expands a `MedlinePgn` value. Returns `[]` for `null` or blank input.
 * Separators are kept in {@link expandPages}; this gives the parts only.
 */
export function pageParts(pgn: string | null): PagePart[] {
  if (pgn === null || pgn.trim() === '') return [];
  const pieces = pgn.trim().split(PART_SEPARATOR);
  const parts: PagePart[] = [];
  for (let i = 0; i < pieces.length; i += 2) {
    const piece = pieces[i] ?? '';
    if (piece === '') continue;
    parts.push(expandRange(piece) ?? { text: piece, first: piece, last: null });
  }
  return parts;
}

/**
 * The whole `MedlinePgn` with every range expanded and separators kept as NCBI wrote them
 * (`21-5; discussion 26` -> `21-25; discussion 26`). `rangeDash` replaces the hyphen of expanded
 * ranges (BibTeX wants `--`). Returns `null` for `null` or blank input.
 */
export function expandPages(pgn: string | null, rangeDash = '-'): string | null {
  if (pgn === null || pgn.trim() === '') return null;
  const pieces = pgn.trim().split(PART_SEPARATOR);
  return pieces
    .map((piece, i) => {
      if (i % 2 === 1) return `${piece} `;
      const part = expandRange(piece);
      return part === null || part.last === null ? piece : `${part.first}${rangeDash}${part.last}`;
    })
    .join('');
}

/**
 * Start and end page for formats with two page fields (RIS `SP`/`EP`). A single range gives both;
 * a single page gives only `first`; several parts go whole into `first` so nothing is lost.
 */
export function pageBounds(pgn: string | null): { first: string; last: string | null } | null {
  const parts = pageParts(pgn);
  const only = parts[0];
  if (only === undefined) return null;
  if (parts.length === 1) return { first: only.first, last: only.last };
  return { first: expandPages(pgn) ?? '', last: null };
}
