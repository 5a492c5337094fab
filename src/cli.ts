import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { configCommand } from './commands/config.js';
import { exportCommand } from './commands/export.js';
import { indexCommand, searchCommand } from './commands/search.js';
import { importCommand } from './commands/import.js';
import { type CommandContext, type GlobalOptions, createContext } from './commands/context.js';
import { showCommand } from './commands/show.js';
import { type IndexStampReader, type NextRunsProvider, statusCommand } from './commands/status.js';
import { AppError, EXIT, errorMessage } from './errors.js';
import { shipped } from './paths.js';

/** Commands contributed by the entry point (jobs/ owns ingest, digest, schedule, demo). */
export interface CliExtensions {
  commands?: Array<(ctx: () => CommandContext) => Command>;
  nextRuns?: NextRunsProvider;
  indexStamp?: IndexStampReader;
  library?: Array<(ctx: () => CommandContext) => Command>;
}

/** Builds the `kratomlit` program. Argument parsing only: each command wires config -> library -> output. */
export function buildProgram(ext: CliExtensions = {}): Command {
  const program = new Command('kratomlit')
    .description('A local, always-current, searchable library of the PubMed literature on mitragynine and 7-hydroxymitragynine.')
    .version(packageVersion())
    .addOption(new Option('--db <path>', 'SQLite database (default db/kratomlit.sqlite)').env('KRATOMLIT_DB'))
    .addOption(new Option('--config <path>', 'configuration file (default kratomlit.config.json if present)').env('KRATOMLIT_CONFIG'))
    .option('-q, --quiet', 'only warnings and errors on stderr')
    .option('-v, --verbose', 'debug logging on stderr')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  let context: CommandContext | null = null;
  const ctx = (): CommandContext => (context ??= createContext(program.opts<GlobalOptions>()));
  const commands = [
    importCommand(ctx),
    showCommand(ctx),
    searchCommand(ctx),
    indexCommand(ctx),
    exportCommand(ctx),
    configCommand(ctx),
    statusCommand(ctx, { ...(ext.nextRuns ? { nextRuns: ext.nextRuns } : {}), ...(ext.indexStamp ? { indexStamp: ext.indexStamp } : {}) }),
    ...(ext.library ?? []).map((f) => f(ctx)),
    ...(ext.commands ?? []).map((f) => f(ctx)),
  ];
  for (const c of commands) program.addCommand(c.exitOverride());
  return program;
}

/**
 * Runs the CLI and returns the exit code (README "Exit codes"): 0 ok, 1 failure, 2 usage or configuration
 * error, 3 partial or deferred, 4 locked by another process. Errors are one line on stderr naming what was
 * wrong; `--verbose` adds the stack.
 */
export async function runCli(argv: readonly string[], ext: CliExtensions = {}): Promise<number> {
  const program = buildProgram(ext);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.OK;
      return EXIT.USAGE;
    }
    const verbose = program.opts<GlobalOptions>().verbose === true;
    process.stderr.write(`kratomlit: ${errorMessage(err)}\n`);
    if (verbose && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    return err instanceof AppError ? err.exitCode : EXIT.FAILURE;
  }
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(shipped('package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
