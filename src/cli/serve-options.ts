/**
 * The options of `serve` and `schedule --serve` (commander only, so command definitions stay light).
 */
import { type Command, Option } from 'commander';
import { wholeNumber } from './whole-number.js';

/** Options of `serve` (and `schedule --serve`). */
export interface ServeFlags {
  port?: string;
  host?: string;
  basePath?: string;
  searchThreads?: string;
  /** `serve --digests DIR` only (the scheduler serves the folder its digest job writes). */
  digests?: string;
}

/** Adds `--port`, `--host`, `--base-path` and `--search-threads` to a command. */
export function addServeOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--port <n>', 'port to listen on; 0 picks a free one (default 8470)'))
    .addOption(new Option('--host <address>', 'address to bind (default 127.0.0.1; anything else makes the library visible on the network)'))
    .addOption(new Option('--base-path <path>', 'URL prefix when behind a reverse proxy, e.g. /library'))
    .addOption(new Option('--search-threads <n>', `threads that rank new search pages beside the serving thread, each with its own copy of the index (default ${DEFAULT_SEARCH_THREADS}: all on the serving thread)`));
}

/**
 * Search threads by default: none. Measured side by side on the 2-core machine (docs/serve.md), one
 * thread answered new searches no faster than the serving thread alone and cost ~180 MB more.
 */
export const DEFAULT_SEARCH_THREADS = 0;

/** The search threads to start (default DEFAULT_SEARCH_THREADS); UsageError naming `--search-threads` otherwise. */
export function searchThreadsOf(value: string | undefined, command = 'serve'): number {
  if (value === undefined) return DEFAULT_SEARCH_THREADS;
  return wholeNumber(value, `${command}: --search-threads`, 0, 16);
}

/** The port to listen on (default 8470); UsageError naming `--port` otherwise. */
export function portOf(value: string | undefined, command = 'serve'): number {
  if (value === undefined) return 8470;
  return wholeNumber(value, `${command}: --port`, 0, 65535);
}
