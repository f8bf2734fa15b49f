// The agent tools' core (src/core/agentTools/) without stores: the definitions (names, schemas), the
// final guard (plain JSON only, every value a read returned masked, also JSON-escaped), input checks,
// insert_reference on disk (BOM and CRLF kept, bad positions and a changed file refused, nothing
// written then), check_file and propose_migration on a file holding a planted value (names only).
// Stores are an in-memory double of the tools' small store interface; live stores are in
// test/live/agentTools.canary.test.ts.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  AGENT_TOOLS,
  inputProblem,
  runAgentTool,
  serializeToolResult,
  type AgentToolContext,
  type MigrationProposal,
} from '../../src/core/agentTools';
import { diskAgentFiles } from '../../src/core/agentTools/diskFiles';
import { EMPTY_REFERENCE_SETTINGS } from '../../src/core/references/settings';
import type { ResolvedStoreConfig, SecretValue } from '../../src/core/stores/types';
import { lmToolName } from '../../src/constants';

const CANARY = `canary-${randomBytes(6).toString('hex')}`;

const CONFIGS: ResolvedStoreConfig[] = [
  { name: 'bao', kind: 'vault', url: 'http://127.0.0.1:1', auth: 'token', source: 'cli' },
  { name: 'aws', kind: 'aws', region: 'us-east-1', auth: 'default', source: 'cli' },
];

function context(root: string, proposals: MigrationProposal[] = []): AgentToolContext {
  const secret: SecretValue = { store: 'bao', path: 'apps/db', type: 'keyed', data: { user: 'app', password: `pw-"${CANARY}"` } };
  return {
    root,
    stores: {
      configs: () => CONFIGS,
      list: async () => ({ entries: [{ path: 'apps/db', name: 'db', isFolder: false }] }),
      read: async () => secret,
    },
    configs: () => CONFIGS,
    settings: () => EMPTY_REFERENCE_SETTINGS,
    credentialFiles: () => ({}),
    files: diskAgentFiles(),
    references: async () => [],
    migration: {
      async propose(proposal) {
        proposals.push(proposal);
        return { status: 'cancelled', note: 'test' };
      },
    },
    heldSecrets: () => [`token-${CANARY}`],
  };
}

async function call(
  ctx: AgentToolContext,
  name: string,
  input: unknown,
): Promise<{ body: Record<string, unknown>; isError: boolean; text: string }> {
  const answer = await runAgentTool(name, input, ctx);
  return { body: JSON.parse(answer.text) as Record<string, unknown>, isError: answer.isError, text: answer.text };
}

describe('agent tools (core)', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-agent-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('defines six tools, each with a description and an input schema whose required fields it declares', () => {
    assert.deepEqual(
      AGENT_TOOLS.map((t) => t.name),
      ['list_store_configs', 'list_secrets', 'check_file', 'find_references', 'insert_reference', 'propose_migration'],
    );
    for (const tool of AGENT_TOOLS) {
      assert.ok(tool.description.length > 40, tool.name);
      assert.equal(tool.inputSchema.type, 'object');
      for (const name of tool.inputSchema.required ?? []) assert.ok(tool.inputSchema.properties[name], `${tool.name}.${name}`);
    }
    assert.deepEqual(
      AGENT_TOOLS.filter((t) => t.writes).map((t) => t.name),
      ['insert_reference', 'propose_migration'],
    );
  });

  it('package.json contributes each tool as a language-model tool with the core definition (name, description, schema)', () => {
    const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
      contributes: { languageModelTools: Record<string, unknown>[] };
    };
    const contributed = manifest.contributes.languageModelTools;
    assert.deepEqual(
      contributed.map((t) => t.name),
      AGENT_TOOLS.map((t) => lmToolName(t.name)),
    );
    for (const tool of AGENT_TOOLS) {
      const entry = contributed.find((t) => t.name === lmToolName(tool.name))!;
      assert.equal(entry.modelDescription, tool.description, tool.name);
      assert.deepEqual(entry.inputSchema, tool.inputSchema, tool.name);
      assert.equal(entry.canBeReferencedInPrompt, true);
      assert.match(String(entry.displayName), /^[A-Z]/);
      assert.match(String(entry.toolReferenceName), /^[a-zA-Z]+$/);
      assert.ok(String(entry.userDescription).length > 20);
    }
    assert.equal(new Set(contributed.map((t) => t.toolReferenceName)).size, contributed.length, 'reference names are unique');
  });

  it('the guard masks every given secret, also where JSON escapes it, and refuses what is not plain JSON', () => {
    const value = `a"b\\${CANARY}`;
    const text = serializeToolResult({ ok: true, result: { message: `key holds ${value}`, nested: [{ v: value }] } }, [value]).text;
    assert.ok(!text.includes(CANARY), text);
    assert.match(text, /••••••/);
    const refused = serializeToolResult({ ok: true, result: { bytes: new Uint8Array([1, 2]) } }, []);
    assert.equal(refused.isError, true);
    assert.match(refused.text, /could not serialise/);
    assert.equal(serializeToolResult({ ok: false, error: 'nope' }, []).isError, true);
  });

  it('checks inputs against the schema before any handler runs', () => {
    const insert = AGENT_TOOLS.find((t) => t.name === 'insert_reference')!.inputSchema;
    assert.match(inputProblem(insert, { file: 'a' }) ?? '', /"line" is required/);
    assert.match(
      inputProblem(insert, { file: 'a', line: 0, column: 1, store: 'bao', path: 'p' }) ?? '',
      /"line" must be an integer of at least 1/,
    );
    assert.match(
      inputProblem(insert, { file: 'a', line: 1, column: 1, store: 'bao', path: 'p', value: 'x' }) ?? '',
      /unknown argument "value"/,
    );
    assert.equal(inputProblem(insert, { file: 'a', line: 1, column: 1, store: 'bao', path: 'p' }), undefined);
    assert.match(inputProblem(insert, [1]) ?? '', /must be an object/);
    for (const name of ['constructor', 'toString', '__proto__']) {
      const input = JSON.parse(`{"file": "a", "line": 1, "column": 1, "store": "bao", "path": "p", "${name}": 1}`) as object;
      assert.match(inputProblem(insert, input) ?? '', new RegExp(`unknown argument "${name}"`), name);
    }
  });

  it('list_secrets gives key names of a secret it read, never its values', async () => {
    const { body, text } = await call(context(root), 'list_secrets', { store: 'bao', secret: 'apps/db' });
    assert.deepEqual(body, { store: 'bao', secret: 'apps/db', type: 'keyed', keys: ['user', 'password'] });
    assert.ok(!text.includes(CANARY));
    const unknown = await call(context(root), 'list_secrets', { store: 'nope' });
    assert.equal(unknown.isError, true);
    assert.match(String(unknown.body.error), /no store config named "nope" \(known: bao, aws\)/);
  });

  it('insert_reference keeps the BOM and CRLF, refuses bad positions and a changed file, writing nothing then', async () => {
    const file = path.join(root, 'app.yaml');
    const original = '\uFEFFdb:\r\n  password: \r\n  user: app\r\n';
    fs.writeFileSync(file, original);
    const ctx = context(root);
    const done = await call(ctx, 'insert_reference', {
      file: 'app.yaml',
      line: 2,
      column: 13,
      store: 'bao',
      path: 'apps/db',
      key: 'password',
    });
    assert.equal(done.isError, false, done.text);
    assert.equal(fs.readFileSync(file, 'utf8'), '\uFEFFdb:\r\n  password: vault.secret(bao:apps/db.password)\r\n  user: app\r\n');
    assert.deepEqual(done.body, {
      file: 'app.yaml',
      reference: 'vault.secret(bao:apps/db.password)',
      line: 2,
      column: 13,
      endLine: 2,
      endColumn: 47,
    });
    const after = fs.readFileSync(file, 'utf8');
    for (const [input, pattern] of [
      [{ line: 9, column: 1 }, /line 9 is not in the file \(it has 4 lines\)/],
      [{ line: 2, column: 60 }, /column 60 is not on line 2/],
      [{ line: 2, column: 20 }, /inside a reference already/],
      [{ line: 2, column: 13, endLine: 1, endColumn: 1 }, /before the start/],
      [{ line: 2, column: 13, endLine: 3 }, /endLine and endColumn together/],
    ] as const) {
      const refused = await call(ctx, 'insert_reference', { file: 'app.yaml', store: 'bao', path: 'apps/db', key: 'password', ...input });
      assert.equal(refused.isError, true, JSON.stringify(input));
      assert.match(String(refused.body.error), pattern);
      assert.equal(fs.readFileSync(file, 'utf8'), after);
    }
    const outside = await call(ctx, 'insert_reference', { file: '../x.yaml', line: 1, column: 1, store: 'bao', path: 'a', key: 'b' });
    assert.match(String(outside.body.error), /not a file in the workspace/);
    const vaultNoKey = await call(ctx, 'insert_reference', { file: 'app.yaml', line: 1, column: 1, store: 'bao', path: 'a' });
    assert.match(String(vaultNoKey.body.error), /a Vault reference names a key/);
    // The file changes between the read and the write: the edit is refused and the change kept.
    await assert.rejects(diskAgentFiles().edit(file, 'other text', { offset: 0, length: 0, content: 'x' }), /the file changed/);
    assert.equal(fs.readFileSync(file, 'utf8'), after);
  });

  it('check_file and propose_migration name fields and keys of a file holding a planted secret, never the secret', async () => {
    const file = path.join(root, 'conns.json');
    fs.writeFileSync(
      file,
      JSON.stringify([
        { type: 'postgres', name: 'pg', credentials: { host: 'h', port: '5432', db_name: 'd', user: 'u', password: `pw-${CANARY}` } },
        { type: 'postgres', name: 'bad', credentials: { host: 'h', port: `${CANARY}`, user: 7, password: `x-${CANARY}`, [CANARY]: 1 } },
        // An unknown schema: its message names the field, not the value.
        { type: `kind-${CANARY}`, name: 'odd', credentials: {} },
      ]),
    );
    const proposals: MigrationProposal[] = [];
    const ctx = context(root, proposals);
    const checked = await call(ctx, 'check_file', { file: 'conns.json' });
    assert.equal(checked.isError, false);
    assert.ok((checked.body.diagnostics as unknown[]).length >= 3, checked.text);
    assert.match(checked.text, /inline-secret/);
    // The unknown key is named (a name is no value); the planted values are nowhere.
    assert.ok(!checked.text.includes(`pw-${CANARY}`) && !checked.text.includes(`x-${CANARY}`), checked.text);
    assert.ok(!checked.text.includes(`kind-${CANARY}`), checked.text);
    assert.match(checked.text, /Unknown credential schema in \\"type\\"/);
    const planned = await call(ctx, 'propose_migration', { file: 'conns.json', store: 'bao', connections: ['pg'] });
    assert.equal(planned.isError, false, planned.text);
    assert.ok(!planned.text.includes(CANARY), planned.text);
    assert.equal(proposals.length, 1);
    assert.deepEqual(proposals[0].connections[0].fields, [{ path: 'password', key: 'password' }]);
    assert.deepEqual((planned.body.decision as { status: string }).status, 'cancelled');
  });
});
