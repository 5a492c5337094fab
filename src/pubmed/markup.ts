/**
 * Inline markup of PubMed text elements (`ArticleTitle`, `AbstractText`, `Keyword`, `Affiliation`...).
 *
 * The DTD's `%text;` model allows `<b> <i> <sup> <sub> <u>` plus MathML (`<mml:math>`) inside those
 * elements. The parser hands us their raw inner markup (stopNodes, entities still encoded); this module
 * turns it into plain text or into a small, safe HTML fragment. Pure: no I/O, no state.
 */

/** Tags kept by {@link markupToHtml}; everything else is flattened to its text. */
const HTML_TAGS: ReadonlySet<string> = new Set(['i', 'b', 'sup', 'sub', 'u']);

const ENTITY = /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g;
const STANDARD: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** A tag, a CDATA section or a comment; everything between matches is character data. */
const TOKEN = /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w:.-]*)[^>]*>/g;
const SPACES = /\s+/g;
/** Non-ASCII characters that `\s` matches (no-break, typographic and ideographic spaces, BOM). */
const WIDE_SPACE = /[\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;
const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Characters XML 1.0 does not allow, even as a character reference: C0 controls but tab, line feed and
 * carriage return, and U+FFFE / U+FFFF. Kept in a record they would break every XML and HTML file written
 * from it (the Atom feed first) and reach terminals as escape sequences.
 */
export const NOT_XML_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;

/** `text` with every character XML 1.0 does not allow replaced by U+FFFD. */
export function xmlSafe(text: string): string {
  NOT_XML_CHAR.lastIndex = 0;
  return NOT_XML_CHAR.test(text) ? text.replace(NOT_XML_CHAR, '\uFFFD') : text;
}

/**
 * Decodes the five XML entities and numeric character references (`&#x3b2;`, `&#946;`). Anything else
 * (`&nbsp;`, a DOCTYPE-declared `&lol;`) is left as written: PubMed files are never DTD-expanded.
 * Code points XML does not allow (0, other C0 controls but tab and line breaks, surrogates, U+FFFE/F,
 * above U+10FFFF), written out or as references, become U+FFFD.
 */
export function decodeEntities(text: string): string {
  const safe = xmlSafe(text);
  if (!safe.includes('&')) return safe;
  return safe.replace(ENTITY, (whole, body: string) => {
    const named = STANDARD[body];
    if (named !== undefined) return named;
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return valid ? xmlSafe(String.fromCodePoint(code)) : '\uFFFD';
  });
}

/** Collapses every whitespace run (newlines, tabs, no-break spaces) to one space and trims. */
export function collapseSpace(text: string): string {
  // Most values have nothing to collapse: test first, replacing allocates.
  return needsCollapse(text) ? text.replace(SPACES, ' ').trim() : text;
}

/** Receives the pieces of a fragment in order: decoded character data, and tags (name, closing?, self-closed?). */
interface PieceSink {
  text(value: string): void;
  tag(name: string, closing: boolean, selfClosed: boolean): void;
}

/**
 * Tokenizes a fragment. Inside MathML, whitespace-only runs that contain a line break are layout
 * (NCBI's indented output puts each `<mml:mi>` on its own line) and are dropped; `<mml:mtext> </mml:mtext>`
 * keeps its space.
 */
function walk(raw: string, sink: PieceSink): void {
  let last = 0;
  let math = 0;
  const flush = (chunk: string): void => {
    if (chunk === '' || (math > 0 && chunk.includes('\n') && chunk.trim() === '')) return;
    sink.text(decodeEntities(chunk));
  };
  // matchAll works on a copy of TOKEN, so its lastIndex is never shared state.
  for (const m of raw.matchAll(TOKEN)) {
    flush(raw.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[1] !== undefined) sink.text(m[1]);
    const name = m[3];
    if (name === undefined) continue;
    const closing = m[2] === '/';
    const selfClosed = m[0].endsWith('/>');
    if (name === 'mml:math' && !selfClosed) math += closing ? -1 : 1;
    sink.tag(name, closing, selfClosed);
  }
  flush(raw.slice(last));
}

/** True when `text` has whitespace other than single spaces between words (a char loop: hot path). */
function needsCollapse(text: string): boolean {
  const n = text.length;
  if (n > 0 && (text.charCodeAt(0) === 32 || text.charCodeAt(n - 1) === 32)) return true;
  let wide = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 33 && (c !== 32 || text.charCodeAt(i + 1) === 32)) return true;
    if (c >= 0xa0) wide = true;
  }
  return wide && WIDE_SPACE.test(text);
}

/**
 * Plain text of a markup fragment: tags removed without inserting spaces (text stays as written:
 * `at the<i>TERT</i>gene` stays glued, `<i>a</i> <i>b</i>` keeps its space), MathML flattened to its
 * character data, entities decoded, whitespace collapsed.
 */
export function markupToText(raw: string): string {
  if (!raw.includes('<')) return collapseSpace(decodeEntities(raw));
  let out = '';
  walk(raw, { text: (t) => (out += t), tag: () => undefined });
  return collapseSpace(out);
}

/** Escapes the characters that matter in HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * HTML fragment of a markup fragment: only `<i> <b> <sup> <sub> <u>` survive (attributes dropped),
 * every other character that matters in HTML is escaped, MathML is flattened to its text. Unbalanced
 * markup never leaks out: a stray closing tag is dropped, a closing tag that skips open ones closes
 * them, and whatever is still open at the end is closed. Whitespace is collapsed as in
 * {@link markupToText}, so both forms read the same.
 */
export function markupToHtml(raw: string): string {
  const open: string[] = [];
  let out = '';
  walk(raw, {
    text: (t) => (out += escapeHtml(t)),
    tag: (name, closing, selfClosed) => {
      if (!HTML_TAGS.has(name) || selfClosed) return;
      if (!closing) {
        open.push(name);
        out += `<${name}>`;
        return;
      }
      const at = open.lastIndexOf(name);
      while (at >= 0 && open.length > at) out += `</${open.pop() ?? ''}>`;
    },
  });
  while (open.length > 0) out += `</${open.pop() ?? ''}>`;
  return collapseSpace(out).replace(/<(i|b|sup|sub|u)><\/\1>/g, '');
}
