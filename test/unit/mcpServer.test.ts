// The MCP server side of `secretref mcp` (src/cli/mcpServer.ts) spoken to line by line, in process:
// version negotiation (2025-06-18, or the client's when it is one this server speaks), notifications
// without an answer, ping, tools/list, tools/call's result shape, and the JSON-RPC errors (parse error,
// unknown method, unknown tool, a batch). The official SDK client and the live stores are in
// test/live/agentTools.canary.test.ts.
import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { AgentToolContext } from '../../src/core/agentTools';
import { EMPTY_REFERENCE_SETTINGS } from '../../src/core/references/settings';
import { AGENT_TOOLS } from '../../src/core/agentTools';
import { MCP_PROTOCOL_VERSION, serveMcp } from '../../src/cli/mcpServer';
import { shellWord } from '../../src/cli/commands/mcp';

const context: AgentToolContext = {
  root: '/nonexistent-root',
  stores: { configs: () => [], list: async () => ({ entries: [] }), read: () => Promise.reject(new Error('no store')) },
  configs: () => [],
  settings: () => EMPTY_REFERENCE_SETTINGS,
  credentialFiles: () => ({}),
  files: { read: () => Promise.reject(new Error('no file')), edit: () => Promise.reject(new Error('no file')) },
  references: async () => [],
  migration: { propose: async () => ({ status: 'cancelled', note: '' }) },
  heldSecrets: () => [],
};

/** Sends the lines, closes the input, and returns every answer the server wrote, by id. */
async function exchange(lines: string[]): Promise<Map<unknown, Record<string, unknown>> & { all: Record<string, unknown>[] }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let written = '';
  output.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
  const served = serveMcp({ input, output, context, version: '9.9.9' });
  input.end(lines.join('\n') + '\n');
  await served;
  const answers = written
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  for (const answer of answers) assert.equal(answer.jsonrpc, '2.0');
  return Object.assign(new Map(answers.map((a) => [a.id, a])), { all: answers });
}

const request = (id: number | string, method: string, params?: unknown) => JSON.stringify({ jsonrpc: '2.0', id, method, params });

describe('mcp server (protocol)', () => {
  it('offers 2025-06-18 to a newer client and the client’s own older version; notifications get no answer', async () => {
    const answers = await exchange([
      request(1, 'initialize', { protocolVersion: '2099-01-01', capabilities: {}, clientInfo: { name: 't', version: '1' } }),
      request(2, 'initialize', { protocolVersion: '2024-11-05', capabilities: {}, clientInfo: { name: 't', version: '1' } }),
      JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
      request(3, 'ping'),
    ]);
    const first = answers.get(1)!.result as {
      protocolVersion: string;
      serverInfo: { name: string; version: string };
      capabilities: object;
    };
    assert.equal(first.protocolVersion, MCP_PROTOCOL_VERSION);
    assert.deepEqual(first.serverInfo, { name: 'secretref', version: '9.9.9' });
    assert.deepEqual(first.capabilities, { tools: { listChanged: false } });
    assert.equal((answers.get(2)!.result as { protocolVersion: string }).protocolVersion, '2024-11-05');
    assert.deepEqual(answers.get(3)!.result, {});
    assert.equal(answers.size, 3, 'the notification got no answer');
  });

  it('lists the tools and answers a call with text content and isError', async () => {
    const answers = await exchange([
      request(1, 'tools/list'),
      request(2, 'tools/call', { name: 'list_store_configs', arguments: {} }),
      request(3, 'tools/call', { name: 'check_file', arguments: { file: '../etc/passwd' } }),
    ]);
    const tools = (answers.get(1)!.result as { tools: { name: string; inputSchema: unknown; annotations: { readOnlyHint: boolean } }[] })
      .tools;
    assert.deepEqual(
      tools.map((t) => [t.name, t.annotations.readOnlyHint]),
      AGENT_TOOLS.map((t) => [t.name, !t.writes]),
    );
    const ok = answers.get(2)!.result as { content: { type: string; text: string }[]; isError: boolean };
    assert.deepEqual(ok, { content: [{ type: 'text', text: JSON.stringify({ stores: [] }, null, 2) }], isError: false });
    const refused = answers.get(3)!.result as { content: { text: string }[]; isError: boolean };
    assert.equal(refused.isError, true);
    assert.match(refused.content[0].text, /not a file in the workspace/);
  });

  it('answers bad messages with JSON-RPC errors and keeps serving', async () => {
    const answers = await exchange([
      '{not json',
      JSON.stringify([{ jsonrpc: '2.0', id: 9, method: 'ping' }]),
      request(1, 'resources/list'),
      request(2, 'tools/call', { name: 'read_secret_value', arguments: {} }),
      request(3, 'tools/call', {}),
      request(4, 'ping'),
    ]);
    const errors = answers.all.filter((a) => a.id === null).map((a) => (a.error as { code: number }).code);
    assert.deepEqual(errors.sort(), [-32700, -32600].sort());
    assert.equal((answers.get(1)!.error as { code: number }).code, -32601);
    assert.match((answers.get(2)!.error as { message: string }).message, /unknown tool "read_secret_value"/);
    assert.equal((answers.get(3)!.error as { code: number }).code, -32602);
    assert.deepEqual(answers.get(4)!.result, {});
  });

  it('quotes the words of the proposed migrate command for a POSIX shell', () => {
    assert.equal(shellWord('conf/prod.postgres.json'), 'conf/prod.postgres.json');
    assert.equal(shellWord("my conns's.json"), "'my conns'\\''s.json'");
    assert.equal(shellWord('$(rm -rf ~)'), "'$(rm -rf ~)'");
  });
});
