import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { type CommandContext, noteMissingDigests } from './context.js';
import { noLibraryError } from '../store/open.js';

/**
 * `kratomlit mcp [--digests DIR] [--watch-seconds S]`: the MCP server on stdio (see docs/mcp.md). stdout carries the protocol
 * only; logs go to stderr. The SDK and the index load when the command runs, not for other commands.
 */
export function mcpCommand(ctx: () => CommandContext): Command {
  return new Command('mcp')
    .description('serve the library to an AI assistant over the Model Context Protocol on stdio (read-only)')
    .option('--digests <dir>', 'folder of the weekly digests (default from config: digests/)')
    .option('--watch-seconds <s>', 'how often to look for new digests and tell the client its resource list changed', '30')
    .action(async (opts: { digests?: string; watchSeconds: string }, cmd: Command) => {
      const seconds = Number(opts.watchSeconds);
      if (!Number.isFinite(seconds) || seconds < 0.05 || seconds > 86_400) throw new UsageError(`mcp: --watch-seconds must be a number of seconds from 0.05 to 86400, got "${opts.watchSeconds}"`);
      const c = ctx();
      // A read-only face: never create an empty library where the client pointed at a wrong path.
      if (!existsSync(c.config.db)) throw noLibraryError(c.config.db);
      const { createMcpServer, serveStdio } = await import('../mcp/server.js');
      const digestDir = opts.digests ?? c.config.digest.outDir;
      const lib = await c.library({ loadIndex: true, digestDir, topics: c.config.topics.map((t) => t.name) });
      // On stderr: stdout is the protocol's.
      noteMissingDigests('mcp', digestDir);
      try {
        c.logger.info({ db: c.config.db }, 'mcp: serving on stdio');
        await serveStdio(createMcpServer(lib, cmd.parent?.version() ?? '0.0.0'), lib, { pollMs: seconds * 1000 });
      } finally {
        lib.close();
      }
    });
}
