import type { CliExtensions } from '../src/cli.js';
import { readIndexStamp } from '../src/search/index.js';
import { demoCommand } from './commands/demo.js';
import { digestCommand } from './commands/digest.js';
import { ingestCommand } from './commands/ingest.js';
import { nextRuns, scheduleCommand } from './commands/schedule.js';

/** The job commands and providers the CLI gets from jobs/. */
export function cliExtensions(): CliExtensions {
  return {
    commands: [ingestCommand, digestCommand, scheduleCommand, demoCommand],
    nextRuns,
    indexStamp: readIndexStamp,
  };
}
