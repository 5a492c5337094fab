import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root (the folder with kratomlit's package.json), found by walking up from this module. Works the
 * same from `src/` (tests run the TypeScript) and from `dist/src/` (the built CLI), so shipped data such as
 * `db/migrations`, `data/sample` and `data/synonyms.json` are found in both.
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && isKratomlitPackage(candidate)) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`paths: kratomlit package.json not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

function isKratomlitPackage(file: string): boolean {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'kratomlit';
  } catch {
    return false;
  }
}

/** Absolute path of a file shipped with the package, e.g. `shipped('db', 'migrations')`. */
export function shipped(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
