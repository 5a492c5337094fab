/**
 * HTML from template literals, escaped by default: every interpolated value is escaped unless it is
 * already {@link SafeHtml} (the result of `html` itself, or of `raw` for markup this program wrote).
 * Record content therefore renders as text, whatever it contains. Pure.
 */
import { escapeHtml } from '../digest/text.js';

/** Markup that may be inserted as is. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** A template value: text (escaped), safe markup, a list of them, or nothing (`null`, `undefined`, `false`). */
export type HtmlValue = string | number | SafeHtml | null | undefined | false | readonly HtmlValue[];

/** Escapes text for element content and quoted attribute values: the digest's escape, one rule for every page. */
export { escapeHtml };

function render(v: HtmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

/** Tagged template: `html\`<p>${text}</p>\`` escapes `text`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Markup this program produced itself (never record content). */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/**
 * A record's `titleHtml`: the normalizer keeps only `<i> <b> <sup> <sub> <u>` and escapes the rest; checked
 * again here so a record from an older or foreign store cannot smuggle anything else in.
 */
export function inlineMarkup(titleHtml: string): SafeHtml {
  const safe = escapeHtml(titleHtml.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" })[m] ?? m));
  return raw(safe.replace(/&lt;(\/?)(i|b|sup|sub|u)&gt;/g, '<$1$2>'));
}
