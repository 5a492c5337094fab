import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, promises as fsp, readFileSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AtomicFs, removeStaleTemps, tempPathFor, writeFileAtomic, writeFileAtomicSync } from '../../src/fs/atomic.js';

const DIST_ATOMIC = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/src/fs/atomic.js');
/** A PID above Linux's pid_max (2^22): no process has it. */
const DEAD_PID = 999_999_999;

let dir: string;
let target: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kratomlit-atomic-'));
  target = join(dir, 'index.bin');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const temps = () => readdirSync(dir).filter((n) => n !== 'index.bin');

/** Runs `code` (an ES module body that may use `writeFileAtomicSync`, `writeSync` and `target`) in a child. */
function child(code: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
  if (!existsSync(DIST_ATOMIC)) throw new Error(`${DIST_ATOMIC} is missing: run npm run build first`);
  const prelude = `import { writeFileAtomicSync } from ${JSON.stringify(DIST_ATOMIC)}; import { writeSync } from 'node:fs'; const target = ${JSON.stringify(target)};`;
  return spawn(process.execPath, ['--input-type=module', '-e', `${prelude}\n${code}`], { env: { ...process.env, ...env }, stdio: 'inherit' });
}

describe('writeFileAtomicSync', () => {
  it('replaces the file with what fill wrote and leaves no temp file', () => {
    writeFileSync(target, 'old');
    writeFileAtomicSync(target, (fd) => writeSync(fd, 'new content'));
    expect(readFileSync(target, 'utf8')).toBe('new content');
    expect(temps()).toEqual([]);
  });

  it('keeps the old file and removes its temp when fill throws', () => {
    writeFileSync(target, 'old');
    expect(() =>
      writeFileAtomicSync(target, (fd) => {
        writeSync(fd, 'half');
        throw new Error('ENOSPC: no space left on device');
      }),
    ).toThrow(/ENOSPC/);
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(temps()).toEqual([]);
  });

  it('leaves the old file and one temp file when killed before the rename; the next cleanup removes it', async () => {
    writeFileSync(target, 'old');
    const killed = child(`writeFileAtomicSync(target, (fd) => writeSync(fd, 'new'), { crashPoint: 'index:mid-write' });`, {
      KRATOMLIT_CRASH_AT: 'index:mid-write',
    });
    const [code, signal] = (await once(killed, 'exit')) as [number | null, NodeJS.Signals | null];
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGKILL' });
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(temps()).toEqual([expect.stringMatching(new RegExp(`^\\.index\\.bin\\.${killed.pid}-[0-9a-f]{12}\\.kratomlit-tmp$`))]);
    const leftover = temps();
    expect(removeStaleTemps(dir)).toEqual(leftover);
    expect(temps()).toEqual([]);
  });
});

describe('writeFileAtomic', () => {
  it('keeps the old file and removes the temp when the rename fails', async () => {
    writeFileSync(target, 'old');
    const dying: AtomicFs = { open: fsp.open, rm: fsp.rm, rename: async () => Promise.reject(new Error('killed before rename')) };
    await expect(writeFileAtomic(target, 'new', { fs: dying })).rejects.toThrow(/killed before rename/);
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(temps()).toEqual([]);
  });

  it('ends with one writer’s complete content when many write at once; cleanup meanwhile keeps their temps', async () => {
    const contents = Array.from({ length: 20 }, (_, i) => String.fromCharCode(65 + i).repeat(50_000 + i));
    // Every rename waits until all writers have their temp file complete, so the cleanup below runs while
    // 20 temp files of this PID exist.
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let waiting = 0;
    let allWaiting = () => {};
    const allAtGate = new Promise<void>((r) => (allWaiting = r));
    const gated: AtomicFs = {
      open: fsp.open,
      rm: fsp.rm,
      rename: async (from, to) => {
        waiting += 1;
        if (waiting === contents.length) allWaiting();
        await gate;
        return fsp.rename(from, to);
      },
    };
    const writes = contents.map((c) => writeFileAtomic(target, c, { fs: gated }));
    await allAtGate;
    expect(temps()).toHaveLength(contents.length);
    expect(removeStaleTemps(dir)).toEqual([]);
    release();
    await Promise.all(writes);
    expect(contents).toContain(readFileSync(target, 'utf8'));
    expect(temps()).toEqual([]);
  });
});

describe('two processes writing the same file', () => {
  it('every read sees one writer’s complete content, never a mix or a part', async () => {
    writeFileSync(target, 'A'.repeat(200_000));
    const writers = ['A', 'B'].map((ch) =>
      child(`for (let i = 0; i < 40; i += 1) writeFileAtomicSync(target, (fd) => writeSync(fd, '${ch}'.repeat(200_000)));`),
    );
    const done = Promise.all(writers.map((w) => once(w, 'exit')));
    let running = true;
    void done.then(() => (running = false));
    const seen = new Set<string>();
    let reads = 0;
    while (running || reads === 0) {
      const text = await fsp.readFile(target, 'utf8');
      seen.add(text.length === 200_000 && /^(A+|B+)$/.test(text) ? `whole ${text[0]}` : `broken (${text.length} chars)`);
      reads += 1;
    }
    const exits = await done;
    expect(exits.map(([code]) => code)).toEqual([0, 0]);
    expect([...seen].filter((s) => s.startsWith('broken'))).toEqual([]);
    expect(temps()).toEqual([]);
  });
});

describe('removeStaleTemps', () => {
  it('removes temps of dead writers and earlier name forms, keeps a live writer’s and other files', async () => {
    const live = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    await once(live, 'spawn');
    try {
      const liveTemp = `.index.bin.${live.pid}-0123456789ab.kratomlit-tmp`;
      const names = [
        liveTemp,
        `.index.bin.${DEAD_PID}-0123456789ab.kratomlit-tmp`,
        // A temp of this PID that this process is not writing: left by an earlier process with the same PID.
        `.index.bin.${process.pid}-0123456789ab.kratomlit-tmp`,
        '.2026-W47.md.0123456789ab.kratomlit-tmp',
        `index.bin.tmp-${DEAD_PID}-abc`,
        'notes.txt',
      ];
      for (const n of names) writeFileSync(join(dir, n), 'x');
      expect(removeStaleTemps(dir)).toEqual(
        [
          '.2026-W47.md.0123456789ab.kratomlit-tmp',
          `.index.bin.${DEAD_PID}-0123456789ab.kratomlit-tmp`,
          `.index.bin.${process.pid}-0123456789ab.kratomlit-tmp`,
        ].sort(),
      );
      // The index's old `<name>.tmp-<pid>-<rand>` form is only matched for a named target.
      expect(removeStaleTemps(dir, 'index.bin')).toEqual([`index.bin.tmp-${DEAD_PID}-abc`]);
      expect(readdirSync(dir).sort()).toEqual([liveTemp, 'notes.txt'].sort());
      live.kill('SIGKILL');
      await once(live, 'exit');
      expect(removeStaleTemps(dir)).toEqual([liveTemp]);
    } finally {
      live.kill('SIGKILL');
    }
  });

  it('returns nothing for a folder that does not exist, and only considers the named target', () => {
    expect(removeStaleTemps(join(dir, 'missing'))).toEqual([]);
    writeFileSync(join(dir, `.other.${DEAD_PID}-0123456789ab.kratomlit-tmp`), 'x');
    expect(removeStaleTemps(dir, 'index.bin')).toEqual([]);
    expect(tempPathFor(target)).toMatch(new RegExp(`/\\.index\\.bin\\.${process.pid}-[0-9a-f]{12}\\.kratomlit-tmp$`));
  });
});
