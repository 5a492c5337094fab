import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { HELP_EXAMPLES } from '../../src/cli/help.js';
import { REPO, assertBuilt, runBinary } from './run-cli.js';

/** Command names listed under "Commands:" in `kratomlit --help` (commander's own `help` left out). */
function commandsInHelp(help: string): string[] {
  const section = help.split('\nCommands:\n')[1]?.split('\n\n')[0] ?? '';
  return section
    .split('\n')
    .map((l) => /^ {2}([a-z][\w-]*)/.exec(l)?.[1])
    .filter((n): n is string => n !== undefined && n !== 'help');
}

/** Command names of the README's "## Commands" table (rows starting with `kratomlit NAME`). */
function commandsInReadme(): string[] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const section = readme.split('\n## Commands\n')[1]?.split('\n## ')[0] ?? '';
  return section
    .split('\n')
    .map((l) => /^\| `kratomlit ([a-z][\w-]*)/.exec(l)?.[1])
    .filter((n): n is string => n !== undefined);
}

describe('kratomlit --help and COMMAND --help', () => {
  const run = (args: string[]) => runBinary(args, { cwd: REPO, env: { KRATOMLIT_DB: '/nonexistent/never-opened.sqlite' } });
  let programHelp = '';
  beforeAll(async () => {
    assertBuilt();
    const r = await run(['--help']);
    expect(r.code, r.stderr).toBe(0);
    programHelp = r.stdout;
  });

  it('lists exactly the commands of the README commands table', () => {
    expect(commandsInHelp(programHelp).sort()).toEqual(commandsInReadme().sort());
    expect(commandsInReadme().length).toBeGreaterThanOrEqual(11);
  });

  it('lists the global options, examples and the exit codes', () => {
    for (const flag of ['--db', '--config', '--quiet', '--verbose', '--version', 'KRATOMLIT_DB', 'KRATOMLIT_CONFIG']) expect(programHelp).toContain(flag);
    expect(programHelp).toContain('Examples:');
    expect(programHelp).toMatch(/Exit codes: 0 ok, 1 failure, 2 usage or configuration error, 3 partial or deferred, 4 database locked/);
  });

  it('exits 0 for every command --help, printing on stdout every option it accepts and examples', async () => {
    const program = await buildProgram();
    const commands = program.commands;
    expect(commands.map((c) => c.name()).sort()).toEqual(commandsInHelp(programHelp).sort());
    const results = await Promise.all(commands.map((c) => run([c.name(), '--help'])));
    commands.forEach((c, i) => {
      const r = results[i];
      expect({ command: c.name(), code: r?.code, stderr: r?.stderr }).toEqual({ command: c.name(), code: 0, stderr: '' });
      expect(r?.stdout).toContain(`Usage: kratomlit ${c.name()}`);
      for (const o of c.options) expect(r?.stdout, `${c.name()} --help mentions ${o.long}`).toContain(o.long as string);
      expect(r?.stdout).toContain('Examples:');
      for (const ex of HELP_EXAMPLES[c.name()] ?? []) expect(ex.startsWith(`kratomlit ${c.name()}`)).toBe(true);
    });
  });

  it('shows option defaults in the help (search --limit 20, status --runs 5, demo --dir demo-output)', async () => {
    const [search, status, demo] = await Promise.all([run(['search', '--help']), run(['status', '--help']), run(['demo', '--help'])]);
    expect(search.stdout).toMatch(/--limit <n>\s+maximum hits, 1 to 1000 \(export has no cap\) \(default:\s+"20"\)/);
    expect(status.stdout).toMatch(/--runs <n>.*\(default: "5"\)/);
    expect(demo.stdout).toMatch(/\(default:\s+"demo-output"\)/);
  });
});
