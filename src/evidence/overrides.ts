/**
 * The curator's override file: a JSON object from PMID to `{ design?, designAlso?, themes?, note? }`,
 * for records the rules get wrong. Validation is strict and names the file, PMID and field, because a
 * silently ignored override is worse than none. Pure (the caller reads the file).
 *
 * ```json
 * { "41900015": { "design": "case-report", "themes": ["toxicity"], "note": "one new patient" } }
 * ```
 */
import { ConfigError } from '../errors.js';
import { isDesign, isTheme, type Design, type Theme } from './types.js';

/** One curator decision; fields left out are taken from the rules. */
export interface EvidenceOverride {
  design?: Design;
  designAlso?: Design[];
  themes?: Theme[];
  note?: string;
  /** Where it came from (`file.json`), shown in the record's cues. */
  origin: string;
}

/** Overrides by PMID. */
export type EvidenceOverrides = ReadonlyMap<string, EvidenceOverride>;

const FIELDS = new Set(['design', 'designAlso', 'themes', 'note']);

function fail(source: string, what: string): never {
  throw new ConfigError(`evidence overrides ${source}: ${what}`);
}

function designList(source: string, pmid: string, v: unknown): Design[] {
  if (!Array.isArray(v) || !v.every((d) => typeof d === 'string' && isDesign(d))) {
    fail(source, `PMID ${pmid}: designAlso must be a list of design ids`);
  }
  return v as Design[];
}

function themeList(source: string, pmid: string, v: unknown): Theme[] {
  if (!Array.isArray(v) || v.length === 0) fail(source, `PMID ${pmid}: themes must be a non-empty list of theme ids`);
  for (const t of v) if (typeof t !== 'string' || !isTheme(t)) fail(source, `PMID ${pmid}: unknown theme "${String(t)}"`);
  return v as Theme[];
}

function parseEntry(source: string, pmid: string, v: unknown): EvidenceOverride {
  if (!/^\d+$/.test(pmid)) fail(source, `key "${pmid}" is not a PMID`);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(source, `PMID ${pmid}: expected an object`);
  const e = v as Record<string, unknown>;
  const unknown = Object.keys(e).find((k) => !FIELDS.has(k));
  if (unknown !== undefined) fail(source, `PMID ${pmid}: unknown field "${unknown}" (expected design, designAlso, themes, note)`);
  const out: EvidenceOverride = { origin: source };
  if (e.design !== undefined) {
    if (typeof e.design !== 'string' || !isDesign(e.design)) fail(source, `PMID ${pmid}: unknown design "${String(e.design)}"`);
    out.design = e.design;
  }
  if (e.designAlso !== undefined) out.designAlso = designList(source, pmid, e.designAlso);
  if (e.themes !== undefined) out.themes = themeList(source, pmid, e.themes);
  if (e.note !== undefined) {
    if (typeof e.note !== 'string') fail(source, `PMID ${pmid}: note must be a string`);
    out.note = e.note;
  }
  if (out.design === undefined && out.themes === undefined && out.designAlso === undefined) {
    fail(source, `PMID ${pmid}: gives neither design, designAlso nor themes`);
  }
  return out;
}

/** Parses and validates an override file's text. Throws ConfigError naming `source`, the PMID and the field. */
export function parseOverrides(text: string, source: string): EvidenceOverrides {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    fail(source, `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) fail(source, 'expected an object keyed by PMID');
  const out = new Map<string, EvidenceOverride>();
  for (const [pmid, v] of Object.entries(data as Record<string, unknown>)) out.set(pmid, parseEntry(source, pmid, v));
  return out;
}
