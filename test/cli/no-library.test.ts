import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, assertBuilt, sandbox } from './run-cli.js';

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
});
