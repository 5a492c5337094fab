/**
 * Every writing method of the library honours its AbortSignal: an aborted index rebuild keeps the published
 * index byte for byte, an aborted digest writes no file, and the error is the signal's own AbortError.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Library, openLibrary } from '../../src/index.js';

describe('AbortSignal on the writing methods', () => {
  let dir: string;
  let lib: Library;
  let indexPath: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kratomlit-abort-'));
    lib = await openLibrary({ db: join(dir, 'lib.sqlite'), config: false });
    const r = await lib.import(['data/sample/pubmed-sample.xml']);
    expect(r.new).toBeGreaterThan(0);
    indexPath = join(dir, 'lib.sqlite.index');
    expect(existsSync(indexPath)).toBe(true);
  });
  afterAll(() => {
    lib.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rebuildIndex stops at a progress report and leaves the published index as it was', async () => {
    const before = readFileSync(indexPath);
    const controller = new AbortController();
    const reports: number[] = [];
    const run = lib.rebuildIndex({
      signal: controller.signal,
      onProgress: (p) => {
        reports.push(p.done);
        controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(reports.length).toBeGreaterThan(0);
    expect(readFileSync(indexPath).equals(before)).toBe(true);
    expect(readdirSync(dir).filter((n) => n.endsWith('.kratomlit-tmp'))).toEqual([]);
    // Without a signal the same rebuild completes.
    expect((await lib.rebuildIndex()).records).toBeGreaterThan(0);
  });

  it('digest with an aborted signal writes nothing', async () => {
    const out = join(dir, 'digests');
    await expect(lib.digest({ week: '2025-W10', out, signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    const written = await lib.digest({ week: '2025-W10', out });
    expect(written.week).toBe('2025-W10');
    expect(readdirSync(out)).toContain('2025-W10.md');
  });

  it('refreshIndex and reclassifyEvidence refuse to start once aborted', async () => {
    const reason = new Error('stop now');
    await expect(lib.refreshIndex({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await expect(lib.reclassifyEvidence({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });
});
