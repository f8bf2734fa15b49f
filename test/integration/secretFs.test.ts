// Editing a secret as a JSON document (`secretref:` file system) against live OpenBao and moto: open,
// save as a new version, a save refused because the store moved on (nothing lost, newer value offered
// in a diff), invalid JSON refused, read-only version snapshots.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PutSecretValueCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { testAwsClient } from '../support/seed';
import { vaultApi } from '../support/stores';
import { testEnvironment } from '../support/testEnv';

const STORES = { vault: 'it-fs-vault', aws: 'it-fs-aws' } as const;

suite('secret documents (secretref: file system)', function () {
  this.timeout(120_000);

  suiteSetup(async () => {
    const { vault, aws } = testEnvironment();
    await vaultApi(vault, vault.rootToken, 'POST', 'secret/data/fs-it/doc', { data: { user: 'alice', password: 'first' } });
    const client = testAwsClient(aws.endpoint);
    const { CreateSecretCommand } = await import('@aws-sdk/client-secrets-manager');
    try {
      await client.send(new CreateSecretCommand({ Name: 'fs-it/doc', SecretString: JSON.stringify({ user: 'bob', password: 'first' }) }));
    } finally {
      client.destroy();
    }
    await vscode.extensions.getExtension('secretref.secretref')?.activate();
    const settings = vscode.workspace.getConfiguration('secretref');
    const names = new Set<string>(Object.values(STORES));
    const others = (settings.inspect<{ name: string }[]>('stores')?.globalValue ?? []).filter((c) => !names.has(c.name));
    await settings.update(
      'stores',
      [
        ...others,
        { kind: 'vault', name: STORES.vault, url: vault.address, enginePath: 'secret', auth: 'token' },
        { kind: 'aws', name: STORES.aws, region: aws.region, endpoint: aws.endpoint, auth: 'accessKey' },
      ],
      vscode.ConfigurationTarget.Global,
    );
    await vscode.commands.executeCommand('secretref.signInToStore', STORES.vault, { token: vault.rootToken });
    await vscode.commands.executeCommand('secretref.signInToStore', STORES.aws, { accessKeyId: 'testing', secretAccessKey: 'testing' });
  });

  suiteTeardown(async () => {
    const settings = vscode.workspace.getConfiguration('secretref');
    const names = new Set<string>(Object.values(STORES));
    const others = (settings.inspect<{ name: string }[]>('stores')?.globalValue ?? []).filter((c) => !names.has(c.name));
    await settings.update('stores', others, vscode.ConfigurationTarget.Global);
  });

  teardown(async () => {
    // Revert refused edits first: closing a dirty editor would ask whether to save.
    for (const document of vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'secretref' && d.isDirty)) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const uri = (store: string, path: string, query = '') => vscode.Uri.from({ scheme: 'secretref', path: `/${store}/${path}.json`, query });

  async function vaultCurrent(path: string): Promise<{ version: number; data: Record<string, string> }> {
    const { vault } = testEnvironment();
    const response = await vaultApi(vault, vault.rootToken, 'GET', `secret/data/${path}`);
    return { version: response.data.metadata.version, data: response.data.data };
  }

  async function awsCurrent(name: string): Promise<{ version: string; data: Record<string, string> }> {
    const client = testAwsClient(testEnvironment().aws.endpoint);
    try {
      const response = await client.send(new GetSecretValueCommand({ SecretId: name }));
      return { version: response.VersionId!, data: JSON.parse(response.SecretString!) };
    } finally {
      client.destroy();
    }
  }

  async function edit(document: vscode.TextDocument, data: unknown): Promise<void> {
    const editor = await vscode.window.showTextDocument(document);
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    assert.ok(await editor.edit((e) => e.replace(whole, typeof data === 'string' ? data : `${JSON.stringify(data, null, 2)}\n`)));
  }

  test('opens the current version as formatted JSON', async () => {
    const document = await vscode.workspace.openTextDocument(uri(STORES.vault, 'fs-it/doc'));
    assert.deepEqual(JSON.parse(document.getText()), { user: 'alice', password: 'first' });
    assert.match(document.getText(), /^\{\n  "(user|password)": "[^"]+",\n  "(user|password)": "[^"]+"\n\}\n$/, 'formatted, two-space indent');
    const aws = await vscode.workspace.openTextDocument(uri(STORES.aws, 'fs-it/doc'));
    assert.deepEqual(JSON.parse(aws.getText()), { user: 'bob', password: 'first' });
  });

  test('Vault: saving writes a new version', async () => {
    const before = await vaultCurrent('fs-it/doc');
    const document = await vscode.workspace.openTextDocument(uri(STORES.vault, 'fs-it/doc'));
    await edit(document, { user: 'alice', password: 'second' });
    assert.equal(await document.save(), true);
    const after = await vaultCurrent('fs-it/doc');
    assert.equal(after.version, before.version + 1);
    assert.deepEqual(after.data, { user: 'alice', password: 'second' });
  });

  test('Vault: a save over a newer version is refused, nothing is lost, the newer value is offered', async () => {
    const { vault } = testEnvironment();
    const document = await vscode.workspace.openTextDocument(uri(STORES.vault, 'fs-it/doc'));
    const opened = await vaultCurrent('fs-it/doc');
    // Someone else writes meanwhile.
    await vaultApi(vault, vault.rootToken, 'POST', 'secret/data/fs-it/doc', { data: { user: 'alice', password: 'theirs' } });
    await edit(document, { user: 'alice', password: 'mine' });
    assert.equal(await document.save(), false, 'the save is refused');
    const stored = await vaultCurrent('fs-it/doc');
    assert.equal(stored.version, opened.version + 1);
    assert.deepEqual(stored.data, { user: 'alice', password: 'theirs' }, 'their version is untouched');
    assert.equal(document.isDirty, true, 'my edits stay in the editor');
    assert.deepEqual(JSON.parse(document.getText()), { user: 'alice', password: 'mine' });

    const snapshot = (await vscode.commands.executeCommand('secretref.secretFs.compareWithStore', document.uri)) as vscode.Uri;
    assert.equal(snapshot.query, `version=${stored.version}`);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, 'a diff editor opened');
    assert.equal(tab.input.original.toString(), snapshot.toString());
    assert.equal(tab.input.modified.toString(), document.uri.toString());
    const theirs = await vscode.workspace.openTextDocument(snapshot);
    assert.deepEqual(JSON.parse(theirs.getText()), { user: 'alice', password: 'theirs' });

    // Having seen their version, saving writes on top of it.
    assert.equal(await document.save(), true);
    const merged = await vaultCurrent('fs-it/doc');
    assert.equal(merged.version, stored.version + 1);
    assert.deepEqual(merged.data, { user: 'alice', password: 'mine' });
  });

  test('AWS: saving checks the version id; a newer AWSCURRENT refuses the save', async () => {
    const { aws } = testEnvironment();
    const document = await vscode.workspace.openTextDocument(uri(STORES.aws, 'fs-it/doc'));
    await edit(document, { user: 'bob', password: 'second' });
    assert.equal(await document.save(), true);
    const saved = await awsCurrent('fs-it/doc');
    assert.deepEqual(saved.data, { user: 'bob', password: 'second' });

    const client = testAwsClient(aws.endpoint);
    try {
      await client.send(new PutSecretValueCommand({ SecretId: 'fs-it/doc', SecretString: JSON.stringify({ user: 'bob', password: 'theirs' }) }));
    } finally {
      client.destroy();
    }
    const theirs = await awsCurrent('fs-it/doc');
    await edit(document, { user: 'bob', password: 'mine' });
    assert.equal(await document.save(), false, 'the save is refused');
    assert.deepEqual((await awsCurrent('fs-it/doc')).data, { user: 'bob', password: 'theirs' });
    assert.equal(document.isDirty, true);
    const snapshot = (await vscode.commands.executeCommand('secretref.secretFs.compareWithStore', document.uri)) as vscode.Uri;
    assert.equal(snapshot.query, `version=${encodeURIComponent(theirs.version)}`);
  });

  test('invalid JSON is refused without writing and without echoing the text', async () => {
    const before = await vaultCurrent('fs-it/doc');
    const document = await vscode.workspace.openTextDocument(uri(STORES.vault, 'fs-it/doc'));
    await edit(document, '{ "user": "alice", "password": "oops-not-closed\n');
    assert.equal(await document.save(), false);
    assert.equal((await vaultCurrent('fs-it/doc')).version, before.version);
  });

  test('a version snapshot is read-only', async () => {
    const current = await vaultCurrent('fs-it/doc');
    const snapshot = uri(STORES.vault, 'fs-it/doc', `version=${current.version}`);
    const stat = await vscode.workspace.fs.stat(snapshot);
    assert.equal(stat.permissions, vscode.FilePermission.Readonly);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(snapshot, new TextEncoder().encode('{}'))), /read-only/);
  });

  test('the Secrets view opens a secret as a document', async () => {
    const editor = (await vscode.commands.executeCommand('secretref.secretFs.open', STORES.vault, 'fs-it/doc')) as vscode.TextEditor;
    assert.equal(editor.document.uri.toString(), uri(STORES.vault, 'fs-it/doc').toString());
    assert.equal(JSON.parse(editor.document.getText()).user, 'alice');
  });
});
