// OIDC sign-in in the browser workbench, as a user does it (issue 16): "Add Store" asks the OIDC
// fields step by step (mount, role, callback mode, listen port, redirect_uri parts); its "Sign In"
// opens the OpenID provider's page in a new tab (vscode.env.openExternal: a new page of the browser),
// where the provider's own login form (oidc-provider's interactive login, test/support/oidcProvider.ts)
// is filled in and its consent accepted; the tab returns to the extension's loopback listener (through
// the server's port proxy: asExternalUri in this remote window) and a
// hover of a vault.secret(...) reference to the new store resolves (masked). The device flow the same
// way: the provider's device page is confirmed in the new tab. The provider runs in this (runner)
// process; OpenBao's oidc mount trusts it. No value is printed.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, modify, parse } from 'jsonc-parser';
import type { Page } from 'playwright-core';
import { configureOpenBaoOidc, startOidcProvider, type OidcProviderServer } from '../support/oidcProvider';
import { freePort } from '../support/processes';
import { vaultApi } from '../support/stores';
import { e2e } from './context';
import { hoverTexts, hoverUntil, MASK, until, type Workbench } from './workbench';

type Answer = { pick: string | RegExp } | { type: string };

/** The workbench's origin (the VS Code server). */
const origin = () => new URL(e2e().workbench.page.url()).origin;
/** `<origin>/proxy/<port>/<rest>` as the port proxy forwards it: `http://127.0.0.1:<port>/<rest>`. */
const unproxied = (url: string) => url.replace(new RegExp(`^${origin().replace(/[.:/]/g, '\\$&')}/proxy/(\\d+)/`), 'http://127.0.0.1:$1/');

/** Answers Add Store's steps in order, checking each step's counter ("Add Store (n/total)"). */
async function answerAddStore(workbench: Workbench, answers: Answer[]): Promise<void> {
  const title = workbench.quickInput.locator('.quick-input-title');
  for (const [index, answer] of answers.entries()) {
    const step = `Add Store (${index + 1}/`;
    await until(`step ${index + 1} of Add Store`, async () =>
      (await title.innerText().catch(() => '')).includes(step) ? true : undefined,
    );
    if ('pick' in answer) {
      const row = workbench.quickPickRows.filter({ hasText: answer.pick }).first();
      await row.waitFor({ state: 'visible' });
      await workbench.page.mouse.move(1, 1);
      await row.click();
    } else {
      await workbench.quickInputBox.fill(answer.type);
      await workbench.page.keyboard.press('Enter');
    }
  }
}

/** The sign-in tab the extension opened (openExternal), or, when none opens, the address it logged opened by hand. */
async function signInPage(workbench: Workbench, opened: Promise<Page>, store: string): Promise<Page> {
  const logs = path.dirname(workbench.workspace);
  const logged = () => {
    const files = fs.readdirSync(logs, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.log') && f.includes('secretref'));
    for (const file of files) {
      const found = new RegExp(`Sign in to "${store}" \\(OIDC[^)]*\\): open (\\S+)`).exec(fs.readFileSync(path.join(logs, file), 'utf8'));
      if (found) return found[1];
    }
    return undefined;
  };
  // VS Code may first ask whether to open the external address: the user says Open.
  const openButton = workbench.page
    .locator('.monaco-dialog-box .monaco-button')
    .filter({ hasText: /^Open$/ })
    .first();
  let settled = false;
  const answering = until(
    'the sign-in tab',
    async () => {
      if (settled) return true;
      if (await openButton.isVisible()) await openButton.click().catch(() => undefined);
      return undefined;
    },
    90_000,
  ).catch(() => undefined);
  // No tab (a blocked popup): the user opens the address the extension logged.
  const page = await opened
    .catch(async () => {
      const address = await until('the sign-in address in the log', async () => logged());
      const tab = await workbench.page.context().newPage();
      await tab.goto(address);
      return tab;
    })
    .finally(() => (settled = true));
  await answering;
  // A tab opened by window.open starts at about:blank before it navigates to the address.
  await page.waitForURL((url) => url.protocol === 'http:' || url.protocol === 'https:');
  // openExternal of a loopback address in this remote window goes through the same port proxy, whose
  // kept prefix the provider does not serve (it listens on loopback here, a company's would not): the
  // user opens the provider's own address.
  if (unproxied(page.url()) !== page.url()) await page.goto(unproxied(page.url()));
  await page.waitForLoadState();
  return page;
}

/**
 * Plays the user in the provider's tab: fills its login form (any login), confirms the device code and
 * the consent, until the tab shows `done`. Screenshots the login form as `shot`.
 */
async function signInAtProvider(workbench: Workbench, page: Page, user: string, done: RegExp, shot: string): Promise<string[]> {
  const body = page.locator('body');
  /** The forwarded addresses the tab was sent to (the callback), in order. */
  const proxied: string[] = [];
  for (let step = 0; step < 8; step++) {
    await page.waitForLoadState();
    // The port proxy the real server would be (see suiteSetup): the same address, on the port itself.
    if (unproxied(page.url()) !== page.url()) {
      proxied.push(page.url());
      await page.goto(unproxied(page.url()));
      continue;
    }
    const text = await body.innerText();
    if (done.test(text)) return proxied;
    const login = page.locator('input[name="login"]');
    if (await login.isVisible()) {
      await login.fill(user);
      await page.locator('input[name="password"]').fill('any-password');
      await workbench.screenshot(shot, page);
    }
    const submit = page.locator('button[type="submit"]:not([name="abort"])').first();
    if (!(await submit.isVisible())) assert.fail(`the provider's page has no form to submit (${page.url()}): ${text.slice(0, 200)}`);
    await submit.click();
    await until(`the provider's next page after "${text.split('\n')[0]}"`, async () => {
      const next = await body.innerText().catch(() => text);
      return next !== text ? true : undefined;
    });
  }
  assert.match(await body.innerText(), done);
  return proxied;
}

suite('OIDC sign-in in the browser workbench', () => {
  const mount = `e2e-oidc-${randomBytes(3).toString('hex')}`;
  const names = { client: `e2e-oidc-${randomBytes(2).toString('hex')}`, device: `e2e-oidc-device-${randomBytes(2).toString('hex')}` };
  let provider: OidcProviderServer;
  let port = 0;
  let forwarded = '';
  const files: string[] = [];
  // "localhost", not the address of VAULT_ADDR: the server's shell token must not sign these in.
  const vaultUrl = () => e2e().env.vault.address.replace('127.0.0.1', 'localhost');

  suiteSetup(async () => {
    const { vault } = e2e().env;
    port = await freePort();
    // In this remote window the extension forwards the callback with asExternalUri: through the VS Code
    // server's port proxy, which the provider's client and the role must list (as an admin would).
    forwarded = `${origin()}/proxy/${port}/oidc/callback`;
    provider = await startOidcProvider({ redirectUris: [forwarded] });
    await vaultApi(vault, vault.rootToken, 'PUT', `sys/policies/acl/${mount}`, {
      policy: 'path "secret/*" { capabilities = ["read", "list"] }',
    });
    await configureOpenBaoOidc(vault, provider, mount, [mount], [forwarded]);
    // The tests serve the workbench with VS Code's own server (server-main.js), which has no port
    // proxy: code-server's wrapper serves `<origin>/proxy/<port>/…` and forwards it to the port with
    // the prefix stripped. The provider's redirect lands there; signInAtProvider plays that wrapper.
  });

  // A sign-in tab left open (a failed test) would keep the focus from the workbench.
  teardown(async () => {
    const { workbench } = e2e();
    for (const page of workbench.page.context().pages()) if (page !== workbench.page) await page.close().catch(() => undefined);
    await workbench.page.bringToFront();
  });

  suiteTeardown(async () => {
    const { workbench, env } = e2e();
    // The user settings of the run's server: the configs this suite added go.
    const settingsFile = path.join(path.dirname(workbench.workspace), 'user-data', 'User', 'settings.json');
    if (fs.existsSync(settingsFile)) {
      const text = fs.readFileSync(settingsFile, 'utf8');
      const stores = ((parse(text) as Record<string, unknown>)['secretref.stores'] as { name: string }[] | undefined) ?? [];
      const kept = stores.filter((c) => !Object.values(names).includes(c.name));
      fs.writeFileSync(
        settingsFile,
        applyEdits(text, modify(text, ['secretref.stores'], kept, { formattingOptions: { insertSpaces: true, tabSize: 2 } })),
      );
    }
    for (const file of files) fs.rmSync(file, { force: true });
    await vaultApi(env.vault, env.vault.rootToken, 'DELETE', `sys/auth/${mount}`).catch(() => undefined);
    await provider?.close();
  });

  /** A credential file whose password is a reference to `store`. */
  const referenceFile = (store: string) => {
    const name = `${store}.snowflake.json`;
    const file = path.join(e2e().workbench.workspace, name);
    fs.writeFileSync(
      file,
      `${JSON.stringify({ user: 'loader', password: `vault.secret(${store}:demo/snowflake.password)`, account: 'xy12345.us-east-1' }, null, 2)}\n`,
    );
    files.push(file);
    return name;
  };

  async function hoverResolves(store: string, shot: string): Promise<void> {
    const { workbench, seed } = e2e();
    await workbench.openFile(referenceFile(store));
    await hoverUntil(
      workbench,
      ['snowflake.password', 'snowflake'],
      `the hover to name ${store} and show a masked value`,
      (t) => t.includes(store) && MASK.test(t),
      60_000,
    );
    assert.equal((await hoverTexts(workbench)).includes(seed.vault.kv2['demo/snowflake'].password), false, 'the value stays masked');
    assert.doesNotMatch(await hoverTexts(workbench), /signed out|Sign In/i, 'the hover is not a sign-in prompt');
    await workbench.screenshot(shot);
  }

  /**
   * Add Store for a Vault config `name` at the run's OpenBao with OIDC at the suite's mount (`oidc`:
   * the answers from the role on), then its "Sign In" button; `opened`: the tab it opens.
   */
  async function addStoreAndSignIn(name: string, oidc: Answer[]): Promise<{ opened: Promise<Page> }> {
    const { workbench } = e2e();
    await workbench.runCommand(/Secret References: Add Store/);
    await answerAddStore(workbench, [
      { pick: 'HashiCorp Vault / OpenBao' },
      { type: name },
      { type: vaultUrl() },
      { type: 'secret' },
      { pick: /^OIDC/ },
      { type: mount },
      ...oidc,
      { type: '' },
      { type: '' },
      { pick: 'Yes' },
    ]);
    const added = await workbench.notification(new RegExp(`Store "${name}" added`));
    const opened = workbench.page.context().waitForEvent('page', { timeout: 30_000 });
    opened.catch(() => undefined);
    await added
      .locator('.monaco-button')
      .filter({ hasText: /^Sign In$/ })
      .first()
      .click();
    return { opened };
  }

  test('Add Store with OIDC, Sign In through the provider login page in a new tab, then the reference hover resolves', async () => {
    const { workbench } = e2e();
    const { opened } = await addStoreAndSignIn(names.client, [
      { type: 'dev' },
      { pick: 'Browser callback' },
      { type: String(port) },
      { type: '' },
      { type: '' },
      { pick: /^\s*http(?!s)/ },
    ]);
    await workbench.notification(new RegExp(`Sign In to "${names.client}" with OIDC`));
    await workbench.screenshot('oidc-signing-in');
    const tab = await signInPage(workbench, opened, names.client);
    assert.ok(tab.url().startsWith(provider.issuer), `the tab is at the OpenID provider: ${tab.url()}`);
    const proxied = await signInAtProvider(workbench, tab, 'alice', /Signed in to Vault/, 'oidc-provider-login');
    assert.ok(
      proxied.some((url) => url.startsWith(`${forwarded}?`)),
      `the provider returned to the forwarded callback: ${proxied.join(', ')}`,
    );
    await tab.close();
    await hoverResolves(names.client, 'oidc-hover-vault');
  });

  test('device flow: Add Store in device mode, the device page confirmed in a new tab, then the hover resolves', async () => {
    const { workbench } = e2e();
    const { opened } = await addStoreAndSignIn(names.device, [{ type: 'device' }, { pick: 'Device code' }]);
    const progress = await workbench.notification(/approve the sign-in at|enter the code/);
    assert.match(await progress.innerText(), new RegExp(`${provider.issuer.replace(/[.:/]/g, '\\$&')}/device`));
    await workbench.screenshot('oidc-device-code');
    const tab = await signInPage(workbench, opened, names.device);
    assert.ok(tab.url().startsWith(`${provider.issuer}/device`), `the tab is at the provider's device page: ${tab.url()}`);
    await signInAtProvider(workbench, tab, 'carol', /Sign-in Success/, 'oidc-device-login');
    await tab.close();
    await hoverResolves(names.device, 'oidc-hover-device');
  });
});
