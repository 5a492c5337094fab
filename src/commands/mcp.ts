import { Command } from 'commander';
import type { CommandContext } from './context.js';

/**
 * `kratomlit mcp [--digests DIR]`: the MCP server on stdio (see docs/mcp.md). stdout carries the protocol
 * only; logs go to stderr. The SDK and the index load when the command runs, not for other commands.
 */
export function mcpCommand(ctx: () => CommandContext): Command {
  return new Command('mcp')
    .description('serve the library to an AI assistant over the Model Context Protocol on stdio (read-only)')
    .option('--digests <dir>', 'folder of the weekly digests (default from config: digests/)')
    .action(async (opts: { digests?: string }, cmd: Command) => {
      const c = ctx();
      const [{ openLibrary }, { createMcpServer, serveStdio }] = await Promise.all([import('../index.js'), import('../mcp/server.js')]);
      const lib = await openLibrary({
        db: c.config.db,
        indexPath: c.config.indexPath,
        logger: c.logger,
        digestDir: opts.digests ?? c.config.digest.outDir,
        topics: c.config.topics.map((t) => t.name),
      });
      try {
        c.logger.info({ db: c.config.db }, 'mcp: serving on stdio');
        await serveStdio(createMcpServer(lib, cmd.parent?.version() ?? '0.0.0'));
      } finally {
        lib.close();
      }
    });
}
