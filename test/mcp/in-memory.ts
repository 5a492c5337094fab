/**
 * An in-process MCP session for tests: a library opened over `db` and the server over it, joined to the
 * SDK's own client by an in-memory transport (the same server `kratomlit mcp` serves on stdio).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { type Library, type OpenLibraryOptions, openLibrary } from '../../src/index.js';
import { createMcpServer } from '../../src/mcp/server.js';

/** A connected session; `close` ends it and closes the library. */
export interface McpSession {
  lib: Library;
  client: Client;
  call(name: string, args: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** Opens the library with `opts` and connects a client to a server over it. */
export async function mcpSession(opts: OpenLibraryOptions): Promise<McpSession> {
  const lib = await openLibrary(opts);
  const [a, b] = InMemoryTransport.createLinkedPair();
  await createMcpServer(lib, 'test').connect(a);
  const client = new Client({ name: 't', version: '1' });
  await client.connect(b);
  return {
    lib,
    client,
    call: async (name, args) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    close: async () => {
      await client.close();
      lib.close();
    },
  };
}
