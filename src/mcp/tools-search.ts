/**
 * The MCP tools that find papers: `search`, `get_paper`, `evidence_map`. Each has a zod input schema and a
 * description written for a model, answers from the library API only, and returns bounded output.
 */
import { plural } from '../digest/render-common.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { Library, SearchOptions } from '../index.js';
import { describeLeftOut, lookupGapsLine } from '../library/left-out.js';
import { DESIGN_LABELS, DESIGNS, THEMES } from '../evidence/types.js';
import { evidenceMapOf, paperYear, retractedCounted } from '../evidence/summary.js';
import { PMID_RULE, parsePmidInput } from '../pmid.js';
import type { Article } from '../types.js';
import { designId, queryText, themeId, toolInput } from './input.js';
import { answer, guarded, pastTheEnd, toolError } from './result.js';
import { gapNotes, knownGaps } from './known-gaps.js';
import { hitLine, paperText, toolHit, toolPaper } from './shape.js';

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
/** The evidence map counts papers by publication year (the library's evidence() and the CLI's --since take a year). */
const YEAR = /^\d{4}$/;
const YEAR_ONLY = 'a year YYYY, e.g. "2020" (the evidence map counts papers by publication year, as kratomlit evidence --since does)';

/** Filters shared by `search` and `evidence_map`. */
export const filterShape = {
  topic: z.string().min(1).max(100).optional().describe('Only papers of this library topic, e.g. "mitragynine" or "7-hydroxymitragynine"'),
  design: designId.optional().describe('Only papers of this study design (an id in any case, e.g. "rct" or "RCT")'),
  theme: themeId.optional().describe('Only papers about this theme (an id in any case)'),
  since: z.string().regex(DATE, 'YYYY, YYYY-MM or YYYY-MM-DD').optional().describe('Published on or after (YYYY, YYYY-MM or YYYY-MM-DD)'),
  until: z.string().regex(DATE, 'YYYY, YYYY-MM or YYYY-MM-DD').optional().describe('Published on or before (same forms)'),
  retracted: z.boolean().optional().describe('true: only retracted papers; false: leave retracted papers out'),
};

type Filters = { topic?: string | undefined; design?: string | undefined; theme?: string | undefined; since?: string | undefined; until?: string | undefined; retracted?: boolean | undefined };

/** The order of `search`'s hits: relevance, or publication date newest first (as `kratomlit search --sort`). */
const SORTS = ['relevance', 'date'] as const;
type Sort = (typeof SORTS)[number];

/** Library search options from tool filters (the library applies design and theme like every other filter). */
function searchOptions(f: Filters, limit: number, offset = 0, sort: Sort = 'relevance'): SearchOptions {
  const o: SearchOptions = { limit, offset, sort, highlight: { pre: '**', post: '**' } };
  if (f.topic !== undefined) o.topic = f.topic;
  if (f.since !== undefined) o.since = f.since;
  if (f.until !== undefined) o.until = f.until;
  if (f.retracted !== undefined) o.retracted = f.retracted;
  if (f.design !== undefined) o.design = f.design;
  if (f.theme !== undefined) o.theme = f.theme;
  return o;
}

/**
 * One page of hits for a query with every filter applied, their records (for badges and designs), and how
 * many papers match in all: the library's searchPage, as the web's result pages read it.
 */
function filteredPage(lib: Library, query: string, f: Filters, limit: number, offset: number, sort: Sort) {
  const page = lib.searchPage(query, searchOptions(f, limit, offset, sort));
  const records = new Map(lib.getMany(page.hits.map((h) => h.pmid)).map((a) => [a.pmid, a]));
  return { total: page.total, hits: page.hits.map((h) => toolHit(h, records.get(h.pmid))) };
}

/**
 * The line after a page's hits saying where it sits in the whole result set, so a model never takes one
 * page for every match: `Hits 1-3 of 35; offset 3 for the next.`, or past the end how far the hits go.
 */
function pageNote(query: string, scope: string, total: number, shown: number, offset: number, limit: number): string {
  if (total === 0) return `No papers match ${JSON.stringify(query)}${scope}.`;
  if (shown === 0) {
    const last = Math.floor((total - 1) / limit) * limit;
    return pastTheEnd(query, total, offset, `${scope} (offsets 0 to ${total - 1}; the last page of ${limit} starts at offset ${last})`);
  }
  const to = offset + shown;
  if (to >= total) return `Hits ${offset + 1}-${to} of ${total}.`;
  return `Hits ${offset + 1}-${to} of ${total}; offset ${to} for the next.`;
}

/** The filters a `search` applied, every one named (null when not given), so an answer stands on its own. */
interface AppliedFilters {
  topic: string | null;
  design: string | null;
  theme: string | null;
  since: string | null;
  until: string | null;
  retracted: boolean | null;
}

function appliedFilters(f: Filters): AppliedFilters {
  return { topic: f.topic ?? null, design: f.design ?? null, theme: f.theme ?? null, since: f.since ?? null, until: f.until ?? null, retracted: f.retracted ?? null };
}

/**
 * The filters an answer applied, in words (`query "x"`, `topic t`, `design rct`, `published 2020 to 2024`,
 * `retracted left out`), in one order for every tool: what `search` and `evidence_map` say they counted.
 */
function filterParts(f: { query?: string | null; topic: string | null; design?: string | null; theme?: string | null; since: string | number | null; until: string | number | null; retracted: boolean | null }): string[] {
  const dates = f.since !== null && f.until !== null ? `${f.since} to ${f.until}` : f.since !== null ? `${f.since} or later` : f.until !== null ? `${f.until} or earlier` : null;
  return [
    f.query != null ? `query ${JSON.stringify(f.query)}` : null,
    f.topic !== null ? `topic ${f.topic}` : null,
    f.design != null ? `design ${f.design}` : null,
    f.theme != null ? `theme ${f.theme}` : null,
    dates !== null ? `published ${dates}` : null,
    f.retracted === null ? null : f.retracted ? 'retracted only' : 'retracted left out',
  ].filter((p): p is string => p !== null);
}

/** ` with design rct, published 2020 or later`: a search's filters in words, or nothing when none was given. */
function filterWords(f: AppliedFilters): string {
  const parts = filterParts(f);
  return parts.length === 0 ? '' : ` with ${parts.join(', ')}`;
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
    description: 'Search this curated library of PubMed papers on mitragynine and 7-hydroxymitragynine (not all of PubMed). ' +
      'Query syntax: words (all must match), "quoted phrases", -exclusions, OR, prefix*, and field filters like year:2020.., type:review, topic:NAME. ' +
      'Sort is not a query field: pass sort "date" for the newest papers first (default "relevance"). ' +
      'Returns ranked hits with PMID, title, publication date, journal, study design, badges and a snippet, and echoes the filters applied; call get_paper with a PMID for the full record. ' +
      'When a topic of the library is not complete against PubMed (papers missing, or not checked lately), the answer says so (completeness).',
    inputSchema: toolInput('search', {
      query: queryText('Search words, e.g. "withdrawal buprenorphine" or "liver injury" (at most 1,000 characters)'),
      ...filterShape,
      sort: z.enum(SORTS).default('relevance').describe('"relevance" (default) or "date": newest publication first, as kratomlit search --sort date'),
      limit: z.number().int().min(1).max(50).default(10).describe('Hits to return (1-50, default 10)'),
      // No upper bound: the library pages through every match (as kratomlit search --offset and the web's
      // pages do), and an offset past the last hit is answered with where the hits end.
      offset: z.number().int().min(0).default(0).describe('Hits to skip, for the next page (0 or more; every match can be reached, nextOffset gives the next page)'),
    }),
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, guarded('search', (a) => {
    const { total, hits } = filteredPage(lib, a.query, a, a.limit, a.offset, a.sort);
    const filters = appliedFilters(a);
    const following = a.offset + hits.length;
    const next = hits.length > 0 && following < total ? following : null;
    // A PMID lookup says why each PMID that found nothing did (withdrawn from PubMed, or not in the
    // library), in place of "no papers match" or beside what it found.
    const leftOut = lib.lookupLeftOut(a.query);
    const note = total === 0 && leftOut.length > 0
      ? `No papers match ${JSON.stringify(a.query)}: ${leftOut.map(describeLeftOut).join('; ')}.`
      : [pageNote(a.query, filterWords(filters), total, hits.length, a.offset, a.limit), ...(leftOut.length > 0 ? [`${lookupGapsLine(leftOut)}.`] : [])].join('\n');
    // Said with every answer, an empty one above all: "no papers match" from a library with known gaps is
    // not "PubMed has none".
    const gaps = knownGaps(lib, a.topic);
    const text = [...hits.map(hitLine), note, ...gapNotes(gaps)].join('\n');
    return answer({ query: a.query, filters, sort: a.sort, total, count: hits.length, offset: a.offset, nextOffset: next, hits, ...(leftOut.length > 0 ? { leftOut } : {}), changeSeq: lib.changeSeq(), completeness: gaps }, text);
  }));
}

function registerGetPaper(server: McpServer, lib: Library): void {
  server.registerTool('get_paper', {
    title: 'One paper by PMID',
    description: 'The full record of one paper in the library by PubMed ID: authors, journal, abstract (long ones cut unless full_abstract is true), ' +
      'publication types, MeSH, study design and themes, retraction/erratum/concern notices, and what changed in its revisions.',
    inputSchema: toolInput('get_paper', {
      pmid: z.string().max(20).describe(`PubMed ID, e.g. "31234567" (${PMID_RULE})`),
      full_abstract: z.boolean().default(false).describe('Return the whole abstract instead of the first 1,500 characters'),
    }),
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, guarded('get_paper', (a) => {
    // The rule `kratomlit show` reads a PMID by: leading zeros dropped, zero itself refused.
    const pmid = parsePmidInput(a.pmid);
    if (pmid === null) return toolError('get_paper', `not a PMID: ${JSON.stringify(a.pmid)} (${PMID_RULE})`);
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
      'use it to see where the evidence is (e.g. how many human trials on dependence) before searching. ' +
      'since and until are publication years, as in kratomlit evidence --since.',
    inputSchema: toolInput('evidence_map', {
      query: queryText('Only papers matching this search (default: the whole library; at most 1,000 characters)').optional(),
      topic: filterShape.topic,
      since: z.string().regex(YEAR, YEAR_ONLY).optional().describe('Published in this year or later (YYYY)'),
      until: z.string().regex(YEAR, YEAR_ONLY).optional().describe('Published in this year or earlier (YYYY)'),
      retracted: filterShape.retracted,
    }),
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, guarded('evidence_map', (a) => {
    const since = a.since === undefined ? null : Number(a.since);
    const until = a.until === undefined ? null : Number(a.until);
    if (since !== null && until !== null && until < since) return toolError('evidence_map', `until ${until} is before since ${since}: no paper can match both`);
    // The filters actually applied, echoed so the caller can see what was counted.
    const filters = { query: a.query ?? null, topic: a.topic ?? null, since, until, retracted: a.retracted ?? null };
    const map = evidenceMapOf(untilYear(papersFor(lib, a), until), { ...(a.topic !== undefined ? { topic: a.topic } : {}), ...(since !== null ? { since } : {}), ...(a.retracted !== undefined ? { retracted: a.retracted } : {}) });
    const rows = DESIGNS.filter((d) => map.byDesign[d] > 0)
      .map((d) => `${DESIGN_LABELS[d]} (${map.byDesign[d]}): ${THEMES.filter((t) => map.matrix[d][t] > 0).map((t) => `${t} ${map.matrix[d][t]}`).join(', ') || 'no theme'}`);
    // Counted with every paper, the map says how many retracted ones it holds, as the CLI and web faces do.
    const head = `${plural(map.total, 'paper', 'papers')} by study design (rows) and theme${scopeOf(filters)}.${a.retracted === undefined ? ` ${retractedCounted(map.retracted, 'retracted: false')}` : ''}`;
    return answer({ ...map, filters }, [head, ...rows].join('\n'));
  }));
}

/** ` (query "x", topic t, published 2020 to 2024, retracted only)`: a map's filters, or nothing without filters. */
function scopeOf(f: { query: string | null; topic: string | null; since: number | null; until: number | null; retracted: boolean | null }): string {
  const parts = filterParts(f);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

/**
 * The papers an evidence map counts: every hit of a query (the library's selection, never capped at a
 * page: a map of the first 1,000 hits undercounted a broad query, more so with years) or every live
 * record. Years are left to the map, which counts by publication year as the library's evidence() does.
 */
function papersFor(lib: Library, a: { query?: string | undefined; topic?: string | undefined; retracted?: boolean | undefined }): Iterable<Article> {
  // Checked as a search names them (an unconfigured topic is an error, not "0 papers").
  lib.checkFilters({ ...(a.topic !== undefined ? { topic: a.topic } : {}), ...(a.retracted !== undefined ? { retracted: a.retracted } : {}) });
  if (a.query !== undefined) {
    return lib.select({ query: a.query, ...(a.topic !== undefined ? { topic: a.topic } : {}), ...(a.retracted !== undefined ? { retracted: a.retracted } : {}) });
  }
  return lib.all();
}

/** The papers published in `until` or before (the map itself applies topic, since and retracted). */
function* untilYear(all: Iterable<Article>, until: number | null): Iterable<Article> {
  for (const a of all) if (until === null || (paperYear(a) ?? Infinity) <= until) yield a;
}
