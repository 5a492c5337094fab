/**
 * The strict single-pass XML reader behind parse.ts: one record's text -> element tree. Pure.
 */
import type { XmlElement, XmlNode } from './xml-node.js';
import { findOpaqueEnd, isBlank, isNameChar, isNameStart } from './xml-scan.js';

/** Which elements are always arrays, kept raw (validated), or kept raw unread (opaque). */
export interface ReaderConfig {
  repeating: ReadonlySet<string>;
  raw: ReadonlySet<string>;
  opaque: ReadonlySet<string>;
}

// Sticky regexes are reset (lastIndex) before every use; reading is synchronous, so sharing is safe.
const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 100;
const ATTRIBUTE = /\s+([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
const TAG_END = /\s*(\/?)>/y;
const BARE_AMPERSAND = /&(?!(?:#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);)/;
const ENTITY_REF = /&(?:#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);/y;

/** An element being read. */
interface Frame {
  name: string;
  node: XmlElement;
  text: string;
  hasAttributes: boolean;
  hasChildren: boolean;
  /** Index where a raw element's content starts; -1 for parsed elements. */
  rawStart: number;
}

/** Why a record is not acceptable XML; the message names the construct and the record line. */
export class XmlSyntaxError extends Error {}

/**
 * Single-use strict reader of one record (see parse.ts for what it accepts and why it exists). Throws
 * {@link XmlSyntaxError} for anything malformed or hostile.
 */
export class RecordReader {
  private readonly stack: Frame[] = [];
  private root: Frame | null = null;
  /** True while reading the content of a raw element (the top frame). */
  private inRaw = false;
  /** Open elements inside that raw content, checked for balance only. */
  private readonly rawNames: string[] = [];
  /** Results of the last {@link attributes} call. */
  private tagEnd = 0;
  private tagSelfClosed = false;
  private tagAttributes = 0;
  /** Attributes of the last tag read, created only when it has some. */
  private tagNode: XmlElement | null = null;
  /** Index of the next `&` at or after the reading position (-1: none left; -2: not searched yet). */
  private nextAmp = -2;

  constructor(
    private readonly xml: string,
    private readonly config: ReaderConfig,
  ) {}

  read(): Frame {
    const xml = this.xml;
    let at = 0;
    while (at < xml.length) {
      const lt = xml.indexOf('<', at);
      const end = lt < 0 ? xml.length : lt;
      if (end > at) this.text(at, end);
      if (lt < 0) break;
      at = this.markup(lt);
    }
    const open = this.rawNames[this.rawNames.length - 1] ?? this.stack[this.stack.length - 1]?.name;
    if (open !== undefined) this.fail(`<${open}> is never closed`, xml.length);
    if (this.root === null) this.fail('no element', 0);
    return this.root as Frame;
  }

  private fail(message: string, at: number): never {
    const line = this.xml.slice(0, at).split('\n').length;
    throw new XmlSyntaxError(`${message} (record line ${line})`);
  }

  private text(start: number, end: number): void {
    this.checkAmpersands(start, end);
    // Whitespace around child elements is layout. Text-only elements take the leaf() path and mixed
    // content lives in raw elements, so only non-blank text reaches a frame here.
    if (this.inRaw || isBlank(this.xml, start, end)) return;
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) this.fail('text outside the record element', start);
    top.text += this.xml.slice(start, end);
  }

  /** Handles the markup at `lt`; returns the index after it. */
  private markup(lt: number): number {
    const xml = this.xml;
    const next = xml.charCodeAt(lt + 1);
    if (next === 47 /* / */) return this.closeTag(lt);
    if (next === 33 /* ! */) {
      if (xml.startsWith('<!--', lt)) return this.skipPast('-->', lt);
      if (xml.startsWith('<![CDATA[', lt)) return this.cdata(lt);
      this.fail('a declaration (DOCTYPE/ENTITY) inside a record', lt);
    }
    if (next === 63 /* ? */) return this.skipPast('?>', lt);
    return this.openTag(lt);
  }

  private skipPast(close: string, lt: number): number {
    const end = this.xml.indexOf(close, lt);
    if (end < 0) this.fail(`unterminated "${this.xml.slice(lt, lt + 4)}"`, lt);
    return end + close.length;
  }

  private cdata(lt: number): number {
    const end = this.xml.indexOf(']]>', lt);
    if (end < 0) this.fail('unterminated CDATA section', lt);
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) this.fail('CDATA outside the record element', lt);
    // Our text convention is "entities still encoded": re-encode what CDATA protected.
    const body = this.xml.slice(lt + 9, end).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    if (!this.inRaw) top.text += body;
    return end + 3;
  }

  private readName(at: number): string {
    const xml = this.xml;
    let end = at;
    if (isNameStart(xml.charCodeAt(end))) while (isNameChar(xml.charCodeAt(++end)));
    if (end === at) this.fail(`a raw "<" or an invalid tag name ("${xml.slice(at - 1, at + 12)}")`, at);
    return xml.slice(at, end);
  }

  /** Reads attributes from `at`; stores them in `node` unless null (inside raw content). */
  /**
   * Reads attributes from `at` into a new {@link tagNode} (or only checks them when `keep` is false,
   * inside raw content). Sets {@link tagEnd}, {@link tagSelfClosed} and {@link tagAttributes}: fields
   * rather than a returned object because this runs for every tag.
   */
  private attributes(name: string, at: number, keep: boolean): void {
    this.tagAttributes = 0;
    this.tagNode = null;
    if (this.xml.charCodeAt(at) === 62 /* > */) {
      this.tagEnd = at + 1;
      this.tagSelfClosed = false;
      return;
    }
    for (ATTRIBUTE.lastIndex = at; ; ATTRIBUTE.lastIndex = at) {
      const m = ATTRIBUTE.exec(this.xml);
      if (m === null) break;
      const value = m[2] ?? m[3] ?? '';
      if (value.includes('&') && BARE_AMPERSAND.test(value)) this.fail(`a bare "&" in attribute ${m[1]}`, at);
      if (keep) {
        const node: XmlElement = (this.tagNode ??= {});
        const key = `@_${m[1]}`;
        if (key in node) this.fail(`duplicate attribute ${m[1]} on <${name}>`, at);
        node[key] = value;
      }
      this.tagAttributes++;
      at = ATTRIBUTE.lastIndex;
    }
    TAG_END.lastIndex = at;
    const end = TAG_END.exec(this.xml);
    if (end === null) this.fail(`malformed tag <${name}>`, at);
    this.tagEnd = TAG_END.lastIndex;
    this.tagSelfClosed = end[1] === '/';
  }

  private openTag(lt: number): number {
    const name = this.readName(lt + 1);
    if (FORBIDDEN_NAMES.has(name)) this.fail(`forbidden element name <${name}>`, lt);
    if (this.stack.length + this.rawNames.length >= MAX_DEPTH) this.fail(`elements nested deeper than ${MAX_DEPTH}`, lt);
    if (this.inRaw) {
      // Inside raw content only well-formedness matters: no tree is built.
      this.attributes(name, lt + 1 + name.length, false);
      if (!this.tagSelfClosed) this.rawNames.push(name);
      return this.tagEnd;
    }
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined && this.root !== null) this.fail('a second root element', lt);
    this.attributes(name, lt + 1 + name.length, true);
    const end = this.tagEnd;
    if (parent !== undefined && !this.tagSelfClosed && !this.config.opaque.has(name)) {
      const leafEnd = this.leaf(parent, name, end);
      if (leafEnd >= 0) return leafEnd;
    }
    const node: XmlElement = this.tagNode ?? {};
    const raw = this.config.raw.has(name);
    this.stack.push({ name, node, text: '', hasAttributes: this.tagAttributes > 0, hasChildren: false, rawStart: raw ? end : -1 });
    this.inRaw = raw;
    if (this.tagSelfClosed) this.finish(end);
    else if (this.config.opaque.has(name)) {
      const { contentEnd, after } = this.skipOpaque(name, end);
      this.finish(contentEnd);
      return after;
    }
    return end;
  }

  /**
   * Fast path for the most common element, text then its own closing tag (`<LastName>Smith</LastName>`):
   * attaches it without a frame. Returns the index after the closing tag, or -1 when it is not a leaf.
   */
  private leaf(parent: Frame, name: string, start: number): number {
    const xml = this.xml;
    const lt = xml.indexOf('<', start);
    const close = lt + 2 + name.length;
    if (lt < 0 || xml.charCodeAt(lt + 1) !== 47 || xml.charCodeAt(close) !== 62 || !xml.startsWith(name, lt + 2)) return -1;
    if (lt > start) this.checkAmpersands(start, lt);
    const text = xml.slice(start, lt);
    const node = this.tagNode;
    if (node !== null) node['#text'] = text;
    attach(parent, name, node ?? text, this.config.repeating);
    return close + 1;
  }

  /**
   * Checks that every `&` in [start, end) starts an entity reference. The next `&` of the record is
   * cached: searching from each text node to the record end would make reading quadratic.
   */
  private checkAmpersands(start: number, end: number): void {
    if (this.nextAmp !== -1 && this.nextAmp < start) this.nextAmp = this.xml.indexOf('&', start);
    while (this.nextAmp >= 0 && this.nextAmp < end) {
      ENTITY_REF.lastIndex = this.nextAmp;
      if (!ENTITY_REF.test(this.xml)) this.fail('a bare "&" (not an entity reference)', this.nextAmp);
      this.nextAmp = this.xml.indexOf('&', this.nextAmp + 1);
    }
  }


  private closeTag(lt: number): number {
    const expected = this.rawNames.length > 0 ? this.rawNames[this.rawNames.length - 1] : this.stack[this.stack.length - 1]?.name;
    const at = lt + 2;
    // Compare in place: slicing every closing tag's name would allocate a string per element.
    if (expected !== undefined && this.xml.startsWith(expected, at) && !isNameChar(this.xml.charCodeAt(at + expected.length))) {
      const after = this.closeTagEnd(expected, at + expected.length);
      if (this.rawNames.length > 0) this.rawNames.pop();
      else this.finish(lt);
      return after;
    }
    const name = this.readName(at);
    if (expected === undefined) this.fail(`closing tag </${name}> without an opening tag`, lt);
    this.fail(`closing tag </${name}> where </${expected}> was expected`, lt);
  }

  private closeTagEnd(name: string, at: number): number {
    if (this.xml.charCodeAt(at) === 62 /* > */) return at + 1;
    TAG_END.lastIndex = at;
    const end = TAG_END.exec(this.xml);
    if (end === null || end[1] === '/') this.fail(`malformed closing tag </${name}>`, at);
    return TAG_END.lastIndex;
  }

  /** Skips an opaque element's content without tokenizing it (see {@link findOpaqueEnd}). */
  private skipOpaque(name: string, from: number): { contentEnd: number; after: number } {
    const end = findOpaqueEnd(this.xml, name, from);
    if (end === null) this.fail(`<${name}> is never closed`, from);
    return end;
  }

  /** Pops the top frame (its content ends at `contentEnd`) and attaches its value to the parent. */
  private finish(contentEnd: number): void {
    const frame = this.stack.pop() as Frame;
    if (frame.rawStart >= 0) frame.text = this.xml.slice(frame.rawStart, contentEnd);
    this.inRaw = false;
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) this.root = frame;
    else attach(parent, frame.name, valueOf(frame), this.config.repeating);
  }
}

/** The tree value of a finished element: a string for bare text, else the object. */
function valueOf(frame: Frame): XmlNode {
  if (!frame.hasChildren && !frame.hasAttributes) return frame.text;
  if (!frame.hasChildren || frame.text.trim() !== '') frame.node['#text'] = frame.text;
  return frame.node;
}

function attach(parent: Frame, name: string, value: XmlNode, repeating: ReadonlySet<string>): void {
  parent.hasChildren = true;
  const node = parent.node;
  const existing = node[name];
  if (repeating.has(name)) {
    if (Array.isArray(existing)) existing.push(value);
    else node[name] = [value];
  } else if (existing === undefined) {
    node[name] = value;
  } else {
    // An element the DTD says occurs once, seen twice: keep both rather than lose one.
    node[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
}
