/**
 * The digest archive as the digest job left it in its output folder: which weeks exist, one week's
 * document, and the Atom feed. Reads only; a week name is checked against `YYYY-Www` before it becomes a
 * path, so no request can name a file outside the folder.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DigestDocument } from '../digest/types.js';
import type { DigestArchive } from './types.js';
import { renderAtom } from '../digest/render-atom.js';
import { parseDigestJson } from '../digest/render-json.js';
import { parseWeek, weekProblem } from '../digest/week.js';
import { readOutput } from '../digest/write.js';
import { errorMessage, InputError } from '../errors.js';

const WEEK_FILE = /^(\d{4}-W\d{2})\.json$/;

/** True for a week name `parseWeek` accepts, such as `2026-W47` (not `2027-W53`, not `0001-W01`). */
export function isWeekName(week: string): boolean {
  return weekProblem(week) === null;
}

/** Weeks with a `<week>.json` digest in `dir`, newest first; none when the folder does not exist. */
export function listDigestWeeks(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((n) => WEEK_FILE.exec(n)?.[1])
    .filter((w): w is string => w !== undefined && isWeekName(w))
    .sort()
    .reverse();
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return null;
    throw new InputError('DIGEST_READ', `digest: cannot read ${path}: ${errorMessage(err)}`, { cause: err });
  }
}

/** One week's digest document, or null when that week has none. Throws InputError for a malformed file. */
export function readDigest(dir: string, week: string): DigestDocument | null {
  if (!isWeekName(week)) return null;
  const file = join(dir, `${week}.json`);
  const text = readOrNull(file);
  return text === null ? null : parseDigestJson(text, file);
}

/** The Atom feed the digest job maintains, or null before the first digest. */
export function readFeed(dir: string): string | null {
  return readOrNull(join(dir, 'feed.atom'));
}

/**
 * The feed served before the first digest: no entries, the id and title the digest job's feed will have.
 * Atom requires `updated` (RFC 4287, 4.1.1), the last significant change: here the end of the library's
 * latest ingest or import (`lastStored`, an ISO instant), or 1970-01-01T00:00:00Z for a library that has
 * never run one (`renderAtom`'s date for a feed without documents). Never the clock: a server restart must
 * not look like an update to a feed reader.
 */
export function emptyFeed(lastStored: string | null): string {
  const at = lastStored === null ? Number.NaN : Date.parse(lastStored);
  return renderAtom([], { feedWeeks: 1, ...(Number.isNaN(at) ? {} : { now: new Date(at) }) });
}

/**
 * Readers over the digest folder `dir` (resolved against the working directory when relative).
 * `lastStored` dates the feed before the first digest ({@link emptyFeed}); read only when that feed is asked for.
 */
export function digestArchive(folder: string, lastStored: () => string | null): DigestArchive {
  // Resolved once: every reader below names the same folder, whatever the working directory becomes later.
  const dir = resolve(folder);
  return {
    digestWeeks: () => listDigestWeeks(dir),
    digestDocument: (week) => readDigest(dir, week),
    readDigest: async (week, format) => {
      parseWeek(week);
      // readOutput refuses names that would leave the folder.
      return readOutput(dir, `${week}.${format}`).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return null;
        throw err;
      });
    },
    feed: ((opts?: { orEmpty: true }) => readFeed(dir) ?? (opts?.orEmpty === true ? emptyFeed(lastStored()) : null)) as DigestArchive['feed'],
  };
}
