/** The evidence map of a query counts every hit, not the first page of a capped search (1,000). */
import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertParsed } from '../../src/store/articles.js';
import { openStore } from '../../src/store/open.js';
import { type McpSession, mcpSession } from './in-memory.js';
import { makeArticle, tempDir } from '../search/helpers.js';

const N = 1_300;
let session: McpSession | undefined;

beforeAll(async () => {
  const db = join(tempDir('kl-mcp-ev-many-'), 'lib.sqlite');
  const store = openStore(db);
  // Every record matches "kratom"; a third are from 2024 on.
  const records = Array.from({ length: N }, (_, i) => {
    const year = 2010 + (i % 15);
    return makeArticle(String(62_000_001 + i), { title: `Kratom record ${i}`, abstract: 'Kratom was studied.', pubDate: { year, month: 6, day: 1, season: null, raw: `${year} Jun 1` } });
  });
  upsertParsed(store, records.map((a) => ({ article: a, raw: '' })), { source: 'import', now: new Date('2026-11-20T10:00:00Z'), topics: ['mitragynine'] });
  store.close();
  session = await mcpSession({ db });
}, 120_000);

afterAll(async () => {
  await session?.close();
});

const total = async (args: Record<string, unknown>) => {
  const r = (await session?.client.callTool({ name: 'evidence_map', arguments: args })) as CallToolResult;
  expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
  return (r.structuredContent as { total: number }).total;
};

describe('evidence_map over more hits than a search page holds', () => {
  it('counts every hit of a query, with and without years, as the map of the whole library does', async () => {
    const from2024 = Array.from({ length: N }, (_, i) => 2010 + (i % 15)).filter((y) => y >= 2024).length;
    expect(await total({ query: 'kratom' })).toBe(N);
    expect(await total({})).toBe(N);
    expect(await total({ query: 'kratom', since: '2024' })).toBe(from2024);
    expect(await total({ since: '2024' })).toBe(from2024);
  });

  it('names an unconfigured topic as a search does', async () => {
    const r = (await session?.client.callTool({ name: 'evidence_map', arguments: { query: 'kratom', topic: 'astrology' } })) as CallToolResult;
    expect(r.isError).toBe(true);
    expect((r.content as Array<{ text: string }>)[0]?.text).toMatch(/^evidence_map: search: topic "astrology" is not a configured topic/);
  });
});
