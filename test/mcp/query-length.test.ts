import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertParsed } from '../../src/store/articles.js';
import { closeStore, openStore } from '../../src/store/open.js';
import { article, parsed } from '../store/helpers.js';
import { type McpSession, mcpSession } from './in-memory.js';

let dir: string;
let session: McpSession;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kratomlit-mcp-qlen-'));
  const path = join(dir, 'lib.sqlite');
  const db = openStore(path);
  upsertParsed(db, [parsed(article('41900001'))], { source: 'import', now: new Date('2026-11-20T10:00:00Z'), topicsFor: () => ['mitragynine'] });
  closeStore(db);
  session = await mcpSession({ db: path });
});
afterAll(async () => {
  await session.close();
  rmSync(dir, { recursive: true, force: true });
});

const text = (r: { content: unknown[] }) => (r.content as Array<{ text: string }>).map((c) => c.text).join('\n');

describe('MCP query length', () => {
  it('answers a 1,000-character query in search, evidence_map and export, as the CLI and the web do', async () => {
    // One word ending in the record's title word: a 1,000-character query the library reads as one clause.
    const query = `${'x'.repeat(993)} kratom`.slice(-1000);
    expect(query.length).toBe(1000);
    for (const [tool, args] of [['search', { query }], ['evidence_map', { query }], ['export', { query }]] as const) {
      const r = await session.call(tool, args);
      expect(r.isError, `${tool}: ${text(r)}`).toBeFalsy();
    }
  });

  it('refuses 1,001 characters naming the limit', async () => {
    const r = await session.call('search', { query: 'x'.repeat(1001) });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain('at most 1,000 characters, as every search of the library');
  });
});
