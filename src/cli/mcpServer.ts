// The MCP server side of `secretref mcp`, written out (no SDK, so the CLI bundle stays small): JSON-RPC
// 2.0 messages, one per line, over stdin/stdout (the stdio transport of the Model Context Protocol).
// initialize, notifications/initialized, ping, tools/list and tools/call; every tool answer comes from
// runAgentTool (core/agentTools/guard.ts), the one serialiser of tool results.
import type { Readable, Writable } from 'node:stream';
import { AGENT_TOOLS, runAgentTool, type AgentToolContext } from '../core/agentTools';

/** The version this server speaks; a client asking for one of SUPPORTED gets its own. */
export const MCP_PROTOCOL_VERSION = '2025-06-18';
export const SUPPORTED_MCP_VERSIONS: readonly string[] = [MCP_PROTOCOL_VERSION, '2025-03-26', '2024-11-05'];

/** A line longer than this is no tool call (the tools take a few names and numbers). */
const MAX_LINE = 1024 * 1024;

type Id = string | number;

interface Message {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

const ERRORS = { parse: -32700, invalidRequest: -32600, methodNotFound: -32601, invalidParams: -32602 } as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The tools as tools/list gives them, with the hints MCP clients show (read-only, destructive). */
export function mcpToolList(): object[] {
  return AGENT_TOOLS.map((tool) => ({
    name: tool.name,
    description: tool.description,
    inputSchema: tool.inputSchema,
    annotations: { readOnlyHint: !tool.writes, destructiveHint: false, openWorldHint: false },
  }));
}

export interface McpServerOptions {
  input: Readable;
  output: Writable;
  context: AgentToolContext;
  version: string;
}

/** Serves until the input ends; resolves when every answer is written. */
export function serveMcp(options: McpServerOptions): Promise<void> {
  const { input, output, context } = options;
  const send = (message: object) => output.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
  const fail = (id: Id | null, code: number, message: string) => send({ id, error: { code, message } });
  const pending = new Set<Promise<void>>();

  const handle = async (message: Message): Promise<void> => {
    const hasId = typeof message.id === 'string' || typeof message.id === 'number';
    const id = hasId ? (message.id as Id) : null;
    if (message.jsonrpc !== '2.0' || typeof message.method !== 'string') {
      // A response to a request of ours (we send none) or a malformed message.
      if (message.method === undefined && ('result' in message || 'error' in message)) return;
      fail(id, ERRORS.invalidRequest, 'not a JSON-RPC 2.0 request');
      return;
    }
    if (!hasId) return; // notifications (initialized, cancelled, ...) need no answer
    const params = isRecord(message.params) ? message.params : {};
    switch (message.method) {
      case 'initialize': {
        const asked = typeof params.protocolVersion === 'string' ? params.protocolVersion : '';
        send({
          id,
          result: {
            protocolVersion: SUPPORTED_MCP_VERSIONS.includes(asked) ? asked : MCP_PROTOCOL_VERSION,
            capabilities: { tools: { listChanged: false } },
            serverInfo: { name: 'secretref', version: options.version },
            instructions:
              'secretref tools give names only (store configs, secret paths, key names, references, diagnostics), never a secret value or a token. A migration is only proposed: the user runs it.',
          },
        });
        return;
      }
      case 'ping':
        send({ id, result: {} });
        return;
      case 'tools/list':
        send({ id, result: { tools: mcpToolList() } });
        return;
      case 'tools/call': {
        if (typeof params.name !== 'string') {
          fail(id, ERRORS.invalidParams, 'tools/call needs the tool "name"');
          return;
        }
        if (!AGENT_TOOLS.some((tool) => tool.name === params.name)) {
          fail(id, ERRORS.invalidParams, `unknown tool "${params.name}"`);
          return;
        }
        const answer = await runAgentTool(params.name, params.arguments ?? {}, context);
        send({ id, result: { content: [{ type: 'text', text: answer.text }], isError: answer.isError } });
        return;
      }
      default:
        fail(id, ERRORS.methodNotFound, `method "${message.method}" is not offered by secretref`);
    }
  };

  const dispatch = (line: string) => {
    if (line.trim() === '') return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      fail(null, ERRORS.parse, 'a line that is not JSON');
      return;
    }
    if (!isRecord(message)) {
      fail(null, ERRORS.invalidRequest, 'a message must be one JSON-RPC object (batches are not part of MCP 2025-06-18)');
      return;
    }
    const work = handle(message).catch(() => {
      const id = typeof message.id === 'string' || typeof message.id === 'number' ? message.id : null;
      fail(id, -32603, 'internal error');
    });
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };

  return new Promise((resolve) => {
    let buffer = '';
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => {
      buffer += chunk;
      let newline = buffer.indexOf('\n');
      while (newline !== -1) {
        dispatch(buffer.slice(0, newline).replace(/\r$/, ''));
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
      }
      if (buffer.length > MAX_LINE) {
        buffer = '';
        fail(null, ERRORS.invalidRequest, 'a message longer than 1 MB');
      }
    });
    input.on('end', () => {
      dispatch(buffer);
      void Promise.all(pending).then(() => resolve());
    });
  });
}
