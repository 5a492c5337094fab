/** `kratomlit show` with several PMIDs, as EDirect's efetch takes a list. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, articleSet, assertBuilt, sandbox } from './run-cli.js';

const RECORDS = [
  { pmid: '3101', entrez: '2026-11-02', year: 2024, title: 'Seizures after kratom extract: a case report', abstract: 'A man had two seizures.' },
  { pmid: '3102', entrez: '2026-11-03', year: 2025, title: 'Tolerance to mitragynine in rats', abstract: 'Rats received mitragynine.' },
  { pmid: '3103', entrez: '2026-11-04', year: 2025, title: 'Kratom for chronic pain', abstract: 'Adults with chronic pain.' },
];

describe('kratomlit show PMID...', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    assertBuilt();
    sb = sandbox();
    const r = await sb.run(['import', '--topic', 'mitragynine', '--', sb.write('lib.xml', articleSet(RECORDS))]);
    if (r.code !== 0) throw new Error(`fixture import failed: ${r.stderr}`);
  });
  afterAll(() => sb.cleanup());

  it('prints several records in the order asked, apart by spaces or commas, once each; --json an array', async () => {
    const text = await sb.run(['show', '3103', '3101,3102', '3103']);
    expect(text.code, text.stderr).toBe(0);
    expect([...text.stdout.matchAll(/^PMID (\d+)/gm)].map((m) => m[1])).toEqual(['3103', '3101', '3102']);
    const json = await sb.run(['show', '3102,3101', '--json']);
    expect((JSON.parse(json.stdout) as Array<{ pmid: string }>).map((a) => a.pmid)).toEqual(['3102', '3101']);
    // One PMID stays one object.
    expect((JSON.parse((await sb.run(['show', '3101', '--json'])).stdout) as { pmid: string }).pmid).toBe('3101');
  });

  it('prints the stored ones and names the missing ones (not found), and refuses a bad PMID before opening anything', async () => {
    const r = await sb.run(['show', '3101', '999999', '3102', '888888']);
    expect([...r.stdout.matchAll(/^PMID (\d+)/gm)].map((m) => m[1])).toEqual(['3101', '3102']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/show: PMIDs 999999, 888888 are not in the library/);
    const bad = await sb.run(['show', '3101', 'abc']);
    expect([bad.code, bad.stdout]).toEqual([2, '']);
    expect(bad.stderr).toMatch(/show: not a PMID: "abc"/);
  });
});
