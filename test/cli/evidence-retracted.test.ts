/**
 * `kratomlit evidence --retracted`: the map says how many retracted papers it counts, and leaves them
 * out (false) or counts only them (true), read and refused as search reads --retracted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, articleSet, assertBuilt, sandbox } from './run-cli.js';

const RECORDS = [
  { pmid: '3101', entrez: '2026-11-02', year: 2024, title: 'Tolerance to mitragynine in rats', mesh: ['Animals', 'Rats'], abstract: 'Rats received mitragynine (10 mg/kg, p.o.) twice daily. Tolerance and withdrawal developed after dependence.' },
  { pmid: '3102', entrez: '2026-11-03', year: 2025, title: 'Withdrawal from mitragynine in mice', mesh: ['Animals', 'Mice'], abstract: 'Mice received mitragynine (30 mg/kg, i.p.) for 14 days. Withdrawal signs and dependence followed.', retractionIn: '3199' },
  { pmid: '3103', entrez: '2026-11-04', year: 2025, title: 'Kratom for chronic pain: a randomized controlled trial', publicationTypes: ['Randomized Controlled Trial'], mesh: ['Chronic Pain', 'Humans'], abstract: 'Adults with chronic pain were randomly assigned to kratom or placebo. Pain scores fell with kratom.' },
];

interface Map { total: number; retracted: number; filters: { retracted: boolean | null }; byDesign: Record<string, number>; years: Array<{ year: number; total: number }> }

describe('kratomlit evidence --retracted', () => {
  let sb: Sandbox;
  const map = async (...args: string[]): Promise<Map> => {
    const r = await sb.run(['evidence', '--json', ...args]);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Map;
  };
  beforeAll(async () => {
    assertBuilt();
    sb = sandbox();
    const file = sb.write('lib.xml', articleSet(RECORDS));
    const r = await sb.run(['import', '--topic', 'mitragynine', '--', file]);
    if (r.code !== 0) throw new Error(`fixture import failed: ${r.stderr}`);
  });
  afterAll(() => sb.cleanup());

  it('counts every paper by default and says how many of them are retracted', async () => {
    const all = await map();
    expect([all.total, all.retracted, all.filters.retracted, all.byDesign['animal']]).toEqual([3, 1, null, 2]);
    const r = await sb.run(['evidence']);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(['Evidence map: 3 records', '1 of them is retracted and counted like any other paper (--retracted false leaves them out).']);
  });

  it('leaves retracted papers out with --retracted false, and counts only them with --retracted true (any case)', async () => {
    const kept = await map('--retracted', 'false');
    expect([kept.total, kept.retracted, kept.filters.retracted, kept.byDesign['animal']]).toEqual([2, 0, false, 1]);
    expect(kept.years).toEqual([{ year: 2024, total: 1, byDesign: expect.objectContaining({ animal: 1 }) }, { year: 2025, total: 1, byDesign: expect.objectContaining({ rct: 1 }) }]);
    const only = await map('--retracted', 'TRUE');
    expect([only.total, only.retracted, only.filters.retracted, only.byDesign['animal']]).toEqual([1, 1, true, 1]);
    expect((await sb.run(['evidence', '--retracted', 'false'])).stdout.split('\n')[0]).toBe('Evidence map: 2 records (retracted papers left out)');
    expect((await sb.run(['evidence', '--retracted', 'true', '--since', '2025'])).stdout.split('\n')[0]).toBe('Evidence map: 1 records (published 2025 or later, retracted papers only)');
  });

  it('counts what search finds with the same --retracted', async () => {
    for (const v of ['false', 'true']) {
      const m = await map('--retracted', v);
      const s = await sb.run(['search', 'design:animal', '--retracted', v, '--json']);
      expect(s.code, s.stderr).toBe(0);
      expect((JSON.parse(s.stdout) as unknown[]).length, v).toBe(m.byDesign['animal']);
    }
  });

  it.each([
    [['evidence', '--retracted', 'no'], 'kratomlit: evidence: --retracted must be true or false, got "no"'],
    [['evidence', '--reclassify', '--retracted', 'false'], 'kratomlit: evidence: --reclassify recomputes every record; it takes no --since, --topic or --retracted'],
  ])('refuses %j with one line and exit 2', async (args, line) => {
    const r = await sb.run(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(line);
    expect(r.stdout).toBe('');
  });
});
