/**
 * The MCP tools about the library as a whole: `digest` (a stored weekly digest), `export` (citations) and
 * `status` (counts, completeness, last runs). Library API only; outputs bounded.
 */
import { countsLine } from '../digest/render-common.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { TopicCompleteness } from '../completeness.js';
import { parseDigestJson } from '../digest/render-json.js';
import { describeLeftOut, EXPORT_FORMATS, noXmlLine, type Article, type ExportFormat, type Library } from '../index.js';
import { PMID_RULE, parsePmidInput } from '../pmid.js';
import { queryText, toolInput } from './input.js';
import { answer, guarded, pastTheEnd, toolError } from './result.js';

/** Most records one `export` call returns. */
export const EXPORT_MAX = 200;
/** Most records one `export` call returns in pubmed-xml: a record's full XML runs to tens of kilobytes. */
export const PUBMED_XML_MAX = 20;
/** Most new papers a `digest` answer lists in full (the counts always cover all). */
const DIGEST_PAPERS_MAX = 50;

/** Registers `digest`, `export` and `status`. */
export function registerLibraryTools(server: McpServer, lib: Library): void {
  registerDigest(server, lib);
  registerExport(server, lib);
  registerStatus(server, lib);
}

function registerDigest(server: McpServer, lib: Library): void {
  server.registerTool('digest', {
    title: 'Weekly digest',
    description: 'The stored weekly digest of an ISO week (e.g. "2026-W48"): new papers by topic, updated papers with what changed, ' +
      'and retraction/erratum notices. Omit week for the latest stored one.',
    inputSchema: toolInput('digest', { week: z.string().max(20).optional().describe('ISO week YYYY-Www, e.g. "2026-W48"; default: the latest stored digest') }),
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, guarded('digest', async (a) => {
    const weeks = lib.digestWeeks();
    const week = a.week ?? weeks[0];
    if (week === undefined) return toolError('digest', 'no weekly digest has been written yet');
    const text = await lib.readDigest(week, 'json');
    if (text === null) return toolError('digest', `no digest stored for ${week} (stored: ${weeks.slice(0, 5).join(', ') || 'none'})`);
    const doc = parseDigestJson(text, `${week}.json`);
    const cutPapers = doc.newPapers.length > DIGEST_PAPERS_MAX;
    const shown = { ...doc, newPapers: doc.newPapers.slice(0, DIGEST_PAPERS_MAX), newPapersCut: cutPapers ? doc.newPapers.length - DIGEST_PAPERS_MAX : 0 };
    const lines = [
      `${doc.week} (${doc.range.from} to ${doc.range.to}): ${countsLine(doc)}.`,
      ...doc.notices.map((n) => `${n.label}: ${n.paper.pmid} ${n.paper.title}`),
      ...shown.newPapers.map((p) => `New: ${p.pmid} (${p.year ?? 'n.d.'}) ${p.title}${p.badges.length > 0 ? ` [${p.badges.join(', ')}]` : ''}`),
      ...(cutPapers ? [`[... ${shown.newPapersCut} more new papers]`] : []),
      // The title last, as in the notice lines: a title ends with its own period ("volunteers.: MeSH added").
      ...doc.updated.map((u) => `Updated (${u.changes.join('; ')}): ${u.pmid} ${u.title}`),
    ];
    return answer({ digest: shown }, lines.join('\n'));
  }));
}

function registerExport(server: McpServer, lib: Library): void {
  server.registerTool('export', {
    title: 'Export citations',
    description: `Citations of papers in RIS, BibTeX, CSL-JSON or CSV, for a reference manager, or their PubMed XML (pubmed-xml: the records as PubMed wrote them, for kratomlit import or other PubMed tools). Give either pmids or a search query (at most ${EXPORT_MAX} papers per call, ${PUBMED_XML_MAX} in pubmed-xml, whose records are long). ` +
      'With a query, one page of its hits is exported (limit, offset): the answer gives how many papers match in all (matched) and the offset of the next page (nextOffset), ' +
      'and says so in its text when the export holds only part of them. ' +
      'As kratomlit export does, records PubMed deleted are left out; the answer says which requested PMIDs were left out and why (pubmed-xml also names records the library keeps no PubMed XML for, in noXml).',
    inputSchema: toolInput('export', {
      pmids: z.array(z.string().max(20).describe(PMID_RULE)).min(1).max(EXPORT_MAX).optional().describe(`PubMed IDs to export (at most ${PUBMED_XML_MAX} in pubmed-xml)`),
      query: queryText('Export the hits of this search instead (at most 1,000 characters)').optional(),
      format: z.enum(EXPORT_FORMATS).default('ris').describe('ris (default), bibtex, csl-json, csv or pubmed-xml'),
      limit: z.number().int().min(1).max(EXPORT_MAX).default(50).describe(`With query: how many hits (default 50, at most ${EXPORT_MAX}; pubmed-xml takes at most ${PUBMED_XML_MAX})`),
      offset: z.number().int().min(0).default(0).describe('With query: hits to skip, for the next part of a larger result'),
    }),
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, guarded('export', (a) => {
    if ((a.pmids === undefined) === (a.query === undefined)) return toolError('export', 'give either pmids or query (exactly one of them)');
    if (a.query === undefined && a.offset > 0) return toolError('export', 'offset pages through the hits of a query; with pmids, give the PMIDs to export');
    const max = a.format === 'pubmed-xml' ? PUBMED_XML_MAX : EXPORT_MAX;
    if (a.pmids !== undefined && a.pmids.length > max) return toolError('export', `pubmed-xml takes at most ${max} pmids per call (got ${a.pmids.length}): call it again for the rest`);
    const page = a.query === undefined ? null : queryPage(lib, a.query, Math.min(a.limit, max), a.offset);
    // The library's selection, as the CLI's export makes it: live records only (a deleted record is left out).
    const records = lib.select({ pmids: a.pmids ?? page?.pmids ?? [] });
    // Why a requested PMID is missing, asked only for those the selection did not return (usually none).
    const kept = new Set(records.map((r) => r.pmid));
    // A query that only looks up PMIDs (pmid: terms) says the same of the PMIDs it names.
    const leftOut = a.pmids === undefined ? lib.lookupLeftOut(a.query ?? '') : lib.leftOut(a.pmids.filter((p) => !kept.has(parsePmidInput(p) ?? p)));
    const why = leftOut.map(describeLeftOut).join('; ');
    if (records.length === 0 && leftOut.length > 0) return toolError('export', why);
    const out = exported(lib, records, a.format);
    if (records.length > 0 && out.pmids.length === 0) return toolError('export', [why, noXmlLine(out.noXml)].filter((w) => w !== '').join('; '));
    const part = page === null ? null : partNote(a.query as string, page.matched, a.offset, records.length, max);
    const notes = [
      ...(leftOut.length > 0 ? [`Left out: ${why}.`] : []),
      ...(out.noXml.length > 0 ? [`Left out: ${noXmlLine(out.noXml)}.`] : []),
      ...(part !== null ? [part] : []),
    ];
    const next = a.offset + records.length;
    const paging = page === null ? {} : { matched: page.matched, offset: a.offset, nextOffset: next < page.matched && records.length > 0 ? next : null };
    // The XML document is long: it is given once, as the text; citations are short enough to give twice.
    const body = a.format === 'pubmed-xml' ? { noXml: out.noXml } : { citations: out.text };
    return answer({ format: a.format, count: out.pmids.length, ...paging, pmids: out.pmids, leftOut, ...body }, out.text === '' ? 'No papers to export.' : out.text, ...notes);
  }));
}

/**
 * The export of `records` in `format`, the PMIDs it holds, and (pubmed-xml) the records left out for want of
 * kept XML, named as the CLI names them rather than failing the call.
 */
function exported(lib: Library, records: readonly Article[], format: ExportFormat): { text: string; pmids: string[]; noXml: string[] } {
  if (format !== 'pubmed-xml') return { text: lib.export(records, format), pmids: records.map((r) => r.pmid), noXml: [] };
  const x = lib.pubmedXml(records);
  const text = [...x.chunks].join('');
  const missing = new Set(x.noXml);
  return { text, pmids: x.pmids.filter((p) => !missing.has(p)), noXml: x.noXml };
}

/** One page of a query's hits (their PMIDs in rank order) and how many papers the query matches in all. */
function queryPage(lib: Library, query: string, limit: number, offset: number): { pmids: string[]; matched: number } {
  const page = lib.searchPage(query, { limit, offset });
  return { pmids: page.hits.map((h) => h.pmid), matched: page.total };
}

/**
 * What part of a query's matches an export holds, when it is not all of them: a model must never take a
 * cut list for the whole (`kratomlit export QUERY` is never capped; this tool is, at `max` a call).
 */
function partNote(query: string, matched: number, offset: number, count: number, max: number): string | null {
  if (offset === 0 && count >= matched) return null;
  const q = JSON.stringify(query);
  if (count === 0) return pastTheEnd(query, matched, offset, matched > 0 ? ` (offsets 0 to ${matched - 1})` : '');
  const to = offset + count;
  const rest = to < matched ? ` Call export again with offset ${to} for the next ones (limit at most ${max}), or run \`kratomlit export ${q}\` for all of them in one file.` : '';
  return `Partial export: papers ${offset + 1}-${to} of the ${matched} matching ${q}.${rest}`;
}

function registerStatus(server: McpServer, lib: Library): void {
  server.registerTool('status', {
    title: 'Library status',
    description: 'How complete and current the library is: papers per topic (with completeness against PubMed when checked), ' +
      'retractions, the last ingest/digest runs, stored digest weeks, and the store change sequence (it grows after each nightly run).',
    inputSchema: toolInput('status', {}),
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, guarded('status', async () => {
    const report = await statusDocument(lib);
    return answer(report, statusText(report));
  }));
}

/**
 * The report plus the library's completeness: the whole object
 * as `completeness`, and each topic's entry on that topic (null when not reported or not checked yet).
 */
export async function statusDocument(lib: Library) {
  const report = await lib.report();
  const completeness = lib.completeness();
  const topics = report.topics.map((t) => ({ ...t, completeness: completeness[t.name] ?? null }));
  return { ...report, topics, completeness };
}

/**
 * "; complete as of 2026-11-20 03:00 UTC: all 812 records PubMed listed then were stored": the topic's
 * completeness line (what its last check counted, and when) after the papers stored now; else nothing.
 */
function checkNote(name: string, c: TopicCompleteness | null): string {
  return c ? `; ${c.line.startsWith(`${name}: `) ? c.line.slice(name.length + 2) : c.line}` : '';
}

function statusText(r: Awaited<ReturnType<typeof statusDocument>>): string {
  const ingest = r.lastIngest ? `last ingest ${r.lastIngest.endedAt ?? r.lastIngest.startedAt} (${r.lastIngest.status})` : 'no ingest yet';
  return [
    `${r.records.live} papers (${r.records.retracted} retracted, ${r.records.deleted} withdrawn from PubMed); change sequence ${r.changeSeq}; ${ingest}.`,
    ...r.topics.map((t) => `${t.name}: ${t.records} papers stored now${checkNote(t.name, t.completeness)}`),
    `Digests: ${r.digestWeeks.slice(0, 5).join(', ') || 'none yet'}`,
  ].join('\n');
}
