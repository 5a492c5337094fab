import { loadEvidenceOverrides } from '../evidence/override-file.js';
import { Command } from 'commander';
import { EXIT } from '../errors.js';
import { type ImportFileError, formatImportSummary, importFiles } from '../import.js';
import { finishRun, startRun } from '../store/runs.js';
import type { CommandContext } from './context.js';
import { createProgress } from './progress.js';
import { checkTopic } from './selection.js';
import { refreshSearchIndex } from './refresh-index.js';
import { closeStore } from '../store/open.js';
import { abortOnSignals } from '../signals.js';

/** `kratomlit import FILE...`: see README "Commands". */
export function importCommand(ctx: () => CommandContext): Command {
  return new Command('import')
    .description('import PubMed XML files (efetch, web export, NLM baseline/update; plain or .gz)')
    .argument('<files...>', 'files to import')
    // Repeatable, not variadic: a variadic --topic would swallow the file names that follow it.
    .option('--topic <name>', 'attach this configured topic to every imported record (repeat for more)', (v: string, acc: string[] = []) => [...acc, v])
    .option('--json', 'print the summary, rejected records and file errors as JSON on stdout (else one summary line on stderr)')
    .action(async (files: string[], opts: { topic?: string[]; json?: boolean }) => {
      const c = ctx();
      for (const t of opts.topic ?? []) checkTopic(c.config, t);
      process.exitCode = await runImport(c, files, opts);
    });
}

async function runImport(ctx: CommandContext, files: string[], opts: { topic?: string[]; json?: boolean }): Promise<number> {
  const { db, lock } = ctx.openDbForWriting(`import ${files.length} file(s)`);
  const runId = startRun(db, 'import', ctx.now(), { files });
  const progress = createProgress(ctx, 'import', { unit: 'records' });
  // Ctrl-C / SIGTERM: stop after the batch being written (every batch is one transaction); a second signal
  // exits at once, which is just as safe. Re-running the same import finishes the job (it is idempotent).
  const { signal, dispose } = abortOnSignals((sig) => {
    progress.stop();
    ctx.logger.warn({ signal: sig }, 'import: stopping after the current batch');
  });
  try {
    const result = await importFiles(db, files, {
      now: ctx.now,
      signal,
      topics: opts.topic ?? [],
      evidenceOverrides: loadEvidenceOverrides(ctx.config.evidence.overrides),
      onFileStart: (file, total) => progress.start(file, total),
      onProgress: (done) => progress.update(done),
    });
    progress.stop();
    for (const e of result.fileErrors) process.stderr.write(fileErrorLine(e, ctx.config.db));
    for (const p of result.problems.slice(0, 50)) ctx.logger.warn({ file: p.file, pmid: p.pmid, field: p.field }, `rejected record: ${p.reason}`);
    if (result.problems.length > 50) ctx.logger.warn({ more: result.problems.length - 50 }, 'more rejected records not shown');
    const s = result.summary;
    const interrupted = signal.aborted;
    const readNothing = !interrupted && s.filesFailed === s.files;
    const status = interrupted ? 'interrupted' : readNothing ? 'failed' : s.filesFailed > 0 ? 'partial' : 'ok';
    const error = interrupted ? INTERRUPTED : result.fileErrors[0]?.message ?? null;
    finishRun(db, runId, { status, now: ctx.now(), details: { ...s }, error });
    // Interrupted: the index is left for the next open to bring up to date (it knows the store moved on).
    if (!readNothing && !interrupted) await refreshSearchIndex(ctx, db);
    if (opts.json) ctx.out(JSON.stringify({ ...s, status, problems: result.problems, fileErrors: result.fileErrors }, null, 2));
    // Nothing read: the error lines said it all, a summary of zeros would only repeat them.
    else if (!readNothing) ctx.say(formatImportSummary(s));
    if (interrupted) ctx.logger.warn({}, INTERRUPTED);
    return interrupted ? EXIT.PARTIAL : importExitCode(readNothing, s.filesFailed > 0);
  } catch (err) {
    progress.stop();
    finishRun(db, runId, { status: 'failed', now: ctx.now(), details: {}, error: String(err) });
    throw err;
  } finally {
    dispose();
    lock.release();
    closeStore(db);
  }
}

/**
 * A file that could not be imported, as one error line naming it (docs/cli.md "Errors"): the user ran
 * `import`, not the inner module that prefixed the message; quoted input may span lines; SQLite's own
 * messages ("database or disk is full") name neither the file nor the database, so the line does.
 */
function fileErrorLine(e: ImportFileError, db: string): string {
  const message = e.message.replace(/^[a-z/-]+: /, '').replace(/\s*\r?\n\s*/g, ' ').trim();
  const what = e.code.startsWith('SQLITE_') ? `database ${db}: ${message}` : message;
  return `kratomlit: import: ${what.includes(e.file) ? what : `${e.file}: ${what}`}\n`;
}

const INTERRUPTED = 'import: interrupted; what was stored is whole batches, run the same command again to finish';

/**
 * Nothing readable -> 1; some files unreadable -> 3 (README "Exit codes"); else 0. Rejected records alone
 * still exit 0 (issue #2: the file was read and the rest imported); they are counted and listed.
 */
function importExitCode(readNothing: boolean, partial: boolean): number {
  if (readNothing) return EXIT.FAILURE;
  return partial ? EXIT.PARTIAL : EXIT.OK;
}
