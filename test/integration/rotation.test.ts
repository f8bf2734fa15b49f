// Issue 18 items 4 and 6 inside VS Code, against the run's live moto and OpenBao: the Secrets view shows
// an AWS secret's rotation (description, tooltip) and offers Rotate Now only where rotation is configured;
// Rotate Now calls RotateSecret (moto moves AWSCURRENT: it cannot run a rotation Lambda); the hover shows
// the rotation with a Rotate now link; the pinned-version and stuck-rotation diagnostics; and an inline
// secret equal to a value read this session gets "Reference the existing secret" before "Move to a secret store…".
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  DescribeSecretCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { ViewsApi } from '../../src/features/views/registerViewFeatures';
import { testAwsClient } from '../support/seed';
import { vaultApi } from '../support/stores';
import { testEnvironment } from '../support/testEnv';
import { waitFor } from '../support/waitFor';
import { hoverText, openFileIn, secretNodeIn } from './editorQueries';

const STORES = { vault: 'it-rot-vault', aws: 'it-rot-aws' } as const;

function codeOf(d: vscode.Diagnostic): string {
  return String(typeof d.code === 'object' ? d.code.value : d.code);
}

suite('rotation awareness and "already in the store"', function () {
  this.timeout(120_000);
  const id = `${Date.now()}`;
  const folder = `it-rot-${id}`;
  let api: ViewsApi;
  let client: SecretsManagerClient;
  let dir: string;
  let previousDefault: string | undefined;
  const settings = () => vscode.workspace.getConfiguration('secretref');
  const others = () =>
    (settings().inspect<{ name: string }[]>('stores')?.globalValue ?? []).filter((c) => !Object.values<string>(STORES).includes(c.name));

  async function createSecret(name: string, data: Record<string, string>): Promise<string> {
    const { CreateSecretCommand } = await import('@aws-sdk/client-secrets-manager');
    return (await client.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify(data) }))).VersionId!;
  }

  const open = (name: string, text: string): Promise<vscode.TextDocument> => openFileIn(dir, name, text);

  suiteSetup(async () => {
    const { vault, aws } = testEnvironment();
    client = testAwsClient(aws.endpoint);
    const extension = vscode.extensions.getExtension('secretref.secretref')!;
    await extension.activate();
    api = (await vscode.commands.executeCommand('secretref.views.testApi')) as ViewsApi;
    previousDefault = settings().inspect<string>('defaultAwsStore')?.globalValue;
    await settings().update(
      'stores',
      [
        ...others(),
        { kind: 'vault', name: STORES.vault, url: vault.address, enginePath: 'secret', auth: 'token' },
        { kind: 'aws', name: STORES.aws, region: aws.region, endpoint: aws.endpoint, auth: 'accessKey' },
      ],
      vscode.ConfigurationTarget.Global,
    );
    await settings().update('defaultAwsStore', STORES.aws, vscode.ConfigurationTarget.Global);
    await waitFor('the store configs', () =>
      Object.values(STORES).every((name) => api.stores.getChildren().some((n) => n.name === name)) ? true : undefined,
    );
    assert.equal(await vscode.commands.executeCommand('secretref.signInToStore', STORES.vault, { token: vault.rootToken }), true);
    assert.equal(
      await vscode.commands.executeCommand('secretref.signInToStore', STORES.aws, { accessKeyId: 'testing', secretAccessKey: 'testing' }),
      true,
    );
    dir = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, folder);
    fs.mkdirSync(dir, { recursive: true });
  });

  // A test that filtered the Secrets view leaves it unfiltered for the next suites, failed or not.
  teardown(() => api.model.setFilter(undefined));

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await settings().update('defaultAwsStore', previousDefault, vscode.ConfigurationTarget.Global);
    await settings().update('stores', others(), vscode.ConfigurationTarget.Global);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    client?.destroy();
  });

  test('Secrets view: rotation in the description and tooltip; Rotate Now where configured, and it rotates', async () => {
    await createSecret(`${folder}/rotating`, { password: `rot-${id}` });
    await createSecret(`${folder}/plain`, { password: `plain-${id}` });
    await client.send(new RotateSecretCommand({ SecretId: `${folder}/rotating`, RotationRules: { AutomaticallyAfterDays: 30 } }));
    // moto holds the secrets of every suite run so far: more than the view's first page. The view's
    // name filter (as a user would type it) finds this folder's across the account.
    api.model.setFilter(folder);
    const rotating = await secretNodeIn(api, STORES.aws, folder, 'rotating');
    const item = api.secrets.getTreeItem(rotating);
    assert.match(String(item.description), /rotation on/);
    const tooltip = String(item.tooltip);
    for (const part of ['Rotation: on, every 30 days', 'Last rotated: ', 'Next rotation: '])
      assert.ok(tooltip.includes(part), `${part} in ${tooltip}`);
    assert.match(String(item.contextValue), /^secret aws live rotatable\b/, 'the menu offers Rotate Now');
    const plain = api.secrets.getTreeItem(await secretNodeIn(api, STORES.aws, folder, 'plain'));
    assert.ok(String(plain.tooltip).includes('Rotation: not configured'));
    assert.ok(!String(plain.contextValue).includes('rotatable'));
    const plainNode = await secretNodeIn(api, STORES.aws, folder, 'plain');
    assert.equal(
      await vscode.commands.executeCommand('secretref.views.rotateNow', plainNode, { confirmed: true }),
      false,
      'nothing to rotate',
    );

    const before = await client.send(new DescribeSecretCommand({ SecretId: `${folder}/rotating` }));
    const current = (d: typeof before) => Object.entries(d.VersionIdsToStages ?? {}).find(([, s]) => s.includes('AWSCURRENT'))?.[0];
    assert.equal(await vscode.commands.executeCommand('secretref.views.rotateNow', rotating, { confirmed: true }), true);
    const after = await client.send(new DescribeSecretCommand({ SecretId: `${folder}/rotating` }));
    assert.notEqual(current(after), current(before), 'RotateSecret ran: a new AWSCURRENT');
  });

  test('hover: rotation facts and a Rotate now link; diagnostics for an unlabelled pinned version and a stuck rotation', async () => {
    const name = `${folder}/hovered`;
    const first = await createSecret(name, { password: `h0-${id}` });
    await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: JSON.stringify({ password: `h1-${id}` }) }));
    await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: JSON.stringify({ password: `h2-${id}` }) }));
    // RotateImmediately false: moto then copies the value into the version it makes AWSCURRENT (with true,
    // and no Lambda to write one, that version has no value and reads fail).
    await client.send(new RotateSecretCommand({ SecretId: name, RotationRules: { AutomaticallyAfterDays: 14 }, RotateImmediately: false }));
    await client.send(
      new PutSecretValueCommand({
        SecretId: name,
        SecretString: JSON.stringify({ password: `pending-${id}` }),
        VersionStages: ['AWSPENDING'],
      }),
    );
    const text = `current: "{{resolve:secretsmanager:${name}:SecretString:password}}"\nold: "{{resolve:secretsmanager:${name}:SecretString:password::${first}}}"\n`;
    const document = await open('rotation.yaml', text);
    const hover = await waitFor('the hover with the rotation', async () => {
      const shown = await hoverText(document, text.indexOf('{{') + 3);
      return shown.includes('Rotation:') ? shown : undefined;
    });
    assert.ok(hover.includes('Rotation: on, every 14 days'), hover);
    assert.ok(hover.includes('Rotate now'), hover);
    assert.ok(!hover.includes(`h2-${id}`), 'the value stays masked');
    const codes = await waitFor('the rotation diagnostics', () => {
      const found = vscode.languages.getDiagnostics(document.uri).map((d) => [codeOf(d), document.getText(d.range)]);
      return found.some(([c]) => c === 'version-unlabelled') && found.some(([c]) => c === 'rotation-pending') ? found : undefined;
    });
    assert.deepEqual(
      codes.filter(([c]) => c === 'version-unlabelled'),
      [['version-unlabelled', first]],
    );
    assert.equal(codes.filter(([c]) => c === 'rotation-pending').length, 1, 'once per secret');
  });

  test('an inline secret equal to a value read this session: "Reference the existing secret" first, and it applies', async () => {
    const { vault } = testEnvironment();
    const secretPath = `${folder}/warehouse`;
    const value = `wh-${id}-Zq9`;
    await vaultApi(vault, vault.rootToken, 'POST', `secret/data/${secretPath}`, { data: { password: value } });
    const reference = `vault.secret(${STORES.vault}:${secretPath}.password)`;
    const original = JSON.stringify({ user: 'loader', password: value, account: 'xy12345' }, null, 2);
    const document = await open('prod.snowflake.json', original);
    const plain = await waitFor('the inline-secret diagnostic', () =>
      vscode.languages.getDiagnostics(document.uri).find((d) => codeOf(d) === 'inline-secret' && d.message.includes('"password"')),
    );
    assert.ok(!plain.message.includes('equals'), 'not read this session yet: nothing to compare with (no scan)');
    // Then the session reads the secret (a reference in another file resolves it): the warning is checked again.
    const reader = await open('reader.yaml', `password: ${reference}\n`);
    await waitFor('the reference resolves', async () => ((await hoverText(reader, 12)).includes('Value:') ? true : undefined));
    await vscode.window.showTextDocument(document);
    const diagnostic = await waitFor('the inline-secret diagnostic naming the stored secret', () =>
      vscode.languages.getDiagnostics(document.uri).find((d) => codeOf(d) === 'inline-secret' && d.message.includes('equals')),
    );
    assert.ok(diagnostic.message.includes(`equals ${reference} in store "${STORES.vault}"`), diagnostic.message);
    assert.ok(!diagnostic.message.includes(value));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((a) => a.title);
    const existing = titles.findIndex((t) => t.startsWith('Reference the existing secret'));
    const move = titles.findIndex((t) => t.startsWith('Move to a secret store'));
    assert.ok(existing >= 0 && move > existing, `offered first: ${titles.join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(actions[existing].edit!));
    assert.equal(document.getText(), original.replace(JSON.stringify(value), JSON.stringify(reference)));
    await waitFor('the inline-secret warning to go', () =>
      vscode.languages.getDiagnostics(document.uri).some((d) => codeOf(d) === 'inline-secret' && d.message.includes('"password"'))
        ? undefined
        : true,
    );
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('Compare Inline Secrets with a Store: the bounded scan reads the chosen folder, and the warning names the secret', async () => {
    const { vault } = testEnvironment();
    const scanFolder = `${folder}/scan/`;
    const value = `scan-${id}-Kp7`;
    const secretPath = `${scanFolder}deep/db`;
    await vaultApi(vault, vault.rootToken, 'POST', `secret/data/${secretPath}`, { data: { password: value } });
    await vaultApi(vault, vault.rootToken, 'POST', `secret/data/${scanFolder}other`, { data: { password: `other-${id}-Qw3` } });
    const document = await open('scan.snowflake.json', JSON.stringify({ user: 'loader', password: value, account: 'xy12345' }, null, 2));
    const plain = await waitFor('the inline-secret diagnostic', () =>
      vscode.languages.getDiagnostics(document.uri).find((d) => codeOf(d) === 'inline-secret' && d.message.includes('"password"')),
    );
    assert.ok(!plain.message.includes('equals'), 'not read yet: nothing to compare with');
    const config = vscode.workspace.getConfiguration('secretref');
    await config.update('alreadyStored.maxSecrets', 1, vscode.ConfigurationTarget.Global);
    try {
      // The limit: one secret read (the folder's own secret comes before the sub-folder's), the scan says it stopped.
      const limited = await vscode.commands.executeCommand<{ read: number; truncated: boolean }>(
        'secretref.references.compareWithStore',
        STORES.vault,
        { folder: scanFolder },
      );
      assert.deepEqual({ read: limited.read, truncated: limited.truncated }, { read: 1, truncated: true });
      assert.ok(
        !vscode.languages.getDiagnostics(document.uri).some((d) => d.message.includes('equals')),
        'the secret below the limit was not read: not compared',
      );
      await config.update('alreadyStored.maxSecrets', undefined, vscode.ConfigurationTarget.Global);
      const full = await vscode.commands.executeCommand<{ read: number; skipped: number; truncated: boolean }>(
        'secretref.references.compareWithStore',
        STORES.vault,
        { folder: scanFolder },
      );
      assert.deepEqual(full, { read: 2, skipped: 0, truncated: false });
    } finally {
      await config.update('alreadyStored.maxSecrets', undefined, vscode.ConfigurationTarget.Global);
    }
    const reference = `vault.secret(${STORES.vault}:${secretPath}.password)`;
    const diagnostic = await waitFor('the warning naming the stored secret', () =>
      vscode.languages.getDiagnostics(document.uri).find((d) => codeOf(d) === 'inline-secret' && d.message.includes('equals')),
    );
    assert.ok(diagnostic.message.includes(`equals ${reference} in store "${STORES.vault}"`), diagnostic.message);
    assert.ok(!diagnostic.message.includes(value), 'no value in the message');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
