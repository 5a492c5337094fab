import { describe, expect, it } from 'vitest';
import { applyChanges, buildIndex } from '../../src/search/build.js';
import type { SearchEngine } from '../../src/search/engine.js';
import type { Article } from '../../src/types.js';
import { makeArticle } from './helpers.js';

const records = Array.from({ length: 8 }, (_, i) => makeArticle(String(600 + i), {
  title: `Kratom ${'leaf '.repeat(i + 1)}tea ${i}`,
  abstract: i % 2 ? `Liver injury after chronic kratom use, case ${i}.` : null,
  pubDate: { year: 2010 + i, month: null, day: null, season: null, raw: String(2010 + i) },
}));

/** Per-record tables and phrase sequences by PMID, whatever short ids the engine gave. */
function byPmid(engine: SearchEngine): Map<string, unknown> {
  const t = engine.tables();
  const seqs = engine.sequenceLookup();
  const out = new Map<string, unknown>();
  for (let id = 0; id <= engine.nextId; id += 1) {
    const pmid = engine.pmidOf(id);
    if (pmid === undefined || !t.alive[id]) continue;
    out.set(pmid, { lengths: [...t.lengths.subarray(id * t.nFields, (id + 1) * t.nFields)], prior: t.prior[id], seq: [...(seqs(id) ?? [])] });
  }
  expect(t.count).toBe(engine.documentCount);
  return out;
}

function follow(engine: SearchEngine, articles: Article[], gone: string[] = []): void {
  byPmid(engine); // tables and sequences made before the change, as a server's earlier requests made them
  applyChanges(engine, articles, gone);
}

describe('per-record tables of an index that follows the store', () => {
  it('are those of a fresh build after records are added, updated or removed', () => {
    const engine = buildIndex(records.slice(0, 4), null);
    follow(engine, records.slice(4, 6));
    expect(byPmid(engine)).toEqual(byPmid(buildIndex(records.slice(0, 6), null)));
    follow(engine, records.slice(6));
    expect(byPmid(engine)).toEqual(byPmid(buildIndex(records, null)));
    const changed = { ...records[2] as Article, title: 'Mitragynine receptor binding' };
    follow(engine, [changed]);
    const expected = records.map((r) => (r.pmid === changed.pmid ? changed : r));
    expect(byPmid(engine)).toEqual(byPmid(buildIndex(expected, null)));
    follow(engine, [], ['601', '607']);
    expect(byPmid(engine)).toEqual(byPmid(buildIndex(expected.filter((r) => r.pmid !== '601' && r.pmid !== '607'), null)));
    expect(engine.tables().alive.reduce((n, a) => n + a, 0)).toBe(6);
  });
});
