// Go to Definition (F12) on a reference and Workspace Symbols (Ctrl+T) for secrets, against the run's
// live OpenBao: both open the secret's masked, read-only document (its keys, every value masked), never
// a value; symbols come from the workspace reference index.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { MASK } from '../../src/core/redaction';
import { vaultApi } from '../support/stores';
import { testEnvironment } from '../support/testEnv';
import { IndexApi, indexedCount, useVaultStore } from './editorQueries';

const STORE = 'it-goto-vault';

suite('Go to Definition and Workspace Symbols: the masked secret document', function () {
  this.timeout(120_000);
  const id = `${Date.now()}`;
  const secret = `apps/goto-${id}`;
  /** A secret no file references, known only from a listing the session holds. */
  const listed = `goto-${id}/listed`;
  const value = `goto-pw-${testEnvironment().canary}-${id}`;
  let dir: string;
  let index: IndexApi;

  suiteSetup(async () => {
    const { vault } = testEnvironment();
    await vaultApi(vault, vault.rootToken, 'POST', `secret/data/${secret}`, { data: { user: 'app', password: value } });
    await vaultApi(vault, vault.rootToken, 'POST', `secret/data/${listed}`, { data: { user: 'app', password: value } });
    index = await useVaultStore(STORE, vault.address, vault.rootToken);
    dir = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, `goto-${id}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'app.yaml'), `password: vault.secret(${STORE}:${secret}.password)\n`);
    await indexedCount(index, { store: STORE, path: secret }, 1);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function assertMasked(uri: vscode.Uri): Promise<void> {
    assert.equal(uri.scheme, 'secretref');
    assert.equal(uri.query, 'masked');
    const document = await vscode.workspace.openTextDocument(uri);
    const text = document.getText();
    assert.deepEqual(JSON.parse(text), { user: MASK, password: MASK });
    assert.ok(!text.includes(value) && !text.includes('"app"'), 'no value in the masked document');
    // Read-only: a write is refused and the store keeps its version.
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri, Buffer.from('{"password": "x"}'))), /read-only|readonly/i);
    const stored = (await vaultApi(testEnvironment().vault, testEnvironment().vault.rootToken, 'GET', `secret/data/${secret}`)) as {
      data: { data: Record<string, string> };
    };
    assert.equal(stored.data.data.password, value);
  }

  test('F12 on a reference opens the masked document of its secret', async () => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'app.yaml')));
    await vscode.window.showTextDocument(document);
    const offset = document.getText().indexOf(secret) + 2;
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      document.uri,
      document.positionAt(offset),
    );
    const uris = locations.map((l) => ('targetUri' in l ? l.targetUri : l.uri));
    const ours = uris.filter((u) => u.scheme === 'secretref');
    assert.equal(ours.length, 1, `definitions: ${uris.map(String).join(', ')}`);
    assert.equal(ours[0].path, `/${STORE}/${secret}.secretref.json`);
    const target = locations.find((l) => ('targetUri' in l ? l.targetUri : l.uri).scheme === 'secretref')!;
    const range = 'targetRange' in target ? target.targetRange : target.range;
    const masked = await vscode.workspace.openTextDocument(ours[0]);
    assert.equal(masked.getText(range), '"password"', 'F12 lands on the key the reference reads');
    await assertMasked(ours[0]);
    const outside = await vscode.commands.executeCommand<unknown[]>(
      'vscode.executeDefinitionProvider',
      document.uri,
      new vscode.Position(0, 2),
    );
    assert.equal(outside.filter((l) => String((l as vscode.Location).uri ?? '').startsWith('secretref')).length, 0);
  });

  test('Workspace Symbols find the secret by part of its path, and open like F12', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', `goto-${id}`);
    const ours = symbols.filter((s) => s.location.uri.scheme === 'secretref');
    assert.deepEqual(
      ours.map((s) => `${s.name} | ${s.containerName}`),
      [`${secret} | ${STORE} · used in 1 file`],
    );
    await assertMasked(ours[0].location.uri);
    // A listing the session already holds (completion made it) adds the secrets it named, unreferenced ones too.
    const before = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', listed);
    assert.equal(before.filter((s) => s.location.uri.scheme === 'secretref').length, 0, 'no listing held yet');
    const extension = vscode.extensions.getExtension('secretref.secretref')!;
    const state = (extension.exports as { references: { service: { state: { list(store: string, o: object): Promise<unknown> } } } })
      .references.service.state;
    await state.list(STORE, { prefix: `goto-${id}/` });
    const fromListing = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', listed);
    const listedSymbols = fromListing.filter((s) => s.location.uri.scheme === 'secretref');
    assert.deepEqual(
      listedSymbols.map((s) => `${s.name} | ${s.containerName}`),
      [`${listed} | ${STORE} · not referenced`],
    );
    assert.deepEqual(JSON.parse((await vscode.workspace.openTextDocument(listedSymbols[0].location.uri)).getText()), {
      user: MASK,
      password: MASK,
    });
    const none = await vscode.commands.executeCommand<vscode.SymbolInformation[]>(
      'vscode.executeWorkspaceSymbolProvider',
      `zz-not-${id}-qq`,
    );
    assert.equal(none.filter((s) => s.location.uri.scheme === 'secretref').length, 0);
  });
});
