import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, articleSet, assertBuilt, runOnTty, sandbox } from './run-cli.js';

/** 1,205 records: more matches for "withdrawal" than one search page (1,000) holds, five of them trials. */
function library(): string {
  const specs = Array.from({ length: 1205 }, (_, i) => ({
    pmid: String(30000001 + i),
    entrez: '2024-03-04',
    title: i < 1200 ? `Kratom withdrawal cohort ${i}` : `Mitragynine dosing trial ${i}`,
    publicationTypes: i % 300 === 0 || i >= 1200 ? ['Journal Article', 'Randomized Controlled Trial'] : ['Journal Article'],
  }));
  return articleSet(specs);
}

describe('export by query', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    assertBuilt();
    sb = sandbox();
    const r = await sb.run(['import', '--topic', 'mitragynine', sb.write('lib.xml', library()), '--json']);
    if (r.code !== 0) throw new Error(`import failed: ${r.stderr}`);
  }, 120_000);
  afterAll(() => sb.cleanup());

  it('returns every match, past a search page, in all four formats', async () => {
    const [ris, bib, csl, csv] = await Promise.all(
      ['ris', 'bibtex', 'csl-json', 'csv'].map((f) => sb.run(['export', '--format', f, 'withdrawal'])),
    );
    for (const r of [ris, bib, csl, csv]) expect(r!.code, r!.stderr).toBe(0);
    expect(ris!.stdout.match(/^TY {2}- /gm)?.length).toBe(1200);
    expect(bib!.stdout.match(/^@\w+\{/gm)?.length).toBe(1200);
    expect((JSON.parse(csl!.stdout) as unknown[]).length).toBe(1200);
    expect(csv!.stdout.trimEnd().split('\n').length).toBe(1201);
    expect(ris!.stderr).toMatch(/^export: 1200 records as ris\n$/m);
  });

  it('applies the filters with the search rules: --type rct and a topic in any case', async () => {
    const search = await sb.run(['search', 'withdrawal', '--type', 'rct', '--topic', 'Mitragynine', '--json']);
    expect(search.code, search.stderr).toBe(0);
    const searched = (JSON.parse(search.stdout) as Array<{ pmid: string }>).map((h) => h.pmid).sort();
    expect(searched).toEqual(['30000001', '30000301', '30000601', '30000901']);
    const byQuery = await sb.run(['export', '--format', 'csl-json', 'withdrawal', '--type', 'rct', '--topic', 'MITRAGYNINE']);
    expect(byQuery.code, byQuery.stderr).toBe(0);
    expect((JSON.parse(byQuery.stdout) as Array<{ PMID: string }>).map((c) => c.PMID).sort()).toEqual(searched);
    const all = await sb.run(['export', '--format', 'csl-json', '--all', '--type', 'RCT']);
    expect((JSON.parse(all.stdout) as unknown[]).length).toBe(9);
  });

  it('refuses bad filter values before any work, naming the option and the accepted form', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['export', '--format', 'ris', '--all', '--since', '2020-13-45'], /^kratomlit: export: --since "2020-13-45" is not a date: use YYYY, YYYY-MM or YYYY-MM-DD/],
      [['export', '--format', 'ris', '--all', '--until', '2026-02-30'], /^kratomlit: export: --until "2026-02-30" is not a date/],
      [['search', 'x', '--since', '2026-02-30'], /^kratomlit: search: --since "2026-02-30" is not a date/],
      [['search', 'x', '--limit', '5000'], /^kratomlit: search: --limit must be a whole number from 1 to 1000, got "5000"/],
      [['search', 'x', '--topic', 'nosuch'], /^kratomlit: search: topic "nosuch" is not a configured topic and no stored paper has it \(configured: mitragynine, 7-hydroxymitragynine\)/],
      [['export', '--format', 'ris', '--topic', 'nosuch'], /^kratomlit: export: topic "nosuch" is not a configured topic and no stored paper has it/],
      [['import', '--topic', 'nosuch', 'x.xml'], /^kratomlit: import: --topic "nosuch" is not a configured topic/],
      [['export', '--format', 'ris', '--week', '2026-W99'], /^kratomlit: export: --week "2026-W99" does not exist \(2026 has 53 ISO weeks\)/],
      [['export', '--format', 'ris', '--week', '0001-W01'], /^kratomlit: export: --week "0001-W01" is out of range \(1800-W01 to 9999-W51\)\n$/],
      [['export', '--format', 'ris', '--week', '2027-W53'], /^kratomlit: export: --week "2027-W53" does not exist \(2027 has 52 ISO weeks\)/],
      [['search', 'x', '--since', '2026', '--until', '2025-12'], /^kratomlit: search: --until "2025-12" is before --since "2026": no date can match both\n$/],
      [['export', '--format', 'ris', '--all', '--since', '2024-03-05', '--until', '2024-03-04'], /^kratomlit: export: --until "2024-03-04" is before --since "2024-03-05"/],
      // A publication type no stored paper has, with the stored ones nearest to it (this library has two).
      [['search', 'kratom', '--type', 'reveiw'], /^kratomlit: search: type "reveiw" is not a publication type of any stored paper \(closest: Journal Article, Randomized Controlled Trial\)\n$/],
      [['export', '--format', 'csv', '--type', 'reveiw'], /^kratomlit: export: type "reveiw" is not a publication type of any stored paper \(closest: /],
      [['export', '--format', 'csv', 'withdrawal', '--type', 'Tria'], /^kratomlit: export: type "Tria" is not a publication type of any stored paper \(closest: /],
    ];
    for (const [args, want] of cases) {
      const r = await sb.run(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(want);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
  });

  it('takes a blank query as none: the filters alone choose, and with no filter it asks what to export', async () => {
    const blank = await sb.run(['export', '--format', 'csv', '', '--type', 'rct']);
    expect(blank.code, blank.stderr).toBe(0);
    expect(blank.stdout.trimEnd().split('\n')).toHaveLength(1 + 9);
    const nothing = await sb.run(['export', '--format', 'csv', ' ']);
    expect([nothing.code, nothing.stderr]).toEqual([2, 'kratomlit: export: say what to export: a query, filters (--topic, --since, ...), --pmids FILE, --all or --week\n']);
  });

  it('takes a range that only meets at the shorter precision, and says why a page past the last hit is empty', async () => {
    const within = await sb.run(['search', 'withdrawal', '--since', '2024-03', '--until', '2024', '--json', '--limit', '1']);
    expect(within.code, within.stderr).toBe(0);
    expect((JSON.parse(within.stdout) as unknown[]).length).toBe(1);
    const past = await sb.run(['search', 'dosing', '--offset', '1000']);
    expect([past.code, past.stdout, past.stderr]).toEqual([0, '', 'no hits for "dosing" past --offset 1000 (try a smaller one)\n']);
  });

  it('names the filters that narrowed an empty answer, and the type filter in any case', async () => {
    const narrowed = await sb.run(['search', 'withdrawal', '--type', 'Randomized Controlled Trial', '--since', '2025']);
    expect([narrowed.code, narrowed.stdout, narrowed.stderr]).toEqual([0, '', 'no hits for "withdrawal" with --since 2025 --type "Randomized Controlled Trial"\n']);
    const unfiltered = await sb.run(['search', 'zebrafish']);
    expect([unfiltered.code, unfiltered.stdout, unfiltered.stderr]).toEqual([0, '', 'no hits for "zebrafish"\n']);
    const anyCase = await sb.run(['export', '--format', 'csv', '--type', 'RCT']);
    expect(anyCase.code, anyCase.stderr).toBe(0);
    expect(anyCase.stdout.trimEnd().split('\n')).toHaveLength(1 + 9);
  });

  // This library is the suite's one past the rebuild's progress step (1,000 records), so the check lives here.
  it('index --rebuild on a terminal draws its bar out of the record count (not out of 0)', async () => {
    const out = await runOnTty(sb, ['index', '--rebuild'], {});
    expect(out).toMatch(/index rebuild \[.*\] \d+\/1205 records/);
    expect(out).not.toMatch(/\d+\/0 records/);
    expect(out).toContain('index rebuilt: 1205 records');
  });
});

