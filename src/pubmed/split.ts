/**
 * Streaming splitter: PubMed XML text in chunks of any size -> the text of each top-level record.
 *
 * Files of hundreds of MB must import in bounded memory, so no whole-file DOM is ever built: this scans
 * for the root element and then for each `<PubmedArticle>`, `<PubmedBookArticle>`, `<MedlineCitation>`
 * or `<DeleteCitation>` under it, and hands out each record's text as soon as its closing tag arrives.
 * It keeps only the unfinished tail in memory. The prolog (XML declaration, comments, DOCTYPE with any
 * internal subset) is skipped unread: DTDs are never fetched and DOCTYPE entities never declared.
 * Records are not validated here; parse.ts does that per record.
 */
import { InputError } from '../errors.js';

/** Top-level record elements (pubmed_250101 DTD: PubmedArticleSet, PubmedBookArticleSet, MedlineCitationSet). */
export type SplitKind = 'PubmedArticle' | 'PubmedBookArticle' | 'MedlineCitation' | 'DeleteCitation';

/** One record: its kind and its whole element text (`<PubmedArticle>...</PubmedArticle>`). */
export interface SplitItem {
  kind: SplitKind;
  xml: string;
  /**
   * The bytes `xml` was decoded from, when the reader cut the record from the file's bytes (a copy: the
   * reader reuses its buffers): the import stores them as the raw XML without encoding `xml` again. They equal
   * `xml`'s UTF-8 encoding only when they are valid UTF-8 (decoding turns an invalid sequence into U+FFFD).
   */
  bytes?: Uint8Array;
}

export const ROOTS: ReadonlySet<string> = new Set(['PubmedArticleSet', 'PubmedBookArticleSet', 'MedlineCitationSet']);
export const KINDS: ReadonlySet<string> = new Set(['PubmedArticle', 'PubmedBookArticle', 'MedlineCitation', 'DeleteCitation']);
export const NAME = /^<([A-Za-z_][\w:.-]*)/;
/** Leading and trailing XML white space (`trim()` would also drop U+00A0, U+FEFF...: see skipDoctype). */
export const XML_SPACE_AROUND = /^[ \t\r\n]+|[ \t\r\n]+$/g;

/** Where the scanner is: before the root, inside it, or after its closing tag. */
export type Phase = 'prolog' | 'root' | 'done';

/** Markup constructs skipped without being read, by opening and closing delimiter. */
export const SKIPPED: ReadonlyArray<readonly [string, string]> = [
  ['<?', '?>'],
  ['<!--', '-->'],
  ['<![CDATA[', ']]>'],
];

/** The first tag of a MEDLINE-format (text) record. */
const MEDLINE_TEXT = /^\s*PMID- ?\d/;

/**
 * Splits a PubMed XML stream into records. Feed text with {@link RecordSplitter.push} (any chunk size,
 * even one character), then call {@link RecordSplitter.end}.
 *
 * Errors are `InputError`s naming `source`: `NOT_PUBMED` (thrown by `push` as soon as the first element
 * is not a PubMed root, or the input is not XML at all), `EMPTY_INPUT` (no root element: empty file,
 * whitespace or only a prolog), `XML_TRUNCATED` (the root or a record never closed), `XML_MALFORMED`
 * (a stray closing tag at the top level).
 */
export class RecordSplitter {
  private buf = '';
  private pos = 0;
  private phase: Phase = 'prolog';
  private rootName: string | null = null;
  private records = 0;
  /** Offset from the pending record's start where the search for its closing tag resumes. */
  private resume = 0;
  private readonly source: string;

  /** @param opts.source file name or URL used in error messages (default `input`). */
  constructor(opts: { source?: string } = {}) {
    this.source = opts.source ?? 'input';
  }

  /** Name of the root element once seen (`PubmedArticleSet`...), else `null`. */
  get root(): string | null {
    return this.rootName;
  }

  /** Feeds a chunk; returns the records completed by it, in document order. */
  push(chunk: string): SplitItem[] {
    this.buf = this.pos > 0 ? this.buf.slice(this.pos) + chunk : this.buf + chunk;
    this.pos = 0;
    const items: SplitItem[] = [];
    while (this.phase !== 'done' && this.step(items));
    if (this.phase === 'done') this.buf = '';
    return items;
  }

  /** Declares the end of input; throws if the document is empty, not PubMed or truncated. */
  end(): void {
    const rest = this.buf.slice(this.pos).trim();
    if (this.phase === 'done') return;
    if (this.phase === 'prolog') {
      if (rest === '') throw this.error('EMPTY_INPUT', 'contains no root element (empty, or only an XML prolog)');
      // A whole root tag shorter than the 9 characters `step` waits for (`<x/>`): name it rather than call it cut.
      if (/^<[^!?/]/.test(rest) && rest.includes('>')) this.element(this.buf.indexOf('<', this.pos), []);
      throw this.error('XML_TRUNCATED', `ends inside its prolog or root tag: "${rest.slice(0, 60)}"`);
    }
    const where = rest === '' ? 'before the closing root element' : `inside a record ("${rest.slice(0, 60)}...")`;
    throw this.error('XML_TRUNCATED', `is truncated after ${this.records} complete records: it ends ${where}`);
  }

  private error(code: string, message: string): InputError {
    return new InputError(code, `pubmed/split: ${this.source} ${message}`);
  }

  /** Consumes one construct at `pos`; false when more input is needed. */
  private step(items: SplitItem[]): boolean {
    const buf = this.buf;
    let at = this.pos;
    while (at < buf.length && isSpace(buf.charCodeAt(at))) at++;
    this.pos = at;
    if (at >= buf.length) return false;
    if (buf[at] !== '<') return this.text(at);
    if (buf.length - at < 9) return false; // need enough to tell `<!DOCTYPE`/`<![CDATA[` from a tag
    for (const [open, close] of SKIPPED) {
      if (buf.startsWith(open, at)) return this.skipTo(buf.indexOf(close, at + open.length), close.length);
    }
    if (buf.startsWith('<!DOCTYPE', at)) return this.skipDoctype(at);
    if (buf[at + 1] === '/') return this.closingTag(at);
    return this.element(at, items);
  }

  /** Character data outside records: fatal before the root (not XML), ignored inside it. */
  private text(at: number): boolean {
    if (this.phase === 'prolog') {
      // PubMed's "Send to: File, Format: PubMed" gives MEDLINE text (`PMID- 12345678`), the most likely mistake.
      if (MEDLINE_TEXT.test(this.buf.slice(at, at + 40))) throw this.error('NOT_PUBMED', 'is MEDLINE text: MEDLINE text format is not supported, use PubMed XML (PubMed: Send to, File, Format XML)');
      throw this.error('NOT_PUBMED', `is not XML: it starts with "${this.buf.slice(at, at + 40)}"`);
    }
    const next = this.buf.indexOf('<', at);
    this.pos = next < 0 ? this.buf.length : next;
    return next >= 0;
  }

  private skipTo(found: number, closeLength: number): boolean {
    if (found < 0) return false;
    this.pos = found + closeLength;
    return true;
  }

  /** `<!DOCTYPE name PUBLIC "..." "..." [ internal subset ]>`: skipped, never interpreted. */
  private skipDoctype(at: number): boolean {
    const gt = this.buf.indexOf('>', at);
    const bracket = this.buf.indexOf('[', at);
    if (bracket >= 0 && (gt < 0 || bracket < gt)) {
      // XML white space only (not JavaScript's \s, which takes U+00A0 too): the validating pass reads the
      // bytes as latin1 (read-file.ts), where a stray 0xA0 byte would be U+00A0, and must split alike.
      const end = /\][ \t\r\n]*>/g;
      end.lastIndex = bracket;
      const m = end.exec(this.buf);
      return this.skipTo(m === null ? -1 : m.index, m === null ? 0 : m[0].length);
    }
    return this.skipTo(gt, 1);
  }

  private closingTag(at: number): boolean {
    const gt = this.buf.indexOf('>', at);
    if (gt < 0) return false;
    const name = this.buf.slice(at + 2, gt).replace(XML_SPACE_AROUND, '');
    if (this.phase !== 'root' || name !== this.rootName) {
      throw this.error('XML_MALFORMED', `has an unexpected closing tag </${name}> after ${this.records} records`);
    }
    this.phase = 'done';
    this.pos = gt + 1;
    return true;
  }

  /** An opening tag: the root (in the prolog), or a record or unknown element (inside the root). */
  private element(at: number, items: SplitItem[]): boolean {
    const gt = this.buf.indexOf('>', at);
    if (gt < 0) return false;
    const name = NAME.exec(this.buf.slice(at, gt + 1))?.[1];
    if (name === undefined) throw this.error('NOT_PUBMED', `has unreadable markup "${this.buf.slice(at, at + 40)}"`);
    const selfClosed = this.buf[gt - 1] === '/';
    if (this.phase === 'prolog') return this.openRoot(name, gt, selfClosed);
    if (selfClosed) return this.emit(name, at, gt + 1, items);
    const close = `</${name}>`;
    // Resume where the last search stopped, so one-byte chunks do not rescan the record each time.
    const end = this.buf.indexOf(close, Math.max(gt + 1, at + this.resume));
    if (end >= 0) return this.emit(name, at, end + close.length, items);
    this.resume = Math.max(0, this.buf.length - close.length - at);
    return false;
  }

  private openRoot(name: string, gt: number, selfClosed: boolean): boolean {
    if (!ROOTS.has(name)) {
      throw this.error('NOT_PUBMED', `is not PubMed XML: root element <${name}>, expected one of ${[...ROOTS].join(', ')}`);
    }
    this.rootName = name;
    this.phase = selfClosed ? 'done' : 'root';
    this.pos = gt + 1;
    return true;
  }

  private emit(name: string, start: number, end: number, items: SplitItem[]): boolean {
    if (KINDS.has(name)) {
      items.push({ kind: name as SplitKind, xml: this.buf.slice(start, end) });
      this.records++;
    }
    this.pos = end;
    this.resume = 0;
    return true;
  }
}

function isSpace(code: number): boolean {
  // XML whitespace plus the byte-order mark some exports start with.
  return code === 32 || code === 10 || code === 13 || code === 9 || code === 0xfeff;
}
