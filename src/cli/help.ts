import type { Command, Option } from 'commander';
import { UsageError } from '../errors.js';

/**
 * Examples shown after each command's `--help` (commander `addHelpText('after')`), kept in one place so the
 * README's commands table and the help texts are checked against the same list (test/cli/help.test.ts).
 * Keys are command names; `kratomlit` is the program itself.
 */
export const HELP_EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  kratomlit: [
    'kratomlit demo                      # the whole pipeline offline',
    'kratomlit ingest                    # nightly: bring the library up to date',
    'kratomlit search "7-OH withdrawal" --json | jq .[].pmid',
    'kratomlit status --json',
  ],
  import: [
    'kratomlit import pubmed-export.xml',
    'kratomlit import --topic mitragynine baseline/pubmed25n0001.xml.gz --json',
    'kratomlit import - < pubmed-export.xml   # - is standard input: cat saved.xml | kratomlit import -',
  ],
  show: ['kratomlit show 41900001', 'kratomlit show 41900001 --json | jq .mesh', 'kratomlit show 41900001 41900010,41900052'],
  search: [
    'kratomlit search \'"mu opioid" agonist -review\' --since 2020',
    'kratomlit search withdrawal --topic 7-hydroxymitragynine --sort date --json',
  ],
  index: ['kratomlit index', 'kratomlit index --rebuild'],
  export: [
    'kratomlit export --format ris "withdrawal" > kratom-withdrawal.ris',
    'kratomlit export --format bibtex --topic 7-hydroxymitragynine --since 2024-01-01 > 7oh.bib',
    'kratomlit export --format csv --all > library.csv',
    'kratomlit export --format pubmed-xml --topic mitragynine --design rct > rcts.xml   # kratomlit import reads it back',
    'kratomlit export --format pubmed-xml --pmids screened.txt > screened.xml   # PMIDs one per line or apart by commas; - reads standard input',
  ],
  config: ['kratomlit config --print', 'kratomlit config --schema > kratomlit.schema.json'],
  status: ['kratomlit status', 'kratomlit status --json --runs 10'],
  check: ['kratomlit check', 'kratomlit check --json'],
  evidence: ['kratomlit evidence --since 2020 --topic mitragynine', 'kratomlit evidence --retracted false', 'kratomlit evidence --reclassify --json'],
  ingest: ['kratomlit ingest', 'kratomlit ingest --since 2026-11-01 --topic mitragynine --json'],
  digest: ['kratomlit digest', 'kratomlit digest --week 2026-W47 --out site/digests --json'],
  mcp: ['kratomlit mcp   # an MCP client starts it and talks on stdin/stdout (docs/mcp.md)'],
  schedule: ['kratomlit schedule --print', 'kratomlit schedule   # runs until SIGINT/SIGTERM', 'kratomlit schedule --serve --port 8470'],
  serve: ['kratomlit serve     # http://127.0.0.1:8470/', 'kratomlit serve --port 0 --base-path /library --allow-host lit.example.org', 'kratomlit serve --port 0 --digests demo-output/digests'],
  demo: ['kratomlit demo', 'kratomlit demo --dir my-demo', 'kratomlit demo --eutils --port 0   # only the loopback E-utilities server', 'kratomlit demo --eutils --port 0 --withhold 41900006 --faults 429,500'],
};

const EXIT_CODES_HELP = `
Exit codes: 0 ok, 1 failure, 2 usage or configuration error, 3 partial or deferred, 4 database locked.
Environment: KRATOMLIT_DB, KRATOMLIT_CONFIG, EUTILS_BASE_URL, NCBI_API_KEY (never printed), NCBI_EMAIL,
NCBI_TOOL, NO_COLOR.`;

/** The "Examples:" block for a command (empty when none are listed). */
export function examplesText(name: string): string {
  const lines = HELP_EXAMPLES[name];
  if (!lines || lines.length === 0) return '';
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

/** Writes an error line the way every kratomlit error looks: `kratomlit: <command>: <message>`. */
export function formatCommanderError(cmd: Command, raw: string): string {
  // Commander puts its "(Did you mean status?)" on a second line; the error stays one line.
  const message = raw.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ');
  const path = commandPath(cmd);
  const hint = path ? `kratomlit ${path} --help` : 'kratomlit --help';
  return `kratomlit: ${path ? `${path}: ` : ''}${message} (see ${hint})\n`;
}

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Options that collect every value they are given (`import --topic a --topic b`); see {@link repeatable}. */
const REPEATABLE = new WeakSet<Option>();

/** Marks `opt` as one a command line may give more than once (its parser collects the values). */
export function repeatable(opt: Option): Option {
  REPEATABLE.add(opt);
  return opt;
}

/**
 * An option given twice is a usage error naming both values (commander keeps the last one silently:
 * `search x --limit 5 --limit 50` gave 50 results with no word), unless it collects them. An option
 * given an empty value is one too: `--since ''` searched without a date and `digest --out ''` wrote to
 * the default folder, each with exit 0 (a script's unset variable looks just like that).
 */
function refuseRepeatsAndEmpty(cmd: Command): void {
  const where = cmd.parent === null ? '' : `${cmd.name()}: `;
  for (const opt of cmd.options) {
    const collects = opt.variadic || REPEATABLE.has(opt);
    const given: unknown[] = [];
    cmd.on(`option:${opt.name()}`, (value: unknown) => {
      if ((opt.required || opt.optional) && typeof value === 'string' && value.trim() === '') {
        throw new UsageError(`${where}option ${opt.long ?? opt.flags} was given an empty value; give a value or leave the option out`);
      }
      if (collects) return;
      given.push(value);
      if (given.length < 2) return;
      const values = given.every((v) => typeof v === 'string') ? ` (${given.map((v) => JSON.stringify(v)).join(' and ')})` : '';
      throw new UsageError(`${where}option ${opt.long ?? opt.flags} was given twice${values}; give it once`);
    });
  }
}

/**
 * Gives a command (and the program) the same manners: errors thrown instead of `process.exit` (cli.ts maps
 * them to exit code 2), one-line error messages naming the command, examples after `--help`.
 */
export function applyCliManners(cmd: Command): Command {
  refuseRepeatsAndEmpty(cmd);
  cmd
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(formatCommanderError(cmd, str)) })
    .showHelpAfterError(false)
    .showSuggestionAfterError(true);
  const isProgram = cmd.parent === null;
  const examples = examplesText(isProgram ? 'kratomlit' : cmd.name());
  const after = isProgram ? `${examples}${EXIT_CODES_HELP}\n` : examples;
  if (after) cmd.addHelpText('after', after);
  return cmd;
}
