// The workspace reference index inside VS Code, against the run's live OpenBao: files written into
// the workspace are indexed through the file-system watcher, Find All References (Shift+F12) lists
// every reference to the secret (or to the key, with the cursor on it), the hover counts them, an edit
// on disk, an unsaved edit in an editor and a deletion keep it current, and the destructive
// confirmations' note names the files that break.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { testEnvironment } from '../support/testEnv';
import { waitFor } from '../support/waitFor';
import { hoverText, IndexApi, useVaultStore } from './editorQueries';

const STORE = 'it-index-vault';

async function references(document: vscode.TextDocument, offset: number): Promise<string[]> {
  const locations = await vscode.commands.executeCommand<vscode.Location[]>(
    'vscode.executeReferenceProvider',
    document.uri,
    document.positionAt(offset),
  );
  return locations.map((l) => `${path.basename(l.uri.fsPath)}:${l.range.start.line + 1}:${l.range.start.character + 1}`).sort();
}

suite('reference index: Find All References, hover count, delete impact', function () {
  this.timeout(120_000);
  let index: IndexApi;
  let dir: string;
  const id = `${Date.now()}`;
  const secret = `apps/index-${id}`;
  const ref = (key: string) => `vault.secret(${STORE}:${secret}.${key})`;

  suiteSetup(async () => {
    const { vault } = testEnvironment();
    index = await useVaultStore(STORE, vault.address, vault.rootToken);
    dir = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, `index-${id}`);
    fs.mkdirSync(path.join(dir, 'ignored'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.gitignore'), 'ignored/\n');
    fs.writeFileSync(path.join(dir, 'a.yaml'), `user: ${ref('user')}\npassword: ${ref('password')}\n`);
    fs.writeFileSync(path.join(dir, 'b.env'), `DB_USER=${ref('user')}\n`);
    fs.writeFileSync(path.join(dir, 'c.json'), `{"password": "${ref('password')}"}\n`);
    fs.writeFileSync(path.join(dir, 'ignored', 'd.yaml'), `user: ${ref('user')}\n`);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const count = () => index.referencesTo({ store: STORE, path: secret }).length;

  test('new files are indexed from the watcher; Shift+F12 lists the secret, or the key under the cursor', async () => {
    await waitFor('the new files indexed', () => (count() === 4 ? true : undefined), { timeoutMs: 30_000, intervalMs: 50 });
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'a.yaml')));
    await vscode.window.showTextDocument(document);
    const text = document.getText();
    assert.deepEqual(await references(document, text.indexOf(STORE)), ['a.yaml:1:7', 'a.yaml:2:11', 'b.env:1:9', 'c.json:1:15']);
    assert.deepEqual(await references(document, text.indexOf('.user)') + 2), ['a.yaml:1:7', 'b.env:1:9']);
    const hover = await hoverText(document, text.indexOf(STORE));
    assert.match(hover, /Used in 4 places \(3 files\) in the workspace/);
  });

  test('edits on disk, unsaved edits and deletions keep it current', async () => {
    await waitFor('the files indexed', () => (count() === 4 ? true : undefined), { timeoutMs: 30_000, intervalMs: 50 });
    fs.writeFileSync(path.join(dir, 'b.env'), 'DB_USER=plain\n');
    await waitFor('the edit on disk indexed', () => (count() === 3 ? true : undefined), { timeoutMs: 30_000, intervalMs: 50 });
    fs.rmSync(path.join(dir, 'c.json'));
    await waitFor('the deletion indexed', () => (count() === 2 ? true : undefined), { timeoutMs: 30_000, intervalMs: 50 });
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'a.yaml')));
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.insert(new vscode.Position(2, 0), `extra: ${ref('extra')}\n`));
    await waitFor('the unsaved edit indexed', () => (count() === 3 ? true : undefined), { timeoutMs: 10_000, intervalMs: 20 });
    assert.equal(index.referencesTo({ store: STORE, path: secret, key: 'extra' }).length, 1);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor('the reverted editor indexed from disk', () => (count() === 2 ? true : undefined), { timeoutMs: 10_000, intervalMs: 20 });
  });

  test('a destructive confirmation names the files that break, or says none references it', () => {
    const note = index.impactNote(STORE, secret);
    assert.match(note, /^1 file references it; its references there will stop resolving:/);
    assert.match(note, new RegExp(`index-${id}/a\\.yaml`));
    assert.doesNotMatch(note, /ignored/);
    assert.equal(index.impactNote(STORE, `apps/none-${id}`), 'No file in the workspace references it.');
  });

  test('a folder of many files is read on worker threads (dist/indexWorker.js) and indexed whole', async () => {
    const many = path.join(dir, 'many');
    fs.mkdirSync(many);
    for (let i = 0; i < 600; i++) fs.writeFileSync(path.join(many, `conn-${i}.yaml`), `password: ${ref('many')}\n`);
    const logDir = ((await vscode.commands.executeCommand('secretref.stores.diagnostics')) as { logDir: string }).logDir;
    const logText = () =>
      fs
        .readdirSync(logDir, { recursive: true, encoding: 'utf8' })
        .map((f) => path.join(logDir, f))
        .filter((f) => fs.statSync(f).isFile())
        .map((f) => fs.readFileSync(f, 'utf8'))
        .join('\n');
    await waitFor(
      'the 600 files indexed',
      () => (index.referencesTo({ store: STORE, path: secret, key: 'many' }).length === 600 ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 50 },
    );
    await waitFor('the log line of a threaded refresh', () => /Reference index: .* on [1-4] worker threads/.exec(logText())?.[0], {
      timeoutMs: 30_000,
      intervalMs: 100,
    });
  });
});
