/**
 * Reads the synonym file (I/O edge of synonyms.ts). The default list ships in the package as
 * `data/synonyms.json`; callers may pass another path (a user's extended copy).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';
import { compileSynonyms, parseSynonyms, type SynonymMatcher } from './synonyms.js';

/**
 * Path of the shipped `data/synonyms.json`, found by walking up from this module: the compiled file
 * (dist/src/search) and the source (src/search under vitest) sit at different depths.
 */
export function defaultSynonymsPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    const candidate = join(dir, 'data', 'synonyms.json');
    if (existsSync(candidate) && existsSync(join(dir, 'package.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new UsageError('synonyms: cannot find data/synonyms.json above the installed package');
}

/** Loads, validates and compiles a synonym file; errors name the file. */
export function loadSynonymFile(path: string = defaultSynonymsPath()): SynonymMatcher {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`synonyms: cannot read ${path} (${(err as Error).message})`, { cause: err });
  }
  return compileSynonyms(parseSynonyms(text, path), path);
}
