/**
 * The MCP tools' `design` and `retracted` arguments narrow their `query`, as the CLI flags do: a clash
 * with the query's own `design:` or `retracted:` is a tool error naming both, never a wider or flipped answer.
 */
import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOverrides } from '../../src/evidence/overrides.js';
import { upsertParsed } from '../../src/store/articles.js';
import { openStore } from '../../src/store/open.js';
import type { Article } from '../../src/types.js';
import { type McpSession, mcpSession } from './in-memory.js';
import { makeArticle, tempDir } from '../search/helpers.js';

const paper = (pmid: string, title: string, retracted = false): Article =>
  makeArticle(pmid, { title, titleHtml: title, abstract: `${title}. Kratom was studied.`, retracted });

/** Designs fixed by a curator's override, so the test does not depend on the rules. */
const decided = parseOverrides(JSON.stringify({
  '1': { design: 'rct' },
  '2': { design: 'animal' },
  '3': { design: 'animal' },
  '4': { design: 'case-report' },
}), 'test-overrides.json');

let session: McpSession | undefined;

beforeAll(async () => {
  const db = join(tempDir('kl-mcp-narrow-'), 'lib.sqlite');
  const store = openStore(db);
  const records = [paper('1', 'Kratom trial'), paper('2', 'Kratom in rats'), paper('3', 'Kratom in mice', true), paper('4', 'Kratom case', true)];
  upsertParsed(store, records.map((a) => ({ article: a, raw: `<PubmedArticle><PMID>${a.pmid}</PMID></PubmedArticle>` })), { source: 'import', now: new Date('2026-11-20T10:00:00Z'), evidenceOverrides: decided });
  store.close();
  session = await mcpSession({ db });
});

afterAll(async () => {
  await session?.close();
});

const call = async (name: string, args: Record<string, unknown>): Promise<CallToolResult> => (session as McpSession).call(name, args);
const hitPmids = (r: CallToolResult) => (r.structuredContent as { hits: Array<{ pmid: string }> }).hits.map((h) => h.pmid).sort();
const text = (r: CallToolResult) => (r.content[0] as { text: string }).text;

describe('MCP filter arguments narrow the query', () => {
  it('narrows the query\'s designs (any of them) to the design argument, and ANDs retracted with retracted:', async () => {
    expect(hitPmids(await call('search', { query: 'kratom design:rct design:animal' }))).toEqual(['1', '2', '3']);
    expect(hitPmids(await call('search', { query: 'kratom design:rct design:animal', design: 'animal' }))).toEqual(['2', '3']);
    expect(hitPmids(await call('search', { query: 'kratom retracted:true', retracted: true, design: 'animal' }))).toEqual(['3']);
  });

  it('refuses a design or retracted argument that contradicts the query, naming both', async () => {
    const design = await call('search', { query: 'design:rct', design: 'animal' });
    expect([design.isError, text(design)]).toEqual([true, 'search: design "animal" contradicts the query\'s design:rct: a record has one design, so none can match both']);
    const retracted = await call('search', { query: 'retracted:true', retracted: false });
    expect([retracted.isError, text(retracted)]).toEqual([true, 'search: retracted false contradicts the query\'s retracted:true: no record can match both']);
  });
});
