/**
 * Where a rule looks and what it found. A `Signal` is a set of places (publication types, MeSH headings,
 * title and abstract patterns, keywords); `probe` returns the cues that matched, in words a curator can
 * check. Pure.
 */
import { firstMatch, phraseCue, type RecordText } from './text.js';

/** The places one rule looks at; every field is optional. Patterns run on folded (lower-case) text. */
export interface Signal {
  /** Publication type names, exact (`Case Reports`), or prefixes ending in `*` (`Clinical Trial*`). */
  pt?: readonly string[];
  /** MeSH descriptor names, exact, or prefixes ending in `*` (`Rats*`). */
  mesh?: readonly string[];
  title?: RegExp;
  abstract?: RegExp;
  keyword?: RegExp;
}

function matchesName(name: string, wanted: string): boolean {
  return wanted.endsWith('*') ? name.startsWith(wanted.slice(0, -1)) : name === wanted;
}

/** Cues of every place of `s` that matched, in the order pt, MeSH, title, keyword, abstract. */
export function probe(t: RecordText, s: Signal): string[] {
  const cues: string[] = [];
  for (const p of t.publicationTypes) if (s.pt?.some((w) => matchesName(p, w))) cues.push(`PublicationType: ${p}`);
  for (const m of t.mesh) if (s.mesh?.some((w) => matchesName(m, w))) cues.push(`MeSH: ${m}`);
  const title = s.title ? firstMatch(s.title, t.title) : null;
  if (title !== null) cues.push(phraseCue('title', title));
  if (s.keyword) {
    const kw = t.keywords.find((k) => s.keyword?.test(k));
    if (kw !== undefined) cues.push(phraseCue('keyword', kw));
  }
  const abstract = s.abstract ? firstMatch(s.abstract, t.abstract) : null;
  if (abstract !== null) cues.push(phraseCue('abstract', abstract));
  return cues;
}
