/**
 * The validating pass's splitter: split.ts `RecordSplitter`'s algorithm run on the raw bytes, counting the
 * records instead of handing out their text. Every step is the one RecordSplitter takes on the latin1
 * decoding of the same bytes (one character per byte, ASCII delimiters unchanged), which splits exactly
 * as the UTF-8 decoding does (see read-file.ts `countPubmedRecords`); it only saves decoding the text and
 * copying it into strings. Its errors say nothing useful on purpose: the caller re-runs the exact pass on
 * any error, whose message is the one to report. A DOCTYPE internal subset is such an error (never in
 * NCBI files; its end is found with a pattern the exact pass alone should judge).
 */
import { KINDS, NAME, type Phase, ROOTS, SKIPPED, XML_SPACE_AROUND } from './split.js';

const EMPTY = Buffer.alloc(0);
const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;

/** Thrown for anything the exact pass must judge (its own message would be the one to report). */
export class RecordCountError extends Error {}

/** Counts the records of a PubMed document fed as bytes; see the module comment. */
export class RecordCounter {
  private buf: Buffer = EMPTY;
  private pos = 0;
  private phase: Phase = 'prolog';
  private rootName: string | null = null;
  private resume = 0;
  /** Records (of the kinds RecordSplitter hands out) seen so far. */
  records = 0;

  /** Feeds a chunk of the file's bytes (any size). */
  push(chunk: Buffer): void {
    this.buf = this.pos < this.buf.length ? Buffer.concat([this.buf.subarray(this.pos), chunk]) : chunk;
    this.pos = 0;
    while (this.phase !== 'done' && this.step());
    if (this.phase === 'done') this.buf = EMPTY;
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
    if (selfClosed) return this.emit(name, gt + 1);
    const close = `</${name}>`;
    const end = buf.indexOf(close, Math.max(gt + 1, at + this.resume), 'latin1');
    if (end >= 0) return this.emit(name, end + close.length);
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

  private emit(name: string, end: number): boolean {
    if (KINDS.has(name)) this.records++;
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
