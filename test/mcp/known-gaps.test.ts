import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { upsertParsed } from '../../src/store/articles.js';
import { recordGaps, saveCheck } from '../../src/store/completeness.js';
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

const NOW = new Date('2026-12-07T04:00:00Z');
const text = (r: { content: unknown[] }) => (r.content as Array<{ text: string }>).map((c) => c.text).join('\n');

/** A library whose last check found 3 papers on mitragynine and stored 1: 41900005 and 41900012 are missing. */
function libraryWithGaps(): string {
  dir = mkdtempSync(join(tmpdir(), 'kratomlit-mcp-gaps-'));
  const path = join(dir, 'lib.sqlite');
  const db = openStore(path);
  upsertParsed(db, [parsed(article('41900001'))], { source: 'ingest', now: NOW, topicsFor: () => ['mitragynine'] });
  recordGaps(db, [{ pmid: '41900005', topics: ['mitragynine'], rejected: null }, { pmid: '41900012', topics: ['mitragynine'], rejected: null }], NOW);
  saveCheck(db, { topic: 'mitragynine', upstream: 3, local: 1, checkedAt: NOW.toISOString(), check: 'full' });
  closeStore(db);
  return path;
}

describe('MCP and a library with known gaps', () => {
  it('does not claim in its instructions that the library is complete, and says where completeness is reported', async () => {
    session = await mcpSession({ db: libraryWithGaps(), clock: () => NOW });
    const instructions = session.client.getInstructions() ?? '';
    expect(instructions).not.toMatch(/\bcomplete library\b|curated and complete/);
    expect(instructions).toMatch(/status reports it per topic/);
  });

  it('names the missing PMIDs in an empty search answer, in the text and the structured result', async () => {
    session = await mcpSession({ db: libraryWithGaps(), clock: () => NOW });
    const r = await session.call('search', { query: 'naloxone withdrawal mice' });
    expect(text(r)).toContain('No papers match "naloxone withdrawal mice"');
    expect(text(r)).toContain('mitragynine: incomplete as of 2026-12-07 04:00 UTC: 1 of the 3 records PubMed listed then were stored, 2 missing (41900005, 41900012)');
    const s = r.structuredContent as { total: number; completeness: Array<{ topic: string; state: string; line: string }> };
    expect(s.total).toBe(0);
    expect(s.completeness).toEqual([expect.objectContaining({ topic: 'mitragynine', state: 'incomplete' })]);
    expect(s.completeness[0]?.line).toContain('2 missing (41900005, 41900012)');
  });

  it('names the gap for a topic asked in another case, and still says "not complete" once the check is old', async () => {
    const db = libraryWithGaps();
    session = await mcpSession({ db, clock: () => NOW });
    const asked = await session.call('search', { query: 'naloxone', topic: 'MITRAGYNINE' });
    expect(text(asked)).toContain('Library not complete, so a paper may be missing here: mitragynine: incomplete');
    await session.close();
    // Weeks later the check is stale, but it did find papers missing.
    session = await mcpSession({ db, clock: () => new Date('2027-02-01T00:00:00Z') });
    const later = await session.call('search', { query: 'naloxone' });
    expect(text(later)).toContain('Library not complete, so a paper may be missing here: mitragynine: incomplete');
    expect((later.structuredContent as { completeness: Array<{ missing: boolean }> }).completeness).toEqual([expect.objectContaining({ missing: true })]);
  });

  it('says nothing about completeness when every topic was complete at a recent check', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kratomlit-mcp-gaps-'));
    const path = join(dir, 'lib.sqlite');
    const db = openStore(path);
    upsertParsed(db, [parsed(article('41900001'))], { source: 'ingest', now: NOW, topicsFor: () => ['mitragynine'] });
    saveCheck(db, { topic: 'mitragynine', upstream: 1, local: 1, checkedAt: NOW.toISOString(), check: 'full' });
    closeStore(db);
    session = await mcpSession({ db: path, clock: () => NOW });
    const r = await session.call('search', { query: 'naloxone' });
    expect(text(r)).not.toContain('not complete');
    expect((r.structuredContent as { completeness: unknown[] }).completeness).toEqual([]);
  });
});
