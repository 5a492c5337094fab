/**
 * design/theme filters and the evidence map once records carry an evidence classification: an in-process
 * server over a library whose stored records have `evidence`, called through the SDK client (in memory).
 */
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Library } from '../../src/index.js';
import { parseOverrides } from '../../src/evidence/overrides.js';
import { upsertParsed } from '../../src/store/articles.js';
import { openStore } from '../../src/store/open.js';
import type { Article } from '../../src/types.js';
import { type McpSession, mcpSession } from './in-memory.js';
import { makeArticle, tempDir } from '../search/helpers.js';

const paper = (pmid: string, title: string, year = 2015): Article =>
  makeArticle(pmid, { title, abstract: `${title}. Kratom was studied.`, pubDate: { year, month: 12, day: 15, season: null, raw: `${year} Dec 15` } });

/** The classification of each record, set by a curator's override so the test does not depend on the rules. */
const decided = parseOverrides(JSON.stringify({
  '1': { design: 'case-report', themes: ['dependence', 'toxicity'] },
  '2': { design: 'case-report', themes: ['toxicity'] },
  '3': { design: 'animal', themes: ['pharmacology'] },
  '4': { design: 'other', themes: ['regulation'] },
}), 'test-overrides.json');

let session: McpSession | undefined;
let lib: Library;
let client: Client;

beforeAll(async () => {
  const db = join(tempDir('kl-mcp-ev-'), 'lib.sqlite');
  const store = openStore(db);
  const records = [
    paper('1', 'Kratom withdrawal case'),
    paper('2', 'Kratom liver injury case'),
    paper('3', 'Kratom in rats', 2026),
    paper('4', 'Kratom scheduling note', 2024),
  ];
  upsertParsed(store, records.map((a) => ({ article: a, raw: `<PubmedArticle><PMID>${a.pmid}</PMID></PubmedArticle>` })), { source: 'import', now: new Date('2026-11-20T10:00:00Z'), evidenceOverrides: decided });
  store.close();
  session = await mcpSession({ db });
  ({ lib, client } = session);
});

afterAll(async () => {
  await session?.close();
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
    expect(m).toMatchObject({
      total: 4,
      byDesign: { 'case-report': 2, animal: 1, other: 1, rct: 0 },
      matrix: { 'case-report': { toxicity: 2, dependence: 1, pain: 0 }, animal: { pharmacology: 1 }, other: { regulation: 1 } },
    });
    const q = (await call('evidence_map', { query: 'liver' })).structuredContent as Record<string, unknown>;
    expect(q).toMatchObject({ byDesign: { 'case-report': 1, animal: 0 }, total: 1 });
  });

  it('counts from a year as the library and the CLI do, and echoes the filters it applied', async () => {
    const since = (await call('evidence_map', { since: '2024' })).structuredContent as { total: number; filters: Record<string, unknown> };
    expect(since.total).toBe(lib.evidence({ since: 2024 }).total);
    expect([since.total, since.filters]).toEqual([2, { query: null, topic: null, since: 2024, until: null, retracted: null }]);
    const window = (await call('evidence_map', { query: 'kratom', since: '2016', until: '2024' })).structuredContent as { total: number; filters: Record<string, unknown> };
    expect(window.filters).toEqual({ query: 'kratom', topic: null, since: 2016, until: 2024, retracted: null });
    expect(window.total).toBe(1);
    expect(((await call('evidence_map', { until: '2024' })).structuredContent as { total: number }).total).toBe(3);
  });

  it('says how many retracted papers the map counts, as the CLI and web faces do, unless it leaves them out', async () => {
    const text = async (args: Record<string, unknown>) => ((await call('evidence_map', args)).content[0] as { text: string }).text.split('\n')[0];
    expect(await text({})).toBe('4 papers by study design (rows) and theme. None of them is retracted.');
    expect(await text({ retracted: false })).toBe('4 papers by study design (rows) and theme (retracted left out).');
    expect(((await call('evidence_map', {})).structuredContent as { retracted: number }).retracted).toBe(0);
  });

  it('refuses a month or a day for since and until in one line instead of counting by the year alone', async () => {
    for (const args of [{ since: '2026-12-01' }, { since: '2026-12' }, { until: '2024-01-01' }]) {
      const r = await call('evidence_map', args);
      expect(r.isError, JSON.stringify(args)).toBe(true);
      const line = (r.content[0] as { text: string }).text;
      expect(line).toContain('a year YYYY');
      expect(line).not.toContain('\n');
    }
    const crossed = await call('evidence_map', { since: '2025', until: '2020' });
    expect([crossed.isError, (crossed.content[0] as { text: string }).text]).toEqual([true, 'evidence_map: until 2020 is before since 2025: no paper can match both']);
  });
});
