/**
 * MCP `search` pages through every match of a common query, as `kratomlit search --offset` and the web's
 * pages do: the tool once stopped at offset 950 (the first 1,000 hits), so a model could not reach the
 * rest of a broad query's matches and was not told how.
 */
import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertParsed } from '../../src/store/articles.js';
import { openStore } from '../../src/store/open.js';
import { type McpSession, mcpSession } from './in-memory.js';
import { makeArticle, tempDir } from '../search/helpers.js';

const N = 1_060;
let session: McpSession | undefined;

beforeAll(async () => {
  const db = join(tempDir('kl-mcp-deep-'), 'lib.sqlite');
  const store = openStore(db);
  const records = Array.from({ length: N }, (_, i) => makeArticle(String(63_000_001 + i), { title: `Kratom record ${i}`, abstract: 'Kratom was studied.' }));
  upsertParsed(store, records.map((a) => ({ article: a, raw: '' })), { source: 'import', now: new Date('2026-11-20T10:00:00Z') });
  store.close();
  session = await mcpSession({ db, config: false });
}, 120_000);

afterAll(async () => {
  await session?.close();
});

type Page = { total: number; count: number; offset: number; nextOffset: number | null; hits: Array<{ pmid: string }> };

const search = async (args: Record<string, unknown>) => {
  const r = (await session?.call('search', args)) as CallToolResult;
  expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
  const text = (r.content[0] as { text: string }).text;
  return { page: r.structuredContent as Page, note: text.split('\n').at(-1) };
};

describe('MCP search past the first thousand hits', () => {
  it('reaches every match by following nextOffset, and the last page says it is the last', async () => {
    const seen = new Set<string>();
    let offset: number | null = 0;
    let last: Awaited<ReturnType<typeof search>> | undefined;
    while (offset !== null) {
      last = await search({ query: 'kratom', limit: 50, offset });
      expect(last.page.total).toBe(N);
      for (const h of last.page.hits) seen.add(h.pmid);
      offset = last.page.nextOffset;
    }
    expect(seen.size).toBe(N);
    expect(last?.page).toMatchObject({ offset: 1050, count: 10, nextOffset: null });
    expect(last?.note).toBe(`Hits 1051-${N} of ${N}.`);
  }, 60_000);

  it('gives the next offset after hit 1,000 rather than telling the model to narrow the query', async () => {
    const { page, note } = await search({ query: 'kratom', limit: 50, offset: 950 });
    expect(page).toMatchObject({ count: 50, nextOffset: 1000 });
    expect(note).toBe(`Hits 951-1000 of ${N}; offset 1000 for the next.`);
  });

  it('says in its input schema that offset has no upper bound', async () => {
    const { tools } = (await session?.client.listTools()) ?? { tools: [] };
    const offset = (tools.find((t) => t.name === 'search')?.inputSchema.properties as Record<string, { minimum?: number; maximum?: number; description?: string }>).offset;
    expect(offset?.minimum).toBe(0);
    expect(offset?.maximum ?? Number.MAX_SAFE_INTEGER).toBe(Number.MAX_SAFE_INTEGER);
    expect(offset?.description).toMatch(/every match can be reached/);
  });
});
