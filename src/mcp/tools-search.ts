/**
 * The MCP tools that find papers: `search`, `get_paper`, `evidence_map`. Each has a zod input schema and a
 * description written for a model, answers from the library API only, and returns bounded output.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { Library, SearchOptions } from '../index.js';
import { DESIGN_LABELS, DESIGNS, THEMES } from '../evidence/types.js';
import { evidenceMap } from '../evidence/summary.js';
import type { Article } from '../types.js';
import { answer, guarded, toolError } from './result.js';
import { hitLine, paperText, toolHit, toolPaper } from './shape.js';

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
/** Most hits an evidence map counts for a query. */
const SEARCH_CEILING = 1000;

/** Filters shared by `search` and `evidence_map`. */
export const filterShape = {
  topic: z.string().min(1).max(100).optional().describe('Only papers of this library topic, e.g. "mitragynine" or "7-hydroxymitragynine"'),
  design: z.enum(DESIGNS).optional().describe('Only papers of this study design'),
  theme: z.enum(THEMES).optional().describe('Only papers about this theme'),
  since: z.string().regex(DATE, 'YYYY, YYYY-MM or YYYY-MM-DD').optional().describe('Published on or after (YYYY, YYYY-MM or YYYY-MM-DD)'),
  until: z.string().regex(DATE, 'YYYY, YYYY-MM or YYYY-MM-DD').optional().describe('Published on or before (same forms)'),
  retracted: z.boolean().optional().describe('true: only retracted papers; false: leave retracted papers out'),
};

type Filters = { topic?: string | undefined; design?: string | undefined; theme?: string | undefined; since?: string | undefined; until?: string | undefined; retracted?: boolean | undefined };

/** Library search options from tool filters (the library applies design and theme like every other filter). */
function searchOptions(f: Filters, limit: number, offset = 0): SearchOptions {
  const o: SearchOptions = { limit, offset, highlight: { pre: '**', post: '**' } };
  if (f.topic !== undefined) o.topic = f.topic;
  if (f.since !== undefined) o.since = f.since;
  if (f.until !== undefined) o.until = f.until;
  if (f.retracted !== undefined) o.retracted = f.retracted;
  if (f.design !== undefined) o.design = f.design;
  if (f.theme !== undefined) o.theme = f.theme;
  return o;
}

/** Hits for a query with every filter applied, and their records (for badges and designs). */
function filteredHits(lib: Library, query: string, f: Filters, limit: number, offset: number) {
  const hits = lib.search(query, searchOptions(f, limit, offset));
  const records = new Map(lib.getMany(hits.map((h) => h.pmid)).map((a) => [a.pmid, a]));
  return hits.map((h) => toolHit(h, records.get(h.pmid)));
}

/** Registers `search`, `get_paper` and `evidence_map`. */
export function registerSearchTools(server: McpServer, lib: Library): void {
  registerSearch(server, lib);
  registerGetPaper(server, lib);
  registerEvidenceMap(server, lib);
}

function registerSearch(server: McpServer, lib: Library): void {
  server.registerTool('search', {
    title: 'Search the kratom alkaloid library',
    description: 'Search this curated, complete library of PubMed papers on mitragynine and 7-hydroxymitragynine (not all of PubMed). ' +
      'Query syntax: words (all must match), "quoted phrases", -exclusions, OR, prefix*, and field filters like year:2020.., type:review, topic:NAME. ' +
      'Returns ranked hits with PMID, title, year, journal, study design, badges and a snippet; call get_paper with a PMID for the full record.',
    inputSchema: {
      query: z.string().min(1).max(500).describe('Search words, e.g. "withdrawal buprenorphine" or "liver injury"'),
      ...filterShape,
      limit: z.number().int().min(1).max(50).default(10).describe('Hits to return (1-50, default 10)'),
      offset: z.number().int().min(0).max(950).default(0).describe('Hits to skip, for the next page'),
    },
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, guarded('search', (a) => {
    const hits = filteredHits(lib, a.query, a, a.limit, a.offset);
    const text = hits.length === 0 ? `No papers match "${a.query}" with these filters.` : hits.map(hitLine).join('\n');
    return answer({ query: a.query, count: hits.length, offset: a.offset, hits, changeSeq: lib.changeSeq() }, text);
  }));
}

function registerGetPaper(server: McpServer, lib: Library): void {
  server.registerTool('get_paper', {
    title: 'One paper by PMID',
    description: 'The full record of one paper in the library by PubMed ID: authors, journal, abstract (long ones cut unless full_abstract is true), ' +
      'publication types, MeSH, study design and themes, retraction/erratum/concern notices, and what changed in its revisions.',
    inputSchema: {
      pmid: z.string().regex(/^\d{1,9}$/, 'a PubMed ID is 1 to 9 digits').describe('PubMed ID, e.g. "31234567"'),
      full_abstract: z.boolean().default(false).describe('Return the whole abstract instead of the first 1,500 characters'),
    },
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, guarded('get_paper', (a) => {
    const pmid = a.pmid.replace(/^0+(?=\d)/, '');
    const article = lib.get(pmid);
    if (!article) return toolError('get_paper', `PMID ${pmid} is not in the library (it is not about mitragynine or 7-hydroxymitragynine, or not ingested yet)`);
    const paper = toolPaper(article, lib.history(pmid), a.full_abstract);
    return answer({ paper }, paperText(paper));
  }));
}

function registerEvidenceMap(server: McpServer, lib: Library): void {
  server.registerTool('evidence_map', {
    title: 'Evidence map: study design x theme',
    description: 'Counts of papers by study design (rows) and theme (columns), optionally for a query and filters: ' +
      'use it to see where the evidence is (e.g. how many human trials on dependence) before searching.',
    inputSchema: {
      query: z.string().min(1).max(500).optional().describe('Only papers matching this search (default: the whole library)'),
      topic: filterShape.topic,
      since: filterShape.since,
      until: filterShape.until,
      retracted: filterShape.retracted,
    },
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, guarded('evidence_map', (a) => {
    const map = evidenceMap(papersFor(lib, a), { since: null, topic: a.topic ?? null });
    const rows = DESIGNS.filter((d) => map.byDesign[d] > 0)
      .map((d) => `${DESIGN_LABELS[d]} (${map.byDesign[d]}): ${THEMES.filter((t) => map.matrix[d][t] > 0).map((t) => `${t} ${map.matrix[d][t]}`).join(', ') || 'no theme'}`);
    return answer({ ...map }, [`${map.total} papers by study design (rows) and theme.`, ...rows].join('\n'));
  }));
}

/** The papers an evidence map counts: a query's hits (all of them) or every live record, filtered. */
function papersFor(lib: Library, a: { query?: string | undefined } & Filters): Iterable<Article> {
  if (a.query !== undefined) return lib.getMany(lib.search(a.query, searchOptions(a, SEARCH_CEILING)).map((h) => h.pmid));
  lib.checkFilters(searchOptions(a, SEARCH_CEILING)); // an unconfigured topic is an error, not "0 papers"
  return filterAll(lib.all(), a);
}

function* filterAll(all: Iterable<Article>, f: Filters): Iterable<Article> {
  const topic = f.topic?.toLowerCase();
  for (const a of all) {
    if (topic !== undefined && !a.topics.some((t) => t.toLowerCase() === topic)) continue;
    if (f.retracted !== undefined && a.retracted !== f.retracted) continue;
    const year = a.pubDate.year === null ? null : String(a.pubDate.year);
    if (f.since !== undefined && (year === null || year < f.since.slice(0, 4))) continue;
    if (f.until !== undefined && (year === null || year > f.until.slice(0, 4))) continue;
    yield a;
  }
}
