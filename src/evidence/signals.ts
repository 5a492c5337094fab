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

/** A list of names (exact, or prefixes ending in `*`) made ready for matching many names against it. */
interface NameMatcher {
  exact: ReadonlySet<string>;
  prefixes: readonly string[];
}

// One matcher per list (the rules' lists are module constants): no per-record string slicing.
const matchers = new WeakMap<readonly string[], NameMatcher>();

function matcherOf(wanted: readonly string[]): NameMatcher {
  let m = matchers.get(wanted);
  if (m === undefined) {
    m = { exact: new Set(wanted.filter((w) => !w.endsWith('*'))), prefixes: wanted.filter((w) => w.endsWith('*')).map((w) => w.slice(0, -1)) };
    matchers.set(wanted, m);
  }
  return m;
}

/** True when `name` is one of `wanted`'s exact names or starts with one of its `*` prefixes. */
export function matchesAny(name: string, wanted: readonly string[]): boolean {
  const m = matcherOf(wanted);
  return m.exact.has(name) || m.prefixes.some((p) => name.startsWith(p));
}

/** Cues of every place of `s` that matched, in the order pt, MeSH, title, keyword, abstract. */
export function probe(t: RecordText, s: Signal): string[] {
  const cues: string[] = [];
  if (s.pt) for (const p of t.publicationTypes) if (matchesAny(p, s.pt)) cues.push(`PublicationType: ${p}`);
  if (s.mesh) for (const m of t.mesh) if (matchesAny(m, s.mesh)) cues.push(`MeSH: ${m}`);
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
