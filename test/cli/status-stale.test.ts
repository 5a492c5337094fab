import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveCheck } from '../../src/store/completeness.js';
import { closeStore, openStore } from '../../src/store/open.js';
import { type Sandbox, articleSet, assertBuilt, sandbox } from './run-cli.js';

let sb: Sandbox;
beforeAll(async () => {
  assertBuilt();
  sb = sandbox();
  sb.write('a.xml', articleSet([{ pmid: '101', entrez: '2026-11-17', title: 'Mitragynine kinetics in adults' }]));
  expect((await sb.run(['import', 'a.xml', '--topic', 'mitragynine'])).code).toBe(0);
  // A check that found the topic complete, long before any schedule would have checked it again.
  const db = openStore(sb.db);
  saveCheck(db, { topic: 'mitragynine', upstream: 1, local: 1, checkedAt: '2020-01-06T03:00:00.000Z', check: 'full' });
  closeStore(db);
}, 60_000);
afterAll(() => sb.cleanup());

describe('status when the last completeness check is old', () => {
  it('says "complete as of" the check, not verified since, in the text and as stale: true in --json', async () => {
    const text = await sb.run(['status']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^ {2}mitragynine: complete as of 2020-01-06 03:00 UTC \(\d+ days ago\), not verified since: the 1 record PubMed listed then was stored$/m);
    const json = JSON.parse((await sb.run(['status', '--json'])).stdout) as { completeness: Record<string, { complete: boolean; stale: boolean; checkedAt: string }> };
    expect(json.completeness['mitragynine']).toMatchObject({ complete: true, stale: true, checkedAt: '2020-01-06T03:00:00.000Z' });
    expect(json.completeness['7-hydroxymitragynine']).toMatchObject({ complete: null, stale: null });
  });
});
