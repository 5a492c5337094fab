/**
 * The server's side of a transport, with one check the SDK leaves to its own protocol schema: a
 * `tools/call` whose `arguments` is not an object. The SDK answers that with JSON-RPC -32603 and zod's
 * issue list as a multi-line JSON dump, which a client shows verbatim; here it is -32602 (invalid params)
 * and one line naming the tool and what `arguments` was.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** `inner` with the `arguments` check in front of whatever the server sets as its message handler. */
export function checkingArguments(inner: Transport): Transport {
  const outer: Transport = {
    start: () => inner.start(),
    send: (message, options) => inner.send(message, options),
    close: () => inner.close(),
    setProtocolVersion: (version) => inner.setProtocolVersion?.(version),
    get sessionId() {
      return inner.sessionId;
    },
  };
  inner.onmessage = (message, extra) => {
    const refusal = refusedArguments(message);
    if (refusal === null) outer.onmessage?.(message, extra);
    else inner.send(refusal).catch((err: unknown) => outer.onerror?.(err instanceof Error ? err : new Error(String(err))));
  };
  // Handlers the caller set on `inner` before connecting (serveStdio's end of session) keep being called.
  const { onclose, onerror } = inner;
  inner.onclose = () => {
    onclose?.();
    outer.onclose?.();
  };
  inner.onerror = (err) => {
    onerror?.(err);
    outer.onerror?.(err);
  };
  return outer;
}

/** The error answer to a `tools/call` request whose `arguments` is present but not an object, else null. */
export function refusedArguments(message: JSONRPCMessage): JSONRPCMessage | null {
  if (!('method' in message) || message.method !== 'tools/call' || !('id' in message)) return null;
  const params = message.params as { name?: unknown; arguments?: unknown } | undefined;
  const args = params?.arguments;
  if (args === undefined || (typeof args === 'object' && args !== null && !Array.isArray(args))) return null;
  const tool = typeof params?.name === 'string' ? params.name : 'a tool';
  return {
    jsonrpc: '2.0',
    id: message.id,
    error: { code: ErrorCode.InvalidParams, message: `tools/call ${tool}: arguments must be an object of named arguments (e.g. {"pmid": "31234567"}), got ${kindOf(args)}` },
  };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const shown = JSON.stringify(value);
  return `${typeof value === 'object' ? 'an object' : `a ${typeof value}`}${shown !== undefined && shown.length <= 40 ? ` (${shown})` : ''}`;
}
