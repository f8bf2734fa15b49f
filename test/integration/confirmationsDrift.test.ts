// Issue 18 items 2 and 5 in VS Code, against the run's live OpenBao: a destructive confirmation's Show
// References button opens the references and deletes nothing; a restore (undelete) names the files that
// resolve again, or says none references the secret; Compare Environments on two folders opens a
// read-only report with the drift and never a value.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ViewsApi } from '../../src/features/views/registerViewFeatures';
import type { SecretTreeNode } from '../../src/features/views/model/treeNodes';
import { vaultApi } from '../support/stores';
import { testEnvironment } from '../support/testEnv';
import { waitFor } from '../support/waitFor';
import { IndexApi, indexedCount, secretNodeIn, useVaultStore } from './editorQueries';

const STORE = 'it-confirm-vault';

suite('confirmations: Show References, restore names the files; Compare Environments', function () {
  this.timeout(120_000);
  const id = `${Date.now()}`;
  const folderName = `confirm-${id}`;
  const canary = `${testEnvironment().canary}-${id}`;
  let api: ViewsApi;
  let index: IndexApi;
  let dir: string;
  const ref = (secret: string, key: string) => `vault.secret(${STORE}:${folderName}/${secret}.${key})`;
  const bao = () => testEnvironment().vault;
  const metadata = async (secret: string) =>
    (await vaultApi(bao(), bao().rootToken, 'GET', `secret/metadata/${folderName}/${secret}`)) as {
      data: { current_version: number; versions: Record<string, { deletion_time: string }> };
    };

  /** The information messages shown while `body` runs (the window's function, put back afterwards). */
  async function infoMessages(body: () => Promise<unknown>): Promise<string[]> {
    const window = vscode.window as { showInformationMessage: (...args: unknown[]) => Thenable<unknown> };
    const original = window.showInformationMessage;
    const seen: string[] = [];
    window.showInformationMessage = (message: unknown) => {
      seen.push(String(message));
      return Promise.resolve(undefined);
    };
    try {
      await body();
    } finally {
      window.showInformationMessage = original;
    }
    return seen;
  }

  suiteSetup(async () => {
    const { vault } = testEnvironment();
    index = await useVaultStore(STORE, vault.address, vault.rootToken);
    api = (await vscode.commands.executeCommand('secretref.views.testApi')) as ViewsApi;
    const put = (p: string, data: Record<string, string>) =>
      vaultApi(vault, vault.rootToken, 'POST', `secret/data/${folderName}/${p}`, { data });
    await put('used', { user: 'u', password: `used-${canary}` });
    await put('unused', { k: `unused-${canary}` });
    await put('dev-db', { user: 'app', password: `dev-${canary}` });
    await put('prod-db', { user: 'app', password: `prod-${canary}` });
    dir = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, folderName);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'a.yaml'), `user: ${ref('used', 'user')}\npassword: ${ref('used', 'password')}\n`);
    fs.writeFileSync(path.join(dir, 'b.env'), `DB_USER=${ref('used', 'user')}\n`);
    await indexedCount(index, { store: STORE, path: `${folderName}/used` }, 3);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const secretNode = (name: string) => secretNodeIn(api, STORE, folderName, name);
  const latestVersion = async (name: string): Promise<SecretTreeNode> => {
    const secret = await secretNode(name);
    const versions = (await api.secrets.getChildren(secret)).find((n) => api.secrets.getTreeItem(n).label === 'Versions');
    assert.ok(versions, 'a Versions folder');
    const current = String((await metadata(name)).data.current_version);
    const found = (await api.secrets.getChildren(versions)).find((n) => n.type === 'version' && n.info.version === current);
    assert.ok(found, `version ${current} listed`);
    return found;
  };

  test("a confirmation's Show References opens the references and deletes nothing", async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const done = await vscode.commands.executeCommand('secretref.views.deleteAllVersions', await secretNode('used'), {
      confirmed: 'show-references',
    });
    assert.equal(done, false);
    assert.equal((await metadata('used')).data.current_version, 1, 'nothing deleted');
    await waitFor('the first reference open', () =>
      vscode.window.activeTextEditor?.document.uri.fsPath === path.join(dir, 'a.yaml') ? true : undefined,
    );
    // Without a reference there is no such button: the same answer deletes nothing and opens nothing.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const unused = await vscode.commands.executeCommand('secretref.views.deleteAllVersions', await secretNode('unused'), {
      confirmed: 'show-references',
    });
    assert.equal(unused, false);
    assert.equal((await metadata('unused')).data.current_version, 1);
    assert.equal(vscode.window.activeTextEditor, undefined);
  });

  test('undelete names the files that resolve again, or says none references the secret', async () => {
    for (const [name, expected] of [
      [
        'used',
        new RegExp(
          `^Restored version 1 of "${folderName}/used" in store "${STORE}"\\. 2 files reference it; its references there resolve again:\\n  ${folderName}/a\\.yaml\\n  ${folderName}/b\\.env$`,
        ),
      ],
      [
        'unused',
        new RegExp(`^Restored version 1 of "${folderName}/unused" in store "${STORE}"\\. No file in the workspace references it\\.$`),
      ],
    ] as const) {
      assert.equal(
        await vscode.commands.executeCommand('secretref.views.deleteVersion', await latestVersion(name), { confirmed: true }),
        true,
      );
      assert.notEqual((await metadata(name)).data.versions['1'].deletion_time, '');
      api.model.reload();
      const version = await latestVersion(name);
      const messages = await infoMessages(() =>
        Promise.resolve(vscode.commands.executeCommand('secretref.views.undeleteVersion', version)),
      );
      assert.equal((await metadata(name)).data.versions['1'].deletion_time, '');
      assert.equal(messages.length, 1, messages.join(' | '));
      assert.match(messages[0], expected);
    }
  });

  test('Compare Environments on two folders opens a read-only report: the drift, salted hashes, no value', async () => {
    for (const side of ['dev', 'prod']) {
      fs.mkdirSync(path.join(dir, 'envs', side), { recursive: true });
      const credentials = {
        db_name: 'd',
        host: 'h',
        port: '5432',
        user: ref(`${side}-db`, 'user'),
        password: ref(`${side}-db`, 'password'),
      };
      fs.writeFileSync(path.join(dir, 'envs', side, 'orders.postgres.json'), JSON.stringify(credentials, null, 2));
    }
    const dev = vscode.Uri.file(path.join(dir, 'envs', 'dev'));
    const prod = vscode.Uri.file(path.join(dir, 'envs', 'prod'));
    const document = await vscode.commands.executeCommand<vscode.TextDocument | undefined>(
      'secretref.references.compareEnvironments',
      dev,
      [dev, prod],
    );
    assert.ok(document, 'a report opened');
    assert.equal(document.uri.scheme, 'secretref-drift');
    const text = document.getText();
    assert.match(text, /Connection "orders\.postgres\.json": field "password" differs in password \([0-9a-f]{16} ≠ [0-9a-f]{16}\)/);
    assert.doesNotMatch(text, /field "user" differs/);
    assert.match(text, /1 difference\(s\) between .*envs\/dev and .*envs\/prod; 1 connection\(s\) compared\./);
    assert.ok(!text.includes(canary), 'no value in the report');
  });
});
