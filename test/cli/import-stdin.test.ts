/**
 * `import` reads a pipe: `-` (standard input), `/dev/stdin` and a named pipe each arrive as a stream the
 * importer would otherwise see as an empty or missing file; a device is refused before any work.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, type CliResult, type Sandbox, articleSet, assertBuilt, runShell, sandbox } from './run-cli.js';

let sb: Sandbox;
let xml: string;

/** `sh -c script` in the sandbox, `$K` the CLI on the sandbox's library. */
function shell(script: string): Promise<CliResult> {
  return runShell(script, { cwd: sb.dir, env: { K: `${process.execPath} ${BIN}`, KRATOMLIT_DB: sb.db } });
}

function storedPmids(): string[] {
  const db = new Database(sb.db, { readonly: true });
  try {
    return db.prepare('SELECT pmid FROM articles ORDER BY pmid').pluck().all() as string[];
  } finally {
    db.close();
  }
}

/** Copies of streamed inputs this machine's temp folder still holds. */
const leftCopies = () => readdirSync(tmpdir()).filter((f) => /^kratomlit-import-[^-]+$/.test(f));

describe('import from a pipe', () => {
  beforeAll(() => {
    assertBuilt();
    sb = sandbox();
    // Larger than one pipe buffer (64 KiB), so a reader that stops at the first chunk would be caught.
    const specs = Array.from({ length: 120 }, (_, i) => ({ pmid: String(43000001 + i), entrez: '2026-11-18', title: `Mitragynine in a piped file ${i}`, abstract: 'x'.repeat(800) }));
    xml = articleSet(specs);
    sb.write('saved.xml', xml);
  });
  afterAll(() => sb.cleanup());

  it('reads - and /dev/stdin from a pipe whole, and a second import of the same finds every record unchanged', async () => {
    const before = leftCopies();
    const dash = await shell('cat saved.xml | $K import -');
    expect([dash.code, dash.stderr]).toEqual([0, 'imported 1 file, 120 records: 120 new, 0 updated, 0 unchanged, 0 older, 0 deleted, 0 rejected\n']);
    expect(storedPmids()).toHaveLength(120);
    const devStdin = await shell('cat saved.xml | $K import /dev/stdin');
    expect([devStdin.code, devStdin.stderr]).toEqual([0, 'imported 1 file, 120 records: 0 new, 0 updated, 120 unchanged, 0 older, 0 deleted, 0 rejected\n']);
    expect(leftCopies()).toEqual(before);
  });

  it('reads a named pipe (FIFO)', async () => {
    expect(spawnSync('mkfifo', [join(sb.dir, 'fifo')]).status).toBe(0);
    // The writer gives up after a while, so an importer that never opens the pipe fails instead of hanging.
    const r = await shell("timeout 60 sh -c 'cat saved.xml > fifo' & $K import fifo --json");
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { unchanged: number }).unchanged).toBe(120);
  });

  it('records a failed import of standard input in the run ledger as standard input, not as its temporary copy', async () => {
    const cut = await shell(`head -c ${Math.floor(xml.length / 2)} saved.xml | $K import -`);
    expect(cut.code, cut.stderr).toBe(1);
    expect(cut.stderr).toMatch(/^kratomlit: import: standard input is truncated after \d+ complete records/);
    const status = await shell('$K status --json --runs 1');
    const run = (JSON.parse(status.stdout) as { runs: Array<{ kind: string; status: string; error: string }> }).runs[0];
    expect([run?.kind, run?.status]).toEqual(['import', 'failed']);
    expect(run?.error).toMatch(/^standard input is truncated after \d+ complete records/);
    expect((await shell('$K status --runs 1')).stdout).not.toContain('kratomlit-import-');
  });

  it('names standard input in its errors, and refuses a device or - twice in one line before reading anything', async () => {
    const empty = await shell(': | $K import -');
    expect([empty.code, empty.stderr]).toEqual([1, 'kratomlit: import: standard input is empty (0 bytes)\n']);
    const device = await shell('$K import /dev/zero saved.xml');
    expect([device.code, device.stderr]).toEqual([2, 'kratomlit: import: /dev/zero is a device, not a file (import reads files, pipes and - for standard input)\n']);
    const twice = await shell('cat saved.xml | $K import - -');
    expect([twice.code, twice.stderr]).toEqual([2, 'kratomlit: import: - (standard input) is given twice; it can be read once\n']);
    expect(storedPmids()).toHaveLength(120);
  });
});
