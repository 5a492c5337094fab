import { mkdtempSync, promises as fsp, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AtomicFs, outputPath, writeFileAtomic } from '../../src/digest/write.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kratomlit-write-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** An fs whose file handles write the first half of the data, then fail like a full disk. */
function failingMidWrite(): AtomicFs {
  return {
    rename: fsp.rename,
    rm: fsp.rm,
    open: (async (path: string, flags: string, mode: number) => {
      const handle = await fsp.open(path, flags, mode);
      return {
        writeFile: async (data: string) => {
          await handle.writeFile(data.slice(0, Math.floor(data.length / 2)));
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    }) as unknown as AtomicFs['open'],
  };
}

describe('writeFileAtomic', () => {
  it('leaves the previous file intact and no temp file when the write fails half-way', async () => {
    const target = join(dir, '2026-W47.md');
    writeFileSync(target, 'old digest\n');
    await expect(writeFileAtomic(target, 'new digest '.repeat(1000), failingMidWrite())).rejects.toMatchObject({ code: 'DIGEST_WRITE' });
    expect(readFileSync(target, 'utf8')).toBe('old digest\n');
    expect(readdirSync(dir)).toEqual(['2026-W47.md']);
  });

  it('leaves the previous file intact when the process dies before the rename', async () => {
    const target = join(dir, 'feed.atom');
    writeFileSync(target, '<feed/>');
    const dying: AtomicFs = { open: fsp.open, rm: fsp.rm, rename: async () => Promise.reject(new Error('killed before rename')) };
    await expect(writeFileAtomic(target, '<feed>new</feed>', dying)).rejects.toThrow(/killed before rename/);
    expect(readFileSync(target, 'utf8')).toBe('<feed/>');
    expect(readdirSync(dir)).toEqual(['feed.atom']);
  });

  it('replaces the file with the complete new content', async () => {
    const target = join(dir, '2026-W47.json');
    writeFileSync(target, '{}');
    await writeFileAtomic(target, '{"schemaVersion":1}\n');
    expect(readFileSync(target, 'utf8')).toBe('{"schemaVersion":1}\n');
  });
});

describe('outputPath', () => {
  it('only accepts digest file names, never paths', () => {
    expect(outputPath(dir, '2026-W47.html')).toBe(join(dir, '2026-W47.html'));
    for (const bad of ['../2026-W47.md', '/etc/passwd', '2026-W47.md\0', 'sub/2026-W47.md', '2026-W47.exe', '..']) {
      expect(() => outputPath(dir, bad), bad).toThrow(/refusing/);
    }
  });
});
