import { Command } from 'commander';
import { printableConfig } from '../config.js';
import { configFileSchema, zod } from '../config-schema.js';
import { UsageError } from '../errors.js';
import type { CommandContext } from './context.js';

/** JSON Schema of kratomlit.config.json (editor completion), generated from the zod schema. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...zod().toJSONSchema(configFileSchema(), { io: 'input', unrepresentable: 'any' }),
    title: 'kratomlit configuration',
  };
}

/** `kratomlit config --print | --schema`. */
export function configCommand(ctx: () => CommandContext): Command {
  return new Command('config')
    .description('show the effective configuration (secrets masked) or its JSON schema; an invalid file is refused naming every bad setting, cron expressions included (exit 2)')
    .option('--print', 'print the effective configuration as JSON (the default)')
    .option('--schema', 'print the JSON schema of kratomlit.config.json')
    .action((opts: { print?: boolean; schema?: boolean }) => {
      if (opts.print && opts.schema) throw new UsageError('config: choose one of --print or --schema');
      if (opts.schema) {
        process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
        return;
      }
      const c = ctx();
      c.out(JSON.stringify(printableConfig(c.config), null, 2));
    });
}
