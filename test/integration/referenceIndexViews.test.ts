// Where used in the Secrets view (issue 18 item 2), against the run's live OpenBao: a secret node and a
// key node say in how many workspace files they are used (from the reference index, no store request),
// Show References returns the index's locations (and opens the References view), and a secret no file
// references says so.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ViewsApi } from '../../src/features/views/registerViewFeatures';
import { vaultApi } from '../support/stores';
import { testEnvironment } from '../support/testEnv';
import { addSignedInVaultStore, cleanUpStoreSuite, IndexApi, secretNodeIn, writeIndexedFiles } from './editorQueries';

const STORE = 'it-usage-vault';

suite('reference index in the Secrets view: used in N files, Show References', function () {
  this.timeout(120_000);
  const id = `${Date.now()}`;
  const folderName = `usage-${id}`;
  let api: ViewsApi;
  let index: IndexApi;
  let dir: string;
  const secretNode = (name: string) => secretNodeIn(api, STORE, folderName, name);
  const ref = (key: string) => `vault.secret(${STORE}:${folderName}/used.${key})`;

  suiteSetup(async () => {
    const { vault } = testEnvironment();
    const extension = vscode.extensions.getExtension('secretref.secretref')!;
    await extension.activate();
    api = (await vscode.commands.executeCommand('secretref.views.testApi')) as ViewsApi;
    index = (extension.exports as { services: { referenceIndex: IndexApi } }).services.referenceIndex;
    await addSignedInVaultStore(api, STORE, vault);
    await vaultApi(vault, vault.rootToken, 'POST', `secret/data/${folderName}/used`, { data: { user: 'u', password: 'p' } });
    await vaultApi(vault, vault.rootToken, 'POST', `secret/data/${folderName}/unused`, { data: { k: 'v' } });
    await index.whenReady();
    dir = await writeIndexedFiles(
      index,
      folderName,
      { 'a.yaml': `user: ${ref('user')}\npassword: ${ref('password')}\n`, 'b.env': `DB_USER=${ref('user')}\n` },
      { query: { store: STORE, path: `${folderName}/used` }, count: 3 },
    );
  });

  suiteTeardown(async () => {
    await cleanUpStoreSuite(STORE, dir);
  });

  test('a secret and a key node say in how many files they are used; an unused secret says none', async () => {
    const used = await secretNode('used');
    const item = api.secrets.getTreeItem(used);
    assert.equal(item.description, 'used in 2 files');
    assert.match(String(item.tooltip), /Used in 2 files in the workspace/);
    const keys = await api.secrets.getChildren(used);
    const password = keys.find((k) => k.type === 'key' && k.key === 'password')!;
    assert.ok(password, 'the password key node');
    assert.match(String(api.secrets.getTreeItem(password).description), /· used in 1 file$/);
    const unused = api.secrets.getTreeItem(await secretNode('unused'));
    assert.equal(unused.description, 'unused');
    assert.match(String(unused.tooltip), /No file in the workspace references it\./);
  });

  test('Show References lists the references of the secret or the key, and none for an unused secret', async () => {
    const where = (locations: vscode.Location[]) =>
      locations.map((l) => `${path.basename(l.uri.fsPath)}:${l.range.start.line + 1}:${l.range.start.character + 1}`).sort();
    const used = await secretNode('used');
    const all = (await vscode.commands.executeCommand('secretref.views.showReferences', used)) as vscode.Location[];
    assert.deepEqual(where(all), ['a.yaml:1:7', 'a.yaml:2:11', 'b.env:1:9']);
    const user = (await api.secrets.getChildren(used)).find((k) => k.type === 'key' && k.key === 'user')!;
    const users = (await vscode.commands.executeCommand('secretref.views.showReferences', user)) as vscode.Location[];
    assert.deepEqual(where(users), ['a.yaml:1:7', 'b.env:1:9']);
    const none = (await vscode.commands.executeCommand('secretref.views.showReferences', await secretNode('unused'))) as vscode.Location[];
    assert.deepEqual(none, []);
  });
});
