/**
 * A `search` answer stands on its own: it echoes the filters it applied (structured and in words), can be
 * sorted by publication date with each hit's date, and refuses a query field it does not know (`sort:`);
 * `get_paper`'s text names the PMID of a retraction notice.
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

const paper = (pmid: string, title: string, pubDate: Article['pubDate'], over: Partial<Article> = {}): Article =>
  makeArticle(pmid, { title, titleHtml: title, abstract: `${title}. Kratom was studied.`, pubDate, ...over });

const decided = parseOverrides(JSON.stringify({ '1': { design: 'rct' }, '2': { design: 'animal' }, '3': { design: 'animal' } }), 'test-overrides.json');

let session: McpSession | undefined;

beforeAll(async () => {
  const db = join(tempDir('kl-mcp-answer-'), 'lib.sqlite');
  const store = openStore(db);
  const records = [
    paper('1', 'Kratom trial', { year: 2019, month: 3, day: 5, season: null, raw: '2019 Mar 5' }),
    paper('2', 'Kratom in rats', { year: 2024, month: 11, day: 20, season: null, raw: '2024 Nov 20' }, {
      retracted: true,
      publicationTypes: ['Journal Article', 'Retracted Publication'],
      commentsCorrections: [{ type: 'RetractionIn', pmid: '9', source: 'Neuropharmacol Lett. 2025;3:1' }],
    }),
    paper('3', 'Kratom in mice', { year: 2024, month: 2, day: null, season: null, raw: '2024 Feb' }),
  ];
  upsertParsed(store, records.map((a) => ({ article: a, raw: `<PubmedArticle><PMID>${a.pmid}</PMID></PubmedArticle>` })), { source: 'import', now: new Date('2026-11-20T10:00:00Z'), evidenceOverrides: decided });
  store.close();
  session = await mcpSession({ db });
});

afterAll(async () => {
  await session?.close();
});

const call = async (name: string, args: Record<string, unknown>): Promise<CallToolResult> => (session as McpSession).call(name, args);
const texts = (r: CallToolResult) => r.content.map((c) => (c as { text: string }).text);

describe('the MCP search answer', () => {
  it('echoes every filter it applied, null for those not given, and names them in its text', async () => {
    const r = await call('search', { query: 'kratom', design: 'RCT', since: '2020', retracted: false });
    expect((r.structuredContent as { filters: unknown }).filters).toEqual({ topic: null, design: 'rct', theme: null, since: '2020', until: null, retracted: false });
    expect(texts(r)[0]).toBe('No papers match "kratom" with design rct, published 2020 or later, retracted left out.');
    const none = await call('search', { query: 'kratom', limit: 1, offset: 5 });
    expect((none.structuredContent as { filters: unknown }).filters).toEqual({ topic: null, design: null, theme: null, since: null, until: null, retracted: null });
    expect(texts(none)[0]).toBe('Offset 5 is past the end: 3 papers match "kratom" (offsets 0 to 2; the last page of 1 starts at offset 2).');
  });

  it('sorts by publication date, newest first, and gives each hit its date in the structure and the text', async () => {
    const r = await call('search', { query: 'kratom', sort: 'date' });
    const s = r.structuredContent as { sort: string; hits: Array<{ pmid: string; date: string | null }> };
    expect(s.sort).toBe('date');
    expect(s.hits.map((h) => [h.pmid, h.date])).toEqual([['2', '2024-11-20'], ['3', '2024-02'], ['1', '2019-03-05']]);
    expect(texts(r)[0]?.split('\n').slice(0, 3)).toEqual([
      '2 (2024-11-20) Kratom in rats J Tests [Animal, Retracted]',
      '3 (2024-02) Kratom in mice J Tests [Animal]',
      '1 (2019-03-05) Kratom trial J Tests [RCT]',
    ]);
    expect((await call('search', { query: 'kratom' })).structuredContent).toMatchObject({ sort: 'relevance' });
  });

  it('refuses sort:date in the query as a tool error pointing at the sort argument, and an unknown sort value', async () => {
    const r = await call('search', { query: 'kratom withdrawal sort:date' });
    expect([r.isError, texts(r)]).toEqual([true, ["search: query: sort:date is not a query field; sort with the search's sort option (kratomlit search --sort date, the web's sort=date, the MCP search tool's sort argument)"]]);
    const bad = await call('search', { query: 'kratom', sort: 'newest' });
    expect(bad.isError).toBe(true);
    expect(texts(bad).join(' ')).toContain('sort');
  });

  it('names the retraction notice\'s PMID in get_paper\'s text, as the structured notices do', async () => {
    const r = await call('get_paper', { pmid: '2' });
    expect(texts(r)[0]?.split('\n')).toContain('Notices: Retracted (notice PMID 9)');
    expect((r.structuredContent as { paper: { notices: unknown } }).paper.notices).toEqual([{ kind: 'retracted', label: 'Retracted', related: [{ type: 'RetractionIn', pmid: '9', source: 'Neuropharmacol Lett. 2025;3:1' }] }]);
  });
});
