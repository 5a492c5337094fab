/**
 * MCP `export` in pubmed-xml: the document once (as the text, not also as structured content), pages of at
 * most PUBMED_XML_MAX records, and a record without kept XML named in `noXml` while the others are written
 * (as `kratomlit export --format pubmed-xml` does), not a failed call.
 */
import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBMED_XML_MAX } from '../../src/mcp/tools-library.js';
import { upsertParsed } from '../../src/store/articles.js';
import { openStore } from '../../src/store/open.js';
import { type McpSession, mcpSession } from './in-memory.js';
import { makeArticle, tempDir } from '../search/helpers.js';

let session: McpSession;
const pmids = Array.from({ length: 25 }, (_, i) => String(101 + i));

beforeAll(async () => {
  const db = join(tempDir('kl-mcp-xml-'), 'lib.sqlite');
  const store = openStore(db);
  const records = pmids.map((p) => makeArticle(p, { title: `Mitragynine alkaloid batch ${p}` }));
  upsertParsed(store, records.map((a) => ({ article: a, raw: `<PubmedArticle><PMID>${a.pmid}</PMID></PubmedArticle>` })), { source: 'import', now: new Date('2026-11-20T10:00:00Z') });
  // Stored by an older build, which kept no raw XML.
  store.prepare("UPDATE articles SET raw_xml = NULL WHERE pmid IN ('102', '104')").run();
  store.close();
  session = await mcpSession({ db, config: false });
});

afterAll(async () => {
  await session?.close();
});

const texts = (r: CallToolResult) => r.content.map((c) => (c as { text: string }).text);
const written = (xml: string) => [...xml.matchAll(/<PMID>(\d+)<\/PMID>/g)].map((m) => m[1]);

describe('MCP export in pubmed-xml', () => {
  it('writes the records with XML, names the ones without in noXml and a note, and gives the document once', async () => {
    const r = await session.call('export', { pmids: ['101', '102', '103', '104'], format: 'pubmed-xml' });
    expect(r.isError).toBeFalsy();
    const s = r.structuredContent as Record<string, unknown>;
    expect(s).toEqual({ format: 'pubmed-xml', count: 2, pmids: ['101', '103'], leftOut: [], noXml: ['102', '104'] });
    const [xml, note] = texts(r);
    expect(written(xml ?? '')).toEqual(['101', '103']);
    expect(xml).toMatch(/<\/PubmedArticleSet>\n$/);
    expect(note).toBe(`Left out: 2 records have no kept PubMed XML and were left out (PMID 102, 104); the library has only their normalized record: fetch them from PubMed (efetch -db pubmed -format xml -id PMID,...).`);
  });

  it('fails only when no selected record has kept XML, naming them', async () => {
    const r = await session.call('export', { pmids: ['104', '102'], format: 'pubmed-xml' });
    expect(r.isError).toBe(true);
    expect(texts(r)[0]).toMatch(/^export: 2 records have no kept PubMed XML and were left out \(PMID 104, 102\)/);
  });

  it(`exports a query's hits ${PUBMED_XML_MAX} at a time, with nextOffset to the rest`, async () => {
    const first = await session.call('export', { query: 'mitragynine', format: 'pubmed-xml', limit: 200 });
    const s = first.structuredContent as { matched: number; nextOffset: number | null; pmids: string[]; noXml: string[] };
    expect([s.matched, s.nextOffset, s.pmids.length + s.noXml.length]).toEqual([25, PUBMED_XML_MAX, PUBMED_XML_MAX]);
    expect(texts(first).at(-1)).toContain(`Call export again with offset ${PUBMED_XML_MAX} for the next ones (limit at most ${PUBMED_XML_MAX})`);
    const rest = await session.call('export', { query: 'mitragynine', format: 'pubmed-xml', offset: s.nextOffset });
    const t = rest.structuredContent as { nextOffset: number | null; pmids: string[]; noXml: string[] };
    expect(t.nextOffset).toBeNull();
    expect([...s.pmids, ...s.noXml, ...t.pmids, ...t.noXml].sort()).toEqual(pmids);
    // Other formats keep their own cap.
    expect((await session.call('export', { query: 'mitragynine', limit: 200 })).structuredContent).toMatchObject({ count: 25, nextOffset: null });
  });

  it(`refuses more than ${PUBMED_XML_MAX} pmids in one pubmed-xml call, in one line`, async () => {
    const r = await session.call('export', { pmids, format: 'pubmed-xml' });
    expect([r.isError, texts(r)]).toEqual([true, [`export: pubmed-xml takes at most ${PUBMED_XML_MAX} pmids per call (got 25): call it again for the rest`]]);
  });
});
