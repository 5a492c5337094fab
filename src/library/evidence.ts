/**
 * Reading a record's evidence classification (study design and themes) when the store provides one, and
 * the design x theme matrix built from it. Pure. The classification itself is another module's job; this
 * file only reads `article.evidence` so the faces (MCP, web) work before and after it exists: a record
 * without it counts as unclassified.
 */
import type { Article } from '../types.js';

/** The classification as records carry it (`design` exactly one id, `themes` one or more). */
export interface EvidenceInfo {
  design: string;
  designAlso?: string[];
  themes: string[];
  cues?: string[];
  source?: string;
  version?: number;
}

/** Design x theme counts; a paper with two themes counts once in each theme's column. */
export interface EvidenceMatrix {
  /** Designs present, most papers first (ties by id). */
  designs: string[];
  /** Themes present, most papers first (ties by id). */
  themes: string[];
  /** `cells[design][theme]` = papers; absent cells are 0. */
  cells: Record<string, Record<string, number>>;
  /** Papers per design (each paper once). */
  byDesign: Record<string, number>;
  /** Papers considered, and those of them without a classification. */
  papers: number;
  unclassified: number;
}

/** The record's classification, or null when it has none (or one of another shape). */
export function evidenceOf(a: Article): EvidenceInfo | null {
  const e = (a as Article & { evidence?: unknown }).evidence;
  if (e === null || typeof e !== 'object') return null;
  const { design, themes } = e as { design?: unknown; themes?: unknown };
  if (typeof design !== 'string' || !Array.isArray(themes)) return null;
  return e as EvidenceInfo;
}

/** True when the record's design is `design` and it has every theme asked (filters given as ids). */
export function evidenceMatches(a: Article, want: { design?: string | undefined; theme?: string | undefined }): boolean {
  if (want.design === undefined && want.theme === undefined) return true;
  const e = evidenceOf(a);
  if (!e) return false;
  if (want.design !== undefined && e.design !== want.design) return false;
  return want.theme === undefined || e.themes.includes(want.theme);
}

/** Counts the matrix over `articles`. */
export function evidenceMatrix(articles: Iterable<Article>): EvidenceMatrix {
  const cells: Record<string, Record<string, number>> = {};
  const byDesign: Record<string, number> = {};
  const byTheme: Record<string, number> = {};
  let papers = 0;
  let unclassified = 0;
  for (const a of articles) {
    papers++;
    const e = evidenceOf(a);
    if (!e) {
      unclassified++;
      continue;
    }
    byDesign[e.design] = (byDesign[e.design] ?? 0) + 1;
    const row = (cells[e.design] ??= {});
    for (const t of new Set(e.themes)) {
      row[t] = (row[t] ?? 0) + 1;
      byTheme[t] = (byTheme[t] ?? 0) + 1;
    }
  }
  return { designs: ranked(byDesign), themes: ranked(byTheme), cells, byDesign, papers, unclassified };
}

function ranked(counts: Record<string, number>): string[] {
  return Object.keys(counts).sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || a.localeCompare(b));
}
