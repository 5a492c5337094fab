/**
 * engine.ts reads MiniSearch's private members. These tests pin the version and every behaviour of those
 * members the engine relies on, so an upgrade that changes one fails here, naming what changed, before
 * it can return wrong results.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { MINISEARCH_VERSION, missingInternals, type MiniInternals } from '../../src/search/engine.js';

const require = createRequire(import.meta.url);
const UPGRADE = `engine.ts was written against MiniSearch ${MINISEARCH_VERSION}: re-check every private member it reads, then bump MINISEARCH_VERSION`;

/** The package.json of the minisearch that `import 'minisearch'` loads (its exports hide the file itself). */
function installedVersion(): string {
  for (let dir = dirname(require.resolve('minisearch')); dirname(dir) !== dir; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'minisearch') return pkg.version;
    } catch {
      // No package.json at this level (dist/cjs): keep walking up.
    }
  }
  throw new Error('minisearch package.json not found above its entry point');
}

interface Doc { id: string; title: string; body?: string; year: number }

function plain(docs: Doc[]): { mini: MiniSearch<Doc>; ms: MiniInternals } {
  const mini = new MiniSearch<Doc>({ fields: ['title', 'body'], storeFields: ['year'], autoVacuum: false });
  mini.addAll(docs);
  return { mini, ms: mini as unknown as MiniInternals };
}

const DOCS: Doc[] = [
  { id: 'a', title: 'kratom kratom tea', body: 'leaf tea', year: 2020 },
  { id: 'b', title: 'kratom', year: 2021 },
];

describe('the MiniSearch version the engine knows', () => {
  it('is the exact version installed and the exact version package.json pins', () => {
    const installed = installedVersion();
    const pinned = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> }).dependencies['minisearch'];
    expect(installed, `installed minisearch ${installed}; ${UPGRADE}`).toBe(MINISEARCH_VERSION);
    expect(pinned, `package.json must pin minisearch exactly ("${MINISEARCH_VERSION}", no range); ${UPGRADE}`).toBe(MINISEARCH_VERSION);
  });

  it('has every private member the engine reads, in the shape it reads them', () => {
    expect(missingInternals(plain(DOCS).mini), `private members missing or reshaped; ${UPGRADE}`).toEqual([]);
  });

  it('names each member that is missing or reshaped', () => {
    const { mini } = plain(DOCS);
    const broken = mini as unknown as Record<string, unknown>;
    broken['_dirtCount'] = '0';
    broken['_documentIds'] = {};
    expect(missingInternals(mini)).toEqual(['_documentIds', '_dirtCount']);
  });
});

describe('the private state the engine relies on', () => {
  it('numbers documents and fields from 0 and keeps per-field term frequencies per short id', () => {
    const { ms } = plain(DOCS);
    expect({ fieldIds: ms._fieldIds, nextId: ms._nextId, count: ms._documentCount, ids: [...ms._documentIds] }, UPGRADE)
      .toEqual({ fieldIds: { title: 0, body: 1 }, nextId: 2, count: 2, ids: [[0, 'a'], [1, 'b']] });
    const postings = (term: string) => [...(ms._index.get(term) ?? [])].map(([field, docs]) => [field, [...docs]]);
    expect({ kratom: postings('kratom'), tea: postings('tea') }, `_index postings (field id -> short id -> tf); ${UPGRADE}`)
      .toEqual({ kratom: [[0, [[0, 2], [1, 1]]]], tea: [[0, [[0, 1]]], [1, [[0, 1]]]] });
    expect([...ms._idToShortId], UPGRADE).toEqual([['a', 0], ['b', 1]]);
    expect([...ms._storedFields], `_storedFields; ${UPGRADE}`).toEqual([[0, { year: 2020 }], [1, { year: 2021 }]]);
  });

  it('counts distinct terms as a field length and keeps their running mean per field', () => {
    const { ms } = plain(DOCS);
    // 'a': title {kratom, tea} = 2, body {leaf, tea} = 2; 'b': title 1, and no body, which leaves the body mean alone.
    expect({ lengths: [...ms._fieldLength], avg: ms._avgFieldLength }, `field lengths (score.ts BM25 inputs); ${UPGRADE}`)
      .toEqual({ lengths: [[0, [2, 2]], [1, [1]]], avg: [1.5, 2] });
  });

  it('keeps postings of a discarded record and counts it as dirt until vacuum', async () => {
    const { mini, ms } = plain(DOCS);
    mini.discard('a');
    expect({ ids: [...ms._documentIds.keys()], stored: [...ms._storedFields.keys()], dirt: ms._dirtCount, count: ms._documentCount, kept: [...(ms._index.get('leaf')?.get(1)?.keys() ?? [])] }, UPGRADE)
      .toEqual({ ids: [1], stored: [1], dirt: 1, count: 1, kept: [0] });
    await mini.vacuum();
    expect({ dirt: ms._dirtCount, leaf: ms._index.has('leaf') }, `vacuum; ${UPGRADE}`).toEqual({ dirt: 0, leaf: false });
  });

  it('answers executeQuery with raw matches by short id, and prefix/fuzzy lookups on the term tree', () => {
    const { ms } = plain(DOCS);
    const raw = ms.executeQuery({ combineWith: 'OR', queries: ['tea'] });
    expect([...raw].map(([id, m]) => [id, m.terms, m.match, typeof m.score]), `executeQuery; ${UPGRADE}`)
      .toEqual([[0, ['tea'], { tea: ['title', 'body'] }, 'number']]);
    expect([...ms._index.atPrefix('kra')].map(([t]) => t), UPGRADE).toEqual(['kratom']);
    expect([...ms._index.fuzzyGet('krathom', 1)].map(([t, [, d]]) => [t, d]), UPGRADE).toEqual([['kratom', 1]]);
  });

  it('loads the empty shape the engine restores into, keeping the numbers it is given', () => {
    const meta = { documentCount: 3, nextId: 7, fieldIds: { title: 0, body: 1 }, averageFieldLength: [2.5, 4], dirtCount: 1 };
    const empty = { documentIds: {}, fieldLength: {}, storedFields: {}, index: [], serializationVersion: 2 };
    const ms = MiniSearch.loadJS<Doc>({ ...meta, ...empty }, { fields: ['title', 'body'] }) as unknown as MiniInternals;
    expect({ count: ms._documentCount, nextId: ms._nextId, fieldIds: ms._fieldIds, avg: ms._avgFieldLength, dirt: ms._dirtCount, missing: missingInternals(ms) }, `loadJS; ${UPGRADE}`)
      .toEqual({ count: 3, nextId: 7, fieldIds: { title: 0, body: 1 }, avg: [2.5, 4], dirt: 1, missing: [] });
  });
});
