import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command } from 'commander';
import { EXIT, UsageError } from '../errors.js';
import type { CheckReport } from '../library/types.js';
import type { RecordCounts } from '../types.js';
import type { CommandContext } from './context.js';

/** `kratomlit check [--json] [--salvage FILE] [--repair]`: is the library file whole, and how to recover if not. */
export function checkCommand(ctx: () => CommandContext): Command {
  return new Command('check')
    .description('check the library file: SQLite integrity and foreign keys, and a read-back of every record')
    .option('--json', 'print the report as JSON on stdout, with whether the read-back stopped early (stoppedEarly, stoppedAfter), what its counts cover (countsCover, stored, notRead) and the command to run next (next)')
    .option('--salvage <file>', 'also write the kept raw PubMed XML of every readable record to FILE (new file), for import into a new library')
    .option('--repair', "write records' list forms (what search pages show) again when some differ from the records; the only thing check repairs")
    .action(async (o: { json?: boolean; salvage?: string; repair?: boolean }) => {
      const c = ctx();
      if (o.salvage !== undefined) checkSalvagePath(o.salvage);
      const lib = await c.library();
      try {
        let report = await lib.check();
        if (o.repair && report.listedStale.length > 0) {
          const written = await lib.repairLists();
          c.say(`check: wrote the list forms of ${written} records again from the records`);
          report = await lib.check();
        }
        const stored = report.walkError === null ? undefined : storedCounts(() => lib.status().records);
        c.out(o.json ? JSON.stringify(checkJson(report, stored), null, 2) : formatCheck(report, stored));
        if (o.salvage) {
          const s = await lib.salvage(o.salvage);
          c.say(salvageHint(o.salvage, s, storedCounts(() => lib.status().records), c.config.topics.map((t) => t.name)));
        }
        process.exitCode = report.ok ? EXIT.OK : EXIT.FAILURE;
      } finally {
        lib.close();
      }
    });
}

/**
 * Refuses a salvage file that exists (a folder named as such) or whose folder does not, before the long
 * check runs: salvage writes a new file and never overwrites one.
 */
function checkSalvagePath(file: string): void {
  const kind = (path: string) => {
    try {
      return statSync(path).isDirectory() ? 'folder' : 'file';
    } catch {
      return null;
    }
  };
  const existing = kind(file);
  if (existing === 'folder') throw new UsageError(`check: --salvage ${file} is a folder; give the name of a new file to write (e.g. ${file.replace(/\/+$/, '')}/saved.xml)`);
  if (existing === 'file') throw new UsageError(`check: --salvage ${file} already exists; salvage writes a new file and never overwrites one`);
  if (kind(dirname(file)) !== 'folder') throw new UsageError(`check: --salvage ${file}: folder ${dirname(file)} does not exist`);
}

/**
 * What to do with a salvage file, in one to three lines. PubMed XML holds no topics, so the import command
 * gets `--topic NAME` for each configured topic every live record belongs to (it files every imported
 * record under it); the records of a configured topic only some belong to (or all, when the counts cannot
 * be read) are filed under it again by a full ingest, which re-runs every configured topic's search (an
 * incremental one only looks for new records). A stored topic no longer configured is named apart: no
 * ingest searches for it.
 */
export function salvageHint(file: string, s: { written: number; skipped: number }, stored: RecordCounts | undefined, configured: readonly string[]): string {
  const count = (t: string) => stored?.byTopic[t] ?? 0;
  const everyRecord = stored === undefined || stored.live === 0 ? [] : configured.filter((t) => count(t) === stored.live);
  const some = configured.filter((t) => count(t) > 0 && !everyRecord.includes(t));
  const gone = stored === undefined ? [] : Object.keys(stored.byTopic).filter((t) => count(t) > 0 && !configured.includes(t));
  const flags = everyRecord.map((t) => ` --topic ${/^[\w.-]+$/.test(t) ? t : `'${t.replace(/'/g, "'\\''")}'`}`).join('');
  const lines = [`check: wrote ${s.written} records to ${file} (${s.skipped} could not be read); import it into a new library: kratomlit --db NEW.sqlite import ${file}${flags}`];
  const it = (names: readonly string[], one: string, many: string) => (names.length === 1 ? one : many);
  if (stored === undefined) lines.push('check: PubMed XML holds no topics and this library\'s could not be read: kratomlit --db NEW.sqlite ingest --full files the records under their configured topics again');
  else if (some.length > 0) lines.push(`check: PubMed XML holds no topics: ${some.join(', ')} ${it(some, 'is', 'are')} not kept (only some records have ${it(some, 'it', 'them')}); kratomlit --db NEW.sqlite ingest --full files the records under ${it(some, 'it', 'them')} again`);
  if (gone.length > 0) lines.push(`check: ${gone.join(', ')} ${it(gone, 'is a stored topic', 'are stored topics')} no longer configured, so no ingest files records under ${it(gone, 'it', 'them')} again: the new library will not have ${it(gone, 'it', 'them')}`);
  return lines.join('\n');
}

/** The store's record counts, or undefined when they cannot be read either (the damage reaches them). */
function storedCounts(read: () => RecordCounts): RecordCounts | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/**
 * `check --json`: the library's report, its fields unchanged, and after them what the text report says in
 * words, for a script to act on: whether the read-back stopped early, what its counts cover, how many
 * stored records it did not reach, and the command to run next.
 */
export interface CheckJson extends CheckReport {
  /** True when SQLite stopped the read-back at damage (`walkError` says why, `stoppedAfter` where). */
  stoppedEarly: boolean;
  /** What `records` and `unreadable` count: every stored record (`all`), or those before the stop only. */
  countsCover: 'all' | 'before-stop';
  /** Stored records the read-back did not reach (not known to be damaged, not known to be whole); null when `stored` is. */
  notRead: number | null;
  /** The command to run next, as arguments, and what it does; null when the library is whole. */
  next: { argv: string[]; why: string } | null;
}

/** The JSON report: see {@link CheckJson}. `stored` as for {@link formatCheck}. */
export function checkJson(r: CheckReport, stored?: RecordCounts): CheckJson {
  const stoppedEarly = r.walkError !== null;
  return {
    ...r,
    stoppedEarly,
    countsCover: stoppedEarly ? 'before-stop' : 'all',
    notRead: r.stored === null ? null : Math.max(0, r.stored - r.records - r.unreadable.length),
    next: nextStep(r, stored),
  };
}

/** What the text report's recovery steps say first, as a command a script can run. */
function nextStep(r: CheckReport, stored: RecordCounts | undefined): CheckJson['next'] {
  if (r.ok) return null;
  if (isUndamaged(r)) return { argv: ['kratomlit', '--db', r.database, 'check', '--repair'], why: "writes the records' list forms again from the records" };
  return {
    argv: ['kratomlit', '--db', r.database, 'check', '--salvage', 'saved.xml'],
    why: `writes saved.xml for a new library (${salvageWhat(r, stored)}); then kratomlit --db NEW.sqlite import saved.xml. Restore a backup of the database file instead, if there is one`,
  };
}

/**
 * The human report: what is wrong, then how to recover. `stored`, the store's own record counts (read
 * apart from the walk), says how many live records salvage tries; without them, the report's own
 * `stored` (an index count) says how much a walk that stopped early left unread.
 */
export function formatCheck(r: CheckReport, stored?: RecordCounts): string {
  if (r.ok) return `${r.database}: ok (${r.records} records read back, integrity and foreign keys checked)`;
  if (isUndamaged(r)) return `${r.database}: ${staleLine(r.listedStale)}`;
  const lines = [`${r.database}: DAMAGED`];
  for (const m of r.integrity) lines.push(`  integrity: ${m}`);
  for (const f of r.foreignKeys) lines.push(`  foreign key: a row of ${f.table} (rowid ${f.rowid ?? '?'}) points at a missing ${f.parent} row`);
  for (const u of r.unreadable.slice(0, 50)) lines.push(`  record ${u.pmid} cannot be read (${u.reason})`);
  if (r.unreadable.length > 50) lines.push(`  … and ${r.unreadable.length - 50} more unreadable records`);
  lines.push(...walkLines(r, stored));
  if (r.listedStale.length > 0) lines.push(`  ${staleLine(r.listedStale)}`);
  lines.push(
    '',
    'To recover (keep the damaged file until the new library is complete):',
    '  1. restore a backup of the database file if you have one; otherwise',
    `  2. kratomlit --db ${r.database} check --salvage saved.xml   (${salvageWhat(r, stored)})`,
    '     kratomlit --db NEW.sqlite import saved.xml               (rebuild a library from it)',
    '  3. kratomlit --db NEW.sqlite ingest --full                  (re-fetch everything from PubMed, damaged records included)',
  );
  return lines.join('\n');
}

/**
 * How far the read-back got. A walk that stopped early read every column of the records before the damage
 * and none after it: those were not read, which says nothing about whether they are whole.
 */
function walkLines(r: CheckReport, stored: RecordCounts | undefined): string[] {
  if (!r.walkError) return [`  ${r.records} records read back whole.`];
  const total = stored ? stored.live + stored.deleted : r.stored;
  const rest = total === null ? 'the records after them were not read' : `the other ${Math.max(0, total - r.records - r.unreadable.length)} of the ${total} stored were not read`;
  return [`  reading the records stopped early (${r.walkError}): ${r.records} records read back whole before it stopped; ${rest}, so whether they are whole is unknown.`];
}

/** What `--salvage` would recover: after an early stop, it may get further (it reads no other column). */
function salvageWhat(r: CheckReport, stored: RecordCounts | undefined): string {
  if (!r.walkError) return 'the kept raw XML of every readable record';
  const live = stored ? `all ${stored.live} live records'` : "every live record's";
  return `tries ${live} kept raw XML: it reads only that column, so it can get past damage that stopped this read`;
}

/** True when nothing is damaged (list forms out of step with their records may be). */
function isUndamaged(r: CheckReport): boolean {
  return r.integrity.length === 0 && r.foreignKeys.length === 0 && r.unreadable.length === 0 && r.walkError === null;
}

/** The line for records whose kept list form differs from the record (not damage: written again from the records). */
function staleLine(pmids: readonly string[]): string {
  const some = pmids.slice(0, 10).join(', ') + (pmids.length > 10 ? ', …' : '');
  const what = pmids.length === 1 ? "1 record's list form (what search pages show) differs from the record" : `${pmids.length} records' list forms (what search pages show) differ from the records`;
  return `${what} (${some}); kratomlit check --repair writes them again`;
}
