/**
 * Splits a query string into lexemes for query-parse.ts: `OR`, and items (optionally negated, optionally
 * with a `field:` prefix, bare or quoted). Pure; never throws (an unterminated quote runs to the end).
 */

/** Field and filter names recognised before a `:`. */
const KNOWN_PREFIXES: ReadonlySet<string> = new Set([
  'title', 'abstract', 'author', 'authors', 'au', 'journal', 'mesh', 'chemical', 'chemicals', 'keyword',
  'keywords', 'year', 'type', 'topic', 'retracted', 'pmid', 'design', 'theme',
]);

/**
 * An item's `field`: a known prefix (lower case), or `unknown` with the prefix as written when the token
 * looks like one (`auther:Hargreaves`, `sort:date`: letters, a colon, then no space), for the parser to
 * refuse by name: a misspelt field read as a plain word silently found nothing.
 */
export type Lexeme =
  | { kind: 'or'; negated: false; field: null; value: ''; quoted: false; unknown: null }
  | { kind: 'item'; negated: boolean; field: string | null; value: string; quoted: boolean; unknown: string | null };

const OR: Lexeme = { kind: 'or', negated: false, field: null, value: '', quoted: false, unknown: null };

function readValue(q: string, at: number): { value: string; quoted: boolean; next: number } {
  if (q[at] === '"') {
    const close = q.indexOf('"', at + 1);
    const end = close === -1 ? q.length : close;
    return { value: q.slice(at + 1, end), quoted: true, next: close === -1 ? q.length : close + 1 };
  }
  let end = at;
  while (end < q.length && !/\s/.test(q[end] as string)) end += 1;
  return { value: q.slice(at, end).replace(/^\(+|\)+$/g, ''), quoted: false, next: end };
}

/**
 * The `letters:` prefix at `at`. A known one is a field whatever follows; an unknown one only when a
 * character other than a space follows and it is not a URL's `scheme://` (`Kratom: a review`, `10:30`,
 * `5-HT2A:` and a pasted `https://...` stay plain words).
 */
function readField(q: string, at: number): { field: string | null; unknown: string | null; next: number } {
  const m = /^([A-Za-z]+):/.exec(q.slice(at, at + 40));
  const written = m?.[1];
  if (!m || !written) return { field: null, unknown: null, next: at };
  const name = written.toLowerCase();
  if (KNOWN_PREFIXES.has(name)) return { field: name, unknown: null, next: at + m[0].length };
  const rest = q.slice(at + m[0].length, at + m[0].length + 2);
  if (rest === '' || /^\s/.test(rest) || rest === '//') return { field: null, unknown: null, next: at };
  return { field: null, unknown: written, next: at + m[0].length };
}

/** Lexemes of `q` in order. */
export function lex(q: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  let pendingNot = false;
  while (i < q.length) {
    if (/\s/.test(q[i] as string)) {
      i += 1;
      continue;
    }
    let negated = pendingNot;
    pendingNot = false;
    // Parentheses are ignored, but `(-title:mice)` must still read its minus and its field.
    while (q[i] === '(') i += 1;
    if (q[i] === '-' && i + 1 < q.length && !/\s/.test(q[i + 1] as string)) {
      negated = true;
      i += 1;
    }
    // Parentheses are ignored, but `(author:Kruegel OR ...` must still read its field.
    while (q[i] === '(') i += 1;
    const { field, unknown, next } = readField(q, i);
    const value = readValue(q, next);
    i = Math.max(value.next, i + 1);
    if (!value.quoted && !field && !unknown && !negated) {
      if (value.value === 'OR' || value.value === '|') {
        out.push(OR);
        continue;
      }
      if (value.value === 'AND' || value.value === '&&') continue;
      if (value.value === 'NOT') {
        pendingNot = true;
        continue;
      }
    }
    if (value.value.length === 0 && !value.quoted) continue;
    out.push({ kind: 'item', negated, field, value: value.value, quoted: value.quoted, unknown });
  }
  return out;
}
