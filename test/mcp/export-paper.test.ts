/**
 * `export` and `get_paper` answer as the CLI's `export` and `show` do for the same request: a record PubMed
 * deleted is left out of an export (and the caller is told), a record without authors reads cleanly, a
 * PMID is read by the CLI's rule, and a call whose arguments are not an object gets one line. An in-process
 * server over a small library, called through the SDK client (in memory).
 */
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { type CallToolResult, CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Library } from '../../src/index.js';
import { applyDeletions, upsertParsed } from '../../src/store/articles.js';
import { openStore } from '../../src/store/open.js';
import { type McpSession, mcpSession } from './in-memory.js';
import { makeArticle, person, tempDir } from '../search/helpers.js';

let session: McpSession | undefined;
let lib: Library;
let client: Client;

beforeAll(async () => {
  const db = join(tempDir('kl-mcp-export-'), 'lib.sqlite');
  const store = openStore(db);
  const records = [
    makeArticle('11', { title: 'Kratom use in adults', authors: [person('Smith', 'J'), person('Rahman', 'A')] }),
    makeArticle('12', { title: 'Kratom liver study', retracted: true, publicationTypes: ['Journal Article', 'Retracted Publication'] }),
    makeArticle('13', { title: 'Kratom product labels' }),
    makeArticle('14', { title: 'Retraction notice to "Kratom liver study".', authors: [] }),
  ];
  const now = new Date('2026-11-20T10:00:00Z');
  upsertParsed(store, records.map((a) => ({ article: a, raw: `<PubmedArticle><PMID>${a.pmid}</PMID></PubmedArticle>` })), { source: 'import', now });
  applyDeletions(store, [{ pmid: '13', version: null }], { now, source: 'ingest' });
  store.close();
  session = await mcpSession({ db, config: false });
  ({ lib, client } = session);
});

afterAll(async () => {
  await session?.close();
});

const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallToolResult;
const texts = (r: CallToolResult) => r.content.map((c) => (c as { text: string }).text);

describe('MCP export answers as the CLI export does', () => {
  it('leaves a record PubMed deleted out, keeps the retraction note, and says which PMID was left out and why', async () => {
    const r = await call('export', { pmids: ['11', '13', '12'], format: 'ris' });
    expect(r.isError).toBeFalsy();
    const s = r.structuredContent as { pmids: string[]; count: number; leftOut: unknown[]; citations: string };
    expect([s.pmids, s.count, s.leftOut]).toEqual([['11', '12'], 2, [{ pmid: '13', reason: 'deleted', deletedAt: '2026-11-20T10:00:00.000Z' }]]);
    // The CLI's `export pmid:13` selects nothing; its citations are those of the live records only.
    expect(lib.select({ query: 'pmid:13' })).toEqual([]);
    expect(s.citations).toBe(lib.export(lib.select({ query: 'pmid:11 OR pmid:12' }).sort((x, y) => Number(x.pmid) - Number(y.pmid)), 'ris'));
    expect(s.citations).toContain('N1  - RETRACTED PUBLICATION');
    expect(s.citations).not.toContain('AN  - 13');
    expect(texts(r)).toEqual([s.citations, 'Left out: PMID 13 was withdrawn from PubMed (deleted on 2026-11-20).']);
  });

  it('exports the records\' PubMed XML as kept, leaving the deleted one out as the other formats do', async () => {
    const r = await call('export', { pmids: ['12', '13', '11'], format: 'pubmed-xml' });
    expect(r.isError).toBeFalsy();
    const s = r.structuredContent as { format: string; pmids: string[]; citations?: string };
    expect([s.format, s.pmids, s.citations]).toEqual(['pubmed-xml', ['12', '11'], undefined]);
    const xml = texts(r)[0] ?? '';
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-\/\/NLM\/\/DTD PubMedArticle/);
    expect(xml.endsWith('<PubmedArticleSet>\n<PubmedArticle><PMID>12</PMID></PubmedArticle>\n<PubmedArticle><PMID>11</PMID></PubmedArticle>\n</PubmedArticleSet>\n')).toBe(true);
    expect(texts(r)[1]).toMatch(/^Left out: PMID 13 was withdrawn from PubMed/);
    // The library's "these records" form writes a deleted record given by PMID as PubMed's DeleteCitation,
    // never as its last live version (which an import would store as live).
    const v = lib.get('13')?.version;
    expect(lib.export(['11', '13'], 'pubmed-xml').endsWith(`<PubmedArticleSet>\n<PubmedArticle><PMID>11</PMID></PubmedArticle>\n<DeleteCitation><PMID Version="${v}">13</PMID></DeleteCitation>\n</PubmedArticleSet>\n`)).toBe(true);
    expect(lib.pubmedXml(['11', '13'])).toMatchObject({ pmids: ['11'], deleted: ['13'] });
  });

  it('names every left-out PMID when nothing is left to export', async () => {
    const r = await call('export', { pmids: ['13', '424242'] });
    expect([r.isError, texts(r)]).toEqual([true, ['export: PMID 13 was withdrawn from PubMed (deleted on 2026-11-20); PMID 424242 is not in the library']]);
  });

  it('says why a PMID lookup by query found nothing, in search and in export, as the CLI and the web do', async () => {
    const search = await call('search', { query: 'pmid:13 pmid:0424242' });
    expect(search.isError).toBeFalsy();
    expect((search.structuredContent as { total: number; leftOut: unknown[] }).leftOut).toEqual([
      { pmid: '13', reason: 'deleted', deletedAt: '2026-11-20T10:00:00.000Z' }, { pmid: '424242', reason: 'not-stored' },
    ]);
    expect(texts(search)[0]).toBe('No papers match "pmid:13 pmid:0424242": PMID 13 was withdrawn from PubMed (deleted on 2026-11-20); PMID 424242 is not in the library.');
    // Beside what it found, the PMIDs that found nothing.
    const some = await call('search', { query: 'pmid:11 pmid:0424242' });
    expect((some.structuredContent as { total: number; leftOut: unknown[] })).toMatchObject({ total: 1, leftOut: [{ pmid: '424242', reason: 'not-stored' }] });
    expect((texts(some)[0] ?? '').split('\n').slice(-2)).toEqual(['Hits 1-1 of 1.', '1 looked-up PMID found nothing: PMID 424242 is not in the library.']);
    expect((await call('search', { query: 'pmid:11' })).structuredContent).not.toHaveProperty('leftOut');
    const exported = await call('export', { query: 'pmid:13' });
    expect([exported.isError, texts(exported)]).toEqual([true, ['export: PMID 13 was withdrawn from PubMed (deleted on 2026-11-20)']]);
    // A query with words is not a lookup: its empty answer is about the words.
    expect(texts(await call('search', { query: 'pmid:13 kratom' }))[0]).toBe('No papers match "pmid:13 kratom".');
  });

  it('reads PMIDs by the CLI rule: leading zeros dropped, zero refused', async () => {
    const r = await call('export', { pmids: ['0011'] });
    expect((r.structuredContent as { pmids: string[] }).pmids).toEqual(['11']);
    const zero = await call('export', { pmids: ['11', '0'] });
    expect([zero.isError, texts(zero)]).toEqual([true, ['export: pmids: not a PMID: "0" (a PubMed id is 1 to 9 digits, not starting with 0)']]);
  });
});

describe('MCP get_paper', () => {
  it('calls a record PubMed deleted "Withdrawn from PubMed", as the digest, the web and show do', async () => {
    const lines = texts(await call('get_paper', { pmid: '13' }))[0]?.split('\n') ?? [];
    expect(lines).toContain('Withdrawn from PubMed.');
    expect(lines.join('\n')).not.toMatch(/deleted/i);
  });

  it('starts the source line of a record without authors with its journal', async () => {
    const [first, second] = texts(await call('get_paper', { pmid: '14' }))[0]?.split('\n') ?? [];
    expect([first, second]).toEqual(['14: Retraction notice to "Kratom liver study".', 'Journal of Tests 2015. doi:10.1000/14']);
    expect(texts(await call('get_paper', { pmid: '11' }))[0]?.split('\n')[1]).toBe('Smith J, Rahman A. Journal of Tests 2015. doi:10.1000/11');
  });

  it('reads a PMID by the rule of kratomlit show: zero refused, leading zeros dropped', async () => {
    for (const pmid of ['0', '000', '12ab']) {
      const r = await call('get_paper', { pmid });
      expect([r.isError, texts(r)]).toEqual([true, [`get_paper: not a PMID: ${JSON.stringify(pmid)} (a PubMed id is 1 to 9 digits, not starting with 0)`]]);
    }
    expect(((await call('get_paper', { pmid: '0011' })).structuredContent as { paper: { pmid: string } }).paper.pmid).toBe('11');
  });
});

describe('a tool call whose arguments are not an object', () => {
  it('is refused in one line naming the tool and the arguments', async () => {
    for (const [args, kind] of [['x', 'a string ("x")'], [['11'], 'an array'], [null, 'null'], [7, 'a number (7)']] as const) {
      const sent = client.request({ method: 'tools/call', params: { name: 'get_paper', arguments: args as never } }, CallToolResultSchema);
      await expect(sent).rejects.toThrow(`MCP error -32602: tools/call get_paper: arguments must be an object of named arguments (e.g. {"pmid": "31234567"}), got ${kind}`);
    }
    // The session goes on: the next call is answered.
    expect((await call('get_paper', { pmid: '11' })).isError).toBeFalsy();
  });
});
