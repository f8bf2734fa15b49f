// Editing a secret as a JSON document (`secretref:` file system) against live OpenBao and moto: open,
// save as a new version, a save refused because the store moved on (nothing lost, newer value offered
// in a diff), invalid JSON refused in words, read-only version snapshots, and no write but an explicit save
// (the workbench's real auto-save timer is let run against a secret document).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PutSecretValueCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { testAwsClient } from '../support/seed';
import { vaultApi } from '../support/stores';
import { testEnvironment } from '../support/testEnv';
import { waitFor } from '../support/waitFor';

interface SaveFailure {
  uri: vscode.Uri;
  kind: string;
  message: string;
}
interface SecretFsTestApi {
  secretFs: { provider: { onDidFailSave: vscode.Event<SaveFailure> } };
}

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

  const uri = (store: string, path: string, query = '') =>
    vscode.Uri.from({ scheme: 'secretref', path: `/${store}/${path}.secretref.json`, query });
  const api = () => vscode.extensions.getExtension<SecretFsTestApi>('secretref.secretref')!.exports;

  /** Collects what happens to saves of one document from now on: will-save reasons, refusals, saves. */
  function watchSaves(document: vscode.TextDocument) {
    const same = (u: vscode.Uri) => u.toString() === document.uri.toString();
    const seen = { reasons: [] as vscode.TextDocumentSaveReason[], failures: [] as SaveFailure[], saved: 0 };
    const subscriptions = [
      vscode.workspace.onWillSaveTextDocument((e) => same(e.document.uri) && seen.reasons.push(e.reason)),
      vscode.workspace.onDidSaveTextDocument((d) => same(d.uri) && seen.saved++),
      api().secretFs.provider.onDidFailSave((f) => same(f.uri) && seen.failures.push(f)),
    ];
    return { seen, dispose: () => subscriptions.forEach((s) => s.dispose()) };
  }

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
    assert.match(
      document.getText(),
      /^\{\n  "(user|password)": "[^"]+",\n  "(user|password)": "[^"]+"\n\}\n$/,
      'formatted, two-space indent',
    );
    const aws = await vscode.workspace.openTextDocument(uri(STORES.aws, 'fs-it/doc'));
    assert.deepEqual(JSON.parse(aws.getText()), { user: 'bob', password: 'first' });
  });

  test('a secret document is JSON in its own language, with auto-save off by default', async () => {
    const document = await vscode.workspace.openTextDocument(uri(STORES.vault, 'fs-it/doc'));
    assert.equal(document.languageId, 'secretref-secret');
    assert.equal(vscode.workspace.getConfiguration('files', document).get('autoSave'), 'off');
    // The browser workbench auto-saves other JSON documents after a delay by default; not secrets.
    if (vscode.env.uiKind === vscode.UIKind.Web)
      assert.equal(vscode.workspace.getConfiguration('files', { languageId: 'json' }).get('autoSave'), 'afterDelay');
  });

  test('auto-save never writes a secret: the real auto-save timer is refused, only an explicit save writes', async () => {
    const before = await vaultCurrent('fs-it/doc');
    // The user turned auto-save back on for secret documents: the provider must still refuse it.
    const config = vscode.workspace.getConfiguration();
    await config.update('[secretref-secret]', { 'files.autoSave': 'afterDelay' }, vscode.ConfigurationTarget.Global);
    const document = await vscode.workspace.openTextDocument(uri(STORES.vault, 'fs-it/doc'));
    const watch = watchSaves(document);
    try {
      assert.equal(vscode.workspace.getConfiguration('files', document).get('autoSave'), 'afterDelay');
      const editor = await vscode.window.showTextDocument(document);
      // Half-typed: the user pauses in the middle of a value.
      const end = document.positionAt(document.getText().lastIndexOf('}'));
      assert.ok(await editor.edit((e) => e.insert(end, '  , "role": "ADM"\n')));
      await waitFor(
        'the workbench auto-saving after its delay',
        () => (watch.seen.reasons.includes(vscode.TextDocumentSaveReason.AfterDelay) ? true : undefined),
        { timeoutMs: 20_000 },
      );
      await waitFor('the auto-save attempt to end', () => (watch.seen.failures.length > 0 || watch.seen.saved > 0 ? true : undefined), {
        timeoutMs: 20_000,
      });
      assert.equal(watch.seen.saved, 0, 'the auto-save did not complete');
      assert.equal(watch.seen.failures[0].kind, 'not-requested');
      assert.match(watch.seen.failures[0].message, /only when you save it yourself \(Ctrl\+S/);
      assert.equal((await vaultCurrent('fs-it/doc')).version, before.version, 'no version written by auto-save');
      assert.equal(document.isDirty, true, 'the edits stay in the editor');

      await editor.edit((e) =>
        e.replace(
          new vscode.Range(0, 0, document.lineCount, 0),
          `${JSON.stringify({ user: 'alice', password: 'explicit', role: 'ADMIN' }, null, 2)}\n`,
        ),
      );
      assert.equal(await document.save(), true, 'an explicit save writes');
      assert.equal(document.isDirty, false);
      const after = await vaultCurrent('fs-it/doc');
      assert.equal(after.version, before.version + 1, 'exactly one new version');
      assert.deepEqual(after.data, { user: 'alice', password: 'explicit', role: 'ADMIN' });
    } finally {
      watch.dispose();
      await config.update('[secretref-secret]', undefined, vscode.ConfigurationTarget.Global);
    }
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
      await client.send(
        new PutSecretValueCommand({ SecretId: 'fs-it/doc', SecretString: JSON.stringify({ user: 'bob', password: 'theirs' }) }),
      );
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

  test('invalid JSON is refused in words, without writing or echoing the text; fixed, it saves and the tab is clean', async () => {
    const before = await vaultCurrent('fs-it/doc');
    const document = await vscode.workspace.openTextDocument(uri(STORES.vault, 'fs-it/doc'));
    const watch = watchSaves(document);
    try {
      await edit(document, '{ "user": "alice", "password": oops-unquoted }\n');
      assert.equal(await document.save(), false);
      assert.equal((await vaultCurrent('fs-it/doc')).version, before.version);
      const failure = await waitFor('the save failure message', () => watch.seen.failures[0]);
      assert.equal(failure.kind, 'invalid');
      assert.match(
        failure.message,
        /^Not saved: "fs-it\/doc" in store "it-fs-vault" is not valid JSON: unexpected character \(a key or text value needs double quotes\) at line 1, column \d+\./,
      );
      assert.doesNotMatch(failure.message, /InvalidSymbol|FileSystemError|oops/);
      assert.equal(document.isDirty, true);

      await edit(document, '{ "user": "alice", "password": "oops-not-closed\n');
      assert.equal(await document.save(), false);
      await waitFor('the second failure', () => watch.seen.failures[1]);
      assert.match(watch.seen.failures[1].message, /a text value is not closed \(a double quote is missing\) at line 1/);

      await edit(document, { user: 'alice', password: 'fixed' });
      assert.equal(await document.save(), true, 'once fixed, an explicit save writes');
      assert.equal(document.isDirty, false, 'no stuck dirty tab');
      assert.equal((await vaultCurrent('fs-it/doc')).version, before.version + 1);
    } finally {
      watch.dispose();
    }
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
