import type { CliExtensions } from '../src/cli.js';
import { demoCommand, digestCommand, ingestCommand, scheduleCommand } from './commands/definitions.js';

/** The job commands and providers the CLI gets from jobs/ (their modules load only when used). */
export function cliExtensions(): CliExtensions {
  return {
    commands: [ingestCommand, digestCommand, scheduleCommand, demoCommand],
    nextRuns: async (ctx, count) => (await import('./commands/schedule.js')).nextRuns(ctx, count),
    indexStamp: async (path) => (await import('../src/search/index.js')).readIndexStamp(path),
  };
}
