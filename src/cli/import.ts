import { Command, Option } from 'commander';
import { EXIT } from '../errors.js';
import { IMPORT_INTERRUPTED } from '../library/import.js';
import { type ImportFileError, formatImportSummary } from '../library/import-files.js';
import { checkTopic } from '../library/select.js';
import { abortOnSignals } from '../signals.js';
import type { CommandContext } from './context.js';
import { type ImportInputs, importInputs } from './import-input.js';
import { createProgress } from './progress.js';
import { repeatable } from './help.js';

/** `kratomlit import FILE...`: see docs/cli.md. */
export function importCommand(ctx: () => CommandContext): Command {
  return new Command('import')
    .description('import PubMed XML files (efetch, web export, NLM baseline/update; plain or .gz)')
    .argument('<files...>', 'files to import; - reads standard input (a pipe), as does a named pipe')
    // Repeatable, not variadic: a variadic --topic would swallow the file names that follow it.
    .addOption(repeatable(new Option('--topic <name>', 'attach this configured topic to every imported record (repeat for more)').argParser((v: string, acc: string[] = []) => [...acc, v])))
    .option('--json', 'print the summary, rejected records and file errors as JSON on stdout (else one summary line on stderr)')
    .action(async (files: string[], opts: { topic?: string[]; json?: boolean }) => {
      const c = ctx();
      for (const t of opts.topic ?? []) checkTopic(c.config, t);
      const inputs = await importInputs(files);
      try {
        process.exitCode = await runImport(c, inputs, opts);
      } finally {
        await inputs.cleanup();
      }
    });
}

async function runImport(ctx: CommandContext, inputs: ImportInputs, opts: { topic?: string[]; json?: boolean }): Promise<number> {
  const lib = await ctx.library({ open: 'lazy' });
  const progress = createProgress(ctx, 'import', { unit: 'records' });
  // Ctrl-C / SIGTERM: stop after the batch being written (every batch is one transaction); a second signal
  // exits at once, which is just as safe. Re-running the same import finishes the job (it is idempotent).
  const { signal, dispose } = abortOnSignals((sig) => {
    progress.stop();
    ctx.logger.warn({ signal: sig }, 'import: stopping after the current batch');
  });
  try {
    const r = await lib.import(inputs.paths, {
      signal,
      topics: opts.topic ?? [],
      names: inputs.names,
      onProgress: (p) => (p.done === 0 ? progress.start(p.file, p.total) : progress.update(p.done)),
    });
    progress.stop();
    for (const e of r.fileErrors) process.stderr.write(fileErrorLine(e, ctx.config.db));
    for (const p of r.problems.slice(0, 50)) ctx.logger.warn({ file: p.file, pmid: p.pmid, field: p.field }, `rejected record: ${p.reason}`);
    if (r.problems.length > 50) ctx.logger.warn({ more: r.problems.length - 50 }, 'more rejected records not shown');
    if (opts.json) ctx.out(JSON.stringify(r, null, 2));
    // Nothing read: the error lines said it all, a summary of zeros would only repeat them.
    else if (r.status !== 'failed') ctx.say(formatImportSummary(r));
    if (r.status === 'interrupted') ctx.logger.warn({}, IMPORT_INTERRUPTED);
    return r.status === 'interrupted' ? EXIT.PARTIAL : importExitCode(r.status === 'failed', r.filesFailed > 0);
  } finally {
    progress.stop();
    dispose();
    lib.close();
  }
}

/**
 * A file that could not be imported, as one error line naming it (docs/cli.md "Errors"); the library made
 * the message one clean line. SQLite's own messages ("database or disk is full") name neither the file nor
 * the database, so the line does.
 */
function fileErrorLine(e: ImportFileError, db: string): string {
  const message = e.message;
  const what = e.code.startsWith('SQLITE_') ? `database ${db}: ${message}` : message;
  return `kratomlit: import: ${what.includes(e.file) ? what : `${e.file}: ${what}`}\n`;
}

/**
 * Nothing readable -> 1; some files unreadable -> 3 (docs/cli.md "Exit codes"); else 0. Rejected records alone
 * still exit 0 (issue #2: the file was read and the rest imported); they are counted and listed.
 */
function importExitCode(readNothing: boolean, partial: boolean): number {
  if (readNothing) return EXIT.FAILURE;
  return partial ? EXIT.PARTIAL : EXIT.OK;
}
