/**
 * Escaping for the digest renderers. Record text is data: in HTML and Markdown everything is escaped except
 * the five inline tags PubMed titles may carry (`<i> <b> <sup> <sub> <u>`, no attributes), which are
 * re-parsed here and re-emitted balanced, so a bad `titleHtml` can never smuggle markup through. Pure.
 */
import { isPmid } from '../pmid.js';
import { decodeEntities } from '../pubmed/markup.js';

const TAG = /<(\/?)(i|b|sup|sub|u)>/g;

type Token = { kind: 'text'; text: string } | { kind: 'open' | 'close'; tag: string };

/** Splits sanitized title markup into text and allowed tags; unmatched closers dropped, open tags closed. */
export function tokenizeInline(html: string): Token[] {
  const out: Token[] = [];
  const stack: string[] = [];
  let last = 0;
  const pushText = (raw: string): void => {
    if (raw !== '') out.push({ kind: 'text', text: decodeEntities(raw) });
  };
  for (const m of html.matchAll(TAG)) {
    pushText(html.slice(last, m.index));
    last = m.index + m[0].length;
    const tag = m[2] as string;
    if (m[1] === '') {
      stack.push(tag);
      out.push({ kind: 'open', tag });
    } else if (stack.includes(tag)) {
      // Close intervening tags first so the output nests properly.
      while (stack.length > 0) {
        const top = stack.pop() as string;
        out.push({ kind: 'close', tag: top });
        if (top === tag) break;
      }
    }
  }
  pushText(html.slice(last));
  while (stack.length > 0) out.push({ kind: 'close', tag: stack.pop() as string });
  return out;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  // Characters XML does not allow (a record stored before they were refused) become U+FFFD: one of them
  // makes the whole Atom feed unreadable.
  return text.replace(/[&<>"'\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g, (c) => HTML_ESCAPES[c] ?? '\uFFFD');
}

/** Collapses whitespace (newlines included) so data never starts a Markdown line of its own. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Escapes text for Markdown inline content: every character CommonMark/GFM gives meaning to inline
 * (emphasis, code, links, images, raw HTML, entities, tables, strikethrough, headings) gets a backslash.
 * `[x](javascript:...)` comes out as literal text, never a link.
 */
export function escapeMarkdown(text: string): string {
  return escapeMarkdownRun(oneLine(text));
}

/**
 * CommonMark/GFM inline escaping that keeps the raw Markdown readable: only characters that are special
 * inside a line are escaped (with `[` and `]` escaped, `(`, `)` and `!` can never start a link or image), plus
 * a line-start marker (`# `, `+ `, `- `, `1. `) that would turn an author line into a heading or a list.
 * `$` too: GitHub renders `$...$` as math.
 */
function escapeMarkdownRun(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/[\\`*_[\]<>|~&$]/g, '\\$&')
    // Only a marker followed by a space starts a heading or list; a digit cannot be backslash-escaped, so
    // an ordered-list marker is neutralised on its '.' or ')'.
    .replace(/^(\s*)(#{1,6}|[+-])(?=\s|$)/, '$1\\$2')
    .replace(/^(\s*)(\d{1,9})([.)])(?=\s|$)/, '$1$2\\$3');
}

/** Title markup as safe HTML: escaped text plus balanced allowed tags. */
export function inlineToHtml(titleHtml: string): string {
  return tokenizeInline(titleHtml)
    .map((t) => (t.kind === 'text' ? escapeHtml(t.text) : `<${t.kind === 'close' ? '/' : ''}${t.tag}>`))
    .join('');
}

/** Title markup as Markdown: escaped text; the allowed tags kept as inline HTML (`H<sub>2</sub>O`). */
export function inlineToMarkdown(titleHtml: string): string {
  const md = tokenizeInline(oneLine(titleHtml))
    .map((t) => (t.kind === 'text' ? escapeMarkdownRun(t.text) : `<${t.kind === 'close' ? '/' : ''}${t.tag}>`))
    .join('');
  return md.trim();
}

/** `https://doi.org/<doi>` with each path segment percent-encoded (DOIs may contain `()<>[];` and spaces). */
export function doiUrl(doi: string): string {
  const enc = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `https://doi.org/${doi.split('/').map(enc).join('/')}`;
}

/** PubMed page of a PMID, or null when the PMID is not all digits (never build a URL from junk). */
export function pubmedUrl(pmid: string | null): string | null {
  return pmid !== null && isPmid(pmid) ? `https://pubmed.ncbi.nlm.nih.gov/${pmid}/` : null;
}

/**
 * "ketum-withdrawal" from "Ketum  withdrawal!": accents dropped, lower case, any run of other characters one
 * hyphen, none at either end. What a digest's topic anchors and the web's download names are made of.
 */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
