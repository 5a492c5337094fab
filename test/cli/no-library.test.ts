import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { type Sandbox, articleSet, assertBuilt, sandbox } from './run-cli.js';

/** Every file and folder under `dir`, relative, sorted: what a command left behind. */
function tree(dir: string, prefix = ''): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? [`${prefix}${name}/`, ...tree(p, `${prefix}${name}/`)] : [`${prefix}${name}`];
  });
}

describe('reads never create a library', () => {
  let sb: Sandbox;
  beforeAll(() => {
    assertBuilt();
    sb = sandbox();
  });
  afterAll(() => sb.cleanup());

  const reads: string[][] = [
    ['status'],
    ['search', 'withdrawal'],
    ['show', '12345'],
    ['export', '--format', 'ris', '--all'],
    ['digest', '--week', '2026-W47'],
    ['index'],
  ];

  for (const args of reads) {
    it(`${args[0]} on a missing library exits 1 with "no library at PATH" and creates nothing`, async () => {
      const db = join(sb.dir, 'missing', `${args[0]}.sqlite`);
      const before = tree(sb.dir);
      const r = await sb.run(['--db', db, ...args]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toBe(`kratomlit: ${args[0]}: no library at ${db} (run kratomlit ingest or kratomlit import first)\n`);
      expect(r.stdout).toBe('');
      expect(tree(sb.dir)).toEqual(before);
    });
  }

  it('a zero-byte file is no library either, and stays zero bytes', async () => {
    const db = join(sb.dir, 'empty.sqlite');
    writeFileSync(db, '');
    const before = tree(sb.dir);
    for (const args of reads) {
      const r = await sb.run(['--db', db, ...args]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(`no library at ${db}`);
    }
    expect(statSync(db).size).toBe(0);
    expect(tree(sb.dir)).toEqual(before);
  });

  it('an unusable path under /proc fails at once naming the path, for a read and for a write', async () => {
    const db = '/proc/nope/x.sqlite';
    const read = await sb.run(['--db', db, 'status']);
    expect(read.code, read.stderr).toBe(1);
    expect(read.stderr).toBe(`kratomlit: status: no library at ${db} (run kratomlit ingest or kratomlit import first)\n`);
    const file = sb.write('one.xml', '<PubmedArticleSet></PubmedArticleSet>');
    const write = await sb.run(['--db', db, 'import', file]);
    expect(write.code, write.stderr).toBe(1);
    expect(write.stderr).toMatch(/^kratomlit: import: cannot create database \/proc\/nope\/x\.sqlite: folder \/proc\/nope: /);
  });

  it('evidence --reclassify on a missing library refuses like a read and creates nothing', async () => {
    const db = join(sb.dir, 'missing', 'reclassify.sqlite');
    const before = tree(sb.dir);
    const r = await sb.run(['--db', db, 'evidence', '--reclassify']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toBe(`kratomlit: evidence: no library at ${db} (run kratomlit ingest or kratomlit import first)\n`);
    expect(tree(sb.dir)).toEqual(before);
  });

  it("another program's SQLite file is refused by readers and writers alike and left byte for byte as it was", async () => {
    const db = join(sb.dir, 'notes.sqlite');
    const other = new Database(db);
    other.exec("CREATE TABLE notes(x); INSERT INTO notes VALUES ('precious')");
    other.close();
    const sha = () => createHash('sha1').update(readFileSync(db)).digest('hex');
    const was = sha();
    const file = sb.write('one-foreign.xml', articleSet([{ pmid: '41000001', entrez: '2026-11-18', title: 'Mitragynine' }]));
    const commands = [['status'], ['search', 'kratom'], ['import', file], ['ingest'], ['evidence', '--reclassify'], ['schedule']];
    for (const args of commands) {
      const r = await sb.run(['--db', db, ...args]);
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toBe(`kratomlit: ${args[0]}: ${db} is not a kratomlit library (an SQLite file without kratomlit's tables); it was left as it is: choose another --db\n`);
    }
    expect(sha()).toBe(was);
    expect(readdirSync(sb.dir).filter((n) => n.startsWith('notes.sqlite'))).toEqual(['notes.sqlite']);
  });

  it('digest --out under /proc fails at once naming the folder instead of hanging', async () => {
    const db = join(sb.dir, 'digest-proc.sqlite');
    const made = await sb.run(['--db', db, 'import', sb.write('one-digest.xml', articleSet([{ pmid: '41000002', entrez: '2026-11-18', title: 'Mitragynine' }]))]);
    expect(made.code, made.stderr).toBe(0);
    const r = await sb.run(['--db', db, 'digest', '--week', '2026-W47', '--out', '/proc/nope/digests']);
    expect(r.code, r.stderr).not.toBe(0);
    expect(r.stderr).toMatch(/^kratomlit: digest: output folder \/proc\/nope\/digests is not a writable directory \(folder \/proc\/nope: .+\)\n$/);
  });

  it('a folder given as --db or --config is named as a folder, by readers and writers', async () => {
    const folder = join(sb.dir, 'a-folder');
    mkdirSync(folder);
    const file = sb.write('one-folder.xml', articleSet([{ pmid: '41000003', entrez: '2026-11-18', title: 'Mitragynine' }]));
    for (const args of [['status'], ['search', 'kratom'], ['import', file], ['evidence', '--reclassify']]) {
      const r = await sb.run(['--db', folder, ...args]);
      expect([r.code, r.stderr]).toEqual([1, `kratomlit: ${args[0]}: ${folder} is a folder: --db names the library's file (e.g. ${join(folder, 'kratomlit.sqlite')})\n`]);
    }
    expect(readdirSync(folder)).toEqual([]);
    const config = await sb.run(['--config', folder, 'status']);
    expect([config.code, config.stderr]).toEqual([2, `kratomlit: status: config: ${folder} is a folder, not a config file\n`]);
  });

  it('a library file whose first migration never committed (no tables yet) is no library to a read and is made one by a writer', async () => {
    const db = join(sb.dir, 'half-made.sqlite');
    const half = new Database(db);
    half.pragma('journal_mode = WAL');
    half.close();
    expect(statSync(db).size).toBeGreaterThan(0);
    const read = await sb.run(['--db', db, 'status']);
    expect([read.code, read.stderr]).toEqual([1, `kratomlit: status: no library at ${db} (run kratomlit ingest or kratomlit import first)\n`]);
    const file = sb.write('one-half.xml', articleSet([{ pmid: '41000004', entrez: '2026-11-18', title: 'Mitragynine' }]));
    const write = await sb.run(['--db', db, 'import', file]);
    expect(write.code, write.stderr).toBe(0);
    const after = await sb.run(['--db', db, 'status', '--json']);
    expect((JSON.parse(after.stdout) as { records: { live: number } }).records.live).toBe(1);
  });
});

