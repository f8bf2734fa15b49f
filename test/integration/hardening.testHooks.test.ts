// Test hooks are not API (issue 14 items 8 and 9). With the gate switched to production behaviour
// (what the .vsix gets: ExtensionMode.Production), an options bag that says `confirmed: true` or hands
// in the data to write skips nothing: the confirmation is shown (here answered "cancel") and nothing is
// deleted or written; the internal commands answer nothing. And resolved values stay in the log's
// redaction set only while the resolution session that holds them lives.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ViewsApi } from '../../src/features/views/registerViewFeatures';
import { vaultApi } from '../support/stores';
import { testEnvironment } from '../support/testEnv';
import { waitFor } from '../support/waitFor';
import { secretNodeIn } from './editorQueries';

const STORE = 'it-hooks-vault';

interface Exports {
  simulateProduction(on: boolean): void;
  services: { log: { masks(value: string): boolean }; stores: { refresh(name?: string): void } };
}

suite("hardening: test hooks are reachable only from the extension's own tests", function () {
  this.timeout(120_000);
  const env = () => testEnvironment();
  const settings = () => vscode.workspace.getConfiguration('secretref');
  let exports: Exports;
  let api: ViewsApi;
  const others = () => (settings().inspect<{ name: string }[]>('stores')?.globalValue ?? []).filter((c) => c.name !== STORE);
  const secretNode = (name: string) => secretNodeIn(api, STORE, 'hooks-it', name);

  suiteSetup(async () => {
    const { vault } = env();
    const extension = vscode.extensions.getExtension('secretref.secretref');
    assert.ok(extension);
    await extension.activate();
    exports = extension.exports as Exports;
    api = (await vscode.commands.executeCommand('secretref.views.testApi')) as ViewsApi;
    await settings().update(
      'stores',
      [...others(), { kind: 'vault', name: STORE, url: vault.address, enginePath: 'secret', auth: 'token' }],
      vscode.ConfigurationTarget.Global,
    );
    await waitFor('the hooks store config', () => (api.stores.getChildren().some((n) => n.name === STORE) ? true : undefined));
    assert.equal(await vscode.commands.executeCommand('secretref.signInToStore', STORE, { token: vault.rootToken }), true);
    await vaultApi(vault, vault.rootToken, 'POST', 'secret/data/hooks-it/target', { data: { k: 'keep-me' } });
  });

  suiteTeardown(async () => {
    exports?.simulateProduction(false);
    await vscode.commands.executeCommand('secretref.signOutOfStore', STORE);
    await settings().update('stores', others().length ? others() : undefined, vscode.ConfigurationTarget.Global);
  });

  test("in production, {confirmed: true} does not skip a delete's confirmation, handed-in data writes nothing, internal commands answer nothing", async () => {
    const { vault } = env();
    const node = await secretNode('target');
    const asked: string[] = [];
    const window = vscode.window as { showWarningMessage: (...args: unknown[]) => Thenable<unknown> };
    const original = window.showWarningMessage;
    // Answers every warning with "cancel" (undefined), as a user closing the dialog would.
    window.showWarningMessage = (message: unknown) => {
      asked.push(String(message));
      return Promise.resolve(undefined);
    };
    exports.simulateProduction(true);
    try {
      assert.equal(await vscode.commands.executeCommand('secretref.views.deleteAllVersions', node, { confirmed: true }), false);
      assert.equal(asked.length, 1, 'the confirmation was shown');
      assert.match(asked[0], /hooks-it\/target/);
      const meta = await vaultApi(vault, vault.rootToken, 'GET', 'secret/metadata/hooks-it/target');
      assert.equal((meta as { data: { current_version: number } }).data.current_version, 1, 'nothing was deleted');
      // New Version with handed-in data: the data is dropped (it opens the secret as a document instead).
      await vscode.commands.executeCommand('secretref.views.newVersion', node, { data: { k: 'overwritten' }, confirmed: true });
      const after = await vaultApi(vault, vault.rootToken, 'GET', 'secret/data/hooks-it/target');
      assert.deepEqual((after as { data: { data: unknown } }).data.data, { k: 'keep-me' }, 'nothing was written');
      assert.equal(await vscode.commands.executeCommand('secretref.stores.diagnostics'), undefined);
      assert.equal(await vscode.commands.executeCommand('secretref.views.testApi'), undefined);
    } finally {
      exports.simulateProduction(false);
      window.showWarningMessage = original;
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
    // Positive control: under the extension's own tests the same options do skip the confirmation.
    assert.equal(
      await vscode.commands.executeCommand('secretref.views.deleteAllVersions', await secretNode('target'), { confirmed: true }),
      true,
    );
    await assert.rejects(vaultApi(vault, vault.rootToken, 'GET', 'secret/metadata/hooks-it/target'), /404/);
    assert.ok(await vscode.commands.executeCommand('secretref.stores.diagnostics'));
  });

  test("resolved values leave the log's redaction set with their resolution session", async () => {
    // A value of its own: a count of all masked strings moves with every other session in the window
    // (it fell below its starting point once under load, and the wait never ended).
    const { vault } = env();
    const value = `redact-me-${process.pid}-${Date.now()}`;
    await vaultApi(vault, vault.rootToken, 'POST', 'secret/data/hooks-it/redaction', { data: { password: value } });
    const document = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content: `password: vault.secret(${STORE}:hooks-it/redaction.password)\n`,
    });
    const offset = document.getText().indexOf('hooks-it');
    await vscode.window.showTextDocument(document);
    await waitFor('the reference to resolve', async () => {
      await vscode.commands.executeCommand('vscode.executeHoverProvider', document.uri, document.positionAt(offset));
      return exports.services.log.masks(value) ? true : undefined;
    });
    // Closed first: an open reference would be resolved again at once after the refresh, and put its
    // value back (under load, before the wait below ever saw it leave).
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    assert.ok(exports.services.log.masks(value), 'the session still holds the value');
    // The stores change (a refresh, a sign-in, settings): the session and its values are dropped.
    exports.services.stores.refresh(STORE);
    await waitFor('the value to leave the redaction set', () => (exports.services.log.masks(value) ? undefined : true), {
      timeoutMs: 10_000,
    });
  });
});
