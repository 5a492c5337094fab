/**
 * design/theme filters and the evidence map once records carry an evidence classification: an in-process
 * server over a library whose stored records have `evidence`, called through the SDK client (in memory).
 */
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Library, openLibrary } from '../../src/index.js';
import { createMcpServer } from '../../src/mcp/server.js';
import { upsertParsed } from '../../src/store/articles.js';
import { openStore } from '../../src/store/open.js';
import type { Article } from '../../src/types.js';
import { makeArticle, tempDir } from '../search/helpers.js';

const paper = (pmid: string, title: string, design: string, themes: string[]): Article =>
  ({ ...makeArticle(pmid, { title, abstract: `${title}. Kratom was studied.` }), evidence: { design, designAlso: [], themes, cues: [], source: 'rules', version: 1 } }) as Article;

let lib: Library;
let client: Client;

beforeAll(async () => {
  const db = join(tempDir('kl-mcp-ev-'), 'lib.sqlite');
  const store = openStore(db);
  const records = [
    paper('1', 'Kratom withdrawal case', 'case-report', ['dependence', 'toxicity']),
    paper('2', 'Kratom liver injury case', 'case-report', ['toxicity']),
    paper('3', 'Kratom in rats', 'animal', ['pharmacology']),
    makeArticle('4', { title: 'Kratom unclassified note', abstract: 'Kratom.' }),
  ];
  upsertParsed(store, records.map((a) => ({ article: a, raw: `<PubmedArticle><PMID>${a.pmid}</PMID></PubmedArticle>` })), { source: 'import', now: new Date('2026-11-20T10:00:00Z') });
  store.close();
  lib = await openLibrary({ db });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await createMcpServer(lib, 'test').connect(a);
  client = new Client({ name: 't', version: '1' });
  await client.connect(b);
});

afterAll(async () => {
  await client?.close();
  lib?.close();
});

const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallToolResult;
const hitPmids = (r: CallToolResult) => (r.structuredContent as { hits: Array<{ pmid: string }> }).hits.map((h) => h.pmid).sort();

describe('evidence in MCP answers', () => {
  it('filters search hits by design and by theme, and reports each hit design', async () => {
    expect(hitPmids(await call('search', { query: 'kratom' }))).toEqual(['1', '2', '3', '4']);
    expect(hitPmids(await call('search', { query: 'kratom', design: 'case-report' }))).toEqual(['1', '2']);
    expect(hitPmids(await call('search', { query: 'kratom', theme: 'toxicity', limit: 1 }))).toHaveLength(1);
    expect(hitPmids(await call('search', { query: 'kratom', design: 'case-report', theme: 'dependence' }))).toEqual(['1']);
    const designs = (await call('search', { query: 'rats' })).structuredContent as { hits: Array<{ design: string | null }> };
    expect(designs.hits.map((h) => h.design)).toEqual(['animal']);
  });

  it('returns evidence with the paper and counts the design x theme matrix', async () => {
    const p = (await call('get_paper', { pmid: '1' })).structuredContent as { paper: { evidence: { design: string; themes: string[] } } };
    expect(p.paper.evidence).toMatchObject({ design: 'case-report', themes: ['dependence', 'toxicity'] });
    const m = (await call('evidence_map', {})).structuredContent as Record<string, unknown>;
    expect(m).toMatchObject({ cells: { 'case-report': { toxicity: 2, dependence: 1 }, animal: { pharmacology: 1 } }, papers: 4, unclassified: 1, note: null });
    const q = (await call('evidence_map', { query: 'liver' })).structuredContent as Record<string, unknown>;
    expect(q).toMatchObject({ byDesign: { 'case-report': 1 }, papers: 1 });
  });
});
