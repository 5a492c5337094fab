/**
 * File output for digests: output-folder checks, safe file names and atomic writes (src/fs/atomic.ts: temp
 * file, fsync, rename, folder fsync; a crash leaves the old file or the new one, never half of one). This
 * is the digest's only `node:fs` user. A leftover temp file is removed by the next run.
 */
import { constants, promises as fsp } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../errors.js';
import { makeFolders } from '../fs/folders.js';
import { type AtomicFs, removeStaleTemps as removeStaleTempFiles, writeFileAtomic as writeAtomic } from '../fs/atomic.js';

export type { AtomicFs } from '../fs/atomic.js';

/** Names the digest may write: `<week>.md|html|json` and `feed.atom`, nothing with a path in it. */
const OUTPUT_NAME = /^(\d{4}-W\d{2}\.(md|html|json)|feed\.atom)$/;

/**
 * Checks that `outDir` is (or can be created as) a writable directory; returns its absolute path.
 * Throws AppError `DIGEST_OUT_DIR` naming the path otherwise (NUL byte, a file, no write permission).
 */
export async function prepareOutDir(outDir: string): Promise<string> {
  if (typeof outDir !== 'string' || outDir === '' || outDir.includes('\0')) {
    throw new AppError('DIGEST_OUT_DIR', `digest: output folder ${JSON.stringify(outDir)} is not a valid path`);
  }
  const abs = resolve(outDir);
  try {
    makeFolders(abs);
    const st = await fsp.stat(abs);
    if (!st.isDirectory()) throw new Error('not a directory');
    await fsp.access(abs, constants.W_OK | constants.X_OK);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new AppError('DIGEST_OUT_DIR', `digest: output folder ${abs} is not a writable directory (${why})`, { cause: err });
  }
  return abs;
}

/**
 * The absolute path of `name` in `dir` (a relative `dir` is resolved against the working directory) for
 * an allowed output name; anything else (`../x`, `/etc/passwd`, NUL) is refused.
 */
export function outputPath(dir: string, name: string): string {
  if (!OUTPUT_NAME.test(name)) throw new AppError('DIGEST_FILE_NAME', `digest: refusing to write file name ${JSON.stringify(name)}`);
  // Both sides absolute: `dirname(join('digests', n))` is 'digests', never equal to a resolved folder.
  const base = resolve(dir);
  const full = join(base, name);
  if (dirname(full) !== base || basename(full) !== name) {
    throw new AppError('DIGEST_FILE_NAME', `digest: ${JSON.stringify(name)} escapes ${dir}`);
  }
  return full;
}

/** Writes `data` to `path` atomically; throws AppError `DIGEST_WRITE` naming the file. */
export async function writeFileAtomic(path: string, data: string, fs?: AtomicFs): Promise<void> {
  try {
    await writeAtomic(path, data, { fs, crashPoint: 'digest:mid-write' });
  } catch (err) {
    throw new AppError('DIGEST_WRITE', `digest: could not write ${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** Removes temp files crashed writers left in `dir` (a live writer's are kept); returns their names. */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  return removeStaleTempFiles(dir);
}

/** Names of `<week>.json` files in `dir`, sorted. */
export async function listDigestJson(dir: string): Promise<string[]> {
  return (await fsp.readdir(dir)).filter((n) => /^\d{4}-W\d{2}\.json$/.test(n)).sort();
}

/** Reads a file in `dir` as UTF-8. */
export async function readOutput(dir: string, name: string): Promise<string> {
  return fsp.readFile(outputPath(dir, name), 'utf8');
}
