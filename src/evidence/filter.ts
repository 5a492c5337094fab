/**
 * The evidence filters (`design:rct`, `theme:toxicity`, `--design`, `--theme`) as one predicate, used by
 * search (over the index's stored fields) and by export (over records). Pure.
 */
import { UsageError } from '../errors.js';
import { DESIGNS, THEMES, isDesign, isTheme } from './types.js';

/** Wanted and excluded designs and themes; a record must have every wanted one and no excluded one. */
export interface EvidenceFilter {
  designs: string[];
  excludedDesigns: string[];
  themes: string[];
  excludedThemes: string[];
}

/** An empty filter (lets everything through). */
export function emptyEvidenceFilter(): EvidenceFilter {
  return { designs: [], excludedDesigns: [], themes: [], excludedThemes: [] };
}

/** True when the filter restricts anything. */
export function hasEvidenceFilter(f: EvidenceFilter): boolean {
  return f.designs.length + f.excludedDesigns.length + f.themes.length + f.excludedThemes.length > 0;
}

/**
 * A design or theme id as typed (case-insensitive), checked against the ids. `where` names the place for
 * the error (`query: design:foo`, `search: --design`).
 */
export function checkEvidenceId(kind: 'design' | 'theme', value: string, where: string): string {
  const v = value.trim().toLowerCase();
  const ok = kind === 'design' ? isDesign(v) : isTheme(v);
  if (!ok) {
    const ids = (kind === 'design' ? DESIGNS : THEMES).join(', ');
    throw new UsageError(`${where} "${value}" is not a ${kind} (one of ${ids})`);
  }
  return v;
}

/** True when a record with this design and these themes passes the filter. */
export function evidenceMatches(design: string | null, themes: readonly string[], f: EvidenceFilter): boolean {
  // Several wanted designs cannot all hold for one record: wanting `design:rct design:clinical-trial` means either.
  if (f.designs.length > 0 && (design === null || !f.designs.includes(design))) return false;
  if (design !== null && f.excludedDesigns.includes(design)) return false;
  if (!f.themes.every((t) => themes.includes(t))) return false;
  return !f.excludedThemes.some((t) => themes.includes(t));
}
