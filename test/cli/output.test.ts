import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSI, type Sandbox, articleSet, assertBuilt, jsonLogLines, runOnTty, sandbox } from './run-cli.js';

describe('stdout carries data, stderr carries messages', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    assertBuilt();
    sb = sandbox();
    const file = sb.write('lib.xml', articleSet([
      { pmid: '1001', entrez: '2026-11-02', title: 'Mitragynine kinetics in plasma' },
      { pmid: '1002', entrez: '2026-11-03', title: 'Kratom withdrawal in a cohort', publicationTypes: ['Journal Article', 'Review'] },
    ]));
    const r = await sb.run(['import', file]);
    if (r.code !== 0) throw new Error(`fixture import failed: ${r.stderr}`);
  });
  afterAll(() => sb.cleanup());

  it('prints the import summary line on stderr and nothing on stdout', async () => {
    const file = sb.write('again.xml', articleSet([{ pmid: '1001', entrez: '2026-11-02', title: 'Mitragynine kinetics in plasma' }]));
    const r = await sb.run(['import', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('imported 1 file, 1 record: 0 new, 0 updated, 1 unchanged');
  });

  it('prints import --json as one JSON document on stdout with the summary figures', async () => {
    const file = sb.write('new.xml', articleSet([{ pmid: '1003', entrez: '2026-11-04' }]));
    const r = await sb.run(['import', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ files: 1, filesFailed: 0, records: 1, new: 1, updated: 0, rejected: 0, status: 'ok', problems: [], fileErrors: [] });
    // The keys README "Exit codes" documents, no more, no less.
    expect(Object.keys(doc).sort()).toEqual(
      ['files', 'filesFailed', 'records', 'new', 'updated', 'unchanged', 'older', 'deleted', 'tombstoned', 'rejected', 'status', 'problems', 'fileErrors'].sort(),
    );
    expect(r.stderr).not.toContain('imported 1 file');
  });

  it('prints status --json as the documented document, with configured topics counted', async () => {
    const r = await sb.run(['status', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(s).sort()).toEqual(['completeness', 'database', 'index', 'lastDigest', 'lastImport', 'lastIngest', 'nextRuns', 'records', 'runs', 'scheduler', 'topics'].sort());
    expect(s['database']).toBe(sb.db);
    expect(s['records']).toMatchObject({ live: 3, deleted: 0, books: 0, retracted: 0 });
    expect(s['topics']).toEqual([
      { name: 'mitragynine', records: 0, configured: true },
      { name: '7-hydroxymitragynine', records: 0, configured: true },
    ]);
    expect(s['lastImport']).toMatchObject({ kind: 'import', status: 'ok', details: { new: 1 } });
    expect(Object.keys(s['nextRuns'] as object).sort()).toEqual(['digest', 'ingest']);
    expect(s['index']).toMatchObject({ exists: expect.any(Boolean), storeHighWater: expect.any(Number) });
    // Imported, never checked against PubMed: every completeness field null but the (empty) gap list and the line.
    const unchecked = { upstream: null, local: null, gaps: [], checkedAt: null, check: null, complete: null, stale: null };
    expect(s['completeness']).toEqual({
      mitragynine: { ...unchecked, line: 'mitragynine: not checked against PubMed yet' },
      '7-hydroxymitragynine': { ...unchecked, line: '7-hydroxymitragynine: not checked against PubMed yet' },
    });
  });

  it('prints the human status on stdout with the last runs and their figures', async () => {
    const r = await sb.run(['status', '--runs', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Records: 3 live \(0 books, 0 retracted\), 0 deleted$/m);
    expect(r.stdout.match(/^ {2}#\d+ import ok /gm)).toHaveLength(2);
  });

  it('prints show --json as the normalized record', async () => {
    const r = await sb.run(['show', '1002', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(a).toMatchObject({ pmid: '1002', title: 'Kratom withdrawal in a cohort', deleted: false, doi: '10.5555/jks.1002' });
    expect(a['publicationTypes']).toEqual(['Journal Article', 'Review']);
    expect(Array.isArray(a['authors'])).toBe(true);
  });

  it('prints search --json hits on stdout and keeps index logs on stderr as JSON lines', async () => {
    const r = await sb.run(['search', 'withdrawal', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const hits = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(hits.map((h) => h['pmid'])).toEqual(['1002']);
    expect(hits[0]).toMatchObject({ title: 'Kratom withdrawal in a cohort' });
    for (const line of r.stderr.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('prints [] for search --json without hits, and for people says so on stderr only', async () => {
    const [json, plain] = await Promise.all([sb.run(['search', 'zzzunfindable', '--json']), sb.run(['search', 'zzzunfindable'])]);
    expect(JSON.parse(json.stdout)).toEqual([]);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toContain('no hits for "zzzunfindable"');
  });

  it('marks search terms with ** instead of ANSI bold when stdout is a pipe', async () => {
    const r = await sb.run(['search', 'plasma']);
    expect(r.stdout).toContain('**plasma**');
    expect(r.stdout).not.toMatch(ANSI);
  });

  it('keeps only warnings and errors under --quiet', async () => {
    const file = sb.write('q.xml', articleSet([{ pmid: '1004', entrez: '2026-11-05' }]));
    const loud = await sb.run(['index', '--rebuild']);
    expect(jsonLogLines(loud.stderr).length + loud.stderr.split('\n').filter((l) => l.startsWith('index rebuilt')).length).toBeGreaterThan(0);
    const [quietImport, quietIndex] = await Promise.all([sb.run(['-q', 'import', file]), sb.run(['--quiet', 'index', '--rebuild'])]);
    expect(quietImport.code, quietImport.stderr).toBe(0);
    expect(quietImport.stderr).toBe('');
    expect(quietIndex.stderr).toBe('');
  });

  it('adds debug lines and stack traces under --verbose', async () => {
    const r = await sb.run(['-v', 'show', '99999999']);
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toMatch(/^kratomlit: show: PMID 99999999/);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('writes colour and bold on a terminal, and no escape codes at all with NO_COLOR=1', async () => {
    const coloured = await runOnTty(sb, ['search', 'mitragynine', '--limit', '1'], {});
    expect(coloured).toMatch(ANSI);
    const plain = await runOnTty(sb, ['search', 'mitragynine', '--limit', '1'], { NO_COLOR: '1' });
    expect(plain).toContain('**Mitragynine**');
    expect(plain).not.toMatch(ANSI);
  });
});
