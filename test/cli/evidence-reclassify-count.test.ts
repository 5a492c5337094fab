/**
 * `evidence --reclassify` counts every stored record, withdrawn ones included, while the evidence map counts
 * live ones: its summary says which is which, so the two figures read the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeArticleSet, makeRecord } from '../support/make-record.js';
import { type Sandbox, assertBuilt, sandbox } from './run-cli.js';

const RECORDS = [
  { pmid: '6101', entrez: '2026-11-02', title: 'Kratom tolerance in rats', mesh: ['Animals', 'Rats'] },
  { pmid: '6102', entrez: '2026-11-03', title: 'Kratom for chronic pain', publicationTypes: ['Randomized Controlled Trial'] },
  { pmid: '6103', entrez: '2026-11-04', title: 'Kratom tea survey' },
];

describe('evidence --reclassify counts', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    assertBuilt();
    sb = sandbox();
    const a = await sb.run(['import', sb.write('a.xml', makeArticleSet(RECORDS.map((r) => makeRecord(r))))]);
    const d = await sb.run(['import', sb.write('d.xml', makeArticleSet(['<DeleteCitation><PMID Version="1">6103</PMID></DeleteCitation>']))]);
    if (a.code !== 0 || d.code !== 0) throw new Error(`fixture import failed: ${a.stderr}${d.stderr}`);
  });
  afterAll(() => sb.cleanup());

  it('says how many of the records it reclassified are live (the map\'s count) and how many withdrawn', async () => {
    const json = JSON.parse((await sb.run(['evidence', '--reclassify', '--json'])).stdout) as { total: number; withdrawn: number };
    const map = JSON.parse((await sb.run(['evidence', '--json'])).stdout) as { total: number };
    expect([json.total, json.withdrawn]).toEqual([RECORDS.length, 1]);
    expect(map.total).toBe(json.total - json.withdrawn);
    const text = await sb.run(['evidence', '--reclassify']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toContain(`evidence: reclassified 3 stored records (${map.total} live, as the evidence map counts them, and 1 withdrawn from PubMed) with rules v`);
  });
});
