import { Command, Option } from 'commander';
import { EXIT } from '../errors.js';
import { IMPORT_INTERRUPTED } from '../library/import.js';
import { type ImportFileError, formatImportSummary } from '../library/import-files.js';
import { checkTopic } from '../library/select.js';
import { abortOnSignals } from '../signals.js';
import type { CommandContext } from './context.js';
import { type ImportInputs, importInputs } from './import-input.js';
import { type Progress, createProgress } from './progress.js';
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
      const progress = createProgress(c, 'import', { unit: 'records' });
      // Ctrl-C / SIGTERM, from before a piped input is copied to the end: a copy stops at once (its folder is
      // removed); an import stops after the batch being written (every batch is one transaction). A second
      // signal exits at once, which is just as safe (the copy's folder goes with the process's exit hook).
      // Re-running the same import finishes the job (it is idempotent).
      let stopping = 'import: stopping the copy of the input; nothing is stored';
      const stop = abortOnSignals((sig) => {
        progress.stop();
        c.logger.warn({ signal: sig }, stopping);
      });
      try {
        const inputs = await importInputs(files, { signal: stop.signal });
        stopping = 'import: stopping after the current batch';
        try {
          process.exitCode = await runImport(c, inputs, opts, { signal: stop.signal, progress });
        } finally {
          await inputs.cleanup();
        }
      } finally {
        progress.stop();
        stop.dispose();
      }
    });
}

async function runImport(ctx: CommandContext, inputs: ImportInputs, opts: { topic?: string[]; json?: boolean }, run: { signal: AbortSignal; progress: Progress }): Promise<number> {
  const lib = await ctx.library({ open: 'lazy' });
  const { progress } = run;
  try {
    const r = await lib.import(inputs.paths, {
      signal: run.signal,
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
