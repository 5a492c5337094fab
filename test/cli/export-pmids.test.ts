/**
 * `export --pmids FILE` (EDirect's `efetch -id`): a PMID list selects, alone or ANDed with a query, filters
 * or --week; listed PMIDs the library lacks or PubMed deleted are named on one stderr line, exit code 3.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { parsePmidList, readPmidList } from '../../src/cli/pmid-list.js';
import { UsageError } from '../../src/errors.js';
import { type CliResult, REPO, type Sandbox, assertBuilt, runBinary, sandbox } from './run-cli.js';

const SAMPLE = join(REPO, 'data', 'sample', 'pubmed-sample.xml');
const WITHDRAWN = '41900033';
const UNKNOWN = '99999999';

/** The CLI with `input` on its standard input. */
function runWithInput(sb: Sandbox, args: string[], input: string): Promise<CliResult> {
  return runBinary(args, { cwd: sb.dir, env: { KRATOMLIT_DB: sb.db, KRATOMLIT_CONFIG: '' }, input });
}

const cslPmids = (stdout: string) => (JSON.parse(stdout) as Array<{ PMID: string }>).map((c) => c.PMID);

describe('parsePmidList', () => {
  it('reads one per line or apart by commas or spaces, canonical and each once, in the order given', () => {
    expect(parsePmidList('\uFEFF41900002\r\n41900001, 041900003 41900002\n\n', 'l.txt')).toEqual(['41900002', '41900001', '41900003']);
  });

  it('names the list, the line and the token that is not a PMID, and refuses an empty list', () => {
    expect(() => parsePmidList('1\n2 x3\n', 'l.txt')).toThrow(/^export: --pmids l\.txt: line 2: "x3" is not a PMID \(a PubMed id is 1 to 9 digits, not starting with 0\)$/);
    expect(() => parsePmidList(' \n, \n', 'l.txt')).toThrow(/^export: --pmids l\.txt holds no PMID/);
  });
});

describe('readPmidList', () => {
  const stdinWith = (content: string, isTTY: boolean) => Object.assign(Readable.from([content]), { isTTY });

  it('refuses standard input left on a terminal in one line, instead of waiting for typing', async () => {
    await expect(readPmidList('-', stdinWith('41900001\n', true))).rejects.toThrow(
      new UsageError('export: --pmids - (standard input) is a terminal: pipe the PMIDs in (cat screened.txt | kratomlit export --format ris --pmids -)'),
    );
  }, 2000);

  it('reads piped standard input', async () => {
    expect(await readPmidList('-', stdinWith('41900002 041900001\n', false))).toEqual(['41900002', '41900001']);
  });
});

describe('export --pmids', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    assertBuilt();
    sb = sandbox();
    const withdraw = sb.write('withdraw.xml', `<?xml version="1.0"?>\n<PubmedArticleSet>\n<DeleteCitation><PMID Version="1">${WITHDRAWN}</PMID></DeleteCitation>\n</PubmedArticleSet>\n`);
    for (const file of [SAMPLE, withdraw]) {
      const r = await sb.run(['import', '--topic', 'mitragynine', file]);
      if (r.code !== 0) throw new Error(`import ${file} failed: ${r.stderr}`);
    }
  }, 120_000);
  afterAll(() => sb.cleanup());

  it('exports the listed records in the list\'s order, naming an unknown and a withdrawn PMID on one line, exit 3', async () => {
    const list = sb.write('list.txt', `41900010\n${UNKNOWN}, 41900002 ${WITHDRAWN}\n041900005\n`);
    const r = await sb.run(['export', '--format', 'csl-json', '--pmids', list]);
    expect(r.code, r.stderr).toBe(3);
    expect(cslPmids(r.stdout)).toEqual(['41900010', '41900002', '41900005']);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^export: listed PMIDs not exported \\(2 of 5\\): PMID ${UNKNOWN} is not in the library; PMID ${WITHDRAWN} was withdrawn from PubMed \\(deleted on \\d{4}-\\d{2}-\\d{2}\\)$`)));
    expect(lines.filter((l) => l.includes(UNKNOWN))).toHaveLength(1);
  });

  it('exits 0 when every listed PMID is exported, and reads the list from standard input with -', async () => {
    const r = await runWithInput(sb, ['export', '--format', 'pubmed-xml', '--pmids', '-'], '41900003,41900001\n');
    expect(r.code, r.stderr).toBe(0);
    expect([...r.stdout.matchAll(/<PMID Version="\d+">(\d+)<\/PMID>/g)].map((m) => m[1]).filter((p) => p === '41900003' || p === '41900001').slice(0, 2)).toEqual(['41900003', '41900001']);
    expect(r.stderr).not.toMatch(/not exported/);
  });

  it('combines with a query and the filters as an AND, in the query\'s order', async () => {
    const every = await sb.run(['export', '--format', 'csl-json', 'kratom']);
    const hits = cslPmids(every.stdout);
    expect(hits.length).toBeGreaterThan(4);
    const stored = cslPmids((await sb.run(['export', '--format', 'csl-json', '--all'])).stdout);
    const notHit = stored.find((p) => !hits.includes(p));
    expect(notHit).toBeDefined();
    const chosen = [hits[3], hits[0], notHit, UNKNOWN].filter((p): p is string => p !== undefined);
    const list = sb.write('and.txt', chosen.join('\n'));
    const r = await sb.run(['export', '--format', 'csl-json', 'kratom', '--pmids', list]);
    expect(r.code, r.stderr).toBe(3);
    expect(cslPmids(r.stdout)).toEqual(hits.filter((p) => chosen.includes(p)));
    // A listed record the query or a filter does not select is not missing: only the unknown one is named.
    expect(r.stderr).toMatch(new RegExp(`^export: listed PMIDs not exported \\(1 of ${chosen.length}\\): PMID ${UNKNOWN} is not in the library$`, 'm'));
    const typed = await sb.run(['export', '--format', 'csl-json', '--type', 'review', '--pmids', list]);
    const reviews = cslPmids((await sb.run(['export', '--format', 'csl-json', '--type', 'review'])).stdout);
    expect(cslPmids(typed.stdout)).toEqual(chosen.filter((p) => reviews.includes(p)));
  });

  it('takes --all with a list as the list: its records in its order, as the list alone gives them', async () => {
    const list = sb.write('all.txt', `41900010\n41900002\n41900005\n${UNKNOWN}\n`);
    const alone = await sb.run(['export', '--format', 'csl-json', '--pmids', list]);
    const withAll = await sb.run(['export', '--format', 'csl-json', '--all', '--pmids', list]);
    expect([withAll.code, withAll.stdout, withAll.stderr]).toEqual([3, alone.stdout, alone.stderr]);
    expect(cslPmids(withAll.stdout)).toEqual(['41900010', '41900002', '41900005']);
  });

  it('refuses a list with a token that is not a PMID, naming it, before any output', async () => {
    const r = await sb.run(['export', '--format', 'ris', '--pmids', sb.write('bad.txt', '41900001\n4190x\n')]);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/^kratomlit: export: --pmids .*bad\.txt: line 2: "4190x" is not a PMID/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
