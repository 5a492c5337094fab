/**
 * The byte splitter: split.ts `RecordSplitter`'s algorithm run on the raw bytes. The validating pass only
 * counts the records; the import's reader also takes each record's text, decoded from UTF-8 once, from its
 * own bytes (no decoding of the whole stream, no character loop over it). Every step is the one RecordSplitter takes on the latin1
 * decoding of the same bytes (one character per byte, ASCII delimiters unchanged), which splits exactly
 * as the UTF-8 decoding does (see read-file.ts `countPubmedRecords`); it only saves decoding the text
 * between records and copying the stream into strings. Its errors say nothing useful on purpose: the caller re-runs the exact pass on
 * any error, whose message is the one to report. A DOCTYPE internal subset is such an error (never in
 * NCBI files; its end is found with a pattern the exact pass alone should judge).
 */
import { KINDS, NAME, type Phase, ROOTS, SKIPPED, type SplitItem, type SplitKind, XML_SPACE_AROUND } from './split.js';

const EMPTY = Buffer.alloc(0);
const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;

/** Thrown for anything the exact pass must judge (its own message would be the one to report). */
export class RecordCountError extends Error {}

/**
 * Counts the records of a PubMed document fed as bytes; see the module comment. With `keep`, `push` also
 * returns the records it completed, as {@link RecordSplitter.push} does.
 */
export class RecordCounter {
  private readonly keep: boolean;
  private items: SplitItem[] = [];
  private buf: Buffer = EMPTY;
  private pos = 0;
  private phase: Phase = 'prolog';
  private rootName: string | null = null;
  private resume = 0;
  private readonly scratch: Buffer[] = [EMPTY, EMPTY];
  private turn = 0;
  /** Records (of the kinds RecordSplitter hands out) seen so far. */
  records = 0;

  /** @param opts.keep also hand out each record's text (default false: count only). */
  constructor(opts: { keep?: boolean } = {}) {
    this.keep = opts.keep ?? false;
  }

  /** Feeds a chunk of the file's bytes (any size); returns the records it completed when keeping them. */
  push(chunk: Buffer): SplitItem[] {
    this.buf = this.pos >= this.buf.length ? chunk : this.join(this.buf.subarray(this.pos), chunk);
    this.pos = 0;
    while (this.phase !== 'done' && this.step());
    if (this.phase === 'done') this.buf = EMPTY;
    const items = this.items;
    if (items.length > 0) this.items = [];
    return items;
  }

  /**
   * `tail` then `chunk` in one of two scratch buffers used in turn (`tail` may lie in the other one): the
   * splitter keeps no view of its input (a kept record's bytes are copied), and a fresh buffer per chunk
   * cost more in first-touch page faults than the copy itself.
   */
  private join(tail: Buffer, chunk: Buffer): Buffer {
    const size = tail.length + chunk.length;
    this.turn ^= 1;
    let scratch = this.scratch[this.turn] as Buffer;
    if (scratch.length < size) scratch = this.scratch[this.turn] = Buffer.allocUnsafeSlow(Math.max(size, 2 * scratch.length));
    tail.copy(scratch, 0);
    chunk.copy(scratch, tail.length);
    return scratch.subarray(0, size);
  }

  /** Declares the end of input; throws unless the root element was closed. */
  end(): void {
    if (this.phase !== 'done') throw new RecordCountError('unfinished document');
  }

  private step(): boolean {
    const buf = this.buf;
    let at = this.pos;
    while (at < buf.length && isSpace(buf[at] as number)) at++;
    this.pos = at;
    if (at >= buf.length) return false;
    if (buf[at] !== LT) return this.text(at);
    if (buf.length - at < 9) return false;
    for (const [open, close] of SKIPPED) {
      if (startsWith(buf, open, at)) return this.skipTo(buf.indexOf(close, at + open.length, 'latin1'), close.length);
    }
    if (startsWith(buf, '<!DOCTYPE', at)) return this.skipDoctype(at);
    if (buf[at + 1] === SLASH) return this.closingTag(at);
    return this.element(at);
  }

  private text(at: number): boolean {
    if (this.phase === 'prolog') throw new RecordCountError('text before the root');
    const next = this.buf.indexOf(LT, at);
    this.pos = next < 0 ? this.buf.length : next;
    return next >= 0;
  }

  private skipTo(found: number, closeLength: number): boolean {
    if (found < 0) return false;
    this.pos = found + closeLength;
    return true;
  }

  private skipDoctype(at: number): boolean {
    const gt = this.buf.indexOf(GT, at);
    const bracket = this.buf.indexOf(0x5b /* [ */, at);
    if (bracket >= 0 && (gt < 0 || bracket < gt)) throw new RecordCountError('DOCTYPE internal subset');
    return this.skipTo(gt, 1);
  }

  private closingTag(at: number): boolean {
    const gt = this.buf.indexOf(GT, at);
    if (gt < 0) return false;
    const name = this.buf.toString('latin1', at + 2, gt).replace(XML_SPACE_AROUND, '');
    if (this.phase !== 'root' || name !== this.rootName) throw new RecordCountError('unexpected closing tag');
    this.phase = 'done';
    this.pos = gt + 1;
    return true;
  }

  private element(at: number): boolean {
    const buf = this.buf;
    const gt = buf.indexOf(GT, at);
    if (gt < 0) return false;
    const name = NAME.exec(buf.toString('latin1', at, gt + 1))?.[1];
    if (name === undefined) throw new RecordCountError('unreadable markup');
    const selfClosed = buf[gt - 1] === SLASH;
    if (this.phase === 'prolog') return this.openRoot(name, gt, selfClosed);
    if (selfClosed) return this.emit(name, at, gt + 1);
    const close = `</${name}>`;
    const end = buf.indexOf(close, Math.max(gt + 1, at + this.resume), 'latin1');
    if (end >= 0) return this.emit(name, at, end + close.length);
    this.resume = Math.max(0, buf.length - close.length - at);
    return false;
  }

  private openRoot(name: string, gt: number, selfClosed: boolean): boolean {
    if (!ROOTS.has(name)) throw new RecordCountError('not a PubMed root');
    this.rootName = name;
    this.phase = selfClosed ? 'done' : 'root';
    this.pos = gt + 1;
    return true;
  }

  private emit(name: string, start: number, end: number): boolean {
    if (KINDS.has(name)) {
      this.records++;
      // UTF-8 decoding of the record's own bytes: the text RecordSplitter hands out for it. The bytes are
      // copied out: the input's buffers are reused.
      if (this.keep) this.items.push({ kind: name as SplitKind, xml: this.buf.toString('utf8', start, end), bytes: Buffer.from(this.buf.subarray(start, end)) });
    }
    this.pos = end;
    this.resume = 0;
    return true;
  }
}

/** XML white space; U+FEFF, which RecordSplitter also skips, is three bytes here (read-file strips a leading one). */
function isSpace(byte: number): boolean {
  return byte === 32 || byte === 10 || byte === 13 || byte === 9;
}

function startsWith(buf: Buffer, ascii: string, at: number): boolean {
  if (at + ascii.length > buf.length) return false;
  for (let i = 0; i < ascii.length; i++) if (buf[at + i] !== ascii.charCodeAt(i)) return false;
  return true;
}
