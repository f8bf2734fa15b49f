// Issue 16, OIDC in the editor against the run's live OpenBao and a real OpenID provider
// (oidc-provider, test/support/oidcProvider.ts): Add Store saves the OIDC fields (mount, role, listen
// port, callback mode) into the config, Sign In to Store runs the browser flow with the loopback
// listener on that port, reached through the asExternalUri address in this remote (browser) window (the
// provider's login form is submitted by the test's HTTP "browser" at the address the extension logs and
// opens), and the reference then resolves; the device mode the same way.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { configureOpenBaoOidc, signInWithBrowser, startOidcProvider, type OidcProviderServer } from '../support/oidcProvider';
import { acceptsConnections, freePort } from '../support/processes';
import { vaultApi } from '../support/stores';
import { testEnvironment } from '../support/testEnv';
import { waitFor } from '../support/waitFor';
import { hoverText, signedOutIs } from './editorQueries';

const CLIENT = 'it-oidc-browser';
const DEVICE = 'it-oidc-device';

suite('Vault OIDC in the editor: Add Store fields, Sign In through the provider (issue 16)', function () {
  this.timeout(120_000);
  const mount = `it-oidc-${randomBytes(3).toString('hex')}`;
  let provider: OidcProviderServer;
  let logDir = '';
  let port = 0;
  let redirectUri = '';
  // "localhost", not the 127.0.0.1 of VAULT_ADDR: no shell session applies to these configs.
  const url = () => testEnvironment().vault.address.replace('127.0.0.1', 'localhost');

  const logText = () =>
    fs.existsSync(logDir)
      ? fs
          .readdirSync(logDir, { recursive: true, encoding: 'utf8' })
          .map((f) => path.join(logDir, f))
          .filter((f) => fs.statSync(f).isFile())
          .map((f) => fs.readFileSync(f, 'utf8'))
          .join('\n')
      : '';
  /** The sign-in address the extension logged (and opened) for `store`, after `before` characters of log. */
  const signInAddress = (store: string, before: number) =>
    waitFor(
      `the OIDC sign-in address of "${store}" in the log`,
      () => new RegExp(`Sign in to "${store}" \\(OIDC[^)]*\\): open (\\S+)`).exec(logText().slice(before))?.[1],
      { timeoutMs: 20_000 },
    );

  suiteSetup(async () => {
    const { vault } = testEnvironment();
    port = await freePort();
    // The workbench is a browser window of a remote server: the callback reaches the listener through
    // the address asExternalUri gives (code-server's port proxy), which the provider and the role list.
    redirectUri = (await vscode.env.asExternalUri(vscode.Uri.parse(`http://localhost:${port}/oidc/callback`))).toString(true);
    provider = await startOidcProvider({ redirectUris: [redirectUri] });
    await vaultApi(vault, vault.rootToken, 'PUT', `sys/policies/acl/${mount}`, {
      policy: 'path "secret/*" { capabilities = ["read", "list"] }',
    });
    await configureOpenBaoOidc(vault, provider, mount, [mount], [redirectUri]);
    await vscode.extensions.getExtension('secretref.secretref')?.activate();
    logDir = ((await vscode.commands.executeCommand('secretref.stores.diagnostics')) as { logDir: string }).logDir;
  });

  suiteTeardown(async () => {
    const { vault } = testEnvironment();
    const settings = vscode.workspace.getConfiguration('secretref');
    const others = (settings.inspect<{ name: string }[]>('stores')?.globalValue ?? []).filter((c) => ![CLIENT, DEVICE].includes(c.name));
    await settings.update('stores', others, vscode.ConfigurationTarget.Global);
    await vaultApi(vault, vault.rootToken, 'DELETE', `sys/auth/${mount}`).catch(() => undefined);
    await provider?.close();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /**
   * The VS Code server of these tests (server-main.js) has no port proxy for `<origin>/proxy/<port>/…`
   * (code-server's wrapper has one, stripping the prefix): the test's browser goes to the listener on
   * loopback directly, at /oidc/callback, as that proxy would.
   */
  const playPortProxy = (address: string) => {
    const proxy = redirectUri.replace(/oidc\/callback$/, '');
    return address.startsWith(proxy) ? `http://localhost:${port}/${address.slice(proxy.length)}` : address;
  };

  async function resolvesAfterSignIn(store: string, user: string): Promise<void> {
    const text = `user: vault.secret(${store}:oracle.user)\n`;
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
    await vscode.window.showTextDocument(document);
    await signedOutIs(document, true);
    const before = logText().length;
    const signedIn = vscode.commands.executeCommand<boolean>('secretref.signInToStore', store);
    const address = await signInAddress(store, before);
    assert.ok(address.startsWith(provider.issuer), address);
    const page = await signInWithBrowser(address, user, { rewrite: playPortProxy });
    assert.equal(await signedIn, true);
    assert.equal(page.status, 200, page.text);
    await signedOutIs(document, false);
    const hover = await hoverText(document, text.indexOf('oracle'));
    assert.match(hover, /Value:/);
  }

  test('Add Store keeps the OIDC fields; Sign In listens on that port, the provider login returns to it, the reference resolves', async () => {
    const name = await vscode.commands.executeCommand<string>('secretref.addStore', {
      kind: 'vault',
      name: CLIENT,
      url: url(),
      auth: 'oidc',
      oidc: { mount, role: 'dev', callbackMode: 'client', port },
    });
    assert.equal(name, CLIENT);
    const saved = vscode.workspace
      .getConfiguration('secretref')
      .inspect<{ name: string; oidc?: object }[]>('stores')
      ?.globalValue?.find((c) => c.name === CLIENT);
    assert.deepEqual(saved?.oidc, { mount, role: 'dev', callbackMode: 'client', port });
    await resolvesAfterSignIn(CLIENT, 'alice');
    const address = /Sign in to "it-oidc-browser" \(OIDC\): open (\S+)/.exec(logText())?.[1] ?? '';
    assert.equal(new URL(address).searchParams.get('redirect_uri'), redirectUri, 'the redirect_uri is the forwarded callback');
    assert.equal(await acceptsConnections(port), false, 'the listener is closed after the sign-in');
  });

  test('device mode: Sign In shows the address, the approval on the provider signs in, the reference resolves', async () => {
    await vscode.commands.executeCommand('secretref.addStore', {
      kind: 'vault',
      name: DEVICE,
      url: url(),
      auth: 'oidc',
      oidc: { mount, role: 'device', callbackMode: 'device' },
    });
    await resolvesAfterSignIn(DEVICE, 'carol');
    assert.match(
      logText(),
      new RegExp(`Sign in to "${DEVICE}" \\(OIDC, device mode\\): open ${provider.issuer.replace(/[.:/]/g, '\\$&')}/device`),
    );
  });
});
