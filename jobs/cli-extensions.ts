import type { CliExtensions } from '../src/cli.js';

/** The job commands and providers the CLI gets from jobs/. */
export function cliExtensions(): CliExtensions {
  return {};
}
