/**
 * A model must never take one page for every match: `search` and a query `export` say how many papers
 * match in all and where the next page starts, and a page past the end says so instead of "no papers
 * match". Also the small contract points of the tool inputs and the digest resource: unknown arguments
 * are refused by name, evidence ids are read in any case, an impossible week is invalid params.
 * An in-process server over 35 matching records, called through the SDK client (in memory).
 */
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOverrides } from '../../src/evidence/overrides.js';
import { upsertParsed } from '../../src/store/articles.js';
import { openStore } from '../../src/store/open.js';
import { type McpSession, mcpSession } from './in-memory.js';
import { makeArticle, tempDir } from '../search/helpers.js';

const N = 35;
let session: McpSession | undefined;
let client: Client;

beforeAll(async () => {
  const dir = tempDir('kl-mcp-paging-');
  const store = openStore(join(dir, 'lib.sqlite'));
  const records = Array.from({ length: N }, (_, i) => makeArticle(String(71_000_001 + i), { title: `Kratom record ${i}`, abstract: 'Kratom was studied.' }));
  const decided = parseOverrides(JSON.stringify({ '71000001': { design: 'rct', themes: ['pain'] } }), 'test-overrides.json');
  upsertParsed(store, records.map((a) => ({ article: a, raw: '' })), { source: 'import', now: new Date('2026-11-20T10:00:00Z'), evidenceOverrides: decided });
  store.close();
  session = await mcpSession({ db: join(dir, 'lib.sqlite'), digestDir: join(dir, 'digests'), config: false });
  ({ client } = session);
});

afterAll(async () => {
  await session?.close();
});

const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallToolResult;
const texts = (r: CallToolResult) => r.content.map((c) => (c as { text: string }).text);
const lastLine = (r: CallToolResult) => texts(r)[0]?.split('\n').at(-1);

describe('MCP search pages', () => {
  it('gives the total and says where the next page starts', async () => {
    const r = await call('search', { query: 'kratom', limit: 3 });
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toMatchObject({ total: N, count: 3, offset: 0, nextOffset: 3 });
    expect(texts(r)[0]?.split('\n')).toHaveLength(4);
    expect(lastLine(r)).toBe(`Hits 1-3 of ${N}; offset 3 for the next.`);
    const last = await call('search', { query: 'kratom', limit: 10, offset: 30 });
    expect(last.structuredContent).toMatchObject({ total: N, count: 5, offset: 30, nextOffset: null });
    expect(lastLine(last)).toBe(`Hits 31-35 of ${N}.`);
  });

  it('says a page past the end is past the end, not that nothing matches', async () => {
    const r = await call('search', { query: 'kratom', offset: 40 });
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toMatchObject({ total: N, count: 0, hits: [], nextOffset: null });
    expect(texts(r)).toEqual([`Offset 40 is past the end: ${N} papers match "kratom" (offsets 0 to 34; the last page of 10 starts at offset 30).`]);
    expect(texts(await call('search', { query: 'nothingmatchesthis' }))).toEqual(['No papers match "nothingmatchesthis".']);
  });
});

describe('MCP export of a query', () => {
  it('says when it holds only part of the matches, how many match, and how to get the rest', async () => {
    const r = await call('export', { query: 'kratom', limit: 3 });
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toMatchObject({ count: 3, matched: N, offset: 0, nextOffset: 3, leftOut: [] });
    expect(texts(r)[1]).toBe(`Partial export: papers 1-3 of the ${N} matching "kratom". Call export again with offset 3 for the next ones (limit at most 200), or run \`kratomlit export "kratom"\` for all of them in one file.`);
    const rest = await call('export', { query: 'kratom', limit: 200, offset: 3 });
    expect(rest.structuredContent).toMatchObject({ count: N - 3, matched: N, nextOffset: null });
    const seen = [...((r.structuredContent as { pmids: string[] }).pmids), ...((rest.structuredContent as { pmids: string[] }).pmids)];
    expect(new Set(seen).size).toBe(N);
  });

  it('says a part past the end is past the end, and refuses an offset with pmids', async () => {
    const r = await call('export', { query: 'kratom', offset: 40 });
    expect(r.structuredContent).toMatchObject({ count: 0, matched: N, nextOffset: null });
    expect(texts(r)).toEqual(['No papers to export.', `Offset 40 is past the end: ${N} papers match "kratom" (offsets 0 to 34).`]);
    const refused = await call('export', { pmids: ['71000001'], offset: 1 });
    expect([refused.isError, texts(refused)]).toEqual([true, ['export: offset pages through the hits of a query; with pmids, give the PMIDs to export']]);
  });

  it('adds no note when the export holds every match', async () => {
    const r = await call('export', { query: 'kratom', limit: 200 });
    expect(r.structuredContent).toMatchObject({ count: N, matched: N, nextOffset: null });
    expect(texts(r)).toHaveLength(1);
  });
});

describe('MCP tool inputs', () => {
  it('refuses an argument the tool does not take, naming it and the ones it takes', async () => {
    const r = await call('search', { query: 'kratom', bogus: 1 });
    expect(r.isError).toBe(true);
    expect(texts(r)[0]).toBe('MCP error -32602: Input validation error: Invalid arguments for tool search: unknown argument "bogus" (search takes query, topic, design, theme, since, until, retracted, sort, limit, offset)');
    for (const [tool, args] of [['status', { bogus: 1 }], ['get_paper', { pmid: '71000001', bogus: 1 }], ['export', { query: 'kratom', bogus: 1 }], ['digest', { bogus: 1 }], ['evidence_map', { bogus: 1 }]] as const) {
      const refused = await call(tool, args);
      expect([tool, refused.isError, texts(refused)[0]]).toEqual([tool, true, expect.stringContaining('unknown argument "bogus"')]);
    }
    const { tools } = await client.listTools();
    for (const t of tools) expect([t.name, t.inputSchema.additionalProperties]).toEqual([t.name, false]);
  });

  it('reads a design or theme id in any case, as the CLI and the web do', async () => {
    for (const design of ['RCT', 'Rct', ' rct ']) {
      const r = await call('search', { query: 'kratom', design, theme: 'PAIN' });
      expect([design, r.isError ?? false, (r.structuredContent as { hits: Array<{ pmid: string }> } | undefined)?.hits.map((h) => h.pmid)]).toEqual([design, false, ['71000001']]);
    }
    expect((await call('search', { query: 'kratom', design: 'trial' })).isError).toBe(true);
  });
});

describe('MCP digest resource', () => {
  it('answers an impossible week with invalid params (-32602) and the reason, not an internal error', async () => {
    // The whole message, so the code reads once (not "MCP error -32602: MCP error -32602: ...").
    await expect(client.readResource({ uri: 'kratomlit://digest/2026-W99' })).rejects.toThrow(/^MCP error -32602: digest: week "2026-W99" does not exist/);
    await expect(client.readResource({ uri: 'kratomlit://digest/2026-W10' })).rejects.toMatchObject({ code: -32602, message: 'MCP error -32602: digest: no digest stored for 2026-W10 (stored: none)' });
  });
});
