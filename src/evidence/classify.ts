/**
 * Classifies one record: design by precedence (design.ts), themes by cue counts (themes.ts), and the
 * curator's override when there is one. Pure: no I/O, no clock.
 */
import type { Article, ListedArticle } from '../types.js';
import { classifyDesign } from './design.js';
import type { EvidenceOverride, EvidenceOverrides } from './overrides.js';
import { classifyThemes } from './themes.js';
import { type RecordText, recordText } from './text.js';
import { EVIDENCE_VERSION, type Evidence } from './types.js';

/** The rules' classification of `article` (source `rules`, current `EVIDENCE_VERSION`). */
export function classifyByRules(article: ListedArticle): Evidence {
  return classifyRecordText(recordText(article));
}

/**
 * {@link classifyByRules} of the record whose `recordText` is `t`: the rules read nothing else, so a
 * thread holding only the text (the import's writer) classifies without the Article.
 */
export function classifyRecordText(t: RecordText): Evidence {
  const d = classifyDesign(t);
  const th = classifyThemes(t, d.design);
  return {
    design: d.design,
    designAlso: d.designAlso,
    themes: th.themes,
    cues: [...d.cues, ...th.cues],
    source: 'rules',
    version: EVIDENCE_VERSION,
  };
}

function applyOverride(rules: Evidence, o: EvidenceOverride): Evidence {
  return {
    design: o.design ?? rules.design,
    designAlso: o.designAlso ?? (o.design === undefined ? rules.designAlso : []),
    themes: o.themes ?? rules.themes,
    cues: [`override: ${o.origin}${o.note ? ` (${o.note})` : ''}`, ...rules.cues],
    source: 'override',
    version: EVIDENCE_VERSION,
  };
}

/**
 * The classification the store keeps: the curator's override for this PMID when there is one (what it
 * leaves out comes from the rules), else the rules'. `rules` is `classifyByRules(article)` when the caller
 * already has it (the import computes it in its parse worker).
 */
export function classifyEvidence(article: Article, overrides?: EvidenceOverrides, rules: Evidence = classifyByRules(article)): Evidence {
  return withOverride(article.pmid, rules, overrides);
}

/**
 * {@link classifyEvidence} when the rules' classification of record `pmid` is at hand: the writer of an
 * import gets it from the parse worker and needs no Article for it.
 */
export function withOverride(pmid: string, rules: Evidence, overrides?: EvidenceOverrides): Evidence {
  const o = overrides?.get(pmid);
  return o === undefined ? rules : applyOverride(rules, o);
}
