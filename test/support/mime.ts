/**
 * Just enough MIME reading for the e-mail tests: top-level headers (unfolded), and the parts of a
 * multipart body with their Content-Type and base64/7bit content decoded. Not a general parser.
 */
export interface MimePart {
  headers: Record<string, string>;
  body: string;
}

export interface ParsedMail {
  headers: Record<string, string>;
  parts: MimePart[];
}

function splitHead(raw: string): { headers: Record<string, string>; body: string } {
  const at = raw.indexOf('\r\n\r\n');
  const head = at === -1 ? raw : raw.slice(0, at);
  const body = at === -1 ? '' : raw.slice(at + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function decode(part: { headers: Record<string, string>; body: string }): string {
  const enc = (part.headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (enc === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return part.body.replace(/\r\n$/, '');
}

/** Headers and parts of a raw message (one level of multipart). */
export function parseMail(raw: string): ParsedMail {
  const top = splitHead(raw);
  const boundary = /boundary="?([^";]+)"?/.exec(top.headers['content-type'] ?? '')?.[1];
  if (!boundary) return { headers: top.headers, parts: [{ headers: top.headers, body: decode(top) }] };
  const chunks = top.body.split(`--${boundary}`).slice(1, -1);
  return { headers: top.headers, parts: chunks.map((c) => { const p = splitHead(c.replace(/^\r\n/, '')); return { headers: p.headers, body: decode(p) }; }) };
}
