/**
 * Splits a query string into lexemes for query-parse.ts: `OR`, and items (optionally negated, optionally
 * with a known `field:` prefix, bare or quoted). Pure; never throws (an unterminated quote runs to the end).
 */

/** Field and filter names recognised before a `:`; any other `word:` is part of a plain word. */
const KNOWN_PREFIXES = new Set([
  'title', 'abstract', 'author', 'authors', 'au', 'journal', 'mesh', 'chemical', 'chemicals', 'keyword',
  'keywords', 'year', 'type', 'topic', 'retracted', 'pmid', 'design', 'theme',
]);

export type Lexeme =
  | { kind: 'or'; negated: false; field: null; value: ''; quoted: false }
  | { kind: 'item'; negated: boolean; field: string | null; value: string; quoted: boolean };

const OR: Lexeme = { kind: 'or', negated: false, field: null, value: '', quoted: false };

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

function readField(q: string, at: number): { field: string | null; next: number } {
  const m = /^([A-Za-z]+):/.exec(q.slice(at, at + 20));
  const name = m?.[1]?.toLowerCase();
  if (!m || !name || !KNOWN_PREFIXES.has(name)) return { field: null, next: at };
  return { field: name, next: at + m[0].length };
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
    if (q[i] === '-' && i + 1 < q.length && !/\s/.test(q[i + 1] as string)) {
      negated = true;
      i += 1;
    }
    const { field, next } = readField(q, i);
    const value = readValue(q, next);
    i = Math.max(value.next, i + 1);
    if (!value.quoted && !field && !negated) {
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
    out.push({ kind: 'item', negated, field, value: value.value, quoted: value.quoted });
  }
  return out;
}
