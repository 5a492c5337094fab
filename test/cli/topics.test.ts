/**
 * One rule for a topic filter in every face: a topic is known when it is configured or when stored papers
 * carry it (a topic removed from the configuration keeps its papers findable, as the web face lists it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, articleSet, assertBuilt, sandbox } from './run-cli.js';

describe('a topic no longer configured', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    assertBuilt();
    sb = sandbox();
    const config = sb.write('old.config.json', JSON.stringify({ topics: [{ name: 'retired', query: 'retired[tiab]' }] }));
    const file = sb.write('old.xml', articleSet([{ pmid: '42100001', entrez: '2026-11-02', title: 'Kratom under a retired topic' }]));
    const r = await sb.run(['--config', config, 'import', '--topic', 'retired', file]);
    if (r.code !== 0) throw new Error(r.stderr);
    const other = await sb.run(['import', sb.write('plain.xml', articleSet([
      { pmid: '42100002', entrez: '2026-11-03', title: 'Kratom under no topic' },
      { pmid: '42100003', entrez: '2026-11-04', title: 'Kratom plain' },
    ]))]);
    if (other.code !== 0) throw new Error(other.stderr);
  }, 60_000);
  afterAll(() => sb.cleanup());

  it('still filters search, export and evidence under the default configuration, in any case', async () => {
    const search = await sb.run(['search', 'kratom', '--topic', 'Retired', '--json']);
    expect(search.code, search.stderr).toBe(0);
    expect((JSON.parse(search.stdout) as Array<{ pmid: string }>).map((h) => h.pmid)).toEqual(['42100001']);
    const exported = await sb.run(['export', '--format', 'csv', '--topic', 'retired']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(',')[0])).toEqual(['42100001']);
    const query = await sb.run(['export', '--format', 'csv', 'kratom', '--topic', 'retired']);
    expect(query.stdout.trimEnd().split('\n')).toHaveLength(2);
    const evidence = await sb.run(['evidence', '--topic', 'RETIRED', '--json']);
    expect(evidence.code, evidence.stderr).toBe(0);
    expect((JSON.parse(evidence.stdout) as { total: number }).total).toBe(1);
  });

  it('and a topic nobody has is refused the same way by search, export and evidence', async () => {
    for (const args of [['search', 'kratom', '--topic', 'nosuch'], ['export', '--format', 'csv', '--topic', 'nosuch'], ['export', '--format', 'csv', 'kratom', '--topic', 'nosuch'], ['evidence', '--topic', 'nosuch']]) {
      const r = await sb.run(args);
      expect([r.code, r.stderr]).toEqual([2, `kratomlit: ${args[0]}: topic "nosuch" is not a configured topic and no stored paper has it (configured: mitragynine, 7-hydroxymitragynine)\n`]);
    }
  });
});

describe('import --topic, the one option that may be repeated', () => {
  let sb: Sandbox;
  beforeAll(() => {
    assertBuilt();
    sb = sandbox();
  });
  afterAll(() => sb.cleanup());

  it('attaches every topic it is given, where a repeated --topic on search is refused', async () => {
    const file = sb.write('two.xml', articleSet([{ pmid: '42100011', entrez: '2026-11-05', title: 'Kratom and 7-hydroxymitragynine' }]));
    const r = await sb.run(['import', file, '--topic', 'mitragynine', '--topic', '7-hydroxymitragynine', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const shown = await sb.run(['show', '42100011', '--json']);
    expect((JSON.parse(shown.stdout) as { topics: string[] }).topics.sort()).toEqual(['7-hydroxymitragynine', 'mitragynine']);
    // The same file again under another topic: unchanged, but filed under it, and the summary says so.
    const other = sb.write('other.xml', articleSet([{ pmid: '42100012', entrez: '2026-11-06', title: 'Kratom again' }]));
    expect((await sb.run(['import', other, '--topic', 'mitragynine'])).code).toBe(0);
    const again = await sb.run(['import', other, '--topic', '7-hydroxymitragynine']);
    expect([again.code, again.stderr]).toEqual([0, expect.stringContaining('1 unchanged, 0 older, 0 deleted, 0 rejected; 1 of them already stored, now also under the topics given')]);
    // A third time it gains nothing: the JSON says unchanged and leaves gainedTopic out.
    const json = JSON.parse((await sb.run(['import', other, '--topic', '7-hydroxymitragynine', '--json'])).stdout) as { unchanged: number; gainedTopic?: number };
    expect([json.unchanged, json.gainedTopic]).toEqual([1, undefined]);
    const third = sb.write('third.xml', articleSet([{ pmid: '42100013', entrez: '2026-11-07', title: 'Kratom thrice' }]));
    expect((await sb.run(['import', third])).code).toBe(0);
    const filed = JSON.parse((await sb.run(['import', third, '--topic', 'mitragynine', '--json'])).stdout) as { unchanged: number; gainedTopic?: number };
    expect([filed.unchanged, filed.gainedTopic]).toEqual([1, 1]);
    const twice = await sb.run(['search', 'kratom', '--topic', 'mitragynine', '--topic', '7-hydroxymitragynine']);
    expect([twice.code, twice.stderr]).toEqual([2, 'kratomlit: search: option --topic was given twice ("mitragynine" and "7-hydroxymitragynine"); give it once\n']);
  });
});
