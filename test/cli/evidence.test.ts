import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, articleSet, assertBuilt, sandbox } from './run-cli.js';

const RECORDS = [
  { pmid: '3001', entrez: '2026-11-02', year: 2024, title: 'Seizures after kratom extract: a case report', publicationTypes: ['Case Reports'], mesh: ['Humans', 'Seizures'], abstract: 'A 27-year-old man had two seizures after an extract shot. Seizures stopped with lorazepam.' },
  { pmid: '3002', entrez: '2026-11-03', year: 2025, title: 'Tolerance to mitragynine in rats', mesh: ['Animals', 'Rats'], abstract: 'Rats received mitragynine (10 mg/kg, p.o.) twice daily. Tolerance and withdrawal developed after dependence.' },
  { pmid: '3003', entrez: '2026-11-04', year: 2025, title: 'Kratom for chronic pain: a randomized controlled trial', publicationTypes: ['Randomized Controlled Trial'], mesh: ['Chronic Pain', 'Humans'], abstract: 'Adults with chronic pain were randomly assigned to kratom or placebo. Pain scores fell with kratom.' },
];

describe('kratomlit evidence', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    assertBuilt();
    sb = sandbox();
    const file = sb.write('lib.xml', articleSet(RECORDS));
    const r = await sb.run(['import', '--topic', 'mitragynine', '--', file]);
    if (r.code !== 0) throw new Error(`fixture import failed: ${r.stderr}`);
  });
  afterAll(() => sb.cleanup());

  it('shows the evidence of a record in show --json', async () => {
    const r = await sb.run(['show', '3001', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).evidence).toMatchObject({ design: 'case-report', designAlso: [], themes: ['toxicity'], source: 'rules', version: 1 });
  });

  it('prints the design x theme matrix and papers per year as JSON', async () => {
    const r = await sb.run(['evidence', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.total).toBe(3);
    expect(m.byDesign).toMatchObject({ 'case-report': 1, animal: 1, rct: 1, review: 0 });
    expect(m.matrix.rct.pain).toBe(1);
    expect(m.matrix.animal.dependence).toBe(1);
    expect(m.years.map((y: { year: number; total: number }) => [y.year, y.total])).toEqual([[2024, 1], [2025, 2]]);
  });

  it('filters by publication year and topic', async () => {
    const since = JSON.parse((await sb.run(['evidence', '--json', '--since', '2025'])).stdout);
    expect(since.total).toBe(2);
    expect(since.byDesign['case-report']).toBe(0);
    const topic = JSON.parse((await sb.run(['evidence', '--json', '--topic', '7-hydroxymitragynine'])).stdout);
    expect(topic.total).toBe(0);
  });

  it('prints a readable table without --json', async () => {
    const r = await sb.run(['evidence']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Evidence map: 3 records\n/);
    expect(r.stdout).toMatch(/\nRCT +\. +\. +\. +1 /);
  });

  it.each([
    [['evidence', '--since', '25'], 'kratomlit: evidence: --since must be a year YYYY, got "25"'],
    [['evidence', '--topic', 'tea'], 'kratomlit: evidence: topic "tea" is not a configured topic and no stored paper has it (configured: mitragynine, 7-hydroxymitragynine)'],
  ])('refuses %j with one line and exit 2', async (args, line) => {
    const r = await sb.run(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(line);
    expect(r.stdout).toBe('');
  });

  it('reclassifies from the store with the configured override file', async () => {
    sb.write('ov.json', JSON.stringify({ 3002: { design: 'in-vitro', note: 'tissue only' } }));
    const config = sb.write('k.json', JSON.stringify({ evidence: { overrides: 'ov.json' } }));
    const r = await sb.run(['--config', config, 'evidence', '--reclassify', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ total: 3, withdrawn: 0, changed: 1, overridden: 1, unmatchedOverrides: [], version: 1 });
    const shown = JSON.parse((await sb.run(['show', '3002', '--json'])).stdout);
    expect(shown.evidence).toMatchObject({ design: 'in-vitro', source: 'override' });
    expect(shown.evidence.cues[0]).toMatch(/^override: .*ov\.json \(tissue only\)$/);
    // Without the override file the rules' classification comes back.
    expect(JSON.parse((await sb.run(['evidence', '--reclassify', '--json'])).stdout)).toMatchObject({ changed: 1, overridden: 0 });
    expect(JSON.parse((await sb.run(['show', '3002', '--json'])).stdout).evidence).toMatchObject({ design: 'animal', source: 'rules' });
  });

  it('names the overrides whose PMID no stored record has, and still applies the others', async () => {
    sb.write('typo.json', JSON.stringify({ 3002: { design: 'in-vitro' }, 30002: { design: 'rct' } }));
    const config = sb.write('typo-config.json', JSON.stringify({ evidence: { overrides: 'typo.json' } }));
    const r = await sb.run(['--config', config, 'evidence', '--reclassify']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('evidence: note: 1 override names a PMID no stored record has (30002); it applies once that record is stored');
    expect(JSON.parse((await sb.run(['show', '3002', '--json'])).stdout).evidence).toMatchObject({ design: 'in-vitro', source: 'override' });
    expect((await sb.run(['evidence', '--reclassify'])).code).toBe(0);
  });

  it('refuses a bad override file naming it and the PMID, and changes nothing', async () => {
    sb.write('bad.json', JSON.stringify({ 3001: { design: 'trial' } }));
    const config = sb.write('bad-config.json', JSON.stringify({ evidence: { overrides: 'bad.json' } }));
    const r = await sb.run(['--config', config, 'evidence', '--reclassify']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^kratomlit: evidence: evidence overrides .*bad\.json: PMID 3001: unknown design "trial"$/);
    expect(JSON.parse((await sb.run(['show', '3001', '--json'])).stdout).evidence.design).toBe('case-report');
  });

  it('filters search by design: and theme: in the query and by --design/--theme', async () => {
    const pmids = async (args: string[]) => {
      const r = await sb.run(args);
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as Array<{ pmid: string }>).map((h) => h.pmid).sort();
    };
    expect(await pmids(['search', 'design:rct', '--json'])).toEqual(['3003']);
    expect(await pmids(['search', 'kratom -design:rct', '--json'])).toEqual(['3001', '3002']);
    expect(await pmids(['search', 'theme:dependence', '--json'])).toEqual(['3002']);
    expect(await pmids(['search', 'design:animal', '--theme', 'dependence', '--json'])).toEqual(['3002']);
    expect(await pmids(['search', 'kratom', '--design', 'case-report', '--json'])).toEqual(['3001']);
  });

  it('filters export by --design and --theme', async () => {
    const r = await sb.run(['export', '--format', 'csv', '--all', '--theme', 'pain']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').length).toBe(2);
    expect(r.stdout).toContain('3003');
  });

  it.each([
    [['search', 'design:trial'], 'kratomlit: search: design: "trial" is not a design (one of systematic-review, rct, clinical-trial, observational, case-report, animal, in-vitro, analytical, review, other)'],
    [['search', 'kratom', '--theme', 'cats'], 'kratomlit: search: --theme "cats" is not a theme (one of pharmacology, toxicity, dependence, pain, chemistry, use-patterns, regulation, interactions)'],
    [['export', '--format', 'ris', '--design', 'trial'], 'kratomlit: export: --design "trial" is not a design (one of systematic-review, rct, clinical-trial, observational, case-report, animal, in-vitro, analytical, review, other)'],
  ])('refuses an unknown evidence id in %j with one line and exit 2', async (args, line) => {
    const r = await sb.run(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(line);
  });
});
