/**
 * Reading a record's evidence classification when the store provides one. The classifier is built
 * elsewhere; this module assumes only the shape `evidence: { design, designAlso?, themes, cues?, source?,
 * version? }` on a record and treats anything else as "not classified".
 */
import type { Article } from '../types.js';

/** What faces need of a record's evidence. */
export interface RecordEvidence {
  /** Study design (`RCT`, `Case report`...), or null when undetermined. */
  design: string | null;
  designAlso: string[];
  themes: string[];
  /** Words or fields that led to the classification, shown on the paper page. */
  cues: string[];
  source: string | null;
  version: string | null;
}

/** Evidence filters of a search (values compared case-insensitively). */
export interface EvidenceFilter {
  design?: string;
  theme?: string;
}

function strings(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.map((x) => (typeof x === 'string' ? x : typeof x === 'object' && x !== null ? cueText(x) : '')).filter((s) => s !== '');
}

/** A cue may be a string or an object such as `{ field, text }`: keep it readable either way. */
function cueText(x: object): string {
  const o = x as Record<string, unknown>;
  const parts = ['label', 'design', 'theme', 'field', 'text', 'match', 'cue'].map((k) => o[k]).filter((v): v is string => typeof v === 'string');
  return parts.join(': ');
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;
}

/** The record's evidence, or null when it has none (not classified yet). */
export function evidenceOf(article: Article): RecordEvidence | null {
  const ev = (article as Article & { evidence?: unknown }).evidence;
  if (ev === null || typeof ev !== 'object') return null;
  const e = ev as Record<string, unknown>;
  return {
    design: str(e.design),
    designAlso: strings(e.designAlso),
    themes: strings(e.themes),
    cues: strings(e.cues),
    source: str(e.source),
    version: str(e.version),
  };
}
