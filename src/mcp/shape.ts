/**
 * What the MCP tools return, shaped for a model: small, bounded objects (long abstracts and lists cut with
 * an explicit marker, so the model knows there is more) and a compact text line per item. Pure.
 */
import { listBadges } from '../digest/paper.js';
import { authorName } from '../pubmed/author-name.js';
import { noticeKinds, noticeLabel } from '../digest/notices.js';
import { pubmedUrl } from '../digest/text.js';
import { evidenceOf } from '../evidence/summary.js';
import { designLabel, type Design, type Evidence } from '../evidence/types.js';
import type { PaperHistoryEntry } from '../library/extras.js';
import { bestDate } from '../search/documents.js';
import type { SearchHit } from '../search/types.js';
import type { Article } from '../types.js';

/** Longest abstract returned unless the caller asks for the whole one. */
export const ABSTRACT_MAX = 1500;
/** Longest list (authors, MeSH headings) returned whole. */
export const LIST_MAX = 25;

/** `text` cut at `max` characters (at a word boundary when one is near) with a marker saying how much is left. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const hard = text.slice(0, max);
  const space = hard.lastIndexOf(' ');
  const kept = space > max * 0.8 ? hard.slice(0, space) : hard;
  return `${kept} [... cut: ${text.length - kept.length} more characters]`;
}

/** A list cut at `max` items with a marker item saying how many were left out. */
export function cutList(items: readonly string[], max: number = LIST_MAX): string[] {
  return items.length <= max ? [...items] : [...items.slice(0, max), `[... ${items.length - max} more]`];
}

/** One search hit as the `search` tool returns it. */
export interface ToolHit {
  pmid: string;
  title: string;
  year: number | null;
  /** Publication date as precise as the record gives it (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`): what sort "date" orders by. */
  date: string | null;
  journal: string | null;
  design: string | null;
  badges: string[];
  topics: string[];
  retracted: boolean;
  snippet: string;
}

/** A hit plus its record's badges and design (the record is needed for both). */
export function toolHit(hit: SearchHit, article: Article | undefined): ToolHit {
  return {
    pmid: hit.pmid,
    title: hit.title,
    year: hit.year,
    date: article ? bestDate(article) : hit.year === null ? null : String(hit.year),
    journal: hit.journal,
    design: article ? evidenceOf(article).design : null,
    badges: article ? mcpBadges(article) : hit.badges,
    topics: hit.topics,
    retracted: hit.retracted,
    snippet: cut(hit.snippet, 300),
  };
}

/**
 * The web's badges ({@link listBadges}) with the design said apart (as `design`, an id a tool can filter
 * by): the same words, so an assistant and a reader of the page see the same paper the same way.
 */
function mcpBadges(a: Article): string[] {
  const design = designLabel(evidenceOf(a).design).toLowerCase();
  return listBadges(a).filter((b) => b.toLowerCase() !== design);
}

/** `12345678 (2024-03-05) Title. Journal [Animal, Retracted]`: the design in words, then the badges. */
export function hitLine(h: ToolHit): string {
  const design = h.design ? designLabel(h.design as Design) : null;
  const tags = [...(design ? [design] : []), ...h.badges.filter((b) => b.toLowerCase() !== design?.toLowerCase())];
  return `${h.pmid} (${h.date ?? 'n.d.'}) ${h.title}${h.journal ? ` ${h.journal}` : ''}${tags.length > 0 ? ` [${tags.join(', ')}]` : ''}`;
}

/** The `get_paper` answer: the record's reading fields, its evidence, notices and revision history. */
export interface ToolPaper {
  pmid: string;
  title: string;
  authors: string[];
  journal: string | null;
  year: number | null;
  published: string | null;
  doi: string | null;
  pmcid: string | null;
  pubmedUrl: string;
  publicationTypes: string[];
  badges: string[];
  topics: string[];
  mesh: string[];
  keywords: string[];
  abstract: string | null;
  evidence: Evidence;
  retracted: boolean;
  deleted: boolean;
  notices: Array<{ kind: string; label: string; related: Array<{ type: string; pmid: string | null; source: string | null }> }>;
  history: PaperHistoryEntry[];
}

export function toolPaper(a: Article, history: PaperHistoryEntry[], fullAbstract: boolean): ToolPaper {
  return {
    pmid: a.pmid,
    title: a.title,
    authors: cutList(a.authors.map(authorName).filter((n): n is string => n !== null)),
    journal: a.journal.title ?? a.journal.isoAbbreviation,
    year: a.pubDate.year,
    published: a.pubDate.raw,
    doi: a.doi,
    pmcid: a.pmcid,
    pubmedUrl: pubmedUrl(a.pmid) ?? '',
    publicationTypes: a.publicationTypes,
    badges: mcpBadges(a),
    topics: a.topics,
    mesh: cutList(a.mesh.map((m) => m.descriptor)),
    keywords: cutList(a.keywords),
    abstract: a.abstract === null ? null : fullAbstract ? a.abstract : cut(a.abstract, ABSTRACT_MAX),
    evidence: evidenceOf(a),
    retracted: a.retracted,
    deleted: a.deleted,
    notices: noticeKinds(a).map((n) => ({ kind: n.kind, label: n.label, related: n.related.map((r) => ({ type: r.type, pmid: r.pmid, source: r.source })) })),
    history,
  };
}

/**
 * `Retracted (notice PMID 41900061)`, `Retraction notice (for PMID 41900012)`: a notice with the records
 * it links to, as the structured `notices` give them, so the text alone lets a model cite the notice.
 * PubMed's `...In` links point at the notice; `...Of`, `...For` and `...From` at the paper it is about.
 */
function noticeText(n: ToolPaper['notices'][number]): string {
  const refs = n.related
    .map((r) => {
      const which = r.pmid !== null ? `PMID ${r.pmid}` : r.source;
      return which ? `${r.type.endsWith('In') ? 'notice' : 'for'} ${which}` : null;
    })
    .filter((r): r is string => r !== null);
  return refs.length === 0 ? n.label : `${n.label} (${refs.join(', ')})`;
}

/** A few lines a model can read without parsing the structured content. */
export function paperText(p: ToolPaper): string {
  // A record without authors (a retraction notice, an editorial) starts its source line with the journal.
  const authors = p.authors.length === 0 ? '' : `${p.authors.slice(0, 6).join(', ')}${p.authors.length > 6 ? ', et al.' : ''}. `;
  const source = [p.journal, `${p.year ?? 'n.d.'}.`].filter((x): x is string => x !== null).join(' ');
  const lines = [`${p.pmid}: ${p.title}`, `${authors}${source}${p.doi ? ` doi:${p.doi}` : ''}`];
  if (p.evidence) lines.push(`Evidence: ${p.evidence.design}; themes: ${p.evidence.themes.join(', ')}`);
  if (p.notices.length > 0) lines.push(`Notices: ${p.notices.map(noticeText).join(', ')}`);
  if (p.deleted) lines.push(`${noticeLabel('withdrawn')}.`);
  for (const h of p.history) lines.push(`Revised ${h.at.slice(0, 10)}: ${h.changes.join('; ')}`);
  if (p.abstract) lines.push('', p.abstract);
  return lines.join('\n');
}
