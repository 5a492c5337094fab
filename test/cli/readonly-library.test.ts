/**
 * A library the user may read but not write (another user's file, a read-only folder): a read says why in
 * one line, naming the file, and changes nothing. Root writes any file whatever its mode, so under root the
 * command runs as `nobody`; where `nobody` cannot run the built CLI (a checkout in a private folder) the
 * test is skipped, visibly.
 */
import { chmodSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, type Sandbox, articleSet, assertBuilt, nobodyIfRoot, runBinary, sandbox } from './run-cli.js';

const asNobody = nobodyIfRoot();
const runnable = asNobody !== null;

let sb: Sandbox;
beforeAll(async () => {
  assertBuilt();
  sb = sandbox();
  const r = await sb.run(['import', sb.write('lib.xml', articleSet([{ pmid: '1001', entrez: '2026-11-02' }]))]);
  if (r.code !== 0) throw new Error(r.stderr);
});
afterAll(() => {
  chmodSync(join(sb.dir, 'db'), 0o755);
  sb.cleanup();
});

/** `kratomlit ARGS` on the sandbox's library, as a user who may not write it. */
function runAsReader(args: string[]): Promise<CliResult> {
  return runBinary(args, { cwd: sb.dir, env: { KRATOMLIT_DB: sb.db, HOME: sb.dir }, as: asNobody ?? null });
}

describe('a library this user may not write', () => {
  it.skipIf(!runnable)(`a read names the file and why, in one line, and changes nothing${runnable ? '' : ' (skipped: running as root and `nobody` cannot run the built CLI here)'}`, async () => {
    const folder = join(sb.dir, 'db');
    const before = readFileSync(sb.db);
    chmodSync(sb.db, 0o444);
    chmodSync(folder, 0o555);
    chmodSync(sb.dir, 0o755);
    const r = await runAsReader(['search', 'kratom']);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      `kratomlit: search: database ${sb.db} is not writable by this user: kratomlit opens its library for writing, even for a read (it brings the schema up to date, and SQLite keeps ${sb.db}-wal and -shm beside it); run as the user who owns it, or copy it`,
    ]);
    expect(readFileSync(sb.db).equals(before)).toBe(true);
    expect(readdirSync(folder).sort()).toEqual(['test.sqlite']);
  });
});
