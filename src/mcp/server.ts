/**
 * `kratomlit mcp`: a read-only Model Context Protocol server over the library API, on stdio. Tools (search,
 * get_paper, evidence_map, digest, export, status) and resources (each stored weekly digest as Markdown,
 * the status report). Every answer is computed from the library at call time: the search catches up with
 * the store's change sequence on each query, so papers a nightly ingest adds are visible without a restart.
 */
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { errorMessage, UsageError } from '../errors.js';
import type { Library } from '../index.js';
import { registerLibraryTools, statusDocument } from './tools-library.js';
import { registerSearchTools } from './tools-search.js';
import { checkingArguments } from './transport.js';

/** URI of the status resource. */
export const STATUS_URI = 'kratomlit://status';

const INSTRUCTIONS =
  'A local, curated library of the PubMed literature on the kratom alkaloids mitragynine and ' +
  '7-hydroxymitragynine, updated nightly. Whether it is complete against PubMed is known only at call time: ' +
  'status reports it per topic, and a search answer names any topic that is not complete. Use search to find papers, get_paper for one record (with its study ' +
  'design, notices and revisions), evidence_map for counts by study design and theme, digest for what was new ' +
  'in a week, export for citations, status for how complete and current the library is. Cite papers by PMID.';

/** An McpServer whose transports refuse a tool call's non-object `arguments` in one line (see transport.ts). */
class CheckedMcpServer extends McpServer {
  override async connect(transport: Transport): Promise<void> {
    return super.connect(checkingArguments(transport));
  }
}

/** The server with every tool and resource registered (not yet connected). */
export function createMcpServer(lib: Library, version: string): McpServer {
  const server = new CheckedMcpServer({ name: 'kratomlit', version }, { instructions: INSTRUCTIONS });
  registerSearchTools(server, lib);
  registerLibraryTools(server, lib);
  registerResources(server, lib);
  return server;
}

function registerResources(server: McpServer, lib: Library): void {
  server.registerResource('status', STATUS_URI, { title: 'Library status', description: 'Counts, topics, last runs and stored digests (JSON)', mimeType: 'application/json' },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(await statusDocument(lib), null, 2) }] }));
  const template = new ResourceTemplate('kratomlit://digest/{week}', {
    list: async () => ({
      resources: lib.digestWeeks().map((week) => ({ uri: `kratomlit://digest/${week}`, name: `digest ${week}`, title: `Weekly digest ${week}`, mimeType: 'text/markdown' })),
    }),
  });
  server.registerResource('digest', template, { title: 'Weekly digest', description: 'A stored weekly digest as Markdown', mimeType: 'text/markdown' },
    async (uri, vars) => {
      const week = String(vars.week);
      const text = await readDigestMarkdown(lib, week);
      return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text }] };
    });
}

/**
 * A stored digest's Markdown for a resource read. A week that is not one (`2026-W99`) or has no digest is
 * the caller's mistake: JSON-RPC -32602 (invalid params) with the library's one line, as the SDK answers
 * an unknown resource, not -32603 (internal error), which says the server broke.
 */
async function readDigestMarkdown(lib: Library, week: string): Promise<string> {
  let text: string | null;
  try {
    text = await lib.readDigest(week, 'md');
  } catch (err) {
    if (err instanceof UsageError) throw invalidParams(errorMessage(err));
    throw err;
  }
  if (text !== null) return text;
  const stored = lib.digestWeeks().slice(0, 5).join(', ') || 'none';
  throw invalidParams(`digest: no digest stored for ${week} (stored: ${stored})`);
}

/**
 * A JSON-RPC invalid-params error carrying `line` as its message. Not the SDK's McpError: its message is
 * already "MCP error -32602: <line>", which the server sends as the message, and the client's McpError
 * prefixes it again ("MCP error -32602: MCP error -32602: ..."). The server sends `code` and `message`
 * of whatever a handler throws, so the client reads "MCP error -32602: <line>" once.
 */
function invalidParams(line: string): Error {
  return Object.assign(new Error(line), { code: ErrorCode.InvalidParams });
}

/**
 * Every `pollMs`, compares the stored digest weeks with the last look and tells the client when a new
 * week appeared (`notifications/resources/list_changed`), so it can refresh its resource list after the
 * weekly job without restarting the server. Returns the function that stops watching.
 */
export function watchDigests(server: McpServer, lib: Library, pollMs: number): () => void {
  let known: string | null = null;
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const weeks = lib.digestWeeks().join(',');
      if (known !== null && weeks !== known && server.isConnected()) server.sendResourceListChanged();
      known = weeks;
    } finally {
      busy = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), pollMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Serves `server` on this process's stdin/stdout until stdin ends (the client went away). */
export async function serveStdio(server: McpServer, lib: Library, opts: { pollMs: number }): Promise<void> {
  const transport = new StdioServerTransport();
  const ended = new Promise<void>((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
    transport.onclose = resolve;
  });
  await server.connect(transport);
  const stop = watchDigests(server, lib, opts.pollMs);
  await ended;
  stop();
  await server.close();
}
