/**
 * Typed access to the element tree parse.ts builds for one record.
 *
 * Shapes: an element without attributes and children is a string (entities still encoded: the reader
 * never expands them, these helpers decode the standard and numeric ones); with attributes it is an
 * object with `#text` and `@_Name` keys; repeating elements declared in parse.ts are always arrays.
 */
import { collapseSpace, decodeEntities, markupToText } from './markup.js';

/** One parsed element (or a string for a bare text element). */
export type XmlNode = string | XmlElement;
export interface XmlElement {
  [key: string]: XmlNode | XmlNode[] | undefined;
}

/** Raw text of an element (entities still encoded) or `null` when absent. */
function rawText(node: XmlNode | XmlNode[] | undefined): string | null {
  if (node === undefined) return null;
  const one = Array.isArray(node) ? node[0] : node;
  if (one === undefined) return null;
  if (typeof one === 'string') return one;
  const t = one['#text'];
  return typeof t === 'string' ? t : '';
}

/**
 * Text of a plain-text element: entities decoded, whitespace collapsed; `null` when the element is
 * absent. For an array, the first element.
 */
export function text(node: XmlNode | XmlNode[] | undefined): string | null {
  const raw = rawText(node);
  return raw === null ? null : collapseSpace(decodeEntities(raw));
}

/** Like {@link text} but `null` for an empty element too. */
export function textOrNull(node: XmlNode | XmlNode[] | undefined): string | null {
  const t = text(node);
  return t === null || t === '' ? null : t;
}

/** Plain text of a mixed-content element kept raw by a stopNode (markup flattened); `null` if absent. */
export function markupText(node: XmlNode | XmlNode[] | undefined): string | null {
  const raw = rawText(node);
  return raw === null ? null : markupToText(raw);
}

/** Raw inner markup of a stopNode element, `null` if absent. */
export function rawMarkup(node: XmlNode | XmlNode[] | undefined): string | null {
  return rawText(node);
}

/** Attribute value (decoded), `null` when absent. */
export function attr(node: XmlNode | XmlNode[] | undefined, name: string): string | null {
  const one = Array.isArray(node) ? node[0] : node;
  if (one === undefined || typeof one === 'string') return null;
  const v = one[`@_${name}`];
  return typeof v === 'string' ? decodeEntities(v) : null;
}

/** Child element (first when repeated), `undefined` when absent or a bare string. */
export function child(node: XmlNode | XmlNode[] | undefined, name: string): XmlElement | undefined {
  const one = Array.isArray(node) ? node[0] : node;
  if (one === undefined || typeof one === 'string') return undefined;
  const c = one[name];
  const first = Array.isArray(c) ? c[0] : c;
  if (first === undefined) return undefined;
  // An empty element (`<AuthorList/>`) parses as ''; treat it as an element with no children.
  return typeof first === 'string' ? { '#text': first } : first;
}

/** Child elements with that name as a list (absent -> `[]`, a lone element -> one item). */
export function children(node: XmlNode | XmlNode[] | undefined, name: string): XmlNode[] {
  const one = Array.isArray(node) ? node[0] : node;
  if (one === undefined || typeof one === 'string') return [];
  const c = one[name];
  if (c === undefined) return [];
  return Array.isArray(c) ? c : [c];
}

/** Walks a path of child names (`child(child(n, 'A'), 'B')...`). */
export function path(node: XmlNode | undefined, ...names: string[]): XmlElement | undefined {
  let cur: XmlNode | undefined = node;
  for (const name of names) cur = child(cur, name);
  return typeof cur === 'string' ? undefined : cur;
}

/** False for attribute values that must never become object keys (`__proto__` would set a prototype). */
export function isSafeKey(key: string): boolean {
  return key !== '__proto__' && key !== 'constructor' && key !== 'prototype';
}
