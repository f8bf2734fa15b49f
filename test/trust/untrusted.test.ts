// Workspace Trust, live (issue 14): this window runs with Workspace Trust on and its workspace is not
// trusted (Restricted Mode). The workspace's settings name store configs at recording proxies, and so
// do the user's (signed in, with a token): no store is contacted, and every command that writes
// refuses in words. Positive control: the recorders record what is sent to them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { credentialedRequests, describeRequests } from '../support/credentialLeaks';
import { FaultProxy, startFaultProxy } from '../support/faultProxy';
import { testEnvironment } from '../support/testEnv';
import { waitFor } from '../support/waitFor';

const TOKEN = `trust-layer-token-${process.pid}`;
const SENTINEL = 37;

interface Stores {
  configs(): { name: string; source: string }[];
  config(name: string): { source: string } | undefined;
  read(store: string, path: string, options?: { fresh?: boolean }): Promise<unknown>;
  list(store: string): Promise<unknown>;
}

suite('Workspace Trust: an untrusted window contacts no store, and every write refuses in words', function () {
  this.timeout(120_000);
  const settings = () => vscode.workspace.getConfiguration('secretref');
  let recVault: FaultProxy;
  let recAws: FaultProxy;
  let stores: Stores;
  const requests = () => [...recVault.requests, ...recAws.requests];

  suiteSetup(async () => {
    const { vault, aws } = testEnvironment();
    assert.equal(vscode.workspace.isTrusted, false, 'the window is in Restricted Mode');
    const extension = vscode.extensions.getExtension('secretref.secretref');
    assert.ok(extension);
    await extension.activate();
    stores = (extension.exports as { services: { stores: Stores } }).services.stores;
    recVault = await startFaultProxy({ target: vault.address, lifetimeMs: 300_000 });
    recAws = await startFaultProxy({ target: aws.endpoint, lifetimeMs: 300_000 });
    // The repository's settings: its own store configs at the recorders (and a harmless sentinel that
    // shows VS Code has read the file; restricted settings are hidden from extensions here).
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
    fs.writeFileSync(
      path.join(folder, '.vscode', 'settings.json'),
      JSON.stringify(
        {
          'secretref.views.pageSize': SENTINEL,
          'secretref.stores': [
            { kind: 'vault', name: 'tr-ws-vault', url: recVault.url, enginePath: 'secret', auth: 'token' },
            { kind: 'aws', name: 'tr-ws-aws', region: aws.region, endpoint: recAws.url, auth: 'default' },
          ],
        },
        null,
        2,
      ),
    );
    // The user's own configs at the recorders too, signed in: not contacted either, until trusted.
    await settings().update(
      'stores',
      [
        { kind: 'vault', name: 'tr-user-vault', url: recVault.url, enginePath: 'secret', auth: 'token' },
        { kind: 'aws', name: 'tr-user-aws', region: aws.region, endpoint: recAws.url, auth: 'accessKey' },
      ],
      vscode.ConfigurationTarget.Global,
    );
    await waitFor('VS Code to read the workspace settings', () =>
      settings().inspect('views.pageSize')?.workspaceValue === SENTINEL ? true : undefined,
    );
    await waitFor('the user configs', () => (stores.config('tr-user-aws') ? true : undefined));
    assert.equal(await vscode.commands.executeCommand('secretref.signInToStore', 'tr-user-vault', { token: TOKEN }), true);
    assert.equal(
      await vscode.commands.executeCommand('secretref.signInToStore', 'tr-user-aws', {
        accessKeyId: 'AKIATRUSTLAYER000001',
        secretAccessKey: 'trust-layer-secret-key',
      }),
      true,
    );
  });

  suiteTeardown(async () => {
    await settings().update('stores', undefined, vscode.ConfigurationTarget.Global);
    await Promise.all([recVault?.close(), recAws?.close()]);
  });

  test('positive control: the recorders record a request and its token', async () => {
    const before = recVault.requests.length;
    await fetch(`${recVault.url}/v1/sys/health`, { headers: { 'X-Vault-Token': 'control-token' } });
    const seen = recVault.requests.slice(before);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].headers['x-vault-token'], 'control-token');
    recVault.requests.length = 0;
  });

  test('no store is contacted: reads, listings, hover, completion, both views, connection checks', async () => {
    assert.deepEqual(
      stores
        .configs()
        .filter((c) => c.source !== 'user')
        .map((c) => c.name),
      [],
      "the workspace's configs are ignored",
    );
    for (const name of ['tr-user-vault', 'tr-user-aws']) {
      const error = (await stores.read(name, 'oracle', { fresh: true }).then(
        () => undefined,
        (e: { kind?: string; message: string }) => e,
      ))!;
      assert.equal(error.kind, 'untrusted', `${name}: ${error.message}`);
      assert.match(error.message, /This workspace is not trusted, so no secret store is contacted/);
      await stores.list(name).catch(() => undefined);
      await vscode.commands.executeCommand('secretref.testStoreConnection', name);
      await vscode.commands.executeCommand('secretref.views.checkStore', name);
    }
    const document = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content: 'a: vault.secret(tr-user-vault:oracle.password)\nb: vault.secret(tr-ws-vault:apps/\n',
    });
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand(
      'vscode.executeHoverProvider',
      document.uri,
      document.positionAt(document.getText().indexOf('oracle')),
    );
    await vscode.commands.executeCommand(
      'vscode.executeCompletionItemProvider',
      document.uri,
      document.positionAt(document.getText().indexOf('apps/') + 5),
    );
    await vscode.commands.executeCommand('secretref.references.revealValue', document.uri.toString(), document.getText().indexOf('oracle'));
    const api = (await vscode.commands.executeCommand('secretref.views.testApi')) as {
      secrets: { getChildren(node?: unknown): Promise<unknown[]> };
      model: { reload(): void };
    };
    api.model.reload();
    for (const root of await api.secrets.getChildren()) await api.secrets.getChildren(root);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    assert.equal(describeRequests(requests()), 'none', 'the recorders received nothing');
  });

  test('every command that writes refuses, in words, and sends nothing', async () => {
    const said: string[] = [];
    const window = vscode.window as unknown as Record<
      'showWarningMessage' | 'showErrorMessage' | 'showInformationMessage',
      (...args: unknown[]) => Thenable<unknown>
    >;
    const originals = { warn: window.showWarningMessage, error: window.showErrorMessage, info: window.showInformationMessage };
    const record = (message: unknown) => {
      said.push(String(message));
      return Promise.resolve(undefined);
    };
    window.showWarningMessage = record;
    window.showErrorMessage = record;
    window.showInformationMessage = record;
    const node = { type: 'secret', id: 'tr-user-vault/apps/db', store: 'tr-user-vault', path: 'apps/db', label: 'db' };
    const version = { ...node, type: 'version', id: 'tr-user-vault/apps/db@1', info: { version: '1' } };
    const folder = { type: 'store', id: 'tr-user-vault', store: 'tr-user-vault' };
    const file = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'trust.snowflake.json');
    fs.writeFileSync(file, JSON.stringify({ user: 'u', password: 'trust-inline-pw', account: 'xy12345' }));
    const commands: [string, string, unknown[]][] = [
      [
        'Write Secret',
        'secretref.writeSecret',
        [{ store: 'tr-user-vault', path: 'apps/db', data: { password: 'pw' }, mode: 'create', reference: 'none', confirmed: true }],
      ],
      [
        'Migrate Connection',
        'secretref.migrateConnection',
        [{ uri: vscode.Uri.file(file).toString(), store: 'tr-user-vault', confirmed: true }],
      ],
      ['New Secret', 'secretref.views.newSecret', [folder, { path: 'apps/new', data: { k: 'v' }, confirmed: true }]],
      ['New Version', 'secretref.views.newVersion', [node, { data: { k: 'v' }, confirmed: true }]],
      ['Delete Version', 'secretref.views.deleteVersion', [version, { confirmed: true }]],
      ['Undelete Version', 'secretref.views.undeleteVersion', [version]],
      ['Destroy Version', 'secretref.views.destroyVersion', [version, { confirmed: true }]],
      ['Delete All Versions', 'secretref.views.deleteAllVersions', [node, { confirmed: true }]],
      [
        'Delete Secret',
        'secretref.views.deleteSecret',
        [
          { ...node, store: 'tr-user-aws' },
          { confirmed: true, recoveryWindowDays: 7 },
        ],
      ],
      ['Restore Secret', 'secretref.views.restoreSecret', [{ ...node, store: 'tr-user-aws' }]],
    ];
    try {
      for (const [action, id, args] of commands) {
        said.length = 0;
        const result = await vscode.commands.executeCommand(id, ...args);
        assert.ok(result === undefined || result === false, `${action} returned ${JSON.stringify(result)}`);
        assert.deepEqual(
          said,
          [
            `${action}: this workspace is not trusted (Restricted Mode), so nothing is written to a secret store. Trust the workspace ("Workspaces: Manage Workspace Trust") to write secrets.`,
          ],
          action,
        );
      }
      // A secret document cannot be saved either (the file system provider reaches no store).
      await assert.rejects(
        Promise.resolve(
          vscode.workspace.fs.writeFile(vscode.Uri.parse('secretref:/tr-user-vault/apps/db.json'), new TextEncoder().encode('{"k":"v"}')),
        ),
      );
    } finally {
      window.showWarningMessage = originals.warn;
      window.showErrorMessage = originals.error;
      window.showInformationMessage = originals.info;
      fs.rmSync(file, { force: true });
    }
    assert.equal(
      fs.readFileSync(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.vscode', 'settings.json'), 'utf8').includes('pw'),
      false,
    );
    assert.deepEqual(
      { requests: describeRequests(requests()), credentialed: credentialedRequests(requests()).length },
      { requests: 'none', credentialed: 0 },
    );
  });
});
