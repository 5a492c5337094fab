/**
 * `kratomlit serve [--port N] [--host H] [--base-path /p] [--search-threads N]`: the library in a browser (src/web). Opens the
 * library once (index in memory, following the store), prints where it serves, and runs until SIGINT or
 * SIGTERM. Also used by `schedule --serve` through {@link startServing}.
 */
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { type CommandContext, noteMissingDigests } from './context.js';
import { addServeOptions, allowHostsOf, checkHost, portOf, searchThreadsOf, type ServeFlags } from './serve-options.js';
import { nextRuns } from './status.js';
import { noLibraryError } from '../store/open.js';

export type { ServeFlags } from './serve-options.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Opens the library and starts serving it; prints `kratomlit: serving DB at URL` on stderr (after a
 * warning when bound beyond loopback). Resolves with a `close` that stops the server and the library.
 */
export async function startServing(c: CommandContext, flags: ServeFlags): Promise<{ url: string; close: () => Promise<void> }> {
  const port = portOf(flags.port);
  const threads = searchThreadsOf(flags.searchThreads);
  const host = flags.host ?? '127.0.0.1';
  const allowHosts = allowHostsOf(flags.allowHost);
  // Serving only reads: a mistyped --db must not leave an empty new database behind.
  if (!existsSync(c.config.db)) throw noLibraryError(c.config.db);
  // A host this machine cannot listen on is refused before the library opens and before the warning.
  if (!LOOPBACK.has(host)) await checkHost(host, 'serve');
  // Loaded when serving, so other commands do not pay for the web pages at start-up.
  const { normalizeBasePath } = await import('../web/server.js');
  const { startServer } = await import('../web/serve.js');
  const basePath = normalizeBasePath(flags.basePath);
  const digestDir = flags.digests ?? c.config.digest.outDir;
  const lib = await c.library({ loadIndex: true, followOnSearch: false, digestDir });
  try {
    if (!LOOPBACK.has(host)) process.stderr.write(`kratomlit: serve: warning: --host ${host} makes the library visible to other machines on the network\n`);
    noteMissingDigests('serve', digestDir);
    const status = async () => lib.statusReport({ runs: 10, nextRuns: await nextRuns(c) });
    // With --search-threads, new search pages are ranked on threads of their own, each with a read-only library on the same files.
    const searchThreads = { db: c.config.db, indexPath: c.config.indexPath, config: c.config.configPath ?? (false as const), count: threads };
    const running = await startServer({ library: lib, host, port, basePath, allowHosts, log: c.logger, status, searchThreads });
    process.stderr.write(`kratomlit: serving ${c.config.db} at ${running.url}\n`);
    return { url: running.url, close: async () => { await running.close(); lib.close(); } };
  } catch (err) {
    lib.close();
    const code = (err as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') throw new UsageError(`serve: cannot listen on ${host}:${port} (${code})`);
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') throw new UsageError(`serve: --host ${host} is not an address of this machine (${code})`);
    throw err;
  }
}

/** Resolves on the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(sig);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** `kratomlit serve`. */
export function serveCommand(ctx: () => CommandContext): Command {
  return addServeOptions(new Command('serve').description('serve the library as web pages on 127.0.0.1:8470 until SIGINT/SIGTERM (read-only)'))
    .option('--digests <dir>', 'folder of the weekly digests the digest pages and the feed show (default from config: digests/)')
    .action(async (flags: ServeFlags) => {
      const c = ctx();
      portOf(flags.port);
      allowHostsOf(flags.allowHost);
      // Listening for the signal before the "serving" line: a SIGINT sent on seeing it must stop cleanly.
      const stopped = untilSignal();
      const serving = await startServing(c, flags);
      const signal = await stopped;
      c.logger.info({ signal }, 'serve: stopping');
      await serving.close();
    });
}
