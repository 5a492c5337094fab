/**
 * Themes from cue counts. A theme is assigned when its score reaches THRESHOLD (3): a title or keyword
 * phrase or a MeSH heading counts 2, each distinct phrase of the abstract's findings (background left out) 1, at
 * most 3, so passing mentions do not make a theme. Every record gets at least one theme: the best-scoring one, else the
 * usual theme of its design. Pure.
 */
import { matchesAny } from './signals.js';
import { THEME_RULES } from './theme-rules.js';
import type { Design, Theme } from './types.js';
import { THEMES } from './types.js';
import type { RecordText } from './text.js';

const THRESHOLD = 3;
const ABSTRACT_CAP = 3;

/** The theme part of a classification. */
export interface ThemeResult {
  themes: Theme[];
  cues: string[];
}

/** The theme a record of this design is most often about, for records without any theme cue. */
const DEFAULT_THEME: Readonly<Record<Design, Theme>> = {
  'systematic-review': 'toxicity', rct: 'pharmacology', 'clinical-trial': 'pharmacology', observational: 'use-patterns',
  'case-report': 'toxicity', animal: 'pharmacology', 'in-vitro': 'pharmacology', analytical: 'chemistry',
  review: 'pharmacology', other: 'regulation',
};

/**
 * The distinct matches of the global `re` in `text`, in order of first appearance (what
 * `new Set(text.matchAll(re))` gives, without the iterator and the regex copy `matchAll` makes per call).
 * With `limit`, stops after that many.
 */
function distinct(re: RegExp, text: string, limit = Infinity): string[] {
  const found = new Set<string>();
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null && found.size < limit; m = re.exec(text)) {
    found.add(m[0]);
    if (m[0] === '') re.lastIndex += 1;
  }
  re.lastIndex = 0;
  return [...found];
}

function meshHits(t: RecordText, wanted: readonly string[]): string[] {
  return t.mesh.filter((m) => matchesAny(m, wanted));
}

interface Scored {
  theme: Theme;
  score: number;
  cues: string[];
}

function score(t: RecordText, theme: Theme): Scored {
  const rule = THEME_RULES[theme];
  const cues: string[] = [];
  let s = 0;
  const title = distinct(rule.text, t.title, 1);
  if (title.length > 0) { s += 2; cues.push(`title: "${title[0]}"`); }
  const kw = t.keywords.find((k) => distinct(rule.text, k, 1).length > 0);
  if (kw !== undefined) { s += 2; cues.push(`keyword: "${kw}"`); }
  const mesh = meshHits(t, rule.mesh);
  if (mesh.length > 0) { s += 2; cues.push(`MeSH: ${mesh[0]}`); }
  const abstract = distinct(rule.text, t.findings, ABSTRACT_CAP);
  s += abstract.length;
  if (abstract.length > 0) cues.push(`abstract: ${abstract.map((p) => `"${p}"`).join(', ')}`);
  return { theme, score: s, cues };
}

/** Themes of one record, in `THEMES` order, with the cues that earned them. */
export function classifyThemes(t: RecordText, design: Design): ThemeResult {
  const scored = THEMES.map((theme) => score(t, theme));
  const chosen = scored.filter((x) => x.score >= THRESHOLD);
  if (chosen.length > 0) {
    return { themes: chosen.map((x) => x.theme), cues: chosen.map((x) => `${x.theme}: ${x.cues.join('; ')}`) };
  }
  const best = scored.reduce((a, b) => (b.score > a.score ? b : a));
  if (best.score > 0) return { themes: [best.theme], cues: [`${best.theme}: ${best.cues.join('; ')}`] };
  const fallback = DEFAULT_THEME[design];
  return { themes: [fallback], cues: [`${fallback}: no theme cue, usual theme of ${design}`] };
}
