/**
 * `kratomlit show` tells what changed between stored versions, as the web paper page and MCP get_paper do:
 * `--json` carries the library's own revisions (the data the web's paper JSON reads), the text a short section.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../src/library/open.js';
import { type Sandbox, articleSet, assertBuilt, sandbox } from './run-cli.js';

const BEFORE = { pmid: '3201', version: 1, entrez: '2026-11-02', year: 2025, title: 'Sex differences in the pharmacokinetcs of mitragynine', abstract: 'Adults took mitragynine.' };
const AFTER = { ...BEFORE, version: 2, revised: '2026-11-20', title: 'Sex differences in the pharmacokinetics of mitragynine' };
const SAME = { pmid: '3202', entrez: '2026-11-03', year: 2025, title: 'Tolerance to mitragynine in rats', abstract: 'Rats received mitragynine.' };

describe('kratomlit show: revision history', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    assertBuilt();
    sb = sandbox();
    for (const [name, recs] of [['v1.xml', [BEFORE, SAME]], ['v2.xml', [AFTER, SAME]]] as const) {
      const r = await sb.run(['import', '--topic', 'mitragynine', '--', sb.write(name, articleSet([...recs]))]);
      if (r.code !== 0) throw new Error(`fixture import failed: ${r.stderr}`);
    }
  });
  afterAll(() => sb.cleanup());

  it('--json gives each record the revisions the library stores for it, and [] to one that never changed', async () => {
    const r = await sb.run(['show', '3201,3202', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const shown = JSON.parse(r.stdout) as Array<{ pmid: string; revisions: unknown[] }>;
    const lib = await openLibrary({ db: sb.db, config: false, mustExist: true, loadIndex: false });
    try {
      expect(shown.map((a) => [a.pmid, a.revisions])).toEqual([['3201', lib.revisions('3201')], ['3202', []]]);
    } finally {
      lib.close();
    }
    const [rev] = shown[0]?.revisions as Array<{ changed: string[]; previous: { title?: string }; source: string }>;
    expect(rev?.changed).toEqual(expect.arrayContaining(['version', 'title']));
    expect([rev?.previous.title, rev?.source]).toEqual([BEFORE.title, 'import']);
  });

  it('the text ends with what changed and the title it replaced; a record never revised has no such section', async () => {
    const r = await sb.run(['show', '3201', '3202']);
    expect(r.code, r.stderr).toBe(0);
    const [revised, unchanged] = r.stdout.split('\n\nPMID 3202') as [string, string];
    expect(revised).toMatch(/\nWhat changed between stored versions:\n {2}\d{4}-\d\d-\d\d \(import\): new version \(v2\); title corrected\n {4}Title before: Sex differences in the pharmacokinetcs of mitragynine\nhttps:\/\/pubmed\.ncbi\.nlm\.nih\.gov\/3201\/$/);
    expect(unchanged).not.toContain('What changed');
  });
});
