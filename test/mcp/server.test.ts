/**
 * The MCP server as an assistant sees it: the SDK's own client spawns the REAL binary (`node dist/jobs/main.js
 * mcp --db ...`) over stdio, lists and calls every tool with good and bad input, and checks each answer
 * against the library API opened on the same database.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { type CallToolResult, ResourceListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Library, openLibrary } from '../../src/index.js';
import { BIN, type Sandbox, articleSet, assertBuilt, runBinary, sandbox } from '../cli/run-cli.js';

const LONG = `Mitragynine plasma levels ${'were measured repeatedly in volunteers and '.repeat(60)}end.`;
let sb: Sandbox;
let client: Client;
let digests: string;

async function call(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}
const text = (r: CallToolResult): string => (r.content[0] as { text: string }).text;

/** Opens the library the way a script would, for the expected answers (closed again right away). */
async function withLibrary<T>(f: (lib: Library) => T | Promise<T>): Promise<T> {
  const lib = await openLibrary({ db: sb.db, digestDir: digests });
  try {
    return await f(lib);
  } finally {
    lib.close();
  }
}

beforeAll(async () => {
  assertBuilt();
  sb = sandbox();
  digests = join(sb.dir, 'digests');
  sb.write('a.xml', articleSet([
    { pmid: '101', entrez: '2026-11-17', title: 'Kratom withdrawal in adults', abstract: 'Withdrawal symptoms after daily kratom use.' },
    { pmid: '102', entrez: '2026-11-18', title: 'Mitragynine plasma kinetics', abstract: LONG },
    { pmid: '103', entrez: '2026-11-19', title: 'Retracted kratom liver study', retractionIn: '999', publicationTypes: ['Journal Article', 'Retracted Publication'] },
  ]));
  expect((await sb.run(['import', 'a.xml'])).code).toBe(0);
  expect((await sb.run(['digest', '--week', '2026-W47', '--out', digests])).code).toBe(0);
  const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
  client = new Client({ name: 'kratomlit-test', version: '1' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', '--db', sb.db, '--digests', digests, '--watch-seconds', '0.1'], cwd: sb.dir, env, stderr: 'pipe' }));
});

afterAll(async () => {
  await client?.close();
  sb?.cleanup();
});

describe('kratomlit mcp', () => {
  it('lists the six tools, each with a description and an input schema', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['digest', 'evidence_map', 'export', 'get_paper', 'search', 'status']);
    for (const t of tools) {
      expect(t.description?.length ?? 0).toBeGreaterThan(40);
      expect(t.inputSchema.type).toBe('object');
      expect(t.annotations?.readOnlyHint).toBe(true);
    }
    const search = tools.find((t) => t.name === 'search');
    expect(Object.keys(search?.inputSchema.properties ?? {})).toEqual(expect.arrayContaining(['query', 'topic', 'design', 'theme', 'since', 'until', 'retracted', 'limit']));
  });

  it('search answers what the library answers, with badges and a compact text line per hit', async () => {
    const r = await call('search', { query: 'kratom', limit: 5 });
    expect(r.isError).toBeFalsy();
    const expected = await withLibrary((lib) => lib.search('kratom', { limit: 5 }).map((h) => h.pmid));
    const hits = (r.structuredContent as { hits: Array<{ pmid: string; badges: string[] }> }).hits;
    expect(hits.map((h) => h.pmid)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(1);
    expect(hits.find((h) => h.pmid === '103')?.badges).toContain('Retracted');
    // A line per hit, then where the page sits in the whole result set, then each topic never checked
    // against PubMed (this fixture was imported, not ingested).
    expect(text(r).split('\n')).toEqual([...hits.map((h) => expect.stringMatching(new RegExp(`^${h.pmid} `))), `Hits 1-${expected.length} of ${expected.length}.`,
      'Library completeness not verified: mitragynine: not checked against PubMed yet', 'Library completeness not verified: 7-hydroxymitragynine: not checked against PubMed yet']);
    const retracted = await call('search', { query: 'kratom', retracted: true });
    expect((retracted.structuredContent as { hits: Array<{ pmid: string }> }).hits.map((h) => h.pmid)).toEqual(['103']);
  });

  it('search turns bad input into tool errors: a limit over 50, an unknown design, a malformed date, an unconfigured topic', async () => {
    for (const args of [{ query: 'kratom', limit: 51 }, { query: 'kratom', design: 'anecdote' }, { query: 'kratom', since: '20-01' }, { query: 'kratom', topic: 'nope' }]) {
      const r = await call('search', args);
      expect(r.isError).toBe(true);
      expect(text(r)).not.toContain('\n');
    }
  });

  it('evidence_map names an unconfigured topic instead of counting 0 papers, with a query and without', async () => {
    for (const args of [{ topic: 'nope' }, { query: 'kratom', topic: 'nope' }]) {
      const r = await call('evidence_map', args);
      expect([r.isError, text(r)]).toEqual([true, expect.stringMatching(/^evidence_map: .*"nope" is not a configured topic and no stored paper has it \(configured: mitragynine, 7-hydroxymitragynine\)$/)]);
    }
  });

  it('get_paper returns the record with its notices, cuts a long abstract with a marker, and gives it whole on request', async () => {
    const expected = await withLibrary((lib) => lib.get('102'));
    const r = await call('get_paper', { pmid: '102' });
    const paper = (r.structuredContent as { paper: { title: string; authors: string[]; abstract: string } }).paper;
    expect(paper.title).toBe(expected?.title);
    expect(paper.authors).toEqual(['Kruegel AC', 'Grundmann O']);
    expect(paper.abstract.length).toBeLessThan(1600);
    expect(paper.abstract).toMatch(/\[\.\.\. cut: \d+ more characters\]$/);
    const full = await call('get_paper', { pmid: '102', full_abstract: true });
    expect((full.structuredContent as { paper: { abstract: string } }).paper.abstract).toBe(expected?.abstract);
    const retracted = await call('get_paper', { pmid: '103' });
    expect((retracted.structuredContent as { paper: { notices: Array<{ kind: string }> } }).paper.notices.map((n) => n.kind)).toContain('retracted');
  });

  it('get_paper says in one line that an unknown or malformed PMID is not there', async () => {
    const unknown = await call('get_paper', { pmid: '424242' });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toMatch(/^get_paper: PMID 424242 is not in the library/);
    const malformed = await call('get_paper', { pmid: '12ab' });
    expect(malformed.isError).toBe(true);
    expect(text(malformed)).toBe('get_paper: not a PMID: "12ab" (a PubMed id is 1 to 9 digits, not starting with 0)');
  });

  it('digest returns the stored week JSON, and names a bad or missing week', async () => {
    const r = await call('digest', { week: '2026-W47' });
    const onDisk = JSON.parse(readFileSync(join(digests, '2026-W47.json'), 'utf8')) as { counts: unknown; newPapers: Array<{ pmid: string }> };
    const doc = (r.structuredContent as { digest: typeof onDisk }).digest;
    expect(doc.counts).toEqual(onDisk.counts);
    expect(doc.newPapers.map((p) => p.pmid)).toEqual(onDisk.newPapers.map((p) => p.pmid));
    const latest = await call('digest', {});
    expect((latest.structuredContent as { digest: { week: string } }).digest.week).toBe('2026-W47');
    const bad = await call('digest', { week: '2026-W99' });
    expect([bad.isError, text(bad)]).toEqual([true, 'digest: week "2026-W99" does not exist (2026 has 53 ISO weeks)']);
    const ancient = await call('digest', { week: '0001-W01' });
    expect([ancient.isError, text(ancient)]).toEqual([true, 'digest: week "0001-W01" is out of range (1800-W01 to 9999-W51)']);
    const missing = await call('digest', { week: '2026-W10' });
    expect([missing.isError, text(missing)]).toEqual([true, 'digest: no digest stored for 2026-W10 (stored: 2026-W47)']);
  });

  it('export gives the library export of the PMIDs or of a query, and refuses both or neither', async () => {
    const r = await call('export', { pmids: ['101', '103'], format: 'bibtex' });
    expect(text(r)).toBe(await withLibrary((lib) => lib.export(['101', '103'], 'bibtex')));
    const byQuery = await call('export', { query: 'withdrawal', format: 'ris' });
    expect(text(byQuery)).toBe(await withLibrary((lib) => lib.export(['101'], 'ris')));
    const neither = await call('export', { format: 'ris' });
    expect([neither.isError, text(neither)]).toEqual([true, 'export: give either pmids or query (exactly one of them)']);
    const unknown = await call('export', { pmids: ['424242'] });
    expect([unknown.isError, text(unknown)]).toEqual([true, 'export: PMID 424242 is not in the library']);
  });

  it('status and evidence_map count what the library holds', async () => {
    const report = await withLibrary((lib) => lib.report());
    const status = (await call('status', {})).structuredContent as { records: { live: number; retracted: number }; changeSeq: number; digestWeeks: string[] };
    expect(status.records).toEqual(report.records);
    expect([status.changeSeq, status.digestWeeks]).toEqual([report.changeSeq, ['2026-W47']]);
    const map = (await call('evidence_map', {})).structuredContent as { total: number };
    expect(map.total).toBe(report.records.live);
    const retracted = (await call('evidence_map', { retracted: true })).structuredContent as { total: number };
    expect(retracted.total).toBe(1);
  });

  it('serves each stored digest as a Markdown resource and the status report as JSON', async () => {
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(['kratomlit://status', 'kratomlit://digest/2026-W47']);
    const md = await client.readResource({ uri: 'kratomlit://digest/2026-W47' });
    expect((md.contents[0] as { text: string }).text).toBe(readFileSync(join(digests, '2026-W47.md'), 'utf8'));
    const status = await client.readResource({ uri: 'kratomlit://status' });
    expect(JSON.parse((status.contents[0] as { text: string }).text)).toMatchObject({ records: { live: 3 } });
  });

  it('sees a paper stored by another process, and its revision, without a restart', async () => {
    const before = (await call('get_paper', { pmid: '104' })).isError;
    sb.write('b.xml', articleSet([
      { pmid: '104', entrez: '2026-11-24', title: 'Kratom tapering outcomes', abstract: 'Tapering schedules for kratom dependence.' },
      { pmid: '101', entrez: '2026-11-17', revised: '2026-11-30', title: 'Kratom withdrawal in older adults', abstract: 'Withdrawal symptoms after daily kratom use.' },
    ]));
    expect((await sb.run(['import', 'b.xml'])).code).toBe(0);
    expect(before).toBe(true);
    const hits = (await call('search', { query: 'tapering' })).structuredContent as { hits: Array<{ pmid: string }> };
    expect(hits.hits.map((h) => h.pmid)).toEqual(['104']);
    const revised = (await call('get_paper', { pmid: '101' })).structuredContent as { paper: { title: string; history: Array<{ changes: string[] }> } };
    expect(revised.paper.title).toBe('Kratom withdrawal in older adults');
    expect(revised.paper.history.flatMap((h) => h.changes)).toContain('title corrected');
    // Badged Updated as the web badges it, in search hits and in the paper; a paper never revised is not.
    const older = (await call('search', { query: 'older adults' })).structuredContent as { hits: Array<{ pmid: string; badges: string[] }> };
    expect(older.hits.find((h) => h.pmid === '101')?.badges).toContain('Updated');
    expect((revised.paper as unknown as { badges: string[] }).badges).toContain('Updated');
    expect(hits.hits.find((h) => h.pmid === '104')).toMatchObject({ badges: expect.not.arrayContaining(['Updated']) as unknown });
  });

  it('tells the client its resource list changed when the weekly job writes a new digest', async () => {
    const changed = new Promise<void>((resolve) => client.setNotificationHandler(ResourceListChangedNotificationSchema, () => resolve()));
    expect((await sb.run(['digest', '--week', '2026-W48', '--out', digests])).code).toBe(0);
    await changed;
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(['kratomlit://status', 'kratomlit://digest/2026-W48', 'kratomlit://digest/2026-W47']);
  });

  it('reads the digests of a relative --digests folder (from its working directory) as tool and as resource', async () => {
    const newest = await withLibrary((lib) => lib.digestWeeks()[0]);
    expect(newest).toMatch(/^2026-W\d\d$/);
    for (const rel of ['digests', './digests/']) {
      const other = new Client({ name: 'kratomlit-test-relative', version: '1' });
      await other.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', '--db', sb.db, '--digests', rel], cwd: sb.dir, env: { PATH: process.env.PATH ?? '' }, stderr: 'pipe' }));
      try {
        const latest = (await other.callTool({ name: 'digest', arguments: {} })) as CallToolResult;
        expect([rel, latest.isError ?? false, (latest.structuredContent as { digest?: { week: string } } | undefined)?.digest?.week]).toEqual([rel, false, newest]);
        const md = await other.readResource({ uri: 'kratomlit://digest/2026-W47' });
        expect((md.contents[0] as { text: string }).text).toBe(readFileSync(join(digests, '2026-W47.md'), 'utf8'));
        const missing = (await other.callTool({ name: 'digest', arguments: { week: '2026-W10' } })) as CallToolResult;
        expect(text(missing)).toMatch(/^digest: no digest stored for 2026-W10 \(stored: /);
        await expect(other.readResource({ uri: 'kratomlit://digest/2026-W10' })).rejects.toThrow('digest: no digest stored for 2026-W10');
      } finally {
        await other.close();
      }
    }
  });

  it('notes on stderr, never on the protocol stream, when the digest folder has none yet', async () => {
    const none = join(sb.dir, 'no digests yet');
    // stdin is /dev/null: the server starts, meets the end of its input and stops.
    const r = await runBinary(['mcp', '--db', sb.db, '--digests', none], { cwd: sb.dir, env: {} });
    expect(r.stderr).toContain(`kratomlit: mcp: note: no digests at ${none} yet (the weekly digest job writes them there; --digests DIR names another folder)\n`);
    expect(r.stdout).toBe('');
    expect(existsSync(none)).toBe(false);
  });

  it('refuses to start on a database that does not exist, creating nothing', async () => {
    const missing = join(sb.dir, 'nowhere', 'lib.sqlite');
    const r = await runBinary(['mcp', '--db', missing], { cwd: sb.dir, env: {} });
    expect([r.code, r.stderr.trim()]).toEqual([1, `kratomlit: mcp: no library at ${missing} (run kratomlit ingest or kratomlit import first)`]);
    expect(existsSync(join(sb.dir, 'nowhere'))).toBe(false);
  });
});
