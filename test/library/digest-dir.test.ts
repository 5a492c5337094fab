/**
 * A relative digest folder is read as the folder it names from the working directory (or from the `cwd`
 * option), through every reader of the archive: a week's files, the list of weeks, a missing week. Names
 * that would leave the folder are still refused.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Library, openLibrary } from '../../src/index.js';
import { outputPath } from '../../src/digest/write.js';

let dir: string;
const MD = '# Kratom literature, week 2026-W48\n';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kratomlit-digest-dir-'));
  mkdirSync(join(dir, 'digests'));
  writeFileSync(join(dir, 'digests', '2026-W48.md'), MD);
  writeFileSync(join(dir, 'digests', '2026-W48.json'), '{}');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withLibrary(opts: { digestDir: string; cwd?: string }, f: (lib: Library) => Promise<void>): Promise<void> {
  const lib = await openLibrary({ db: join(dir, 'lib.sqlite'), config: false, loadIndex: false, ...opts });
  try {
    await f(lib);
  } finally {
    lib.close();
  }
}

describe('a relative digest folder', () => {
  // Relative to the working directory without changing it (test files share their worker's process).
  const fromCwd = () => relative(process.cwd(), join(dir, 'digests'));

  it('reads a stored week, lists it, and says null for a week with no digest', async () => {
    for (const digestDir of [fromCwd(), `./${fromCwd()}/`]) {
      expect(digestDir.startsWith('/')).toBe(false);
      await withLibrary({ digestDir }, async (lib) => {
        expect(await lib.readDigest('2026-W48', 'md')).toBe(MD);
        expect(await lib.readDigest('2026-W48', 'json')).toBe('{}');
        expect(await lib.readDigest('2026-W10', 'md')).toBeNull();
        expect(lib.digestWeeks()).toEqual(['2026-W48']);
      });
    }
  });

  it('is resolved against the cwd option when one is given', async () => {
    await withLibrary({ digestDir: 'digests', cwd: dir }, async (lib) => {
      expect(await lib.readDigest('2026-W48', 'md')).toBe(MD);
      expect(lib.digestWeeks()).toEqual(['2026-W48']);
    });
  });

  it('still refuses week names and file names that would leave the folder', async () => {
    await withLibrary({ digestDir: fromCwd() }, async (lib) => {
      await expect(lib.readDigest('../2026-W48', 'md')).rejects.toThrow(/week/);
    });
    for (const bad of ['../2026-W48.md', 'sub/2026-W48.md', '..']) {
      expect(() => outputPath('digests', bad), bad).toThrow(/refusing/);
    }
    expect(outputPath('digests', '2026-W48.md')).toBe(join(process.cwd(), 'digests', '2026-W48.md'));
  });
});

describe('openLibrary options', () => {
  it('refuses a key it does not read, naming it and the options, instead of reading the default folder', async () => {
    const typo = { db: join(dir, 'lib.sqlite'), digestsDir: 'digests' } as unknown as Parameters<typeof openLibrary>[0];
    await expect(openLibrary(typo)).rejects.toThrow(/^openLibrary: unknown option "digestsDir" \(options: db, config, env, cwd, indexPath, digestDir, /);
    await expect(openLibrary('lib.sqlite' as never)).rejects.toThrow('openLibrary: options must be an object, got "lib.sqlite"');
  });
});
