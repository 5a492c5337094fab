/**
 * Folder creation that fails instead of hanging. Never `mkdir(..., { recursive: true })`: on Node 20 a
 * recursive mkdir under /proc (or another file system that answers ENOENT to every create) loops at full
 * CPU instead of failing (docs/pitfalls.md), so a mistyped `--out /proc/x` would hang the process.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Creates `dir` and any missing folders above it, one level at a time from the nearest existing ancestor.
 * Throws an Error naming the folder that could not be made, or the ancestor that is not a folder.
 */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  let at = resolve(dir);
  while (!existsSync(at)) {
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  if (existsSync(at) && !statSync(at).isDirectory()) throw new Error(`${at} is not a folder`);
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (err) {
      throw new Error(`folder ${d}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
}
