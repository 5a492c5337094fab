import { closeSync, copyFileSync, existsSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, articleSet, assertBuilt, sandbox } from './run-cli.js';

/** XORs `length` bytes in the middle of a file (a damaged disk block). */
function flipMiddle(file: string, length: number): void {
  const fd = openSync(file, 'r+');
  const at = Math.floor(statSync(file).size / 2);
  const buf = Buffer.alloc(length);
  readSync(fd, buf, 0, length, at);
  for (let i = 0; i < length; i++) buf[i] = (buf[i] ?? 0) ^ 0x5a;
  writeSync(fd, buf, 0, length, at);
  closeSync(fd);
}

describe('a damaged library is reported, and kratomlit check says how to recover', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    assertBuilt();
    sb = sandbox();
    const specs = Array.from({ length: 60 }, (_, i) => ({ pmid: String(31000001 + i), entrez: '2025-05-05', abstract: `Mitragynine abstract ${i} `.repeat(40) }));
    const r = await sb.run(['import', sb.write('lib.xml', articleSet(specs))]);
    if (r.code !== 0) throw new Error(r.stderr);
  }, 60_000);
  afterAll(() => sb.cleanup());

  it('check passes a whole library', async () => {
    const r = await sb.run(['check']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${sb.db}: ok (60 records read back, integrity and foreign keys checked)\n`);
  });

  it('a read meeting an unreadable row names the command, the record and the file', async () => {
    const copy = join(sb.dir, 'bad-row.sqlite');
    copyFileSync(sb.db, copy);
    const db = new Database(copy);
    db.prepare("UPDATE articles SET record_json = '{\"pmid\": \"310' WHERE pmid = '31000007'").run();
    db.close();
    const show = await sb.run(['--db', copy, 'show', '31000007']);
    expect(show.code).toBe(1);
    expect(show.stderr).toMatch(new RegExp(`^kratomlit: show: record 31000007 in ${copy.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} cannot be read \\(.+\\); run kratomlit check\\n$`));
    const exp = await sb.run(['--db', copy, 'export', '--format', 'csv', '--all']);
    expect(exp.code).toBe(1);
    expect(exp.stderr).toMatch(/^kratomlit: export: record 31000007 in .* cannot be read/m);
    const check = await sb.run(['--db', copy, 'check', '--json']);
    expect(check.code).toBe(1);
    const report = JSON.parse(check.stdout) as { ok: boolean; unreadable: Array<{ pmid: string }>; records: number };
    expect(report.ok).toBe(false);
    expect(report.unreadable.map((u) => u.pmid)).toEqual(['31000007']);
    expect(report.records).toBe(59);
    // No early stop: the counts cover every record, and the next step salvages the readable ones.
    expect(JSON.parse(check.stdout)).toMatchObject({ stoppedEarly: false, stoppedAfter: null, countsCover: 'all', stored: 60, notRead: 0, next: { argv: ['kratomlit', '--db', copy, 'check', '--salvage', 'saved.xml'] } });
  });

  it('a list form out of step with its record: check says so (not as damage), check --repair writes the list forms again', async () => {
    const copy = join(sb.dir, 'stale-list.sqlite');
    copyFileSync(sb.db, copy);
    const db = new Database(copy);
    db.prepare("UPDATE article_listed SET updated_at = '2001-01-01T00:00:00.000Z' WHERE pmid = '31000009'").run();
    db.close();
    const json = await sb.run(['--db', copy, 'check', '--json']);
    // Not damage: the next step is the repair, not a salvage.
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, stoppedEarly: false, notRead: 0, next: { argv: ['kratomlit', '--db', copy, 'check', '--repair'] } });
    const check = await sb.run(['--db', copy, 'check']);
    expect([check.code, check.stdout]).toEqual([1, `${copy}: 1 record's list form (what search pages show) differs from the record (31000009); kratomlit check --repair writes them again\n`]);
    const repair = await sb.run(['--db', copy, 'check', '--repair', '--json']);
    expect(repair.code, repair.stderr).toBe(0);
    expect(repair.stderr).toContain('check: wrote the list forms of 60 records again from the records');
    // The report printed is the one after the repair.
    expect(JSON.parse(repair.stdout)).toMatchObject({ ok: true, listedStale: [], records: 60 });
    expect((await sb.run(['--db', copy, 'check'])).stdout).toBe(`${copy}: ok (60 records read back, integrity and foreign keys checked)\n`);
  });

  it('4 KiB flipped in the middle of a copy: check exits 1, says DAMAGED and how to recover; salvage re-imports', async () => {
    const copy = join(sb.dir, 'flipped.sqlite');
    copyFileSync(sb.db, copy);
    flipMiddle(copy, 4096);
    const r = await sb.run(['--db', copy, 'check', '--salvage', join(sb.dir, 'saved.xml')]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^${copy.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: DAMAGED\\n`));
    expect(r.stdout).toContain('To recover');
    expect(r.stdout).toContain('ingest --full');
    const saved = /wrote (\d+) records to/.exec(r.stderr);
    expect(saved, r.stderr).not.toBeNull();
    const fresh = join(sb.dir, 'fresh.sqlite');
    const imp = await sb.run(['--db', fresh, 'import', join(sb.dir, 'saved.xml'), '--json']);
    expect(imp.code, imp.stderr).toBe(0);
    expect((JSON.parse(imp.stdout) as { new: number }).new).toBe(Number(saved?.[1]));
    expect(Number(saved?.[1])).toBeGreaterThan(0);
  });

  it('check --json on a read-back stopped by a damaged page says so: where, what the counts cover, what was not read, what to run next', async () => {
    const copy = join(sb.dir, 'leaf-damaged.sqlite');
    copyFileSync(sb.db, copy);
    // The records table's leaf pages in tree (= rowid) order; the middle one is the page damaged below.
    const db = new Database(copy, { readonly: true });
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const leaves = db.prepare("SELECT pageno, ncell FROM dbstat WHERE name = 'articles' AND pagetype = 'leaf' ORDER BY path").all() as Array<{ pageno: number; ncell: number }>;
    const pmids = db.prepare('SELECT pmid FROM articles ORDER BY rowid').pluck().all() as string[];
    db.close();
    expect(leaves.length).toBeGreaterThan(2);
    const middle = Math.floor(leaves.length / 2);
    const before = leaves.slice(0, middle).reduce((n, l) => n + l.ncell, 0);
    const fd = openSync(copy, 'r+');
    writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, ((leaves[middle]?.pageno ?? 0) - 1) * pageSize);
    closeSync(fd);

    const r = await sb.run(['--db', copy, 'check', '--json']);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    // The old fields first, unchanged; the new ones after them.
    expect(Object.keys(report)).toEqual(['database', 'ok', 'integrity', 'foreignKeys', 'unreadable', 'records', 'listedStale', 'walkError', 'stoppedAfter', 'stored', 'stoppedEarly', 'countsCover', 'notRead', 'next']);
    expect(report).toMatchObject({
      ok: false, records: before, unreadable: [], walkError: expect.stringMatching(/malformed/) as unknown,
      stoppedEarly: true, stoppedAfter: pmids[before - 1], countsCover: 'before-stop', stored: 60, notRead: 60 - before,
    });
    const next = report.next as { argv: string[]; why: string };
    expect(next.argv).toEqual(['kratomlit', '--db', copy, 'check', '--salvage', 'saved.xml']);
    expect(next.why).toContain('it reads only that column, so it can get past damage that stopped this read');
    // The text report counts the same.
    const text = await sb.run(['--db', copy, 'check']);
    expect(text.stdout).toContain(`${before} records read back whole before it stopped; the other ${60 - before} of the 60 stored were not read`);
  });

  it('check --json on a whole library: nothing stopped, the counts cover every record, no next step', async () => {
    const r = await sb.run(['check', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, records: 60, walkError: null, stoppedAfter: null, stoppedEarly: false, countsCover: 'all', stored: 60, notRead: 0, next: null });
  });

  it('status that meets a damaged page says the library is damaged and to run check', async () => {
    const copy = join(sb.dir, 'runs-damaged.sqlite');
    copyFileSync(sb.db, copy);
    const db = new Database(copy, { readonly: true });
    const [pageSize, root] = [db.pragma('page_size', { simple: true }) as number, db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'runs'").pluck().get() as number];
    db.close();
    // The run ledger's first page, which status reads, overwritten with bytes that are no b-tree page.
    const fd = openSync(copy, 'r+');
    writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, (root - 1) * pageSize);
    closeSync(fd);
    const r = await sb.run(['--db', copy, 'status']);
    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toMatch(new RegExp(`^kratomlit: status: database ${copy.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is damaged \\(run kratomlit check\\): .+\n$`));
  });

  it('salvage of a whole library writes every record once, in stored order', async () => {
    const file = join(sb.dir, 'whole.xml');
    const r = await sb.run(['check', '--salvage', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(`check: wrote 60 records to ${file} (0 could not be read); import it into a new library: kratomlit --db NEW.sqlite import ${file}\n`);
    const pmids = [...readFileSync(file, 'utf8').matchAll(/<PMID Version="1">(\d+)<\/PMID>/g)].map((m) => m[1]);
    expect(pmids).toEqual(Array.from({ length: 60 }, (_, i) => String(31000001 + i)));
  });

  it('salvage says how to keep the topics: --topic for each topic every record has, a full ingest for the others', async () => {
    const own = sandbox();
    try {
      const specs = [0, 1, 2].map((i) => ({ pmid: String(32000001 + i), entrez: '2024-03-04', title: `Kratom topic case ${i}` }));
      expect((await own.run(['import', '--topic', 'mitragynine', own.write('all.xml', articleSet(specs))])).code).toBe(0);
      expect((await own.run(['import', '--topic', '7-hydroxymitragynine', own.write('one.xml', articleSet(specs.slice(0, 1)))])).code).toBe(0);
      const file = join(own.dir, 'saved.xml');
      const r = await own.run(['check', '--salvage', file]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe(
        `check: wrote 3 records to ${file} (0 could not be read); import it into a new library: kratomlit --db NEW.sqlite import ${file} --topic mitragynine\n` +
        'check: PubMed XML holds no topics: 7-hydroxymitragynine is not kept (only some records have it); kratomlit --db NEW.sqlite ingest --full files the records under it again\n',
      );
      // The command as printed keeps the topic every record had.
      const fresh = join(own.dir, 'new', 'NEW.sqlite');
      const printed = /import it into a new library: kratomlit (.*)$/m.exec(r.stderr)?.[1]?.replace('NEW.sqlite', fresh).split(' ') ?? [];
      expect((await own.run(printed)).code).toBe(0);
      const status = await own.run(['--db', fresh, 'status', '--json']);
      expect((JSON.parse(status.stdout) as { records: { byTopic: Record<string, number> } }).records.byTopic).toEqual({ mitragynine: 3 });
    } finally {
      own.cleanup();
    }
  });

  it('salvage to a folder, a file that exists, or into a missing folder, is refused in one line before the check runs', async () => {
    const taken = sb.write('taken.xml', 'my notes');
    const nowhere = join(sb.dir, 'no such folder', 's.xml');
    const cases: Array<[string, string]> = [
      [sb.dir, `kratomlit: check: --salvage ${sb.dir} is a folder; give the name of a new file to write (e.g. ${sb.dir}/saved.xml)\n`],
      [taken, `kratomlit: check: --salvage ${taken} already exists; salvage writes a new file and never overwrites one\n`],
      [nowhere, `kratomlit: check: --salvage ${nowhere}: folder ${join(sb.dir, 'no such folder')} does not exist\n`],
    ];
    for (const [file, message] of cases) {
      const r = await sb.run(['check', '--salvage', file]);
      // No report first: the refusal comes before the read-back of every record.
      expect([r.code, r.stdout, r.stderr]).toEqual([2, '', message]);
    }
    expect(readFileSync(taken, 'utf8')).toBe('my notes');
    expect(existsSync(join(sb.dir, 'no such folder'))).toBe(false);
  });
});

