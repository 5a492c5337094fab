/**
 * MCP answer texts read as sentences: "1 paper" (not "1 papers") in the evidence map, and a digest's updated
 * line keeps a title's own final period away from the changes ("volunteers.: MeSH added" before).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertParsed } from '../../src/store/articles.js';
import { openStore } from '../../src/store/open.js';
import type { Article } from '../../src/types.js';
import { makeArticle, tempDir } from '../search/helpers.js';
import { type McpSession, mcpSession } from './in-memory.js';

const TITLE = 'Mitragynine kinetics in healthy volunteers.';
const v1 = makeArticle('21', { title: TITLE, abstract: 'Kratom kinetics were measured.', history: { entrez: '2026-11-10' } });
const v2: Article = { ...v1, mesh: [...v1.mesh, { descriptor: 'Healthy Volunteers', ui: 'D064368', major: false, qualifiers: [] }] };
const other = makeArticle('22', { title: 'Kratom use in a survey', abstract: 'People answered a survey.' });

let session: McpSession;
beforeAll(async () => {
  const dir = tempDir('kl-mcp-words-');
  const db = join(dir, 'lib.sqlite');
  const store = openStore(db);
  const raw = (a: Article) => ({ article: a, raw: `<PubmedArticle><PMID>${a.pmid}</PMID></PubmedArticle>` });
  upsertParsed(store, [raw(v1), raw(other)], { source: 'import', now: new Date('2026-11-10T10:00:00Z') });
  // Revised during 2026-W47 (Mon 16 Nov to Sun 22 Nov): the week's digest lists it as updated.
  upsertParsed(store, [raw(v2)], { source: 'ingest', now: new Date('2026-11-18T10:00:00Z') });
  store.close();
  session = await mcpSession({ db, config: false, digestDir: join(dir, 'digests'), clock: () => new Date('2026-11-25T12:00:00Z') });
  await session.lib.digest({ week: '2026-W47' });
});
afterAll(async () => {
  await session?.close();
});

const text = (r: { content: unknown }): string => ((r.content as Array<{ text: string }>)[0] as { text: string }).text;

describe('MCP answer wording', () => {
  it('counts one paper in the singular in the evidence map', async () => {
    const one = text(await session.call('evidence_map', { query: 'survey' })).split('\n')[0];
    expect(one).toMatch(/^1 paper by study design \(rows\) and theme/);
    expect(text(await session.call('evidence_map', {})).split('\n')[0]).toMatch(/^2 papers by study design/);
  });

  it('writes a digest updated line with the title last, so its own period ends the line', async () => {
    const lines = text(await session.call('digest', { week: '2026-W47' })).split('\n');
    const updated = lines.filter((l) => l.startsWith('Updated'));
    expect(updated).toEqual([expect.stringMatching(/^Updated \(.*MeSH added.*\): 21 Mitragynine kinetics in healthy volunteers\.$/)]);
    expect(lines.join('\n')).not.toContain('.:');
  });
});
