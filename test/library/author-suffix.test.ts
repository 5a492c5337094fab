/**
 * An author's suffix (PubMed `<Suffix>Jr</Suffix>`, `III`) is part of the name every face shows: the
 * search hit (CLI hit lines, MCP search), `show`, the web hit list and paper page, the MCP paper and the
 * digest, all from pubmed/author-name.ts. Exports place it themselves (test/export).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatArticle } from '../../src/cli/show.js';
import { toDigestPaper } from '../../src/digest/paper.js';
import { authorFullName, authorName } from '../../src/pubmed/author-name.js';
import { upsertParsed } from '../../src/store/articles.js';
import { openStore } from '../../src/store/open.js';
import { type RunningServer, startServer } from '../../src/web/serve.js';
import { mcpSession, type McpSession } from '../mcp/in-memory.js';
import { makeArticle, person } from '../search/helpers.js';

const KING = { ...person('King', 'ML'), foreName: 'Martin Luther', suffix: 'Jr' };
const GATES = { ...person('Gates', 'WH'), foreName: 'William H', suffix: 'III' };

describe('author names with a suffix', () => {
  let dir: string;
  let mcp: McpSession;
  let server: RunningServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kratomlit-suffix-'));
    const db = openStore(join(dir, 'lib.sqlite'));
    upsertParsed(db, [
      { article: makeArticle('901', { title: 'Kratom and the dream', authors: [KING, GATES, person('Smith', 'L')] }), raw: '<x/>' },
    ], { source: 'import', now: new Date('2026-11-20T00:00:00Z') });
    db.close();
    mcp = await mcpSession({ db: join(dir, 'lib.sqlite'), config: false });
    server = await startServer({ library: mcp.lib, port: 0, basePath: '', log: { info: () => {}, error: () => {} } });
  });
  afterAll(async () => {
    await server.close();
    await mcp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are written PubMed style with the suffix last, and in full on request', () => {
    expect([authorName(KING), authorName(GATES), authorName(person('Smith', 'L'))]).toEqual(['King ML Jr', 'Gates WH III', 'Smith L']);
    expect([authorFullName(KING), authorFullName({ ...KING, foreName: null })]).toEqual(['Martin Luther King Jr', 'ML King Jr']);
    expect(authorName({ lastName: null, foreName: null, initials: null, suffix: 'Jr', collectiveName: 'Kratom Study Group' })).toBe('Kratom Study Group');
  });

  it('keep the suffix in search hits, show and the digest', () => {
    const lib = mcp.lib;
    expect(lib.search('kratom dream')[0]?.authors).toEqual(['King ML Jr', 'Gates WH III', 'Smith L']);
    const article = lib.get('901');
    expect(article).not.toBeNull();
    expect(formatArticle(article as NonNullable<typeof article>)).toContain('Authors: King ML Jr, Gates WH III, Smith L');
    expect(toDigestPaper(article as NonNullable<typeof article>, []).authors).toEqual(['King ML Jr', 'Gates WH III', 'Smith L']);
  });

  it('keep the suffix on the web hit list and paper page', async () => {
    const list = await (await fetch(`${server.url.replace(/\/$/, '')}/?q=kratom+dream`)).text();
    expect(list).toContain('King ML Jr, Gates WH III, Smith L');
    const page = await (await fetch(`${server.url.replace(/\/$/, '')}/paper/901`)).text();
    expect(page).toContain('Martin Luther King Jr, William H Gates III, L Smith');
  });

  it('keep the suffix in the MCP paper', async () => {
    const paper = await mcp.call('get_paper', { pmid: '901' });
    expect((paper.structuredContent as { paper: { authors: string[] } }).paper.authors).toEqual(['King ML Jr', 'Gates WH III', 'Smith L']);
  });
});
