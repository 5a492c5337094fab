import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, type Sandbox, assertBuilt, sandbox } from './run-cli.js';

describe('demo --dir never deletes what it did not create', () => {
  let sb: Sandbox;
  beforeAll(() => {
    assertBuilt();
    sb = sandbox();
  });
  afterAll(() => sb.cleanup());

  it('refuses a non-empty folder without its marker, keeping the user file', async () => {
    const dir = join(sb.dir, 'thesis');
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'src', 'thesis.tex'), '\\documentclass{article}');
    const r = await sb.run(['demo', '--dir', dir]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toBe(`kratomlit: demo: --dir ${dir} is not empty and was not made by kratomlit demo; name a new or empty folder (nothing was changed)\n`);
    expect(readFileSync(join(dir, 'src', 'thesis.tex'), 'utf8')).toBe('\\documentclass{article}');
    expect(existsSync(join(dir, 'kratomlit-demo.sqlite'))).toBe(false);
  });

  it('refuses a --dir it cannot make in one line naming it, at once (under /proc too)', async () => {
    const r = await sb.run(['demo', '--dir', '/proc/nope/demo']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/^kratomlit: demo: --dir \/proc\/nope\/demo cannot be made: folder \/proc\/nope: .+\n$/)]);
  });

  it('refuses --dir . (the sandbox holds files) with one clean line', async () => {
    writeFileSync(join(sb.dir, 'notes.txt'), 'mine');
    const r = await sb.run(['demo', '--dir', '.']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^kratomlit: demo: --dir \. is not empty and was not made by kratomlit demo; .*\n$/);
    expect(readFileSync(join(sb.dir, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('runs in a new folder with no log lines on stderr, and runs again there keeping a user file', async () => {
    const dir = join(sb.dir, 'fresh', 'my demo');
    const first = await sb.run(['demo', '--dir', dir]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('== Night 2');
    // The hint it ends with can be pasted into a shell: a folder with a space is quoted.
    expect(first.stdout).toContain(`  npx kratomlit --db '${join(dir, 'kratomlit-demo.sqlite')}' status\n`);
    const pasted = spawnSync('sh', ['-c', `node ${BIN} --db '${join(dir, 'kratomlit-demo.sqlite')}' status`], { cwd: sb.dir, encoding: 'utf8' });
    expect(pasted.status, pasted.stderr).toBe(0);
    expect(existsSync(join(dir, '.kratomlit-demo'))).toBe(true);
    writeFileSync(join(dir, 'my-notes.md'), 'keep me');
    const second = await sb.run(['demo', '--dir', dir]);
    expect(second.code, second.stderr).toBe(0);
    expect(readFileSync(join(dir, 'my-notes.md'), 'utf8')).toBe('keep me');
    expect(existsSync(join(dir, 'digests', '2026-W47.md'))).toBe(true);
  });
});
