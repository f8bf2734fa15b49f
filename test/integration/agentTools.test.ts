// The agent tools as VS Code language-model tools (issue 19 item 3), against live OpenBao and moto:
// vscode.lm.tools lists the six contributed tools, and each is invoked with vscode.lm.invokeTool.
// insert_reference edits the open document (its unsaved text counts; the file on disk is untouched);
// propose_migration opens Migrate Connection's preview and decision, and writes only when the user
// chooses Migrate there (Cancel: nothing written; Migrate: the secret exists, the document holds a
// reference). No canary planted in the stores or inline in the files reaches any tool result.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StoreManager } from '../../src/core/stores/types';
import { vaultApi } from '../support/stores';
import { seedData, testEnvironment } from '../support/testEnv';
import { waitFor } from '../support/waitFor';
import { openFileIn } from './editorQueries';

const EXTENSION_ID = 'secretref.secretref';
const VAULT = 'agent-bao';
const AWS = 'agent-aws';
const TOOLS = ['list_store_configs', 'list_secrets', 'check_file', 'find_references', 'insert_reference', 'propose_migration'];

suite('agent tools (language-model tools)', () => {
  const id = randomBytes(4).toString('hex');
  const CANARY = `lmcanary${id}`;
  let stores: StoreManager;
  let decisions: { waiting: boolean };
  let dir: string;
  let relDir: string;
  const answers: string[] = [];

  async function invoke(name: string, input: Record<string, unknown>): Promise<{ body: Record<string, unknown>; text: string }> {
    const result = await vscode.lm.invokeTool(`secretref_${name}`, { input, toolInvocationToken: undefined });
    const text = result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
    answers.push(text);
    return { body: JSON.parse(text) as Record<string, unknown>, text };
  }

  suiteSetup(async function () {
    this.timeout(60_000);
    const api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as {
      services: { stores: StoreManager };
      migration: { migrationDecisions: { waiting: boolean } };
    };
    stores = api.services.stores;
    decisions = api.migration.migrationDecisions;
    const env = testEnvironment();
    await vaultApi(env.vault, env.vault.rootToken, 'POST', `secret/data/agent-it/${id}/db`, {
      data: { password: `kv-${CANARY}`, user: 'svc' },
    });
    await vscode.workspace.getConfiguration('secretref').update(
      'stores',
      [
        { kind: 'vault', name: VAULT, url: env.vault.address, enginePath: 'secret', auth: 'token' },
        { kind: 'aws', name: AWS, region: env.aws.region, endpoint: env.aws.endpoint, auth: 'accessKey' },
      ],
      vscode.ConfigurationTarget.Global,
    );
    await waitFor('the store configs to load', () => (stores.config(VAULT) && stores.config(AWS) ? true : undefined));
    assert.equal(await vscode.commands.executeCommand('secretref.signInToStore', VAULT, { token: env.vault.rootToken }), true);
    assert.equal(
      await vscode.commands.executeCommand('secretref.signInToStore', AWS, { accessKeyId: 'testing', secretAccessKey: 'testing' }),
      true,
    );
    relDir = `agent-tools-${id}`;
    dir = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, relDir);
    fs.mkdirSync(dir, { recursive: true });
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const name of [VAULT, AWS]) await vscode.commands.executeCommand('secretref.signOutOfStore', name);
    await vscode.workspace.getConfiguration('secretref').update('stores', undefined, vscode.ConfigurationTarget.Global);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('vscode.lm.tools lists the six tools with their schemas', () => {
    const listed = vscode.lm.tools.filter((tool) => tool.name.startsWith('secretref_'));
    assert.deepEqual(listed.map((tool) => tool.name).sort(), TOOLS.map((name) => `secretref_${name}`).sort());
    const insert = listed.find((tool) => tool.name === 'secretref_insert_reference')!;
    assert.deepEqual((insert.inputSchema as { required: string[] }).required, ['file', 'line', 'column', 'store', 'path']);
  });

  test('every tool through vscode.lm.invokeTool: names only, unsaved text counts, a migration only on Migrate', async function () {
    this.timeout(90_000);
    const seed = seedData();
    const configs = await invoke('list_store_configs', {});
    assert.deepEqual(
      (configs.body.stores as { name: string }[]).map((s) => s.name).filter((n) => n === VAULT || n === AWS),
      [VAULT, AWS],
    );
    const keys = await invoke('list_secrets', { store: VAULT, secret: `agent-it/${id}/db` });
    assert.deepEqual((keys.body.keys as string[]).sort(), ['password', 'user']);
    assert.deepEqual(((await invoke('list_secrets', { store: AWS, secret: 'postgresSecrets' })).body.keys as string[]).sort(), [
      'db_name',
      'host',
      'password',
      'port',
      'user',
    ]);
    assert.match(String((await invoke('list_secrets', { store: VAULT, secret: `agent-it/${id}/missing` })).body.error), /Nothing exists/);

    // A file with an inline canary, edited in the editor and not saved: the tools see the unsaved text.
    const original = `db:\n  user: svc\n`;
    const document = await openFileIn(dir, 'app.yaml', original);
    const unsaved = new vscode.WorkspaceEdit();
    unsaved.insert(document.uri, new vscode.Position(2, 0), `  password: inline-${CANARY}\n`);
    assert.ok(await vscode.workspace.applyEdit(unsaved));
    const checked = await invoke('check_file', { file: `${relDir}/app.yaml` });
    assert.ok(
      (checked.body.diagnostics as { code: string; line: number }[]).some((d) => d.code === 'inline-secret' && d.line === 3),
      checked.text,
    );

    // insert_reference replaces the inline value in the document; the disk keeps the saved text.
    const line = document.lineAt(2).text;
    const inserted = await invoke('insert_reference', {
      file: `${relDir}/app.yaml`,
      line: 3,
      column: line.indexOf('inline') + 1,
      endLine: 3,
      endColumn: line.length + 1,
      store: VAULT,
      path: `agent-it/${id}/db`,
      key: 'password',
    });
    assert.equal(inserted.body.reference, `vault.secret(${VAULT}:agent-it/${id}/db.password)`, inserted.text);
    assert.equal(document.lineAt(2).text, `  password: vault.secret(${VAULT}:agent-it/${id}/db.password)`);
    assert.ok(document.isDirty);
    assert.equal(fs.readFileSync(path.join(dir, 'app.yaml'), 'utf8'), original);
    await document.save();
    const resolved = await invoke('check_file', { file: `${relDir}/app.yaml`, resolve: true });
    assert.ok(!(resolved.body.diagnostics as { code: string }[]).some((d) => d.code === 'secret-not-found'), resolved.text);
    const refs = await waitFor('the index to hold the new reference', async () => {
      const found = await invoke('find_references', { store: VAULT, path: `agent-it/${id}/db` });
      return (found.body.references as unknown[]).length === 1 ? found : undefined;
    });
    assert.equal((refs.body.references as { file: string }[])[0].file, `${relDir}/app.yaml`);

    // propose_migration: the plan opens; Cancel writes nothing, Migrate migrates.
    const creds = { host: 'h', port: '5432', db_name: 'd', user: 'u', password: `pg-${CANARY}` };
    const pg = await openFileIn(dir, 'prod.postgres.json', JSON.stringify(creds, null, 2) + '\n');
    const propose = () => invoke('propose_migration', { file: `${relDir}/prod.postgres.json`, store: VAULT });
    const cancelled = propose();
    await waitFor('the plan to wait for a decision', () => (decisions.waiting ? true : undefined));
    assert.equal(await vscode.commands.executeCommand('secretref.migration.cancel'), true);
    const no = await cancelled;
    assert.equal((no.body.decision as { status: string }).status, 'cancelled', no.text);
    assert.ok(pg.getText().includes(`pg-${CANARY}`), 'the file is unchanged');
    const secretPath = (no.body.plan as { connections: { secretPath: string }[] }).connections[0].secretPath;
    await assert.rejects(stores.read(VAULT, secretPath, { fresh: true }), /Nothing exists/);
    const accepted = propose();
    await waitFor('the plan to wait for a decision', () => (decisions.waiting ? true : undefined));
    assert.equal(await vscode.commands.executeCommand('secretref.migration.accept'), true);
    const yes = await accepted;
    const decision = yes.body.decision as { status: string; outcomes: { status: string; secretPath: string }[] };
    assert.equal(decision.status, 'migrated', yes.text);
    assert.deepEqual(
      decision.outcomes.map((o) => o.status),
      ['migrated'],
    );
    assert.equal(
      await stores.readKey(VAULT, secretPath, 'password', { fresh: true }),
      `pg-${CANARY}`,
      'the positive control: the value is in the store',
    );
    assert.ok(!pg.getText().includes(CANARY), 'the document holds a reference now');

    const seen = answers.join('\n');
    for (const canary of [CANARY, seed.canary, testEnvironment().vault.rootToken])
      assert.ok(!seen.includes(canary), `"${canary}" reached a tool result`);
    assert.ok(seen.includes(`agent-it/${id}/db`), 'names do come out');
  });
});
