/**
 * Atomic files: a write goes to a temp file in the target's folder, is fsynced, renamed over the target
 * (rename is atomic within one POSIX file system) and the folder is fsynced, so a crash at any instant
 * leaves the old file or the new one, never part of one. What a crash can leave is a temp file; its name
 * carries the writer's PID, and {@link removeStaleTemps} removes those whose writer is gone.
 *
 * Used for digests (async, string data) and the search index (sync, streamed through a file descriptor).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, promises as fsp, openSync, readdirSync, renameSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type CrashPointName, crashPoint } from '../crash.js';
import { isProcessAlive } from './pid.js';

/** The fs calls of the async writer; injectable so tests can fail a write half-way (ENOSPC, a kill). */
export interface AtomicFs {
  open: typeof fsp.open;
  rename: typeof fsp.rename;
  rm: typeof fsp.rm;
}

/** Options of both writers. */
export interface AtomicWriteOptions {
  /** Test hook fired after the temp file is complete and before the rename (see crash.ts). */
  crashPoint?: CrashPointName;
  /** File mode of a new file; default 0o644. */
  mode?: number;
}

const realFs: AtomicFs = { open: fsp.open, rename: fsp.rename, rm: fsp.rm };

/** `.<target>.<pid>-<12 hex>.kratomlit-tmp`: hidden, tied to its target and to the writing process. */
const TEMP_NAME = /^\.(.+)\.(\d+)-[0-9a-f]{12}\.kratomlit-tmp$/;
/** The digest's earlier temp names, without a PID: always stale (the writer that made them is gone). */
const LEGACY_DIGEST_TEMP = /^\.(.+)\.[0-9a-f]{12}\.kratomlit-tmp$/;
/**
 * The index's earlier temp names, `<target>.tmp-<pid>-<rand>`. Not hidden and not marked as ours, so they
 * are only matched when the caller names the target ({@link removeStaleTemps} `onlyFor`).
 */
const LEGACY_INDEX_TEMP = /^(.+)\.tmp-(\d+)-[0-9a-z]+$/;

/** Temp files this process is writing right now: never stale, whatever their PID says. */
const inFlight = new Set<string>();

/** A fresh temp path beside `path`. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(6).toString('hex')}.kratomlit-tmp`);
}

/**
 * Writes `data` to `path` atomically (temp + fsync + rename + folder fsync). On failure the temp file is
 * removed, the target is untouched, and the error is rethrown as it came (callers add their context).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, opts: AtomicWriteOptions & { fs?: AtomicFs } = {}): Promise<void> {
  const fs = opts.fs ?? realFs;
  const temp = tempPathFor(path);
  inFlight.add(temp);
  try {
    const handle = await fs.open(temp, 'wx', opts.mode ?? 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (opts.crashPoint) crashPoint(opts.crashPoint);
    await fs.rename(temp, path);
  } catch (err) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw err;
  } finally {
    inFlight.delete(temp);
  }
  syncDir(dirname(path));
}

/**
 * The synchronous form for content streamed through a file descriptor: `fill(fd)` writes it (with
 * `writeSync`), then the file is fsynced and renamed over `path`. Same guarantees as {@link writeFileAtomic}.
 */
export function writeFileAtomicSync(path: string, fill: (fd: number) => void, opts: AtomicWriteOptions = {}): void {
  const temp = tempPathFor(path);
  inFlight.add(temp);
  let fd: number | null = null;
  try {
    fd = openSync(temp, 'wx', opts.mode ?? 0o644);
    fill(fd);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    if (opts.crashPoint) crashPoint(opts.crashPoint);
    renameSync(temp, path);
  } catch (err) {
    if (fd !== null) closeSync(fd);
    removeQuietly(temp);
    throw err;
  } finally {
    inFlight.delete(temp);
  }
  syncDir(dirname(path));
}

/** fsync of the folder so the rename itself survives a power cut; some platforms refuse it (best effort). */
function syncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // EISDIR/EINVAL/EPERM on some platforms: the rename is still atomic, only its durability is weaker.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

function removeQuietly(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch {
    return false; // already gone: renamed, or removed by another cleaner
  }
}

/**
 * Target name and writer PID (null: unknown) of a temp file name, or null when it is not one.
 * @param target the target name the caller cleans for; enables the index's legacy names
 */
export function parseTempName(name: string, target?: string): { target: string; pid: number | null } | null {
  const m = TEMP_NAME.exec(name);
  if (m) return { target: m[1] ?? '', pid: Number(m[2]) };
  const digest = LEGACY_DIGEST_TEMP.exec(name);
  if (digest) return { target: digest[1] ?? '', pid: null };
  const index = target === undefined ? null : LEGACY_INDEX_TEMP.exec(name);
  if (index) return { target: index[1] ?? '', pid: Number(index[2]) };
  return null;
}

/**
 * Removes the temp files in `dir` left by writers that are gone, and returns their names (sorted).
 * A temp file is kept while its writer runs: another live process, or this one writing it now. A temp of
 * this process's PID that it is not writing is a leftover of an earlier process that had the same PID.
 * @param onlyFor when given, only temp files of this target name are considered
 */
export function removeStaleTemps(dir: string, onlyFor?: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return []; // no folder yet: nothing to clean
  }
  const removed: string[] = [];
  for (const name of names) {
    const temp = parseTempName(name, onlyFor);
    if (!temp || (onlyFor !== undefined && temp.target !== onlyFor)) continue;
    const path = join(dir, name);
    if (inFlight.has(path)) continue;
    if (temp.pid !== null && temp.pid !== process.pid && isProcessAlive(temp.pid)) continue;
    if (removeQuietly(path)) removed.push(name);
  }
  return removed;
}
