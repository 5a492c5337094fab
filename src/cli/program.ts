import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { applyCliManners } from './help.js';
import { type CommandContext, type GlobalOptions, createContext } from './context.js';
import { AppError, EXIT, errorMessage } from '../errors.js';
import { shipped } from '../paths.js';

/** Builds one command's definition; its action does the work. */
type CommandFactory = (ctx: () => CommandContext) => Command;

/**
 * Every command, in the order `--help` lists them, each loaded only when it runs: `kratomlit search` does
 * not load the web server, the MCP SDK, the HTTP client, nodemailer or node-cron.
 */
const COMMANDS: ReadonlyArray<[name: string, load: () => Promise<CommandFactory>]> = [
  ['import', async () => (await import('./import.js')).importCommand],
  ['show', async () => (await import('./show.js')).showCommand],
  ['search', async () => (await import('./search.js')).searchCommand],
  ['index', async () => (await import('./index-command.js')).indexCommand],
  ['export', async () => (await import('./export.js')).exportCommand],
  ['config', async () => (await import('./config.js')).configCommand],
  ['status', async () => (await import('./status.js')).statusCommand],
  ['mcp', async () => (await import('./mcp.js')).mcpCommand],
  ['evidence', async () => (await import('./evidence.js')).evidenceCommand],
  ['serve', async () => (await import('./serve.js')).serveCommand],
  ['check', async () => (await import('./check.js')).checkCommand],
  ['ingest', async () => (await import('./ingest.js')).ingestCommand],
  ['digest', async () => (await import('./digest.js')).digestCommand],
  ['schedule', async () => (await import('./schedule.js')).scheduleCommand],
  ['demo', async () => (await import('./demo.js')).demoCommand],
];

/** Global options that take a value (so the word after them is not the command). */
const VALUED_GLOBALS = new Set(['--db', '--config']);

/** The command `argv` names, or null (help, version, an unknown word: then every command is loaded). */
export function commandOf(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (VALUED_GLOBALS.has(a)) i++;
    else if (!a.startsWith('-')) return COMMANDS.some(([name]) => name === a) ? a : null;
  }
  return null;
}

/**
 * The word after `help` when it names no command (`kratomlit help nope`), else null. Commander answers such
 * a line with the whole help on stderr and a failing exit, never saying the word was not a command.
 */
export function unknownHelpTopic(argv: readonly string[]): string | null {
  const words = argv.filter((a, i) => !a.startsWith('-') && !VALUED_GLOBALS.has(argv[i - 1] ?? ''));
  if (words[0] !== 'help' || words[1] === undefined) return null;
  return COMMANDS.some(([name]) => name === words[1]) || words[1] === 'help' ? null : words[1];
}

/**
 * Builds the `kratomlit` program with the command `argv` names (every command when it names none, for
 * help and suggestions). Argument parsing only: each command wires config -> library -> output.
 */
export async function buildProgram(argv: readonly string[] = [], onContext?: (ctx: CommandContext) => void): Promise<Command> {
  const program = new Command('kratomlit')
    .description('A local, always-current, searchable library of the PubMed literature on mitragynine and 7-hydroxymitragynine.')
    .version(packageVersion())
    .addOption(new Option('--db <path>', 'SQLite database (default: db/kratomlit.sqlite); ingest and import create it with its folder, reads never do').env('KRATOMLIT_DB'))
    .addOption(new Option('--config <path>', 'configuration file (default: kratomlit.config.json when present)').env('KRATOMLIT_CONFIG'))
    .addOption(new Option('-q, --quiet', 'only warnings and errors on stderr; no progress bars').conflicts('verbose'))
    .option('-v, --verbose', 'debug logging on stderr; stack traces on errors');
  let context: CommandContext | null = null;
  const ctx = (): CommandContext => {
    if (!context) {
      context = createContext(program.opts<GlobalOptions>());
      onContext?.(context);
    }
    return context;
  };
  const named = commandOf(argv);
  // `--version` alone needs no command; help and an unknown word need them all (listing, suggestions).
  const versionOnly = named === null && argv.some((a) => a === '--version' || a === '-V');
  const wanted = versionOnly ? [] : COMMANDS.filter(([name]) => named === null || name === named);
  const factories = await Promise.all(wanted.map(([, load]) => load()));
  applyCliManners(program);
  for (const factory of factories) {
    const c = factory(ctx);
    program.addCommand(c);
    applyCliManners(c);
  }
  return program;
}

/**
 * Runs the CLI and returns the exit code (docs/cli.md "Exit codes"): 0 ok, 1 failure, 2 usage or configuration
 * error, 3 partial or deferred, 4 locked by another process. Errors are one line on stderr,
 * `kratomlit: <what>: <which>`; `--verbose` adds the stack and the chain of causes.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const topic = unknownHelpTopic(argv);
  if (topic !== null) {
    process.stderr.write(`kratomlit: help: unknown command '${topic}' (commands: ${COMMANDS.map(([name]) => name).join(', ')})\n`);
    return EXIT.USAGE;
  }
  let dbPath: string | null = null;
  let command: string | null = null;
  const program = await buildProgram(argv, (c) => {
    dbPath = c.config.db;
  });
  program.hook('preAction', (_p, action) => {
    command = action.name();
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (err) {
    if (err instanceof CommanderError) return commanderExitCode(err);
    const verbose = program.opts<GlobalOptions>().verbose === true;
    // Before the command's action (a global option refused while parsing), the command the line names.
    process.stderr.write(`${errorLine(command ?? commandOf(argv), oneLine(sqliteContext(err, dbPath) + errorMessage(err)))}\n`);
    if (verbose) process.stderr.write(errorDetails(err));
    return err instanceof AppError ? err.exitCode : EXIT.FAILURE;
  }
}

/**
 * Module prefixes that inner layers put on their messages ("store:", "query:", "search:" from inside export,
 * "serve:" from the serving options `schedule --serve` shares); the user ran a command, so the line names
 * the command instead: one form everywhere.
 */
const MODULE_PREFIX = /^(store|query|search|digest|export|show|ingest|import|status|index|schedule|serve|demo|week|check): /;

/** The one error line: `kratomlit: <command>: <what and which>`. */
export function errorLine(command: string | null, message: string): string {
  if (command === null) return `kratomlit: ${message}`;
  const own = `${command}: `;
  return `kratomlit: ${own}${message.startsWith(own) ? message.slice(own.length) : message.replace(MODULE_PREFIX, '')}`;
}

/** SQLite's codes for a file that is not (or no longer) a readable database. */
const DAMAGED = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

/** SQLite errors ("database or disk is full") do not say which file: name the database. */
function sqliteContext(err: unknown, dbPath: string | null): string {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_') || !dbPath) return '';
  return DAMAGED.has(code) ? `database ${dbPath} is damaged (run kratomlit check): ` : `database ${dbPath}: `;
}

/**
 * `--help` and `--version` succeed; every parse error (unknown command or option, missing argument, bad
 * value) is a usage error, 2. A bare `kratomlit` prints help on stderr and is a usage error too.
 */
function commanderExitCode(err: CommanderError): number {
  if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.OK;
  if (err.code === 'commander.help') return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  return EXIT.USAGE;
}

/** Error messages may quote multi-line input (XML, JSON); the CLI's error line stays one line. */
function oneLine(message: string): string {
  return message.replace(/\s*\r?\n\s*/g, ' ').trim();
}

function errorDetails(err: unknown): string {
  const out: string[] = [];
  let cur: unknown = err;
  for (let depth = 0; cur !== undefined && cur !== null && depth < 5; depth++) {
    if (depth > 0) out.push(`caused by: ${errorMessage(cur)}`);
    if (cur instanceof Error && cur.stack) out.push(cur.stack);
    cur = cur instanceof Error ? cur.cause : undefined;
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(shipped('package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
