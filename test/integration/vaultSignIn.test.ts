// Issue 16 in the editor, against the run's live OpenBao: a reference to a store the user is signed out
// of is a `signed-out` error (one per store) whose quick fix is the error presenter's "Sign In"; a
// userpass config signs in with a password (handed in by the test hook in place of the password input)
// and then resolves.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { vaultApi } from '../support/stores';
import { testEnvironment } from '../support/testEnv';
import { waitFor } from '../support/waitFor';
import { hoverText, signedOutIs } from './editorQueries';

const SIGNED_OUT = 'it-signin-out';
const USERPASS = 'it-signin-userpass';

suite('Vault sign-in in the editor: signed-out diagnostic with Sign In, userpass (issue 16)', function () {
  this.timeout(120_000);
  const id = randomBytes(4).toString('hex');
  const password = `pw-${randomBytes(8).toString('hex')}`;

  suiteSetup(async () => {
    const { vault } = testEnvironment();
    const mounts = await vaultApi(vault, vault.rootToken, 'GET', 'sys/auth');
    if (!(mounts.data ?? mounts)[`it-userpass/`])
      await vaultApi(vault, vault.rootToken, 'POST', 'sys/auth/it-userpass', { type: 'userpass' });
    await vaultApi(vault, vault.rootToken, 'PUT', `sys/policies/acl/it-signin-${id}`, {
      policy: 'path "secret/*" { capabilities = ["read", "list"] }',
    });
    await vaultApi(vault, vault.rootToken, 'POST', `auth/it-userpass/users/it-${id}`, { password, token_policies: [`it-signin-${id}`] });
    const settings = vscode.workspace.getConfiguration('secretref');
    const names = new Set([SIGNED_OUT, USERPASS]);
    const others = (settings.inspect<{ name: string }[]>('stores')?.globalValue ?? []).filter((c) => !names.has(c.name));
    // "localhost", not the 127.0.0.1 of VAULT_ADDR: no shell session applies to the signed-out config.
    const url = vault.address.replace('127.0.0.1', 'localhost');
    await settings.update(
      'stores',
      [
        ...others,
        { kind: 'vault', name: SIGNED_OUT, url, auth: 'token' },
        { kind: 'vault', name: USERPASS, url, auth: 'userpass', authPath: 'it-userpass', username: `it-${id}` },
      ],
      vscode.ConfigurationTarget.Global,
    );
    await vscode.extensions.getExtension('secretref.secretref')?.activate();
  });

  suiteTeardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('a signed-out store: one `signed-out` error for its references, quick fix "Sign In"', async () => {
    const text = `a: vault.secret(${SIGNED_OUT}:oracle.user)\nb: vault.secret(${SIGNED_OUT}:oracle.password)\n`;
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
    await vscode.window.showTextDocument(document);
    const diagnostic = await waitFor(
      'the signed-out diagnostic',
      () => vscode.languages.getDiagnostics(document.uri).find((d) => d.code === 'signed-out'),
      { timeoutMs: 20_000, intervalMs: 50 },
    );
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(vscode.languages.getDiagnostics(document.uri).filter((d) => d.code === 'signed-out').length, 1);
    assert.doesNotMatch(diagnostic.message, /VAULT_TOKEN|--stores/, 'editor words, not terminal ones');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const signIn = actions.find((a) => a.title === `Sign In to "${SIGNED_OUT}"`);
    assert.ok(signIn, `a Sign In quick fix: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(signIn.command?.command, 'secretref.signInToStore');
    assert.deepEqual(signIn.command?.arguments, [SIGNED_OUT]);
  });

  test('userpass: the password signs in (only the token is kept) and the reference resolves', async () => {
    const text = `user: vault.secret(${USERPASS}:oracle.user)\n`;
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
    await vscode.window.showTextDocument(document);
    await signedOutIs(document, true);
    assert.equal(await vscode.commands.executeCommand('secretref.signInToStore', USERPASS, { password }), true);
    await signedOutIs(document, false);
    const hover = await hoverText(document, text.indexOf('oracle'));
    assert.match(hover, /Value:/);
  });
});
