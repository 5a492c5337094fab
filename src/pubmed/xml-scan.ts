/**
 * Character-level helpers of the record reader. Pure.
 */

/** ASCII letter or `_`: what PubMed and MathML element names start with. */
export function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Letters, digits, `_`, `:`, `.`, `-` (the ASCII name characters PubMed and MathML use). */
export function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 58) || c === 46 || c === 45;
}

/** True when [start, end) holds only XML whitespace. */
export function isBlank(xml: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = xml.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return false;
  }
  return true;
}

/**
 * End of an opaque element's content (`ReferenceList`, nested ones of the same name included), found
 * with plain string searches: `contentEnd` is where its closing tag starts, `after` where it ends;
 * `null` when it never closes.
 */
export function findOpaqueEnd(xml: string, name: string, from: number): { contentEnd: number; after: number } | null {
  const open = `<${name}`;
  const close = `</${name}>`;
  let depth = 1;
  for (let pos = from; ; ) {
    const c = xml.indexOf(close, pos);
    if (c < 0) return null;
    for (let o = xml.indexOf(open, pos); o >= 0 && o < c; o = xml.indexOf(open, o + open.length)) {
      const gt = xml.indexOf('>', o);
      // `<ReferenceListX` is another element; `<ReferenceList/>` opens and closes at once.
      if (isNameChar(xml.charCodeAt(o + open.length)) || xml.charCodeAt(gt - 1) === 47) continue;
      depth++;
    }
    pos = c + close.length;
    if (--depth === 0) return { contentEnd: c, after: pos };
  }
}
