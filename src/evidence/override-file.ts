/**
 * Reads the curator's override file named by config `evidence.overrides` (the I/O edge of
 * overrides.ts). No file configured: no overrides. A configured file that is missing or invalid is a
 * configuration error naming the file, never silently skipped.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, errorMessage } from '../errors.js';
import { parseOverrides, type EvidenceOverrides } from './overrides.js';

/** The overrides of `path` (empty when `path` is null). Throws ConfigError naming the file. */
export function loadEvidenceOverrides(path: string | null): EvidenceOverrides {
  if (path === null) return new Map();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`evidence overrides ${path}: cannot read (${errorMessage(err)})`, { cause: err });
  }
  return parseOverrides(text, path);
}
