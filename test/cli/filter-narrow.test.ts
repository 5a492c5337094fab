/**
 * `--design` and `--retracted` narrow the query of `search` and `export` (the built binary): never ORed
 * with the query's own `design:` nor put in place of its `retracted:`; a pair no record can match is
 * exit 2 with one line naming both flags' values and the query's filter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, articleSet, assertBuilt, sandbox } from './run-cli.js';

/** One RCT, two animal studies (one retracted), one retracted case report. */
function library(): string {
  return articleSet([
    { pmid: '41800001', entrez: '2024-03-04', title: 'Kratom tea for chronic pain: a randomized controlled trial', publicationTypes: ['Journal Article', 'Randomized Controlled Trial'] },
    { pmid: '41800002', entrez: '2024-03-04', title: 'Kratom alkaloids in rats', mesh: ['Animals', 'Rats'] },
    { pmid: '41800003', entrez: '2024-03-04', title: 'Kratom alkaloids in mice', mesh: ['Animals', 'Mice'], retractionIn: '41800009' },
    { pmid: '41800004', entrez: '2024-03-04', title: 'Kratom hepatotoxicity: a case report', publicationTypes: ['Case Reports'], retractionIn: '41800008' },
  ]);
}

describe('filter flags narrow the query', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    assertBuilt();
    sb = sandbox();
    const r = await sb.run(['import', '--topic', 'mitragynine', sb.write('lib.xml', library())]);
    if (r.code !== 0) throw new Error(`import failed: ${r.stderr}`);
  }, 60_000);
  afterAll(() => sb.cleanup());

  const pmids = (stdout: string) => (JSON.parse(stdout) as Array<{ pmid: string }>).map((h) => h.pmid).sort();

  it('search --design picks one of the query\'s designs, and --retracted agrees with retracted:', async () => {
    const either = await sb.run(['search', 'kratom design:rct design:animal', '--json']);
    expect(pmids(either.stdout)).toEqual(['41800001', '41800002', '41800003']);
    const animal = await sb.run(['search', 'kratom design:rct design:animal', '--design', 'animal', '--json']);
    expect(pmids(animal.stdout)).toEqual(['41800002', '41800003']);
    const retracted = await sb.run(['search', 'kratom retracted:true', '--design', 'animal', '--retracted', 'true', '--json']);
    expect(pmids(retracted.stdout)).toEqual(['41800003']);
  });

  it.each([
    [['design:rct', '--design', 'animal'], '--design "animal" contradicts the query\'s design:rct: a record has one design, so none can match both'],
    [['retracted:true', '--retracted', 'false'], '--retracted false contradicts the query\'s retracted:true: no record can match both'],
  ])('search and export refuse %j naming both', async (args, why) => {
    const search = await sb.run(['search', ...args]);
    expect([search.code, search.stdout, search.stderr]).toEqual([2, '', `kratomlit: search: ${why}\n`]);
    const exported = await sb.run(['export', '--format', 'csv', ...args]);
    expect([exported.code, exported.stdout, exported.stderr]).toEqual([2, '', `kratomlit: export: ${why}\n`]);
  });
});
