/**
 * `search pmid:N` and `export ... pmid:N` (the built binary) say why a PMID lookup found nothing: PubMed
 * withdrew the record (and when the library learnt it), or the library does not hold it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStore, openStore } from '../../src/store/open.js';
import { applyDeletions } from '../../src/store/upsert.js';
import { type Sandbox, articleSet, assertBuilt, jsonLogLines, sandbox } from './run-cli.js';

/** The lines of stderr meant for people (the JSON log lines, such as the index catching up, left out). */
const said = (stderr: string) => stderr.split('\n').filter((l) => l !== '' && !l.startsWith('{'));

describe('a PMID lookup that finds nothing', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    assertBuilt();
    sb = sandbox();
    const xml = articleSet([
      { pmid: '41900001', entrez: '2026-10-01', title: 'Kratom alkaloids at the mu opioid receptor' },
      { pmid: '41900033', entrez: '2026-10-22', title: 'Mitragynine content of commercial kratom products' },
    ]);
    const r = await sb.run(['import', '--topic', 'mitragynine', sb.write('lib.xml', xml)]);
    if (r.code !== 0) throw new Error(`import failed: ${r.stderr}`);
    // PubMed withdraws one of them at the next ingest.
    const db = openStore(sb.db);
    applyDeletions(db, [{ pmid: '41900033', version: 1 }], { now: new Date('2026-11-25T10:00:00Z'), source: 'ingest' });
    closeStore(db);
  }, 60_000);
  afterAll(() => sb.cleanup());

  it('search names each PMID and why, instead of only "no hits"', async () => {
    const r = await sb.run(['search', 'pmid:41900033 pmid:99999999']);
    expect([r.code, r.stdout]).toEqual([0, '']);
    expect(said(r.stderr)).toEqual(['no hits for "pmid:41900033 pmid:99999999": PMID 41900033 was withdrawn from PubMed (deleted on 2026-11-25); PMID 99999999 is not in the library']);
    // A live PMID is found as before, and words make a search, not a lookup.
    expect((await sb.run(['search', 'pmid:41900001'])).stdout).toContain('PMID 41900001');
    expect(said((await sb.run(['search', 'pmid:41900033 kratom'])).stderr)).toEqual(['no hits for "pmid:41900033 kratom"']);
  });

  it('search names the PMIDs that found nothing beside those it found, and says why with --json too (stdout stays the data)', async () => {
    const r = await sb.run(['search', 'pmid:41900001 OR pmid:99999999 OR pmid:41900033']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('PMID 41900001');
    expect(said(r.stderr)).toEqual(['search: 2 looked-up PMIDs found nothing: PMID 99999999 is not in the library; PMID 41900033 was withdrawn from PubMed (deleted on 2026-11-25)']);
    const json = await sb.run(['search', '--json', 'pmid:41900033']);
    expect([json.code, JSON.parse(json.stdout)]).toEqual([0, []]);
    expect(said(json.stderr)).toEqual(['search: 1 looked-up PMID found nothing: PMID 41900033 was withdrawn from PubMed (deleted on 2026-11-25)']);
    const found = await sb.run(['search', '--json', 'pmid:41900001 pmid:99999999']);
    expect((JSON.parse(found.stdout) as Array<{ pmid: string }>).map((h) => h.pmid)).toEqual(['41900001']);
    expect(said(found.stderr)).toEqual(['search: 1 looked-up PMID found nothing: PMID 99999999 is not in the library']);
    // Every PMID found: no note.
    expect(said((await sb.run(['search', 'pmid:41900001'])).stderr)).toEqual([]);
  });

  it('export warns about the looked-up PMIDs it could not write beside those it wrote', async () => {
    const r = await sb.run(['export', '--format', 'ris', 'pmid:41900001 pmid:99999999']);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^TY {2}- /gm)).toHaveLength(1);
    expect(jsonLogLines(r.stderr).map((l) => l.msg)).toEqual(['export: 1 looked-up PMID found nothing: PMID 99999999 is not in the library']);
  });

  it('export says why in its warning', async () => {
    const r = await sb.run(['export', '--format', 'ris', 'pmid:41900033']);
    expect([r.code, r.stdout]).toEqual([0, '']);
    expect(jsonLogLines(r.stderr).map((l) => l.msg)).toEqual(['export: no records matched the selection: PMID 41900033 was withdrawn from PubMed (deleted on 2026-11-25)']);
  });
});
