/**
 * `<week>.json`: the digest document serialized (schema in types.ts), and the strict reader the Atom feed
 * uses to rebuild itself from the files already in the output folder. Pure.
 */
import { InputError } from '../errors.js';
import { DIGEST_SCHEMA_VERSION, type DigestDocument } from './types.js';
import { weekProblem } from './week.js';

/** Two-space JSON with a trailing newline; key order is fixed by `collectDigest`, so output is stable. */
export function renderJson(doc: DigestDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * Parses a `<week>.json` written by {@link renderJson}. Throws InputError (code `DIGEST_JSON`) naming
 * `file` when it is not JSON, has another schemaVersion, or lacks the fields the feed needs.
 */
export function parseDigestJson(text: string, file: string): DigestDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError('DIGEST_JSON', `digest: ${file} is not valid JSON`, { cause: err });
  }
  const doc = value as Partial<DigestDocument> | null;
  if (doc === null || typeof doc !== 'object' || doc.schemaVersion !== DIGEST_SCHEMA_VERSION) {
    throw new InputError('DIGEST_JSON', `digest: ${file} is not a schemaVersion ${DIGEST_SCHEMA_VERSION} digest`);
  }
  const ok =
    typeof doc.week === 'string' &&
    typeof doc.range?.end === 'string' &&
    typeof doc.counts?.new === 'number' &&
    Array.isArray(doc.topics) &&
    Array.isArray(doc.newPapers) &&
    Array.isArray(doc.updated) &&
    Array.isArray(doc.notices);
  if (!ok) throw new InputError('DIGEST_JSON', `digest: ${file} lacks week, range, counts or paper lists`);
  // The feed dates the entry by it: an edited, unreadable date would stop the whole feed from rendering.
  if (doc.asOf !== undefined && (typeof doc.asOf !== 'string' || Number.isNaN(Date.parse(doc.asOf)))) {
    throw new InputError('DIGEST_JSON', `digest: ${file} has an asOf that is not a date: ${JSON.stringify(doc.asOf).slice(0, 40)}`);
  }
  // The week names links and ids in the feed: it must be the file's own name, and a week the archive
  // serves (an older version wrote `0001-W01` for a typo; the web app refuses it, so the feed must too).
  if (typeof doc.week !== 'string' || !file.endsWith(`${doc.week}.json`)) {
    throw new InputError('DIGEST_JSON', `digest: ${file} holds week ${JSON.stringify(doc.week)}, not its own`);
  }
  const problem = weekProblem(doc.week);
  if (problem !== null) throw new InputError('DIGEST_JSON', `digest: ${file}: ${problem}`);
  return doc as DigestDocument;
}
