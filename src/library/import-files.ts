import type { EvidenceOverrides } from '../evidence/overrides.js';
import type Database from 'better-sqlite3';
import { crashPoint } from '../crash.js';
import { errorMessage } from '../errors.js';
import { createParser, preparedRows, type BatchParser, type ParseJob } from '../import-parse-worker.js';
import { countPubmedRecords } from '../pubmed/read-file.js';
import { beginWriteBatch } from '../store/open.js';
import { applyDeletions, upsertPrepared } from '../store/upsert.js';
import type { Deletion, RecordProblem, UpsertResult } from '../types.js';
import type { ImportFileError, ImportReport, ImportSummary } from './types.js';

export type { ImportFileError, ImportSummary } from './types.js';

export interface ImportResult {
  summary: ImportSummary;
  problems: Array<RecordProblem & { file: string }>;
  fileErrors: ImportFileError[];
  /** PMIDs whose stored copy changed (new, updated, deleted): what the search index must refresh. */
  changedPmids: string[];
}

export interface ImportOptions {
  now: () => Date;
  /** Records per transaction. Default 2,000 (docs/pitfalls.md: bigger transactions keep secondary-index upkeep cheap). */
  batchSize?: number;
  onFileStart?: (file: string, records: number) => void;
  onProgress?: (done: number) => void;
  topics?: readonly string[];
  /** Curator evidence overrides applied as records are classified on storing. */
  evidenceOverrides?: EvidenceOverrides;
  signal?: AbortSignal;
  /**
   * Parse in a worker thread (default true). False, or running from the TypeScript source (no `.js`
   * worker file to load), parses on the calling thread: same results, one core.
   */
  parseInWorker?: boolean;
  /** What the report calls each of `files`, in order (default: its path); see `ImportRunOptions.names`. */
  names?: readonly string[];
}

/**
 * Imports PubMed XML files (efetch output, web "Send to file" exports, NLM baseline/update files; plain or
 * gzip). Each file is first read to its end without writing, so a file that is not PubMed XML, is empty,
 * truncated or a broken gzip is reported (one line naming the file) and changes nothing; then its records
 * are stored in batches, one transaction each. Malformed records are rejected with PMID and reason while
 * the rest of the file imports.
 *
 * Two threads (issue #2): one worker per import reads, parses and prepares batches while this thread runs
 * the validating pass and then only writes SQLite. The worker starts on a file at once and stays at most
 * two batches ahead of the writer, so its first batches overlap the validating pass and memory stays flat.
 */
export async function importFiles(db: Database.Database, files: readonly string[], opts: ImportOptions): Promise<ImportResult> {
  const result: ImportResult = { summary: emptySummary(), problems: [], fileErrors: [], changedPmids: [] };
  const parser = createParser(opts.parseInWorker ?? true);
  try {
    for (const [n, path] of files.entries()) {
      if (opts.signal?.aborted) break;
      const file = { path, name: opts.names?.[n] ?? path };
      try {
        // A file the signal caught before anything of it was stored is not counted: it was not imported.
        if (await importFile(db, parser, file, opts, result)) result.summary.files += 1;
      } catch (err) {
        result.summary.files += 1;
        result.summary.filesFailed += 1;
        result.fileErrors.push(fileError(file, err));
      }
    }
  } finally {
    await parser.close();
  }
  return result;
}

/**
 * The failed report of an import that would read nothing, or null as soon as one file reads whole. For a
 * library that does not exist yet: such an import must not create it (an empty library with one `failed`
 * row would turn every later read's "no library" into an empty answer). Each file gets the import's own
 * validating pass, so the errors are the ones the import would report; it stops at the first readable file
 * (that file is read twice, once here and once by the import: a byte scan, only on a library's first import).
 * `names` call the files as `ImportRunOptions.names` does.
 */
export async function unreadableImport(files: readonly string[], names?: readonly string[]): Promise<ImportReport | null> {
  const fileErrors: ImportFileError[] = [];
  for (const [n, path] of files.entries()) {
    const file = { path, name: names?.[n] ?? path };
    try {
      await countPubmedRecords(path);
      return null;
    } catch (err) {
      fileErrors.push(fileError(file, err));
    }
  }
  const summary = { ...emptySummary(), files: files.length, filesFailed: files.length };
  return { ...summary, status: 'failed', problems: [], fileErrors };
}

/** One file of an import: the path read, and what the report calls it (the path unless the caller named it). */
interface ImportedFile {
  path: string;
  name: string;
}

/** A file the import could not read, as the report lists it, under its name. */
function fileError(file: ImportedFile, err: unknown): ImportFileError {
  const code = (err as { code?: string }).code ?? 'IMPORT_FAILED';
  return { file: file.name, code, message: fileErrorMessage(file, code, err) };
}

/**
 * One line a user can read, the file first: Node's own file errors ("EACCES: permission denied, open
 * 'f.xml'") in the form of the others, without the inner module's prefix (`pubmed/split: `, `store: `), and with quoted
 * input that spans lines folded into one (the line goes to the run ledger, `status` and `--json` as it is).
 * The reader names the path it read; the line names the file as the caller does (a copy of standard input
 * is `standard input`, never its temporary path).
 */
function fileErrorMessage(file: ImportedFile, code: string, err: unknown): string {
  const raw = errorMessage(err).replace(/^[a-z/-]+: /, '').replace(/\s*\r?\n\s*/g, ' ').trim();
  const message = file.name === file.path ? raw : raw.split(file.path).join(file.name);
  return /^E[A-Z]+$/.test(code) && message.startsWith(`${code}: `) ? `${file.name} cannot be read (${message.split(',')[0]})` : message;
}

/**
 * Validates then stores one file; any error ends the file's parse job (nothing of it was stored before).
 * False when an abort came before the first batch.
 */
async function importFile(db: Database.Database, parser: BatchParser, file: ImportedFile, opts: ImportOptions, result: ImportResult): Promise<boolean> {
  const job = parser.open(file.path, opts.batchSize ?? 2_000);
  try {
    const total = await countPubmedRecords(file.path);
    if (opts.signal?.aborted) return false;
    opts.onFileStart?.(file.name, total);
    await storeFile(db, job, file.name, opts, result);
    return true;
  } finally {
    await job.close();
  }
}

async function storeFile(db: Database.Database, job: ParseJob, file: string, opts: ImportOptions, result: ImportResult): Promise<void> {
  let done = 0;
  for (;;) {
    if (opts.signal?.aborted) return;
    const items = await storeBatch(db, job, file, opts, result);
    if (items === 0) return;
    crashPoint('import:after-commit');
    done += items;
    opts.onProgress?.(done);
    // Queued slices resolve as microtasks; one macrotask turn per batch lets timers (progress redraw),
    // signals and the worker's messages through, as the stream reads of the single-thread import did.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * Stores the next store batch in ONE transaction, each slice as soon as the worker posts it (so the writer
 * works while the worker prepares the rest of the batch, instead of waiting for all of it), deletions
 * last; counts it into `result` once committed. Returns the batch's split items, 0 after the file's last.
 */
async function storeBatch(db: Database.Database, job: ParseJob, file: string, opts: ImportOptions, result: ImportResult): Promise<number> {
  let slice = await job.next();
  if (slice === null) return 0;
  const now = opts.now();
  const upsertOpts = { source: 'import', now, topics: opts.topics ?? [], evidenceOverrides: opts.evidenceOverrides } as const;
  // Child rows are written right after their article row, in the same transaction: no parent to check.
  const tx = beginWriteBatch(db, { foreignKeys: false });
  const outcomes: UpsertResult[] = [];
  const deletions: Deletion[] = [];
  const problems: RecordProblem[] = [];
  let items = 0;
  try {
    while (slice !== null) {
      outcomes.push(...upsertPrepared(db, preparedRows(slice), upsertOpts));
      deletions.push(...slice.deletions);
      problems.push(...slice.problems);
      items += slice.items;
      slice = slice.endsBatch ? null : await job.next();
    }
    outcomes.push(...applyDeletions(db, deletions, { source: 'import', now }));
    tx.commit();
  } catch (err) {
    tx.rollback();
    throw err;
  }
  tally(result, outcomes);
  result.summary.records += outcomes.length + problems.length;
  result.summary.rejected += problems.length;
  for (const p of problems) result.problems.push({ ...p, file });
  return items;
}

/** The summary count each outcome adds to: a withdrawn record that came back counts as new. */
const COUNTED_AS: Record<UpsertResult['outcome'], 'new' | 'updated' | 'unchanged' | 'older' | 'deleted' | 'tombstoned'> = {
  new: 'new', undeleted: 'new', updated: 'updated', unchanged: 'unchanged', older: 'older', deleted: 'deleted', tombstoned: 'tombstoned',
};

function tally(result: ImportResult, outcomes: readonly UpsertResult[]): void {
  for (const r of outcomes) {
    result.summary[COUNTED_AS[r.outcome]] += 1;
    if (r.topicsAdded) result.summary.gainedTopic = (result.summary.gainedTopic ?? 0) + 1;
    if (r.outcome === 'new' || r.outcome === 'updated' || r.outcome === 'deleted' || r.outcome === 'undeleted') {
      result.changedPmids.push(r.pmid);
    }
  }
}

function emptySummary(): ImportSummary {
  return { files: 0, filesFailed: 0, records: 0, new: 0, updated: 0, unchanged: 0, older: 0, deleted: 0, tombstoned: 0, rejected: 0 };
}

/** "2 files, 1412 records: 1400 new, 0 updated, 12 unchanged, 0 older, 1 deleted, 0 rejected" */
export function formatImportSummary(s: ImportSummary): string {
  const failed = s.filesFailed > 0 ? ` (${s.filesFailed} failed)` : '';
  return (
    `imported ${s.files} file${s.files === 1 ? '' : 's'}${failed}, ${s.records} record${s.records === 1 ? '' : 's'}: ${s.new} new, ` +
    `${s.updated} updated, ${s.unchanged} unchanged, ${s.older} older, ${s.deleted} deleted, ${s.rejected} rejected` +
    (s.tombstoned > 0 ? `, ${s.tombstoned} withdrawn-not-restored` : '') +
    (s.gainedTopic ? `; ${s.gainedTopic} of them already stored, now also under the topics given` : '')
  );
}
