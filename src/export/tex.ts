/**
 * Text to BibTeX field content. Pure.
 *
 * Non-ASCII stays UTF-8 (biber/biblatex, and BibTeX with a UTF-8 engine, read it; converting to TeX
 * accents would lose characters such as `ễ` that have no single accent macro). Only characters with
 * a meaning in TeX or BibTeX are escaped: the ten specials `\ { } & % $ # _ ~ ^`, plus `<` and `>`
 * which print as `¡` `¿` in the default OT1 font encoding.
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
};

const SPECIAL = /[\\{}&%$#_~^<>]/g;

/** Escapes TeX specials; whitespace runs (line breaks included) become one space. */
export function escapeTex(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(SPECIAL, (ch) => ESCAPES[ch] ?? ch);
}

/**
 * Escaped title with capitalization protected: every word holding an upper-case letter is wrapped
 * in braces so BibTeX styles that lower-case titles keep `DNA`, `CYP2D6`, `Mitragyna` and
 * `Thailand` as written. PubMed titles are in sentence case, so a capital there is meaningful.
 * A word whose escape starts with a backslash gets double braces: BibTeX treats `{\...}` as one
 * "special character" and would change its case.
 */
export function protectedTitle(title: string): string {
  return escapeTex(title)
    .split(' ')
    .map((word) => {
      if (!/\p{Lu}/u.test(word)) return word;
      return word.startsWith('\\') ? `{{${word}}}` : `{${word}}`;
    })
    .join(' ');
}
