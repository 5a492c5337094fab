import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, type Sandbox, articleSet, assertBuilt, sandbox } from './run-cli.js';

/** A child process that opens the database and holds its writer lock until killed. */
function holdLock(db: string): Promise<ChildProcess> {
  const open = pathToFileURL(join(REPO, 'dist', 'src', 'store', 'open.js')).href;
  const lock = pathToFileURL(join(REPO, 'dist', 'src', 'store', 'lock.js')).href;
  const script = `const { openStore } = await import(${JSON.stringify(open)});
const { acquireLock } = await import(${JSON.stringify(lock)});
acquireLock(openStore(${JSON.stringify(db)}), 'test lock holder');
process.stdout.write('locked\\n');
setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`lock holder exited early with ${code}`)));
    child.stdout?.once('data', () => resolve(child));
  });
}

describe('exit codes of the kratomlit binary', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    assertBuilt();
    sb = sandbox();
    // Reads refuse a missing library (test/cli/no-library.test.ts): give them an empty one.
    const made = await sb.run(['import', sb.write('empty.xml', articleSet([]))]);
    if (made.code !== 0) throw new Error(`could not create the test library: ${made.stderr}`);
  });
  afterAll(() => sb.cleanup());

  it('exits 0 for --help, --version and a plain status', async () => {
    const [help, version, status] = await Promise.all([sb.run(['--help']), sb.run(['--version']), sb.run(['status'])]);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain('Usage: kratomlit');
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(status.code, status.stderr).toBe(0);
  });

  it('exits 2 with one kratomlit: line naming the culprit for every usage error', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['bogus'], /unknown command 'bogus'/],
      [['stauts'], /unknown command 'stauts' \(Did you mean status\?\) \(see kratomlit --help\)\n$/],
      [['status', '--jsn'], /status: unknown option '--jsn' \(Did you mean --json\?\)/],
      [['status', '--bogus'], /status: unknown option '--bogus'/],
      [['show'], /show: missing required argument 'pmid'/],
      [['export', '--all'], /export: required option '--format <format>'/],
      [['show', 'abc'], /not a PMID: "abc"/],
      [['status', '--runs', 'many'], /--runs .*"many"/],
      [['search', 'x', '--sort', 'random'], /--sort .*"random"/],
      [['-q', '-v', 'status'], /--quiet' cannot be used with option '-v, --verbose'/],
      // Commander would keep the last value without a word.
      [['search', 'x', '--limit', '5', '--limit', '50'], /^kratomlit: search: option --limit was given twice \("5" and "50"\); give it once\n$/],
      [['status', '--json', '--json'], /^kratomlit: status: option --json was given twice; give it once\n$/],
      [['--db', 'a.sqlite', '--db', 'b.sqlite', 'status'], /^kratomlit: status: option --db was given twice \("a.sqlite" and "b.sqlite"\); give it once\n$/],
      // An empty value (a script's unset variable) was taken as no option at all, with exit 0.
      [['search', 'x', '--since', ''], /^kratomlit: search: option --since was given an empty value; give a value or leave the option out\n$/],
      [['export', '--all', '--format', 'ris', '--topic', '  '], /^kratomlit: export: option --topic was given an empty value/],
      [['digest', '--out', ''], /^kratomlit: digest: option --out was given an empty value/],
      [['import', 'a.xml', '--topic', 'mitragynine', '--topic', ''], /^kratomlit: import: option --topic was given an empty value/],
      [['--db', '', 'status'], /^kratomlit: status: option --db was given an empty value/],
      // help printed the whole help with exit 2 and never said the word was no command.
      [['help', 'nope'], /^kratomlit: help: unknown command 'nope' \(commands: import, show, search, /],
      // One rule for whole numbers: status took 1e3 where search refused 1e2.
      [['status', '--runs', '1e3'], /^kratomlit: status: --runs must be a whole number from 1 to 1000, got "1e3"\n$/],
      [['search', 'x', '--limit', '1e2'], /^kratomlit: search: --limit must be a whole number from 1 to 1000, got "1e2"\n$/],
      [['search', 'x', '--offset', '5.0'], /^kratomlit: search: --offset must be a whole number from 0 to \d+, got "5.0"\n$/],
      [['serve', '--port', '0x10'], /^kratomlit: serve: --port must be a whole number from 0 to 65535, got "0x10"\n$/],
      // An empty query with filter flags said "give a filter" although one was given.
      [['search', '', '--topic', 'mitragynine'], /^kratomlit: search: the query is empty and --topic mitragynine only narrows a query; give words, a phrase or a query filter \(e\.g\. topic:mitragynine type:review\), or list by the flags alone with kratomlit export --format csv --topic mitragynine\n$/],
    ];
    const results = await Promise.all(cases.map(([args]) => sb.run(args)));
    results.forEach((r, i) => {
      const [args, pattern] = cases[i] as [string[], RegExp];
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^kratomlit: /);
      expect(r.stdout).toBe('');
    });
  });

  it('exits 2 and prints the help on stderr when no command is given', async () => {
    const r = await sb.run([]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: kratomlit');
  });

  it('exits 1 naming the database path when --db cannot be created', async () => {
    const file = sb.write('plain-file', 'not a folder');
    const bad = join(file, 'sub', 'x.sqlite');
    const r = await sb.run(['--db', bad, 'import', sb.write('none.xml', articleSet([]))]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`kratomlit: import: cannot create database ${bad}: ${file} is not a folder`);
  });

  it('exits 1 naming the PMID when show does not find it', async () => {
    const r = await sb.run(['show', '99999999']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^kratomlit: show: PMID 99999999 is not in the library/);
  });

  it('exits 3 when one of two import files is missing, naming it, and 1 when all are', async () => {
    const good = sb.write('good.xml', articleSet([{ pmid: '1001', entrez: '2026-11-02' }]));
    const missing = join(sb.dir, 'nope.xml');
    const partial = await sb.run(['import', good, missing]);
    expect(partial.code, partial.stderr).toBe(3);
    expect(partial.stderr).toContain('nope.xml');
    const none = await sb.run(['import', missing, join(sb.dir, 'nope2.xml')]);
    expect(none.code, none.stderr).toBe(1);
    expect(none.stderr).toContain('nope2.xml');
  });

  it('exits 0 when a file imports but some of its records are rejected, and lists them', async () => {
    const mixed = sb.write('mixed.xml', articleSet([{ pmid: '1002', entrez: '2026-11-02' }, { pmid: '12x', entrez: '2026-11-02' }]));
    const r = await sb.run(['import', mixed, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { rejected: number; new: number };
    expect(summary).toMatchObject({ rejected: 1, new: 1 });
  });

  it('exits 4 naming the holder when another live process holds the writer lock', async () => {
    const lockSb = sandbox();
    const holder = await holdLock(lockSb.db);
    try {
      const file = lockSb.write('one.xml', articleSet([{ pmid: '2001', entrez: '2026-11-03' }]));
      const r = await lockSb.run(['import', file]);
      expect(r.code, r.stderr).toBe(4);
      expect(r.stderr).toContain(`pid ${holder.pid}`);
      expect(r.stderr).toContain('test lock holder');
    } finally {
      holder.kill();
      lockSb.cleanup();
    }
  });
});
