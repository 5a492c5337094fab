import type Database from 'better-sqlite3';
import { crashPoint } from './crash.js';
import { errorMessage } from './errors.js';
import { parseItems } from './pubmed/normalize.js';
import { readPubmedFile } from './pubmed/read-file.js';
import { applyDeletions, upsertParsed } from './store/articles.js';
import type { RecordProblem, UpsertResult } from './types.js';

/** Figures of one import (all files), printed as the summary line and stored in the run ledger. */
export interface ImportSummary {
  files: number;
  filesFailed: number;
  records: number;
  new: number;
  updated: number;
  unchanged: number;
  older: number;
  deleted: number;
  /** Copies of PMIDs withdrawn by a DeleteCitation, not brought back. */
  tombstoned: number;
  rejected: number;
}

export interface ImportFileError {
  file: string;
  code: string;
  message: string;
}

export interface ImportResult {
  summary: ImportSummary;
  problems: Array<RecordProblem & { file: string }>;
  fileErrors: ImportFileError[];
  /** PMIDs whose stored copy changed (new, updated, deleted): what the search index must refresh. */
  changedPmids: string[];
}

export interface ImportOptions {
  now: () => Date;
  /** Records per transaction. Default 2,000 (PITFALLS: bigger transactions keep secondary-index upkeep cheap). */
  batchSize?: number;
  onFileStart?: (file: string, records: number) => void;
  onProgress?: (done: number) => void;
  topics?: readonly string[];
  signal?: AbortSignal;
}

/**
 * Imports PubMed XML files (efetch output, web "Send to file" exports, NLM baseline/update files; plain or
 * gzip). Each file is first read to its end without writing, so a file that is not PubMed XML, is empty,
 * truncated or a broken gzip is reported (one line naming the file) and changes nothing; then its records
 * are stored in batches, one transaction each. Malformed records are rejected with PMID and reason while
 * the rest of the file imports.
 */
export async function importFiles(db: Database.Database, files: readonly string[], opts: ImportOptions): Promise<ImportResult> {
  const result: ImportResult = { summary: emptySummary(), problems: [], fileErrors: [], changedPmids: [] };
  for (const file of files) {
    if (opts.signal?.aborted) break;
    result.summary.files += 1;
    try {
      const total = await countRecords(file);
      opts.onFileStart?.(file, total);
      await storeFile(db, file, opts, result);
    } catch (err) {
      result.summary.filesFailed += 1;
      const code = (err as { code?: string }).code ?? 'IMPORT_FAILED';
      result.fileErrors.push({ file, code, message: errorMessage(err) });
    }
  }
  return result;
}

/** The validating first pass: reads and splits the whole file, storing nothing. */
async function countRecords(file: string): Promise<number> {
  let n = 0;
  for await (const batch of readPubmedFile(file)) n += batch.length;
  return n;
}

async function storeFile(db: Database.Database, file: string, opts: ImportOptions, result: ImportResult): Promise<void> {
  let done = 0;
  for await (const items of readPubmedFile(file, { batchSize: opts.batchSize ?? 2_000 })) {
    if (opts.signal?.aborted) return;
    const parsed = parseItems(items);
    const now = opts.now();
    const upserts = upsertParsed(db, parsed.articles, { source: 'import', now, topics: opts.topics ?? [] });
    const deletions = applyDeletions(db, parsed.deletions, { source: 'import', now });
    crashPoint('import:after-commit');
    tally(result, [...upserts, ...deletions]);
    result.summary.records += parsed.articles.length + parsed.deletions.length + parsed.problems.length;
    result.summary.rejected += parsed.problems.length;
    for (const p of parsed.problems) result.problems.push({ ...p, file });
    done += items.length;
    opts.onProgress?.(done);
  }
}

function tally(result: ImportResult, outcomes: readonly UpsertResult[]): void {
  const s = result.summary;
  for (const r of outcomes) {
    switch (r.outcome) {
      case 'new':
      case 'undeleted':
        s.new += 1;
        break;
      case 'updated':
        s.updated += 1;
        break;
      case 'unchanged':
        s.unchanged += 1;
        break;
      case 'older':
        s.older += 1;
        break;
      case 'deleted':
        s.deleted += 1;
        break;
      case 'tombstoned':
        s.tombstoned += 1;
        break;
    }
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
    `imported ${s.files} file${s.files === 1 ? '' : 's'}${failed}, ${s.records} records: ${s.new} new, ` +
    `${s.updated} updated, ${s.unchanged} unchanged, ${s.older} older, ${s.deleted} deleted, ${s.rejected} rejected` +
    (s.tombstoned > 0 ? `, ${s.tombstoned} withdrawn-not-restored` : '')
  );
}
