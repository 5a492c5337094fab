/**
 * A file `import` cannot read gets one error line naming it, `kratomlit: import: <what and which>` (no JSON
 * log line, even with stderr piped), the exit code of docs/cli.md (1 when nothing could be read, 3 when some
 * files could), and nothing of the library changes but the run ledger's row saying the import failed (which
 * `status` lists). Where no library existed, an import that reads nothing creates none.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, type Sandbox, articleSet, assertBuilt, nobodyIfRoot, runBinary, sandbox } from './run-cli.js';

let sb: Sandbox;

/** Every table but the run ledger (and its id counter), row by row: what "nothing written to the library" compares. */
function libraryContent(): string {
  const db = new Database(sb.db, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('runs', 'sqlite_sequence') ORDER BY name").pluck().all() as string[];
    return JSON.stringify(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}"`).raw().all()]));
  } finally {
    db.close();
  }
}

/**
 * Under root, the children run as `nobody` (the sandbox is opened to it), for whom a mode-000 file is
 * unreadable; where `nobody` cannot run the built CLI, only the unreadable-file case is skipped.
 */
const asNobody = nobodyIfRoot();
const canMakeUnreadable = asNobody !== null;

/** `import FILE` with stdout and stderr piped. */
function runImport(...files: string[]): Promise<CliResult> {
  return runCli(['import', ...files]);
}

/** `kratomlit ARGS` with stdout and stderr piped, on the sandbox's library or `db`. */
function runCli(args: string[], db = sb.db): Promise<CliResult> {
  return runBinary(args, { cwd: sb.dir, env: { HOME: sb.dir, KRATOMLIT_DB: db }, as: asNobody ?? null });
}

describe('import of a file it cannot read', () => {
  beforeAll(async () => {
    assertBuilt();
    sb = sandbox();
    chmodSync(sb.dir, 0o777);
    const made = await runImport(sb.write('good.xml', articleSet([{ pmid: '1001', entrez: '2026-11-02' }])));
    expect(made.code, made.stderr).toBe(0);
    mkdirSync(join(sb.dir, 'a-folder.xml'));
    sb.write('notes.txt', 'Kratom reading list\nto do\n');
    sb.write('empty.xml', '');
    chmodSync(sb.write('locked.xml', articleSet([{ pmid: '1002', entrez: '2026-11-02' }])), 0o000);
  });
  afterAll(() => sb.cleanup());

  const cases: Array<[string, () => string, RegExp]> = [
    ['a missing file', () => join(sb.dir, 'nope.xml'), /^kratomlit: import: \S+\/nope\.xml does not exist$/],
    ['a directory', () => join(sb.dir, 'a-folder.xml'), /^kratomlit: import: \S+\/a-folder\.xml is a directory, not a file$/],
    ['an unreadable file', () => join(sb.dir, 'locked.xml'), /^kratomlit: import: \S+\/locked\.xml cannot be read \(EACCES: permission denied\)$/],
    ['a file that is not XML', () => join(sb.dir, 'notes.txt'), /^kratomlit: import: \S+\/notes\.txt is not XML: it starts with "Kratom reading list to do ?"$/],
    ['an empty file', () => join(sb.dir, 'empty.xml'), /^kratomlit: import: \S+\/empty\.xml is empty \(0 bytes\)$/],
  ];
  for (const [what, file, line] of cases) {
    const skip = what === 'an unreadable file' && !canMakeUnreadable;
    it.skipIf(skip)(`${what}: one error line naming it, exit 1, the library unchanged${skip ? ' (skipped: running as root and `nobody` cannot read the built CLI here)' : ''}`, async () => {
      const before = libraryContent();
      const r = await runImport(file());
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(line)]);
      expect(r.stdout).toBe('');
      expect(libraryContent()).toBe(before);
    });
  }

  it('a missing file beside a good one: its line, then the summary, exit 3', async () => {
    const good = sb.write('good2.xml', articleSet([{ pmid: '1003', entrez: '2026-11-02' }]));
    const r = await runImport(join(sb.dir, 'nope.xml'), good);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^kratomlit: import: \S+\/nope\.xml does not exist$/),
      'imported 2 files (1 failed), 1 record: 1 new, 0 updated, 0 unchanged, 0 older, 0 deleted, 0 rejected',
    ]);
  });

  it('a failed import is in the run ledger that status lists, naming the file; the last import stays the good one', async () => {
    const r = await runImport(join(sb.dir, 'nope.xml'));
    expect(r.code, r.stderr).toBe(1);
    const st = await runCli(['status', '--json']);
    expect(st.code, st.stderr).toBe(0);
    type Run = { id: number; kind: string; status: string; error: string | null };
    const status = JSON.parse(st.stdout) as { lastImport: Run; runs: Run[] };
    expect(status.runs[0]).toMatchObject({ kind: 'import', status: 'failed', error: expect.stringContaining(join(sb.dir, 'nope.xml')) });
    // The last import that stored something (the good file's, or the partial one's when the whole file runs).
    expect(status.lastImport.status).not.toBe('failed');
    expect(status.lastImport.id).toBe(status.runs.find((run) => run.status !== 'failed')?.id);
  });

  it('the ledger, status and import --json keep the same one-line message the CLI printed (no module prefix, no raw newline)', async () => {
    const notes = join(sb.dir, 'notes.txt');
    const r = await runCli(['import', notes, '--json']);
    expect(r.code, r.stderr).toBe(1);
    const message = `${notes} is not XML: it starts with "Kratom reading list to do "`;
    expect((JSON.parse(r.stdout) as { fileErrors: Array<{ message: string }> }).fileErrors.map((e) => e.message)).toEqual([message]);
    const st = await runCli(['status', '--json']);
    expect((JSON.parse(st.stdout) as { runs: Array<{ error: string | null }> }).runs[0]?.error).toBe(message);
    const human = await runCli(['status']);
    expect(human.stdout).toContain(message);
  });

  describe('where no library exists', () => {
  const fresh = () => join(sb.dir, 'new', 'lib.sqlite');

  it('creates no library (no file, -wal, -shm or folder): one line per file, exit 1, and status still finds none', async () => {
    const files = ['nope.xml', 'a-folder.xml', 'notes.txt', 'empty.xml'].map((f) => join(sb.dir, f));
    files.push(sb.write('cut.xml', articleSet([{ pmid: '1004', entrez: '2026-11-02' }]).slice(0, -40)));
    const r = await runCli(['import', ...files], fresh());
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/nope\.xml does not exist$/),
      expect.stringMatching(/a-folder\.xml is a directory, not a file$/),
      expect.stringMatching(/notes\.txt is not XML/),
      expect.stringMatching(/empty\.xml is empty \(0 bytes\)$/),
      expect.stringMatching(/^kratomlit: import: \S+\/cut\.xml is truncated/),
    ]);
    expect(existsSync(join(sb.dir, 'new'))).toBe(false);
    const st = await runCli(['status'], fresh());
    expect(st.code).toBe(1);
    expect(st.stderr).toContain(`no library at ${fresh()}`);
  });

  it('creates it when one file of several reads: exit 3, the good file imported', async () => {
    const good = sb.write('good3.xml', articleSet([{ pmid: '1005', entrez: '2026-11-02' }]));
    const r = await runCli(['import', join(sb.dir, 'nope.xml'), good], fresh());
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('1 record: 1 new');
    expect(readdirSync(join(sb.dir, 'new'))).toContain('lib.sqlite');
  });
});
});
