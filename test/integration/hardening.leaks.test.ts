// Leak test inside VS Code: runs the features that touch secret values with canary values (every
// seeded value holds the run's canary) and then searches every file VS Code, the extension and the
// runner wrote under the run folder (logs, output channel logs, user/server data, globalStorage,
// settings), and the clipboard after its timeout. The canary must appear nowhere but in the stores.
// Also: a workspace store config that shadows a user config's name never receives the user's token
// (the workspace config here has no credentials; hardening.shadowing.test.ts repeats this with the
// user's token, environment token, AppRole secret-id and AWS keys all in play).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ViewsApi } from '../../src/features/views/registerViewFeatures';
import type { SecretTreeNode } from '../../src/features/views/model/treeNodes';
import { FaultProxy, startFaultProxy } from '../support/faultProxy';
import { seedData, testEnvironment } from '../support/testEnv';
import { waitFor as pollWithDeadline } from '../support/waitFor';

const STORES = { vault: 'it-leaks-vault', aws: 'it-leaks-aws', down: 'it-leaks-down' } as const;
/** Files the runner writes on purpose with the canary (the test's own configuration). */
const EXPECTED_HOLDERS = new Set(['test-env.json']);
const MAX_FILE_BYTES = 64 * 1024 * 1024;

async function pollUntil<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  return pollWithDeadline(what, probe, { timeoutMs, intervalMs: 100 });
}

function walk(dir: string, out: string[] = []): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** Files under `root` that contain `needle` (as UTF-8 or UTF-16LE bytes), with a count of files searched. */
function filesContaining(root: string, needle: string, skip: (file: string) => boolean): { hits: string[]; searched: number } {
  const patterns = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')];
  const hits: string[] = [];
  let searched = 0;
  for (const file of walk(root)) {
    if (skip(file)) continue;
    let bytes: Buffer;
    try {
      if (fs.statSync(file).size > MAX_FILE_BYTES) continue;
      bytes = fs.readFileSync(file);
    } catch {
      continue; // removed while we walked (rotating logs, locks)
    }
    searched++;
    if (patterns.some((p) => bytes.includes(p))) hits.push(path.relative(root, file));
  }
  return { hits, searched };
}

function labelOf(api: ViewsApi, node: SecretTreeNode): string {
  const label = api.secrets.getTreeItem(node).label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}

suite('hardening: no secret value or token leaks', function () {
  this.timeout(180_000);
  const env = () => testEnvironment();
  const canary = () => env().canary;
  const settings = () => vscode.workspace.getConfiguration('secretref');
  let proxy: FaultProxy | undefined;
  let workspaceFile: string | undefined;

  suiteSetup(async () => {
    const { vault, aws } = env();
    const names = new Set<string>(Object.values(STORES));
    const others = (settings().inspect<{ name: string }[]>('stores')?.globalValue ?? []).filter((c) => !names.has(c.name));
    await settings().update(
      'stores',
      [
        ...others,
        { kind: 'vault', name: STORES.vault, url: vault.address, enginePath: 'secret', auth: 'token' },
        { kind: 'aws', name: STORES.aws, region: aws.region, endpoint: aws.endpoint, auth: 'accessKey' },
        { kind: 'vault', name: STORES.down, url: 'http://127.0.0.1:9', auth: 'token' },
      ],
      vscode.ConfigurationTarget.Global,
    );
    await settings().update('defaultAwsStore', STORES.aws, vscode.ConfigurationTarget.Global);
    await vscode.extensions.getExtension('secretref.secretref')?.activate();
    assert.equal(await vscode.commands.executeCommand('secretref.signInToStore', STORES.vault, { token: vault.rootToken }), true);
    assert.equal(await vscode.commands.executeCommand('secretref.signInToStore', STORES.down, { token: vault.rootToken }), true);
    assert.equal(
      await vscode.commands.executeCommand('secretref.signInToStore', STORES.aws, { accessKeyId: 'testing', secretAccessKey: 'testing' }),
      true,
    );
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await settings().update('stores', undefined, vscode.ConfigurationTarget.Workspace);
    const names = new Set<string>(Object.values(STORES));
    const others = (settings().inspect<{ name: string }[]>('stores')?.globalValue ?? []).filter((c) => !names.has(c.name));
    await settings().update('stores', others, vscode.ConfigurationTarget.Global);
    await settings().update('defaultAwsStore', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('clipboardClearSeconds', undefined, vscode.ConfigurationTarget.Global);
    for (const name of Object.values(STORES)) await vscode.commands.executeCommand('secretref.signOutOfStore', name);
    if (workspaceFile) fs.rmSync(workspaceFile, { force: true });
    await proxy?.close();
  });

  test('hover, reveal, completion, diagnostics and copy value with canary secrets', async () => {
    const seed = seedData();
    const text = [
      `password: vault.secret(${STORES.vault}:oracle.password)`,
      `db: vault.secret(${STORES.vault}:apps/db.prod.password)`,
      `pg: {{resolve:secretsmanager:postgresSecrets:SecretString:password}}`,
      `missing: vault.secret(${STORES.vault}:oracle.nokey)`,
      `down: vault.secret(${STORES.down}:oracle.password)`,
      `partial: vault.secret(${STORES.vault}:`,
      '',
    ].join('\n');
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
    await vscode.window.showTextDocument(document);
    for (const needle of ['oracle.password', 'apps/db.prod', 'postgresSecrets', 'oracle.nokey', `${STORES.down}:`]) {
      const offset = text.indexOf(needle);
      await vscode.commands.executeCommand('vscode.executeHoverProvider', document.uri, document.positionAt(offset));
    }
    // Reveal puts the value in the hover for a few seconds; copy puts it on the clipboard.
    assert.equal(
      await vscode.commands.executeCommand('secretref.references.revealValue', document.uri.toString(), text.indexOf('oracle.password')),
      true,
    );
    const revealed = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      document.positionAt(text.indexOf('oracle.password')),
    );
    const hoverText = revealed
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
      .join('\n');
    assert.ok(
      hoverText.includes(seed.vault.kv2.oracle.password),
      'the revealed hover shows the value (so the value really went through the extension)',
    );
    await vscode.commands.executeCommand('secretref.references.revealValue', document.uri.toString(), text.indexOf('postgresSecrets'));
    await vscode.commands.executeCommand('secretref.references.revealValue', document.uri.toString(), text.indexOf(`${STORES.down}:`));
    await vscode.commands.executeCommand('secretref.references.revealValue', document.uri.toString(), text.indexOf('oracle.nokey'));
    for (const needle of [`${STORES.vault}:`, 'apps/', 'partial: vault.secret(']) {
      const offset = text.indexOf(needle) + needle.length;
      await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', document.uri, document.positionAt(offset));
    }
    await pollUntil('reference diagnostics', () => (vscode.languages.getDiagnostics(document.uri).length >= 2 ? true : undefined));

    await settings().update('clipboardClearSeconds', 1, vscode.ConfigurationTarget.Global);
    assert.equal(
      await vscode.commands.executeCommand('secretref.references.copyValue', document.uri.toString(), text.indexOf('postgresSecrets')),
      true,
    );
    assert.equal(await vscode.env.clipboard.readText(), seed.aws.json.postgresSecrets.password);
    await pollUntil(
      'the clipboard is cleared',
      async () => (!(await vscode.env.clipboard.readText()).includes(canary()) ? true : undefined),
      10_000,
    );
  });

  test('tree: browse, reveal and copy a value with canary secrets', async () => {
    const api = (await vscode.commands.executeCommand('secretref.views.testApi')) as ViewsApi;
    assert.ok(api, 'the views test API is registered under ExtensionMode.Test');
    const shown: string[] = [];
    api.setRevealPresenter(async (_title, value) => {
      shown.push(value);
    });
    try {
      api.model.reload();
      const root = await pollUntil('the store in the Secrets tree', async () =>
        ((await api.secrets.getChildren()) as SecretTreeNode[]).find((n) => n.store === STORES.vault),
      );
      const child = async (parent: SecretTreeNode, label: string) =>
        pollUntil(`"${label}" in the tree`, async () =>
          ((await api.secrets.getChildren(parent)) as SecretTreeNode[]).find((c) => labelOf(api, c) === label),
        );
      const oracle = await child(root, 'oracle');
      const password = await child(oracle, 'password');
      assert.equal(await vscode.commands.executeCommand('secretref.views.revealValue', password), true);
      assert.deepEqual(shown, [seedData().vault.kv2.oracle.password]);
      for (const node of (await api.secrets.getChildren(root)) as SecretTreeNode[]) {
        const item = api.secrets.getTreeItem(node);
        assert.ok(
          !JSON.stringify({ label: item.label, description: item.description, tooltip: String(item.tooltip ?? '') }).includes(canary()),
          'no value in the tree',
        );
      }
      await settings().update('clipboardClearSeconds', 1, vscode.ConfigurationTarget.Global);
      assert.equal(await vscode.commands.executeCommand('secretref.views.copyValue', password), true);
      await pollUntil(
        'the clipboard is cleared',
        async () => (!(await vscode.env.clipboard.readText()).includes(canary()) ? true : undefined),
        10_000,
      );
    } finally {
      api.setRevealPresenter(undefined);
    }
  });

  test('migration of a connection that holds a canary secret inline', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'a workspace folder is open');
    const file = path.join(folder, `leaks-${Date.now()}.snowflake.json`);
    workspaceFile = file;
    const inline = `inline-pw-${canary()}`;
    fs.writeFileSync(workspaceFile, JSON.stringify({ user: 'loader', password: inline, account: 'xy12345' }, null, 2) + '\n');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(workspaceFile));
    await vscode.window.showTextDocument(document);
    const report = await vscode.commands.executeCommand<{ outcomes: { status: string }[] } | undefined>('secretref.migrateConnection', {
      confirmed: true,
      uri: document.uri.toString(),
      store: STORES.vault,
    });
    assert.deepEqual(
      report?.outcomes.map((o) => o.status),
      ['migrated'],
    );
    assert.ok(!document.getText().includes(inline), 'the value left the file');
    // A save can be turned down while the host is busy (a save participant timing out): save until the file on disk is the edited one.
    const saved = await pollUntil(
      'the edited document saved to disk',
      async () => {
        await document.save();
        const text = fs.readFileSync(file, 'utf8');
        return text.includes('vault.secret(') ? text : undefined;
      },
      30_000,
    );
    assert.ok(!saved.includes(canary()), 'the saved file holds a reference, not the value');
  });

  test('a workspace store config that shadows a user config never receives the user token', async () => {
    const { vault } = env();
    proxy = await startFaultProxy({ target: vault.address, lifetimeMs: 120_000 });
    await settings().update(
      'stores',
      [{ kind: 'vault', name: STORES.vault, url: proxy.url, enginePath: 'secret', auth: 'token' }],
      vscode.ConfigurationTarget.Workspace,
    );
    try {
      const text = `password: vault.secret(${STORES.vault}:oracle.password)\n`;
      const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
      await vscode.window.showTextDocument(document);
      const api = vscode.extensions.getExtension('secretref.secretref')?.exports as {
        services: { stores: { config(name: string): { url?: string } | undefined }; workspaceConfigs: { shadowed(): { name: string }[] } };
      };
      // Issue 14: the repository's config of that name is ignored; the user's stays in use.
      await pollUntil('the shadowing workspace config to be reported', () =>
        api.services.workspaceConfigs.shadowed().some((c) => c.name === STORES.vault) ? true : undefined,
      );
      assert.equal(api.services.stores.config(STORES.vault)?.url, vault.address);
      await vscode.commands.executeCommand('vscode.executeHoverProvider', document.uri, document.positionAt(text.indexOf('oracle')));
      await vscode.commands.executeCommand('secretref.references.revealValue', document.uri.toString(), text.indexOf('oracle'));
      // The user's config answers the copy: the value is on the clipboard until the 1 s clear.
      await settings().update('clipboardClearSeconds', 1, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('secretref.references.copyValue', document.uri.toString(), text.indexOf('oracle'));
      assert.ok((await vscode.env.clipboard.readText()).includes(canary()), "the copy used the user's config");
      await pollUntil(
        'the clipboard is cleared',
        async () => (!(await vscode.env.clipboard.readText()).includes(canary()) ? true : undefined),
        10_000,
      );
      await vscode.commands.executeCommand(
        'vscode.executeCompletionItemProvider',
        document.uri,
        document.positionAt(text.indexOf('oracle')),
      );
      console.log(`leaks: the shadowing workspace config's URL received ${proxy.requests.length} request(s)`);
      const withToken = proxy.requests.filter((r) => r.headers['x-vault-token'] !== undefined);
      assert.equal(proxy.requests.length, 0, 'nothing went to the workspace-configured URL');
      assert.equal(
        withToken.length,
        0,
        `${withToken.length} request(s) to the workspace-configured URL carried an X-Vault-Token (${withToken.map((r) => `${r.method} ${r.path}`).join(', ')})`,
      );
      assert.ok(
        !proxy.requests.some((r) => JSON.stringify(r.headers).includes(vault.rootToken) || r.body.includes(vault.rootToken)),
        'the user token never reached the proxy',
      );
    } finally {
      await settings().update('clipboardClearSeconds', undefined, vscode.ConfigurationTarget.Global);
      await settings().update('stores', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('the canary appears in no log, output channel, storage, settings file or the clipboard', async () => {
    const { runDir, vault } = env();
    // Give the log writers a moment to flush (poll until the output channel's log exists).
    const logRoot = runDir;
    const outputLog = await pollUntil(
      'the output channel log file',
      () => walk(logRoot).find((f) => /Secret References/.test(path.basename(f)) && f.endsWith('.log')),
      15_000,
    ).catch(() => undefined);
    assert.ok(outputLog, 'the "Secret References" output channel writes a log file under the run folder');
    assert.ok(fs.statSync(outputLog).size > 0, 'the output channel logged something');
    const skip = (file: string) => EXPECTED_HOLDERS.has(path.basename(file));
    // Positive control: the same search finds the canary where the runner put it on purpose.
    assert.ok(
      filesContaining(runDir, canary(), () => false).hits.some((f) => path.basename(f) === 'test-env.json'),
      'the search finds a canary that is there',
    );
    for (const needle of [canary(), vault.rootToken]) {
      const { hits, searched } = filesContaining(runDir, needle, skip);
      assert.ok(searched > 20, `searched ${searched} files`);
      assert.deepEqual(hits, [], `${needle === canary() ? 'a secret value' : 'the Vault token'} was found in: ${hits.join(', ')}`);
    }
    const globalStorage = walk(runDir).filter((f) => f.includes(`${path.sep}globalStorage${path.sep}`));
    console.log(
      `leaks: searched ${walk(runDir).length} files under the run folder (${globalStorage.length} in globalStorage, output log ${path.relative(runDir, outputLog)})`,
    );
    assert.ok(!(await vscode.env.clipboard.readText()).includes(canary()), 'the clipboard holds no secret');
  });
});

// After every suite of the run (all features of all test files): logs and VS Code data still hold
// no secret value or token. Workspace files are left out: other suites write samples there on purpose.
suiteTeardown(function () {
  this.timeout(60_000);
  const { runDir, canary, vault } = testEnvironment();
  const integrationDirs = fs.readdirSync(runDir, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'workspace');
  for (const needle of [canary, vault.rootToken]) {
    const hits = integrationDirs.flatMap((d) =>
      filesContaining(path.join(runDir, d.name), needle, (f) => EXPECTED_HOLDERS.has(path.basename(f))).hits.map((h) =>
        path.join(d.name, h),
      ),
    );
    assert.deepEqual(
      hits,
      [],
      `after all suites, ${needle === canary ? 'a secret value' : 'the Vault token'} was found in: ${hits.join(', ')}`,
    );
  }
});
