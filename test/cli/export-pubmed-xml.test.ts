/**
 * `export --format pubmed-xml`: a selection of one library, as PubMed XML, imported into a new library gives
 * the same records; the selection options are those of the other formats; a record without kept XML is named.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, type Sandbox, assertBuilt, runBinary, sandbox } from './run-cli.js';

const SAMPLE = join(REPO, 'data', 'sample', 'pubmed-sample.xml');
const REVISIONS = join(REPO, 'data', 'sample', 'revisions.xml');
const WITHDRAWN = '41900033';

/** The PMIDs of a PubMed XML document's records, in order (an article's or a book's first PMID). */
function pmidsOf(xml: string): string[] {
  return [...xml.matchAll(/<(PubmedArticle|PubmedBookArticle)>[^]*?<PMID Version="\d+">(\d+)<\/PMID>/g)].map((m) => m[2] as string);
}

/** A copy of the library `from` at `to` whose records `pmids` have no kept XML (as an older build stored them). */
function copyWithoutXml(from: string, to: string, pmids: string[]): void {
  const d = new Database(from);
  d.exec(`VACUUM INTO '${to}'`);
  d.close();
  const o = new Database(to);
  o.prepare(`UPDATE articles SET raw_xml = NULL WHERE pmid IN (${pmids.map(() => '?').join(', ')})`).run(...pmids);
  o.close();
}

/**
 * `show --json` of `pmids` in the library `db`, without the fields that are this library's own history of
 * them: when it stored them, and the revisions it saw between its stored versions (a new library stores the
 * last version only).
 */
async function shown(sb: Sandbox, db: string, pmids: string[]): Promise<unknown[]> {
  const r = await runBinary(['--db', db, 'show', ...pmids, '--json'], { cwd: sb.dir, env: {} });
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as Array<Record<string, unknown>>).map(({ firstSeenAt: _f, updatedAt: _u, revisions: _r, ...rest }) => rest);
}

function livePmids(db: string): string[] {
  const d = new Database(db, { readonly: true });
  try {
    return (d.prepare('SELECT pmid FROM articles WHERE deleted = 0 ORDER BY pmid').pluck().all() as string[]);
  } finally {
    d.close();
  }
}

describe('export --format pubmed-xml', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    assertBuilt();
    sb = sandbox();
    const withdraw = sb.write('withdraw.xml', `<?xml version="1.0"?>\n<PubmedArticleSet>\n<DeleteCitation><PMID Version="1">${WITHDRAWN}</PMID></DeleteCitation>\n</PubmedArticleSet>\n`);
    for (const file of [SAMPLE, REVISIONS, withdraw]) {
      const r = await sb.run(['import', '--topic', 'mitragynine', file]);
      if (r.code !== 0) throw new Error(`import ${file} failed: ${r.stderr}`);
    }
  }, 120_000);
  afterAll(() => sb.cleanup());

  it('imported into a new library gives the same records, field for field, and no withdrawn one', async () => {
    const r = await sb.run(['export', '--format', 'pubmed-xml', '--all']);
    expect(r.code, r.stderr).toBe(0);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    expect(r.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle')).toBe(true);
    expect(r.stdout).not.toContain('DeleteCitation');
    const live = livePmids(sb.db);
    expect(live.length).toBeGreaterThan(50);
    expect(live).not.toContain(WITHDRAWN);
    expect(pmidsOf(r.stdout)).toEqual(live);
    expect(r.stderr).toMatch(new RegExp(`^export: ${live.length} records as pubmed-xml$`, 'm'));

    const copy = join(sb.dir, 'copy', 'b.sqlite');
    const imported = await runBinary(['--db', copy, 'import', '--topic', 'mitragynine', sb.write('all.xml', r.stdout)], { cwd: sb.dir, env: {} });
    expect(imported.code, imported.stderr).toBe(0);
    expect(livePmids(copy)).toEqual(live);
    const [before, after] = [await shown(sb, sb.db, live), await shown(sb, copy, live)];
    expect(after).toEqual(before);
  }, 60_000);

  it('takes the selection options of the other formats: the same records, in the same order', async () => {
    for (const args of [['kratom', '--type', 'review'], ['withdrawal', '--since', '2025'], ['--topic', 'mitragynine', '--design', 'rct']]) {
      const [xml, csl] = await Promise.all([sb.run(['export', '--format', 'pubmed-xml', ...args]), sb.run(['export', '--format', 'csl-json', ...args])]);
      expect(xml.code, xml.stderr).toBe(0);
      const want = (JSON.parse(csl.stdout) as Array<{ PMID: string }>).map((c) => c.PMID);
      expect(want.length, args.join(' ')).toBeGreaterThan(0);
      expect(pmidsOf(xml.stdout), args.join(' ')).toEqual(want);
    }
  }, 60_000);

  it('names the records whose raw XML is missing, writes the others, and exits 3 (partial)', async () => {
    const old = join(sb.dir, 'old.sqlite');
    copyWithoutXml(sb.db, old, ['41900002', '41900007']);
    const r = await runBinary(['--db', old, 'export', '--format', 'pubmed-xml', '--all'], { cwd: sb.dir, env: {} });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/^export: 2 records have no kept PubMed XML and were left out \(PMID 41900002, 41900007\); the library has only their normalized record: fetch them from PubMed/m);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const written = pmidsOf(r.stdout);
    expect(written).toEqual(livePmids(sb.db).filter((p) => p !== '41900002' && p !== '41900007'));
    expect(r.stderr).toMatch(new RegExp(`^export: ${written.length} records as pubmed-xml$`, 'm'));
  }, 60_000);

  it('says that nothing was written because no selected record has kept XML, not that nothing matched', async () => {
    const old = join(sb.dir, 'no-xml.sqlite');
    copyWithoutXml(sb.db, old, ['41900002', '41900007']);
    const list = join(sb.dir, 'no-xml.txt');
    writeFileSync(list, '41900007\n41900002\n');
    const r = await runBinary(['--db', old, 'export', '--format', 'pubmed-xml', '--pmids', list], { cwd: sb.dir, env: {} });
    expect(r.code, r.stderr).toBe(3);
    expect(pmidsOf(r.stdout)).toEqual([]);
    expect(r.stderr).toMatch(/^export: 2 records have no kept PubMed XML and were left out \(PMID 41900007, 41900002\)/m);
    expect(r.stderr).toMatch(/export: nothing written: none of the 2 selected records has kept PubMed XML \(named above\)/m);
    expect(r.stderr).not.toMatch(/no records matched/);
  }, 60_000);
});
