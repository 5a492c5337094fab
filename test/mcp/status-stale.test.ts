import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { saveCheck } from '../../src/store/completeness.js';
import { upsertParsed } from '../../src/store/articles.js';
import { closeStore, openStore } from '../../src/store/open.js';
import { article, parsed } from '../store/helpers.js';
import { type McpSession, mcpSession } from './in-memory.js';

let dir: string;
let session: McpSession | null = null;
afterEach(async () => {
  await session?.close();
  session = null;
  rmSync(dir, { recursive: true, force: true });
});

describe('MCP status tool and an old completeness check', () => {
  it('marks the topic stale in the structured answer and says "complete as of" in the text', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kratomlit-mcp-stale-'));
    const path = join(dir, 'lib.sqlite');
    const db = openStore(path);
    upsertParsed(db, [parsed(article('41000001'))], { source: 'import', now: new Date('2026-11-01T03:00:00Z'), topicsFor: () => ['mitragynine'] });
    saveCheck(db, { topic: 'mitragynine', upstream: 1, local: 1, checkedAt: '2026-11-01T03:00:00.000Z', check: 'full' });
    closeStore(db);
    session = await mcpSession({ db: path, topics: ['mitragynine'], clock: () => new Date('2026-12-07T00:00:00Z') });
    const r = await session.call('status', {});
    const doc = r.structuredContent as { topics: Array<{ name: string; completeness: { complete: boolean; stale: boolean } | null }> };
    expect(doc.topics.find((t) => t.name === 'mitragynine')?.completeness).toMatchObject({ complete: true, stale: true });
    expect((r.content[0] as { text: string }).text).toContain('mitragynine: 1 papers stored now; complete as of 2026-11-01 03:00 UTC, not verified since: the 1 record PubMed listed then was stored');
  });
});
