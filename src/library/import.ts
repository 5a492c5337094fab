/**
 * The import pipeline as a run: the writer lock and the ledger row around {@link importFiles}, the status
 * rules (which outcome is ok, partial, failed or interrupted) and the index refresh afterwards.
 */
import type Database from 'better-sqlite3';
import type { EvidenceOverrides } from '../evidence/overrides.js';
import type { Logger } from '../log.js';
import { importFiles } from './import-files.js';
import { withRun } from './run.js';
import type { ImportReport, ImportRunOptions } from './types.js';

/** What an import run needs; the library builds it from its configuration. */
export interface ImportDeps {
  db: Database.Database;
  clock: () => Date;
  evidenceOverrides?: EvidenceOverrides;
  /** Brings the search index up to date after a run that stored something. */
  refreshIndex?: () => Promise<void>;
  /** Parse in a worker thread (default true). */
  parseInWorker?: boolean;
  /** Told of one-time store upkeep before the import (see run.ts). */
  logger?: Logger;
}

/** The ledger's message for an import the signal stopped. */
export const IMPORT_INTERRUPTED = 'import: interrupted; what was stored is whole batches, run the same command again to finish';

/**
 * Imports `files` (see {@link importFiles}) as one run. Status: interrupted when the signal fired, failed
 * when no file was readable, partial when some were not, else ok (rejected records alone do not make a
 * run partial: the rest of the file imported; they are counted and listed). An interrupted run leaves
 * the index for the next open to bring up to date (it knows the store moved on).
 */
export async function runImport(deps: ImportDeps, files: readonly string[], opts: ImportRunOptions = {}): Promise<ImportReport> {
  let current = { file: '', total: 0 };
  return withRun(deps.db, deps.clock, {
    lock: `import ${files.length} file(s)`,
    kind: 'import',
    ...(deps.logger ? { logger: deps.logger } : {}),
    // The ledger names the files as the caller does: a copy of standard input is `standard input`, not a temp path.
    begin: () => ({ files: opts.names ?? files }),
    work: async () => {
      const result = await importFiles(deps.db, files, {
        now: deps.clock,
        topics: opts.topics ?? [],
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(deps.evidenceOverrides ? { evidenceOverrides: deps.evidenceOverrides } : {}),
        ...(deps.parseInWorker !== undefined ? { parseInWorker: deps.parseInWorker } : {}),
        ...(opts.names ? { names: opts.names } : {}),
        onFileStart: (file, total) => {
          current = { file, total };
          opts.onProgress?.({ file, done: 0, total });
        },
        onProgress: (done) => opts.onProgress?.({ ...current, done }),
      });
      const s = result.summary;
      const interrupted = opts.signal?.aborted === true;
      const readNothing = !interrupted && s.filesFailed === s.files;
      const status = interrupted ? 'interrupted' : readNothing ? 'failed' : s.filesFailed > 0 ? 'partial' : 'ok';
      return { ...s, status, problems: result.problems, fileErrors: result.fileErrors } satisfies ImportReport;
    },
    end: (r) => ({
      status: r.status,
      details: summaryOf(r),
      error: r.status === 'interrupted' ? IMPORT_INTERRUPTED : (r.fileErrors[0]?.message ?? null),
    }),
    refresh: async (r) => {
      if (r.status === 'ok' || r.status === 'partial') await deps.refreshIndex?.();
    },
  });
}

/** The summary figures alone (the ledger row keeps no problem lists). */
function summaryOf(r: ImportReport): Record<string, unknown> {
  const { status: _status, problems: _problems, fileErrors: _errors, ...summary } = r;
  return summary;
}
