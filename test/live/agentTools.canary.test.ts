// Issue 19 item 3: the agent tools never hand out a value or a token. `secretref mcp` (the real bundle,
// dist/cli.js) is spoken to with the official MCP client (@modelcontextprotocol/sdk, StdioClientTransport)
// against the live OpenBao (KV v2 and the KV v1 mount) and moto. Canaries are planted in every store
// (string and JSON secrets, a nested JSON value, a binary secret), inline in the config files the tools
// read (JSON credentials, a connections file, YAML, .env, a malformed file, a value of the wrong type),
// and as credentials: the OpenBao token (a token whose id is a canary), a second, limited token that is
// denied, and the AWS keys. Every tool is called with normal and hostile inputs; no canary appears in
// any result, error or the server's standard error. Names may hold the marker NAME_MARK (a name is no value).
// Plus the protocol: initialize (version, capabilities, server info), tools/list (each tool's schema as
// the core defines it), each tool's result shape, ping, and an unknown tool.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { CreateSecretCommand, ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { AGENT_TOOLS } from '../../src/core/agentTools';
import { AWS_REGION, testAwsClient } from '../support/seed';
import { vaultApi } from '../support/stores';
import { seedData, testEnvironment } from '../support/testEnv';

const root = path.resolve(__dirname, '../../..');
const CLI = path.join(root, 'dist', 'cli.js');

const run = randomBytes(5).toString('hex');
/** Every value planted carries this; no tool output may. */
const CANARY = `agentcanary${run}`;
/** Names (paths, keys, files) may carry this one: a name is not a value. */
const NAME_MARK = `agentname${run}`;

const TOKEN = `tok-${CANARY}-root`;
const LIMITED_TOKEN = `tok-${CANARY}-limited`;
const AWS_KEYS = { id: `AKIA${CANARY.toUpperCase()}`, secret: `aws-secret-${CANARY}` };

function text(result: unknown): string {
  const content = (result as { content: { type: string; text: string }[] }).content;
  return content.map((c) => c.text).join('\n');
}

describe('agent tools over MCP: no value or token ever comes out (live stores, real SDK client)', function () {
  this.timeout(120_000);
  let home: string;
  let ws: string;
  let client: Client;
  let stderr = '';
  const outputs: string[] = [];

  const call = async (name: string, args: Record<string, unknown>) => {
    const result = await client.callTool({ name, arguments: args });
    const body = text(result);
    outputs.push(body);
    return { body: JSON.parse(body) as Record<string, unknown>, isError: (result as { isError?: boolean }).isError === true, raw: body };
  };

  before(async () => {
    const env = testEnvironment();
    const bao = env.vault;
    // The credentials are canaries too: a root-policy token and a limited one, with ids chosen here.
    await vaultApi(bao, bao.rootToken, 'POST', 'auth/token/create', { id: TOKEN, policies: ['root'], ttl: '30m' });
    await vaultApi(bao, bao.rootToken, 'PUT', `sys/policies/acl/agent-${run}`, {
      policy: 'path "secret/data/open/*" { capabilities = ["read"] }',
    });
    await vaultApi(bao, bao.rootToken, 'POST', 'auth/token/create', {
      id: LIMITED_TOKEN,
      policies: [`agent-${run}`],
      no_default_policy: true,
      ttl: '30m',
    });
    // KV v2: a JSON secret with a nested value, under a path whose name carries the name marker.
    await vaultApi(bao, TOKEN, 'POST', `secret/data/agent/${NAME_MARK}/db`, {
      data: { password: `kv2-pw-${CANARY}`, nested: { inner: `kv2-nested-${CANARY}` }, [`key-${NAME_MARK}`]: `kv2-named-${CANARY}` },
    });
    await vaultApi(bao, TOKEN, 'POST', 'sys/mounts/kv1agent', { type: 'kv', options: { version: '1' } }).catch(() => undefined);
    await vaultApi(bao, TOKEN, 'POST', `kv1agent/agent/legacy`, { token: `kv1-${CANARY}` });
    const aws = testAwsClient(env.aws.endpoint);
    await aws.send(
      new CreateSecretCommand({ Name: `agent/${run}/json`, SecretString: JSON.stringify({ password: `aws-json-${CANARY}`, user: 'svc' }) }),
    );
    await aws.send(new CreateSecretCommand({ Name: `agent/${run}/text`, SecretString: `aws-text-${CANARY}` }));
    await aws.send(
      new CreateSecretCommand({ Name: `agent/${run}/binary`, SecretBinary: new TextEncoder().encode(`aws-binary-${CANARY}`) }),
    );

    home = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-mcp-home-'));
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-mcp-ws-'));
    const localhost = bao.address.replace('127.0.0.1', 'localhost');
    fs.writeFileSync(
      path.join(home, 'stores.json'),
      JSON.stringify([
        { name: 'bao', kind: 'vault', url: bao.address, auth: 'token' },
        { name: 'bao-v1', kind: 'vault', url: bao.address, auth: 'token', enginePath: 'kv1agent', kvVersion: 1 },
        { name: 'bao-limited', kind: 'vault', url: localhost, auth: 'token' },
        { name: 'aws', kind: 'aws', region: AWS_REGION, auth: 'accessKey' },
      ]),
    );
    // The files the tools read: inline canaries in every format, a malformed file, a wrong-typed value.
    const write = (file: string, content: string) => {
      fs.mkdirSync(path.dirname(path.join(ws, file)), { recursive: true });
      fs.writeFileSync(path.join(ws, file), content);
    };
    write(
      'prod.postgres.json',
      JSON.stringify({ host: 'h', port: 5432, db_name: 'd', user: 'u', password: `inline-pg-${CANARY}` }, null, 2),
    );
    write(
      'conns.json',
      JSON.stringify([
        {
          type: 'postgres',
          name: 'pg',
          credentials: { host: 'h', port: '5432', db_name: 'd', user: 'u', password: `inline-conn-${CANARY}` },
        },
        { type: 'snowflake', name: `snow-${NAME_MARK}`, credentials: { user: 'u', account: 'a', password: `inline-snow-${CANARY}` } },
      ]),
    );
    write(
      'bad.postgres.json',
      `{ "host": "h", "port": "wrong-${CANARY}", "password": "inline-bad-${CANARY}", "password": "dup-${CANARY}", `,
    );
    write('app.yaml', `db:\n  password: inline-yaml-${CANARY}\n  ref: vault.secret(bao:agent/${NAME_MARK}/db.password)\n`);
    write('.env', `API_TOKEN=inline-env-${CANARY}\nDB=vault.secret(bao:agent/${NAME_MARK}/db.nested)\n`);
    write('kinds.json', JSON.stringify([{ type: `kind-${CANARY}`, name: 'odd', credentials: { password: `kind-pw-${CANARY}` } }]));
    write('conf/aws.yaml', `k: "{{resolve:secretsmanager:agent/${run}/json:SecretString:password}}"\n`);

    client = new Client({ name: 'secretref-canary-test', version: '1.0.0' });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'mcp', '--stores', path.join(home, 'stores.json')],
      cwd: ws,
      stderr: 'pipe',
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        VAULT_ADDR: bao.address,
        VAULT_TOKEN: TOKEN,
        BAO_ADDR: localhost,
        BAO_TOKEN: LIMITED_TOKEN,
        AWS_ENDPOINT_URL: env.aws.endpoint,
        AWS_ACCESS_KEY_ID: AWS_KEYS.id,
        AWS_SECRET_ACCESS_KEY: AWS_KEYS.secret,
        AWS_REGION,
        SECRETREF_STATE_DIR: path.join(home, 'state'),
      },
    });
    (transport.stderr as Readable | null)?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    await client.connect(transport);
  });

  after(async () => {
    await client?.close();
    for (const dir of [home, ws]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('initializes (2025-06-18 offered to a newer client), lists the core tools with their schemas, answers ping', async () => {
    assert.deepEqual(client.getServerVersion()?.name, 'secretref');
    assert.deepEqual(client.getServerCapabilities()?.tools, { listChanged: false });
    assert.match(client.getInstructions() ?? '', /never a secret value or a token/);
    const { tools } = await client.listTools();
    assert.deepEqual(
      tools.map((t) => t.name),
      AGENT_TOOLS.map((t) => t.name),
    );
    for (const tool of tools) {
      const core = AGENT_TOOLS.find((t) => t.name === tool.name)!;
      assert.deepEqual(tool.inputSchema, core.inputSchema, tool.name);
      assert.equal(tool.annotations?.readOnlyHint, !core.writes, tool.name);
    }
    assert.deepEqual(await client.ping(), {});
    await assert.rejects(client.callTool({ name: 'read_secret_value', arguments: { path: 'x' } }), /unknown tool "read_secret_value"/);
  });

  it('every tool, normal and hostile inputs: names and shapes, never a canary (results, errors, stderr)', async () => {
    const seed = seedData();
    const configs = await call('list_store_configs', {});
    assert.deepEqual(
      (configs.body.stores as { name: string }[]).map((s) => s.name),
      ['bao', 'bao-v1', 'bao-limited', 'aws'],
    );

    // Listings and keys: KV v2, KV v1, AWS JSON, text and binary; a name holding the marker is fine.
    const folder = await call('list_secrets', { store: 'bao', prefix: `agent/${NAME_MARK}/` });
    assert.deepEqual(folder.body.entries, [{ path: `agent/${NAME_MARK}/db`, name: 'db', isFolder: false }]);
    const keys = await call('list_secrets', { store: 'bao', secret: `agent/${NAME_MARK}/db` });
    assert.deepEqual((keys.body.keys as string[]).sort(), [`key-${NAME_MARK}`, 'nested', 'password']);
    assert.deepEqual((await call('list_secrets', { store: 'bao-v1', secret: 'agent/legacy' })).body.keys, ['token']);
    assert.deepEqual(
      ((await call('list_secrets', { store: 'bao', secret: 'oracle' })).body.keys as string[]).sort(),
      Object.keys(seed.vault.kv2.oracle).sort(),
    );
    assert.deepEqual(((await call('list_secrets', { store: 'aws', secret: `agent/${run}/json` })).body.keys as string[]).sort(), [
      'password',
      'user',
    ]);
    assert.deepEqual((await call('list_secrets', { store: 'aws', secret: `agent/${run}/text` })).body, {
      store: 'aws',
      secret: `agent/${run}/text`,
      type: 'text',
      keys: [],
    });
    assert.equal((await call('list_secrets', { store: 'aws', secret: `agent/${run}/binary` })).body.type, 'binary');
    assert.equal((await call('list_secrets', { store: 'aws', secret: 'postgresSecrets' })).isError, false);
    const awsList = await call('list_secrets', { store: 'aws', prefix: `agent/${run}` });
    assert.equal((awsList.body.entries as unknown[]).length, 3);
    // Hostile: unknown store, unknown secret, denied, a Vault path that escapes, bad arguments.
    for (const args of [
      { store: 'nope' },
      { store: 'bao', secret: `agent/${NAME_MARK}/missing` },
      { store: 'bao-limited', secret: `agent/${NAME_MARK}/db` },
      { store: 'bao-limited', prefix: 'agent/' },
      { store: 'bao', secret: '../../sys/mounts' },
      { store: 'aws', secret: 'does-not-exist' },
      { store: 'bao', secret: 42 },
    ]) {
      const refused = await call('list_secrets', args);
      assert.equal(refused.isError, true, JSON.stringify(args));
    }
    assert.match(outputs.at(-5) ?? '', /denied|permission/i, 'the limited token is denied');

    // check_file, also resolving: findings by code, a malformed file, unreadable inputs.
    const pg = await call('check_file', { file: 'prod.postgres.json', resolve: true });
    const codes = (pg.body.diagnostics as { code: string }[]).map((d) => d.code);
    assert.ok(codes.includes('wrong-type') && codes.includes('inline-secret'), codes.join(', '));
    const yaml = await call('check_file', { file: 'app.yaml', resolve: true });
    assert.ok(
      (yaml.body.diagnostics as { code: string }[]).some((d) => d.code === 'inline-secret'),
      yaml.raw,
    );
    assert.ok(!(yaml.body.diagnostics as { code: string }[]).some((d) => d.code === 'secret-not-found'), 'the reference resolves');
    for (const file of ['bad.postgres.json', 'conns.json', 'kinds.json', '.env', 'conf/aws.yaml'])
      await call('check_file', { file, resolve: true });
    for (const file of ['missing.json', '/etc/passwd', '../outside.json', 'conf']) {
      assert.equal((await call('check_file', { file })).isError, true, file);
    }

    // find_references through the index.
    const refs = await call('find_references', { store: 'bao', path: `agent/${NAME_MARK}/db` });
    assert.deepEqual(
      (refs.body.references as { file: string; key: string }[]).map((r) => `${r.file} ${r.key}`),
      ['.env nested', 'app.yaml password'],
    );
    const awsRefs = await call('find_references', { store: 'aws', path: `agent/${run}/json`, key: 'password' });
    assert.equal((awsRefs.body.references as unknown[]).length, 1);
    assert.deepEqual((await call('find_references', { store: 'bao', path: 'nothing/here' })).body.references, []);

    // insert_reference: replaces the inline YAML secret with a reference; the value leaves the file, not through the tool.
    const line = fs.readFileSync(path.join(ws, 'app.yaml'), 'utf8').split('\n')[1];
    const inserted = await call('insert_reference', {
      file: 'app.yaml',
      line: 2,
      column: line.indexOf('inline') + 1,
      endLine: 2,
      endColumn: line.length + 1,
      store: 'bao',
      path: `agent/${NAME_MARK}/db`,
      key: 'password',
    });
    assert.equal(inserted.isError, false, inserted.raw);
    assert.ok(!fs.readFileSync(path.join(ws, 'app.yaml'), 'utf8').includes(CANARY), 'the inline value was replaced');
    assert.equal(
      (await call('insert_reference', { file: 'app.yaml', line: 99, column: 1, store: 'bao', path: 'a', key: 'b' })).isError,
      true,
    );
    assert.equal((await call('insert_reference', { file: 'app.yaml', line: 1, column: 1, store: 'aws', path: 'bad name!' })).isError, true);

    // propose_migration: the plan in names, the command to run; nothing written to any store.
    const before = await listAwsNames();
    const proposed = await call('propose_migration', { file: 'conns.json', store: 'bao' });
    assert.equal(proposed.isError, false, proposed.raw);
    const decision = proposed.body.decision as { status: string; command: string };
    assert.equal(decision.status, 'proposed');
    assert.match(decision.command, /secretref migrate conns\.json --store bao --stores /);
    const plan = proposed.body.plan as { connections: { name: string; secretPath: string; fields: unknown[] }[] };
    assert.deepEqual(
      plan.connections.map((c) => c.name),
      ['pg', `snow-${NAME_MARK}`],
    );
    assert.equal(
      (await vaultApi(testEnvironment().vault, TOKEN, 'GET', 'secret/metadata/secretref?list=true').catch(() => null)) ?? null,
      null,
    );
    const awsPlan = await call('propose_migration', { file: 'conns.json', store: 'aws' });
    assert.equal(awsPlan.isError, true, 'an AWS plan needs a role');
    assert.match(String(awsPlan.body.error), /no role for Monte Carlo to assume/);
    const role = 'arn:aws:iam::123456789012:role/mc-secrets';
    const withRole = await call('propose_migration', { file: 'conns.json', store: 'aws', assumableRole: role });
    assert.equal(withRole.isError, false, withRole.raw);
    assert.match(
      (withRole.body.decision as { command: string }).command,
      /--store aws .*--assumable-role arn:aws:iam::123456789012:role\/mc-secrets/,
    );
    assert.deepEqual(await listAwsNames(), before, 'no secret was created');
    assert.match(fs.readFileSync(path.join(ws, 'conns.json'), 'utf8'), new RegExp(`inline-conn-${CANARY}`), 'the file is untouched');
    for (const args of [
      { file: 'bad.postgres.json', store: 'bao' },
      { file: 'conns.json', store: 'bao', connections: ['nope'] },
      { file: 'x.json', store: 'bao' },
    ]) {
      assert.equal((await call('propose_migration', args)).isError, true, JSON.stringify(args));
    }

    // Not one canary, token or key anywhere; the positive control: the values are really in the stores and files.
    const seen = [...outputs, stderr].join('\n');
    // Kept with the run's logs for reading: what an agent got back.
    fs.writeFileSync(path.join(testEnvironment().runDir, 'agentTools.mcp-answers.txt'), seen);
    const canaries = [CANARY, TOKEN, LIMITED_TOKEN, AWS_KEYS.id, AWS_KEYS.secret, seed.canary, testEnvironment().vault.rootToken];
    for (const canary of canaries) assert.ok(!seen.includes(canary), `"${canary}" reached the agent`);
    assert.ok(seen.includes(NAME_MARK), 'names holding the marker did come out (the search can see them)');
    assert.ok(fs.readFileSync(path.join(ws, 'prod.postgres.json'), 'utf8').includes(CANARY));
    const stored = await vaultApi(testEnvironment().vault, TOKEN, 'GET', `secret/data/agent/${NAME_MARK}/db`);
    assert.ok(JSON.stringify(stored).includes(CANARY), 'the store holds the canary the tools read');
    assert.ok(outputs.length >= 39, `${outputs.length} tool answers searched`);
  });
});

async function listAwsNames(): Promise<string[]> {
  const page = await testAwsClient(testEnvironment().aws.endpoint).send(new ListSecretsCommand({ MaxResults: 100 }));
  return (page.SecretList ?? []).map((s) => s.Name ?? '').sort();
}

describe("secretref mcp: repository store configs under the CLI's trust rule", function () {
  this.timeout(60_000);
  let ws: string;
  beforeEach(() => {
    const env = testEnvironment();
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-mcp-trust-'));
    fs.mkdirSync(path.join(ws, '.vscode'));
    // The repository's own settings: a plain Vault config, and an AWS one that chooses a role for your credentials.
    fs.writeFileSync(
      path.join(ws, '.vscode', 'settings.json'),
      JSON.stringify({
        'secretref.stores': [
          { name: 'repo-bao', kind: 'vault', url: env.vault.address, auth: 'token' },
          { name: 'repo-role', kind: 'aws', region: AWS_REGION, auth: 'default', roleArn: 'arn:aws:iam::123456789012:role/theirs' },
        ],
      }),
    );
  });
  afterEach(() => fs.rmSync(ws, { recursive: true, force: true }));

  async function storesListed(extra: string[]): Promise<{ names: string[]; stderr: string }> {
    let stderr = '';
    const client = new Client({ name: 'secretref-trust-test', version: '1.0.0' });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'mcp', ...extra],
      cwd: ws,
      stderr: 'pipe',
      env: { PATH: process.env.PATH ?? '', HOME: ws, SECRETREF_STATE_DIR: path.join(ws, '.state') },
    });
    (transport.stderr as Readable | null)?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    await client.connect(transport);
    try {
      const body = JSON.parse(text(await client.callTool({ name: 'list_store_configs', arguments: {} }))) as {
        stores: { name: string; source: string }[];
      };
      return { names: body.stores.map((s) => `${s.name}:${s.source}`), stderr };
    } finally {
      await client.close();
    }
  }

  it('leaves out a repository config that chooses how your credentials are used, unless --trust-repo-store names it', async () => {
    const plain = await storesListed([]);
    assert.deepEqual(plain.names, ['repo-bao:workspace']);
    assert.match(
      plain.stderr,
      /left out: store config "repo-role" comes from the repository's \.vscode\/settings\.json and chooses how your shell's credentials are used \(roleArn/,
    );
    assert.match(plain.stderr, /secretref mcp --trust-repo-store repo-role/);
    const trusted = await storesListed(['--trust-repo-store', 'repo-role']);
    assert.deepEqual(trusted.names, ['repo-bao:workspace', 'repo-role:cli']);
  });
});
