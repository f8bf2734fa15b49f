// Move / Rename in VS Code against the run's live OpenBao (issue 18 item 3): from the Secrets tree, the
// rewrite arrives as one WorkspaceEdit in the Refactor Preview (discarding it there removes the copy and
// changes nothing); applied (the test-only `preview: false`: changes that need confirmation start unticked
// in the preview and no API ticks them), the files on disk read the new path, the copy holds every
// version, and the old secret is removed after the (test-answered) confirmation; F2 on a reference
// renames its key the same way.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ViewsApi } from '../../src/features/views/registerViewFeatures';
import { vaultApi } from '../support/stores';
import { testEnvironment } from '../support/testEnv';
import { waitFor } from '../support/waitFor';
import { runCli } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/cliTypes';
import { readMoveJournals } from '../../src/core/move/moveJournal';
import type { MoveApi } from '../../src/features/move/registerMoveFeatures';
import { startFaultProxy } from '../support/faultProxy';
import { addSignedInVaultStore, cleanUpStoreSuite, IndexApi, secretNodeIn, writeIndexedFiles } from './editorQueries';

const STORE = 'it-move-vault';

/** Runs a move and presses the Refactor Preview's Discard until the move is over (the preview opens once the copy is verified). */
async function discardingPreview<T>(moving: Thenable<T>): Promise<T> {
  let settled: { value: T } | undefined;
  let failed: unknown;
  moving.then(
    (value) => (settled = { value }),
    (error: unknown) => (failed = error ?? new Error('the move failed')),
  );
  await waitFor(
    'the move, through the Refactor Preview',
    async () => {
      if (failed) throw failed;
      if (settled) return true;
      await vscode.commands.executeCommand('refactorPreview.discard').then(undefined, () => undefined);
      return undefined;
    },
    { timeoutMs: 60_000, intervalMs: 200 },
  );
  if (failed) throw failed;
  return settled!.value;
}

suite('Move / Rename a secret (Secrets view and F2)', function () {
  this.timeout(120_000);
  const id = `${Date.now()}`;
  const folderName = `move-${id}`;
  let api: ViewsApi;
  let index: IndexApi;
  let dir: string;
  const ref = (secret: string, key: string) => `vault.secret(${STORE}:${folderName}/${secret}.${key})`;
  const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
  const stored = (secret: string) => storedAt(`${folderName}/${secret}`);
  const storedAt = async (secretPath: string) => {
    const { vault } = testEnvironment();
    return vaultApi(vault, vault.rootToken, 'GET', `secret/metadata/${secretPath}`).then(
      (r) => r as { data: { versions: Record<string, unknown> } },
      () => undefined,
    );
  };

  suiteSetup(async () => {
    const { vault } = testEnvironment();
    const extension = vscode.extensions.getExtension('secretref.secretref')!;
    await extension.activate();
    api = (await vscode.commands.executeCommand('secretref.views.testApi')) as ViewsApi;
    index = (extension.exports as { services: { referenceIndex: IndexApi } }).services.referenceIndex;
    await addSignedInVaultStore(api, STORE, vault);
    for (const v of [1, 2])
      await vaultApi(vault, vault.rootToken, 'POST', `secret/data/${folderName}/db`, { data: { user: 'u', password: `p${v}` } });
    await vaultApi(vault, vault.rootToken, 'POST', `secret/data/${folderName}/api`, { data: { token: 't' } });
    await index.whenReady();
    dir = await writeIndexedFiles(
      index,
      folderName,
      {
        'a.yaml': `user: ${ref('db', 'user')}\npassword: ${ref('db', 'password')}\n`,
        'b.env': `DB_USER=${ref('db', 'user')}\nAPI=${ref('api', 'token')}\n`,
      },
      { query: { store: STORE, path: `${folderName}/db` }, count: 3 },
    );
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('secretref.move.testAnswers', undefined);
    await cleanUpStoreSuite(STORE, dir);
  });

  test('the rewrite opens in the Refactor Preview; discarding it removes the copy and changes nothing', async () => {
    const before = { a: read('a.yaml'), b: read('b.env') };
    const node = await secretNodeIn(api, STORE, folderName, 'db');
    const moved = await discardingPreview(
      vscode.commands.executeCommand<boolean>('secretref.views.moveSecret', node, { path: `${folderName}/renamed`, confirmed: true }),
    );
    assert.equal(moved, false);
    assert.deepEqual({ a: read('a.yaml'), b: read('b.env') }, before);
    assert.equal(await stored('renamed'), undefined, 'the copy is still there');
    assert.deepEqual(Object.keys((await stored('db'))!.data.versions).sort(), ['1', '2']);
  });

  test('Move from the tree: the one WorkspaceEdit is applied, the copy has every version, the old secret is deleted after confirmation', async () => {
    const node = await secretNodeIn(api, STORE, folderName, 'db');
    const moved = await vscode.commands.executeCommand<boolean>('secretref.views.moveSecret', node, {
      path: `${folderName}/renamed`,
      confirmed: true,
      preview: false,
    });
    assert.equal(moved, true);
    assert.equal(read('a.yaml'), `user: ${ref('renamed', 'user')}\npassword: ${ref('renamed', 'password')}\n`);
    assert.equal(read('b.env'), `DB_USER=${ref('renamed', 'user')}\nAPI=${ref('api', 'token')}\n`);
    assert.deepEqual(Object.keys((await stored('renamed'))!.data.versions).sort(), ['1', '2']);
    assert.equal(await stored('db'), undefined, 'the old secret is still there');
  });

  test('F2 on a reference renames its key: prepareRename offers the key, the move rewrites every reference to it', async () => {
    await vscode.commands.executeCommand('secretref.move.testAnswers', { confirmed: true, preview: false });
    // b.env rewritten atomically just before (a temporary file renamed over it, as the previous move and
    // many tools do): the watcher's delete and create are still on their way when F2 runs, and the rows
    // held for it are at the old offsets. The move must plan on the file as it is now.
    const before = read('b.env');
    fs.writeFileSync(path.join(dir, 'b.env.tmp'), `# moved here\n${before}`);
    fs.renameSync(path.join(dir, 'b.env.tmp'), path.join(dir, 'b.env'));
    const uri = vscode.Uri.file(path.join(dir, 'b.env'));
    const document = await vscode.workspace.openTextDocument(uri);
    await waitFor('the document to show the rewritten file', () => (document.getText() === read('b.env') ? true : undefined));
    const at = document.positionAt(document.getText().indexOf('.token)') + 2);
    const prepared = await vscode.commands.executeCommand<{ range: vscode.Range; placeholder: string }>('vscode.prepareRename', uri, at);
    assert.equal(prepared?.placeholder, 'token');
    await vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', uri, at, 'api_token');
    await waitFor('b.env rewritten', () => (read('b.env').includes(ref('api', 'api_token')) ? true : undefined));
    const { vault } = testEnvironment();
    const secret = (await vaultApi(vault, vault.rootToken, 'GET', `secret/data/${folderName}/api`)) as {
      data: { data: Record<string, string> };
    };
    assert.deepEqual(Object.keys(secret.data.data), ['api_token'], 'the old key was not removed after the confirmation');
  });

  test('a move the CLI left unfinished (its store died before the delete) is offered here; Roll Back restores it', async () => {
    const { vault } = testEnvironment();
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const sub = `${folderName}-cli`;
    const cliDir = path.join(root, sub);
    for (const v of [1, 2]) await vaultApi(vault, vault.rootToken, 'POST', `secret/data/${sub}/db`, { data: { password: `cli-p${v}` } });
    const original = `password: vault.secret(${STORE}:${sub}/db.password)\n`;
    fs.mkdirSync(cliDir, { recursive: true });
    fs.writeFileSync(path.join(cliDir, 'c.yaml'), original);
    await waitFor('c.yaml indexed', () => (index.referencesTo({ store: STORE, path: `${sub}/db` }).length === 1 ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 50,
    });
    // The CLI, in a terminal of this workspace, talks to OpenBao through a proxy that drops everything
    // from the moment the delete is confirmed. Its journal goes where the editor's go (one folder).
    const proxy = await startFaultProxy({ target: vault.address, lifetimeMs: 60_000 });
    const err: string[] = [];
    try {
      fs.writeFileSync(path.join(cliDir, 'stores.json'), JSON.stringify([{ name: STORE, kind: 'vault', url: proxy.url, auth: 'token' }]));
      const io: CliIO = {
        cwd: root,
        env: { VAULT_TOKEN: vault.rootToken, VAULT_ADDR: proxy.url, SECRETREF_STATE_DIR: process.env.SECRETREF_STATE_DIR },
        stdout: () => undefined,
        stderr: (t) => err.push(t),
        confirm: async () => {
          proxy.rules = [{ action: { kind: 'drop' } }];
          return true;
        },
      };
      assert.equal(await runCli(['mv', `${STORE}:${sub}/db`, `${sub}/db2`, sub, '--stores', `${sub}/stores.json`], io), 1, err.join('\n'));
    } finally {
      await proxy.close();
    }
    assert.match(err.join('\n'), /did not finish; nothing is lost/);
    assert.equal(
      fs.readFileSync(path.join(cliDir, 'c.yaml'), 'utf8'),
      original.replace(`${sub}/db.`, `${sub}/db2.`),
      'the CLI rewrote the file',
    );
    assert.ok(await storedAt(`${sub}/db2`), 'the copy is in the store');

    const extension = vscode.extensions.getExtension('secretref.secretref')!;
    const { interrupted } = (extension.exports as { move: MoveApi }).move;
    assert.equal(interrupted.dir, process.env.SECRETREF_STATE_DIR, "the editor's journal folder is the CLI's");
    const results = (await interrupted.check('roll-back', { preview: false })).filter(
      (r) => r.record.header.request.from.path === `${sub}/db`,
    );
    assert.equal(results.length, 1, "the CLI's unfinished move is offered in the editor");
    assert.equal(results[0].choice, 'roll-back');
    assert.equal(fs.readFileSync(path.join(cliDir, 'c.yaml'), 'utf8'), original, 'the reference reads the old secret again');
    assert.equal(await storedAt(`${sub}/db2`), undefined, 'the copy is removed');
    assert.deepEqual(Object.keys((await storedAt(`${sub}/db`))!.data.versions).sort(), ['1', '2'], 'the old secret, whole');
    assert.deepEqual(
      readMoveJournals(interrupted.dir).records.filter((r) => r.header.request.from.path === `${sub}/db`),
      [],
      'the journal is gone',
    );
    fs.rmSync(cliDir, { recursive: true, force: true });
  });
});
