/**
 * A strict RFC 4180 reader for the CSV round-trip tests, written independently of the writer:
 * records end with CRLF, quoted fields may contain `,` CR LF and doubled quotes, and anything else
 * (a bare quote inside an unquoted field, text after a closing quote, a missing final CRLF) throws.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    const [field, next] = text[i] === '"' ? quoted(text, i) : unquoted(text, i);
    row.push(field);
    i = next;
    if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (text[i] === ',') {
      i += 1;
      if (i === text.length) throw new Error('rfc4180: file ends after a comma');
    } else {
      throw new Error(`rfc4180: unexpected ${JSON.stringify(text.slice(i, i + 5))} at ${i}`);
    }
  }
  if (row.length > 0) throw new Error('rfc4180: last record lacks CRLF');
  return rows;
}

function quoted(text: string, start: number): [string, number] {
  let value = '';
  let i = start + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) throw new Error(`rfc4180: unterminated quoted field at ${start}`);
    value += text.slice(i, q);
    if (text[q + 1] === '"') {
      value += '"';
      i = q + 2;
    } else {
      return [value, q + 1];
    }
  }
}

function unquoted(text: string, start: number): [string, number] {
  let i = start;
  while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
    if (text[i] === '"' || text[i] === '\n') throw new Error(`rfc4180: bare ${JSON.stringify(text[i])} at ${i}`);
    i += 1;
  }
  return [text.slice(start, i), i];
}
