// OIDC login to OpenBao through a real OpenID provider (oidc-provider, test/support/oidcProvider.ts):
// the browser flow with the loopback callback, driven by plain HTTP (the auth URL, the provider's
// login and consent forms, the redirect to the listener), cancel, a taken port, and OpenBao's device
// mode (RFC 8628). Each token reads a seeded secret through the Vault store.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { acceptsConnections, freePort } from '../support/processes';
import { configureOpenBaoOidc, signInWithBrowser, startOidcProvider, type OidcProviderServer } from '../support/oidcProvider';
import { vaultApi } from '../support/stores';
import { seedData, testEnvironment } from '../support/testEnv';
import { oidcLogin, type OidcLoginOptions, type OidcPrompt } from '../../src/core/stores/vault/oidcLogin';
import { VaultStore } from '../../src/core/stores/vault/vaultStore';
import { assertNoLeaks, expectStoreError, unique } from './storesTestSupport';

/** The callback's path behind a port proxy that keeps its prefix (as the tests' VS Code server does). */
const FORWARDED_PATH = '/proxy/forwarded/oidc/callback';

describe('stores: Vault OIDC login (live OpenBao + oidc-provider)', function () {
  this.timeout(60_000);
  let provider: OidcProviderServer;
  const mount = unique('oidc');
  const tokens: string[] = [];

  before(async () => {
    const env = testEnvironment();
    provider = await startOidcProvider({ redirectUris: [`http://localhost${FORWARDED_PATH}`] });
    await vaultApi(env.vault, env.vault.rootToken, 'PUT', 'sys/policies/acl/oidc-read-oracle', {
      policy: 'path "secret/data/oracle" { capabilities = ["read"] }\npath "secret/metadata/oracle" { capabilities = ["read"] }',
    });
    await configureOpenBaoOidc(env.vault, provider, mount, ['oidc-read-oracle'], [`http://localhost:8250${FORWARDED_PATH}`]);
  });

  after(async () => {
    const env = testEnvironment();
    await vaultApi(env.vault, env.vault.rootToken, 'DELETE', `sys/auth/${mount}`).catch(() => undefined);
    await provider?.close();
    assertNoLeaks([...tokens, provider.clientSecret]);
  });

  function options(extra: Partial<OidcLoginOptions> & Pick<OidcLoginOptions, 'openBrowser'>): OidcLoginOptions {
    return { store: 'oidc-test', url: testEnvironment().vault.address, mount, ...extra };
  }

  async function readsOracle(token: string): Promise<void> {
    const store = new VaultStore({ kind: 'vault', name: 'oidc-test', url: testEnvironment().vault.address, auth: 'token' }, { token });
    try {
      const value = await store.read('oracle');
      assert.deepEqual(value.type === 'keyed' && value.data, seedData().vault.kv2.oracle);
    } finally {
      store.dispose();
    }
  }

  it('signs in through the browser: auth_url, the provider login form, the loopback callback, a token that reads a secret', async () => {
    const port = await freePort();
    let page: Promise<{ status: number; text: string; url: string }> | undefined;
    const result = await oidcLogin(
      options({
        port,
        openBrowser: (prompt: OidcPrompt) => {
          assert.equal(prompt.mode, 'client');
          assert.ok(prompt.url.startsWith(provider.issuer), prompt.url);
          assert.equal(new URL(prompt.url).searchParams.get('redirect_uri'), `http://localhost:${port}/oidc/callback`);
          page = signInWithBrowser(prompt.url, 'alice');
        },
      }),
    );
    tokens.push(result.token);
    assert.ok(result.token.length > 10);
    assert.deepEqual(result.policies.sort(), ['default', 'oidc-read-oracle']);
    const last = await page!;
    assert.equal(last.url.startsWith(`http://localhost:${port}/oidc/callback?`), true, last.url);
    assert.equal(last.status, 200);
    assert.match(last.text, /Signed in to Vault/);
    await readsOracle(result.token);
    assert.equal(await acceptsConnections(port), false, 'the listener is closed after the login');
  });

  it('behind a proxy that keeps its path prefix (a forwarded port): the redirect_uri path reaches the listener and signs in', async () => {
    const port = await freePort();
    let page: Promise<{ status: number; text: string; url: string }> | undefined;
    const result = await oidcLogin(
      options({
        port,
        externalRedirect: async (local) => local.replace('/oidc/callback', FORWARDED_PATH),
        openBrowser: (prompt) => {
          assert.equal(new URL(prompt.url).searchParams.get('redirect_uri'), `http://localhost:${port}${FORWARDED_PATH}`);
          page = signInWithBrowser(prompt.url, 'erin');
        },
      }),
    );
    tokens.push(result.token);
    const last = await page!;
    assert.equal(last.status, 200, last.text);
    assert.equal(new URL(last.url).pathname, FORWARDED_PATH);
    await readsOracle(result.token);
    assert.equal((await fetch(`http://127.0.0.1:${port}/other/oidc/callback`).catch(() => undefined))?.status, undefined, 'closed');
  });

  it('a callback with another state is refused and the login keeps waiting for the real one', async () => {
    const port = await freePort();
    let page: Promise<unknown> | undefined;
    const result = await oidcLogin(
      options({
        port,
        openBrowser: async (prompt) => {
          const forged = await fetch(`http://127.0.0.1:${port}/oidc/callback?state=forged&code=x`);
          assert.equal(forged.status, 400);
          assert.equal((await fetch(`http://127.0.0.1:${port}/other`)).status, 404);
          page = signInWithBrowser(prompt.url, 'bob');
        },
      }),
    );
    tokens.push(result.token);
    await page;
    await readsOracle(result.token);
  });

  it('cancel stops the listener at once and frees the port', async () => {
    const port = await freePort();
    const controller = new AbortController();
    let listening!: () => void;
    const bound = new Promise<void>((resolve) => (listening = resolve));
    const login = oidcLogin(
      options({
        port,
        signal: controller.signal,
        onListening: () => listening(),
        openBrowser: () => undefined,
      }),
    );
    await bound;
    assert.equal(await acceptsConnections(port), true, 'the listener is up while waiting');
    controller.abort();
    const error = await expectStoreError(login, 'signed-out');
    assert.equal(error.code, 'cancelled');
    assert.equal(await acceptsConnections(port), false, 'nothing listens after cancel');
    // The port is free again: a new listener can bind it.
    const again = net.createServer();
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.listen(port, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => again.close(() => resolve()));
  });

  it('a taken port gives a clear error naming it and the setting to change', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    let opened = false;
    try {
      const error = await expectStoreError(
        oidcLogin(
          options({
            port,
            openBrowser: () => {
              opened = true;
            },
          }),
        ),
        'invalid',
      );
      assert.equal(error.code, 'EADDRINUSE');
      assert.match(error.message, new RegExp(`port ${port} is in use`));
      assert.match(error.message, /callbackPort/);
      assert.equal(opened, false, 'no browser is opened when the listener cannot start');
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('device mode (OpenBao callback_mode=device): user code and verification URI, polling until approved, a token that reads a secret', async () => {
    const prompts: OidcPrompt[] = [];
    let approval: Promise<{ text: string }> | undefined;
    const result = await oidcLogin(
      options({
        role: 'device',
        callbackMode: 'device',
        openBrowser: (prompt) => {
          prompts.push(prompt);
          approval = signInWithBrowser(prompt.url, 'carol');
        },
      }),
    );
    tokens.push(result.token);
    assert.equal(prompts.length, 1);
    assert.equal(prompts[0].mode, 'device');
    assert.ok(prompts[0].url.startsWith(`${provider.issuer}/device`), prompts[0].url);
    // oidc-provider sends verification_uri_complete, so OpenBao puts the code in the URL and sends no user_code.
    assert.match(prompts[0].url, /user_code=/);
    const page = await approval!;
    assert.match(page.text, /<h1>Sign-in Success<\/h1>/);
    await readsOracle(result.token);
  });

  it('device mode: cancel stops the polling', async () => {
    const controller = new AbortController();
    const login = oidcLogin(
      options({
        role: 'device',
        callbackMode: 'device',
        signal: controller.signal,
        openBrowser: () => controller.abort(),
      }),
    );
    const error = await expectStoreError(login, 'signed-out');
    assert.equal(error.code, 'cancelled');
  });

  it('device mode against a client-mode role says the role needs callback_mode=device', async () => {
    const error = await expectStoreError(
      oidcLogin(options({ role: 'dev', callbackMode: 'device', openBrowser: () => undefined })),
      'signed-out',
    );
    assert.match(error.message, /auth_url/);
  });
});
