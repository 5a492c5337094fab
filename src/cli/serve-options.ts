/**
 * The options of `serve` and `schedule --serve` (commander only, so command definitions stay light).
 */
import { type Command, Option } from 'commander';
import { wholeNumber } from './whole-number.js';
import { UsageError, errorMessage } from '../errors.js';
import { repeatable } from './help.js';

/** Options of `serve` (and `schedule --serve`). */
export interface ServeFlags {
  port?: string;
  host?: string;
  basePath?: string;
  searchThreads?: string;
  /** `--allow-host NAME`, repeated. */
  allowHost?: string[];
  /** `serve --digests DIR` only (the scheduler serves the folder its digest job writes). */
  digests?: string;
}

/** Adds `--port`, `--host`, `--base-path`, `--allow-host` and `--search-threads` to a command. */
export function addServeOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--port <n>', 'port to listen on; 0 picks a free one (default 8470)'))
    .addOption(new Option('--host <address>', 'address to bind (default 127.0.0.1; anything else makes the library visible on the network)'))
    .addOption(new Option('--base-path <path>', 'URL prefix when behind a reverse proxy, e.g. /library'))
    .addOption(repeatable(new Option('--allow-host <name>', 'also answer requests for this host name (a reverse proxy\'s, e.g. lit.example.org); repeat for more. Bound to 127.0.0.1, only localhost names are answered otherwise').argParser((v: string, acc: string[] = []) => [...acc, v])))
    .addOption(new Option('--search-threads <n>', `threads that rank new search pages beside the serving thread, each with its own copy of the index (default ${DEFAULT_SEARCH_THREADS}: all on the serving thread)`));
}

/** The `--allow-host` names, each a host name or address without scheme, port or path; UsageError naming the first bad one. */
export function allowHostsOf(values: readonly string[] | undefined, command = 'serve'): string[] {
  return (values ?? []).map((v) => {
    const name = v.trim().toLowerCase();
    if (!/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$|^\[[0-9a-f:.]+\]$/.test(name)) {
      throw new UsageError(`${command}: --allow-host ${JSON.stringify(v)} is not a host name (give it as the browser's address bar shows it, without http:// or a port: lit.example.org)`);
    }
    return name;
  });
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

/**
 * Refuses a `--host` this machine cannot listen on (a name that does not resolve, an address of another
 * machine) with a UsageError naming it, by binding a throwaway server to it on a free port.
 */
export async function checkHost(host: string, command: string): Promise<void> {
  const { createServer } = await import('node:net');
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, resolve);
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? errorMessage(err);
    throw new UsageError(`${command}: --host ${JSON.stringify(host)} is not an address of this machine (${code})`);
  } finally {
    if (server.listening) await new Promise((resolve) => server.close(resolve));
  }
}
