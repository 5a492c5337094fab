/**
 * Tool results and errors in the MCP shape: structured content plus a compact text, or a tool error with a
 * one-line reason. A domain error (unknown PMID, bad week, unusable query) never escapes as a protocol
 * error or a crash: the model reads the reason and can correct its call.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { errorMessage } from '../errors.js';

/** A successful answer: `structured` for programs, `text` for the model (and `notes` as further text items). */
export function answer(structured: Record<string, unknown>, text: string, ...notes: string[]): CallToolResult {
  return { content: [text, ...notes].map((t) => ({ type: 'text' as const, text: t })), structuredContent: structured };
}

/**
 * `Offset 40 is past the end: 35 papers match "kratom"` plus `detail`: what `search` and `export` answer
 * for a page after the last hit, so a model does not read an empty page as "nothing matches".
 */
export function pastTheEnd(query: string, matched: number, offset: number, detail: string): string {
  return `Offset ${offset} is past the end: ${matched} paper${matched === 1 ? '' : 's'} match ${JSON.stringify(query)}${detail}.`;
}

/** A tool error with one line: `<tool>: <what and which>`. */
export function toolError(tool: string, reason: string): CallToolResult {
  const line = reason.replace(/\s*\r?\n\s*/g, ' ').trim();
  return { isError: true, content: [{ type: 'text', text: line.startsWith(`${tool}:`) ? line : `${tool}: ${line}` }] };
}

/** Runs a handler; anything it throws becomes a {@link toolError} naming the tool. */
export function guarded<A>(tool: string, handler: (args: A) => CallToolResult | Promise<CallToolResult>): (args: A) => Promise<CallToolResult> {
  return async (args) => {
    try {
      return await handler(args);
    } catch (err) {
      // Library errors are often prefixed with the library's own step ("search: ..."); keep the reason.
      return toolError(tool, errorMessage(err));
    }
  };
}
