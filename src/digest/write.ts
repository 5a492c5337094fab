/**
 * File output for digests: output-folder checks, safe file names and atomic writes. This is the digest's
 * only `node:fs` user. A write goes to a temp file in the same folder, is fsynced, then renamed over the
 * target (rename is atomic on POSIX), and the folder is fsynced: a crash leaves the old file or the new
 * one, never half of one. A leftover temp file is removed by the next run.
 */
import { randomBytes } from 'node:crypto';
import { constants, promises as fsp } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { crashPoint } from '../crash.js';
import { AppError } from '../errors.js';

/** The few fs calls the writer makes; injectable so tests can fail a write half-way. */
export interface AtomicFs {
  open: typeof fsp.open;
  rename: typeof fsp.rename;
  rm: typeof fsp.rm;
}

const realFs: AtomicFs = { open: fsp.open, rename: fsp.rename, rm: fsp.rm };

/** Names the digest may write: `<week>.md|html|json` and `feed.atom`, nothing with a path in it. */
const OUTPUT_NAME = /^(\d{4}-W\d{2}\.(md|html|json)|feed\.atom)$/;
const TEMP_NAME = /^\.(.+)\.[0-9a-f]{12}\.kratomlit-tmp$/;

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
    await fsp.mkdir(abs, { recursive: true });
    const st = await fsp.stat(abs);
    if (!st.isDirectory()) throw new Error('not a directory');
    await fsp.access(abs, constants.W_OK | constants.X_OK);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new AppError('DIGEST_OUT_DIR', `digest: output folder ${abs} is not a writable directory (${why})`, { cause: err });
  }
  return abs;
}

/** `dir/name` for an allowed output name; anything else (`../x`, `/etc/passwd`, NUL) is refused. */
export function outputPath(dir: string, name: string): string {
  if (!OUTPUT_NAME.test(name)) throw new AppError('DIGEST_FILE_NAME', `digest: refusing to write file name ${JSON.stringify(name)}`);
  const full = join(dir, name);
  if (dirname(full) !== resolve(dir) || basename(full) !== name) {
    throw new AppError('DIGEST_FILE_NAME', `digest: ${JSON.stringify(name)} escapes ${dir}`);
  }
  return full;
}

/** Writes `data` to `path` atomically (temp + fsync + rename + folder fsync). */
export async function writeFileAtomic(path: string, data: string, fs: AtomicFs = realFs): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.kratomlit-tmp`);
  try {
    const handle = await fs.open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    crashPoint('digest:mid-write');
    await fs.rename(temp, path);
  } catch (err) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw new AppError('DIGEST_WRITE', `digest: could not write ${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  await syncDir(dir);
}

/** fsync the folder so the rename itself survives a power cut; not supported everywhere, so best effort. */
async function syncDir(dir: string): Promise<void> {
  const handle = await fsp.open(dir, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // EINVAL/EISDIR on some platforms: the rename is still atomic, only its durability is weaker.
  } finally {
    await handle.close();
  }
}

/** Removes temp files a crashed writer left in `dir`; returns their names. */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  const names = (await fsp.readdir(dir)).filter((n) => TEMP_NAME.test(n)).sort();
  for (const n of names) await fsp.rm(join(dir, n), { force: true });
  return names;
}

/** Names of `<week>.json` files in `dir`, sorted. */
export async function listDigestJson(dir: string): Promise<string[]> {
  return (await fsp.readdir(dir)).filter((n) => /^\d{4}-W\d{2}\.json$/.test(n)).sort();
}

/** Reads a file in `dir` as UTF-8. */
export async function readOutput(dir: string, name: string): Promise<string> {
  return fsp.readFile(outputPath(dir, name), 'utf8');
}
