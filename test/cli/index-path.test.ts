/**
 * `search.indexPath` pointing at a file that is not an index (the database itself, the configuration, a
 * note): a search, `index --rebuild` and `serve` refuse in one line and leave the file exactly as it was.
 * A tryout found a search (a read) replacing the database with an index, losing the whole library.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, articleSet, assertBuilt, sandbox } from './run-cli.js';

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('an index path that names a file that is not an index', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    assertBuilt();
    sb = sandbox();
    const specs = [1, 2, 3].map((i) => ({ pmid: String(44_000_000 + i), entrez: '2026-11-02', title: `Kratom withdrawal record ${i}` }));
    const r = await sb.run(['import', '--topic', 'mitragynine', sb.write('three.xml', articleSet(specs))]);
    if (r.code !== 0) throw new Error(r.stderr);
  }, 60_000);
  afterAll(() => sb.cleanup());

  let configs = 0;
  const config = (indexPath: string) => sb.write(`config-${(configs += 1)}.json`, JSON.stringify({ db: sb.db, search: { indexPath } }));

  it.each([
    ['search', ['search', 'withdrawal']],
    ['index --rebuild', ['index', '--rebuild']],
    ['export of a query', ['export', 'withdrawal', '--format', 'ris']],
  ])('%s refuses the database itself as the index, and the library still works', async (_what, args) => {
    const before = sha(sb.db);
    const r = await sb.run(['--config', config(sb.db), ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^kratomlit: (search|index|export): \S+ is not a kratomlit search index, so it was left as it is and no index was written; move that file away, or point search\.indexPath at a file of its own/);
    expect(sha(sb.db)).toBe(before);
    const after = await sb.run(['search', 'withdrawal', '--json']);
    expect(after.code, after.stderr).toBe(0);
    expect((JSON.parse(after.stdout) as unknown[]).length).toBe(3);
  });

  it('refuses a note and the configuration file, byte for byte unchanged', async () => {
    const note = sb.write('notes.txt', 'my reading list\n');
    const cfg = join(sb.dir, 'self.json');
    writeFileSync(cfg, JSON.stringify({ db: sb.db, search: { indexPath: cfg } }));
    const cfgBefore = readFileSync(cfg, 'utf8');
    for (const [configPath, file, text] of [[config(note), note, 'my reading list\n'], [cfg, cfg, cfgBefore]] as const) {
      const r = await sb.run(['--config', configPath, 'search', 'withdrawal']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/is not a kratomlit search index, so it was left as it is/);
      expect(readFileSync(file, 'utf8')).toBe(text);
    }
  });

  it('names a folder as a folder', async () => {
    const folder = join(sb.dir, 'index-folder');
    mkdirSync(folder);
    const r = await sb.run(['--config', config(folder), 'search', 'withdrawal']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the index path .*index-folder is a folder; point search\.indexPath at a file/);
  });

  it('replaces an empty file (nothing to lose) with the index, as it does a damaged index of its own', async () => {
    const empty = sb.write('empty.index', '');
    const r = await sb.run(['--config', config(empty), 'search', 'withdrawal', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as unknown[]).length).toBe(3);
    expect(readFileSync(empty).subarray(0, 8).toString('latin1')).toBe('KLSIDX01');
    const whole = readFileSync(empty);
    const startFlipped = Buffer.from(whole);
    startFlipped.writeUInt8(startFlipped.readUInt8(0) ^ 0xff, 0);
    // Damaged indexes of our own: cut anywhere (even inside the magic bytes), or the start overwritten.
    for (const damaged of [whole.subarray(0, 100), whole.subarray(0, 5), startFlipped]) {
      writeFileSync(empty, damaged);
      const again = await sb.run(['--config', config(empty), 'search', 'withdrawal', '--json']);
      expect(again.code, again.stderr).toBe(0);
      expect((JSON.parse(again.stdout) as unknown[]).length).toBe(3);
      expect(readFileSync(empty).subarray(0, 8).toString('latin1')).toBe('KLSIDX01');
    }
  });
});
