// The store layer inside VS Code: activation loads no store SDK, the store commands are registered,
// and with configs in user settings and credentials signed in through the command, Copy Secret
// Value reads a seeded secret from each live store onto the clipboard, and clears it afterwards.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { seedData, testEnvironment } from '../support/testEnv';
import { waitFor as pollWithDeadline } from '../support/waitFor';

const EXTENSION_ID = 'secretref.secretref';
const DIAGNOSTICS = 'secretref.stores.diagnostics';

interface Diagnostics {
  sdksAtActivation: string[];
  sdksNow: string[];
  configs: { name: string; kind: string; source: string; status: string }[];
  stats: { reads: number; requests: number };
  logDir: string;
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  return pollWithDeadline(what, probe, { timeoutMs, intervalMs: 50 });
}

const settings = () => vscode.workspace.getConfiguration('secretref');

suite('stores', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    // Nothing contacts a store in an untrusted workspace (unit-tested in storesManager.test.ts).
    assert.ok(
      vscode.workspace.isTrusted,
      'the integration workspace must be trusted: the harness sets "security.workspace.trust.enabled": false in the test user settings',
    );
  });

  suiteTeardown(async () => {
    for (const name of ['int-vault', 'int-aws']) await vscode.commands.executeCommand('secretref.signOutOfStore', name);
    await settings().update('stores', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('clipboardClearSeconds', undefined, vscode.ConfigurationTarget.Global);
    await vscode.env.clipboard.writeText('');
  });

  test('activation loaded neither node-vault nor the AWS SDK', async () => {
    const d = await vscode.commands.executeCommand<Diagnostics>(DIAGNOSTICS);
    assert.deepEqual(d.sdksAtActivation, []);
  });

  test('the store commands are registered', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of [
      'addStore',
      'editStore',
      'testStoreConnection',
      'signInToStore',
      'signOutOfStore',
      'removeStore',
      'refreshStores',
      'copySecretValue',
    ]) {
      assert.ok(registered.has(`secretref.${id}`), `secretref.${id} is not registered`);
    }
  });

  test('copies a seeded secret from OpenBao and from moto to the clipboard', async () => {
    const env = testEnvironment();
    const data = seedData();
    await settings().update(
      'stores',
      [
        { kind: 'vault', name: 'int-vault', url: env.vault.address, enginePath: 'secret', auth: 'token' },
        { kind: 'aws', name: 'int-aws', region: env.aws.region, endpoint: env.aws.endpoint, auth: 'accessKey' },
      ],
      vscode.ConfigurationTarget.Global,
    );
    await until('the store configs to load', async () => {
      const d = await vscode.commands.executeCommand<Diagnostics>(DIAGNOSTICS);
      return d.configs.filter((c) => c.name.startsWith('int-') && c.source === 'user').length === 2 ? true : undefined;
    });
    assert.equal(await vscode.commands.executeCommand('secretref.signInToStore', 'int-vault', { token: env.vault.rootToken }), true);
    assert.equal(
      await vscode.commands.executeCommand('secretref.signInToStore', 'int-aws', { accessKeyId: 'testing', secretAccessKey: 'testing' }),
      true,
    );

    assert.equal(await vscode.commands.executeCommand('secretref.copySecretValue', 'int-vault', 'oracle', 'password'), true);
    assert.equal(await vscode.env.clipboard.readText(), data.vault.kv2.oracle.password);

    assert.equal(await vscode.commands.executeCommand('secretref.copySecretValue', 'int-aws', 'postgresSecrets', 'password'), true);
    assert.equal(await vscode.env.clipboard.readText(), data.aws.json.postgresSecrets.password);

    assert.equal(await vscode.commands.executeCommand('secretref.copySecretValue', 'int-aws', 'certs/client-key'), true);
    assert.equal(await vscode.env.clipboard.readText(), Buffer.from(data.aws.binary['certs/client-key']).toString('base64'));

    const d = await vscode.commands.executeCommand<Diagnostics>(DIAGNOSTICS);
    // Loaded once used: the AWS SDK, its shared-config reader (the endpoint and FIPS settings an AWS
    // store honours, awsProfileConfig.ts) and node-vault. The window is shared with the other suites:
    // the AWS IAM sign-in's signer may have loaded before (that it loads only when used, the activation
    // test shows), nothing else.
    const used = ['@aws-sdk/client-secrets-manager', '@aws-sdk/credential-providers', '@smithy/core/config', 'node-vault'];
    assert.deepEqual(
      d.sdksNow.filter((sdk) => sdk !== '@smithy/signature-v4'),
      used,
    );
    assert.equal(d.configs.find((c) => c.name === 'int-vault')?.status, 'signed-in');
  });

  test('a missing secret fails without touching the clipboard, and a copied value is cleared after the delay', async () => {
    await vscode.env.clipboard.writeText('unchanged');
    assert.equal(await vscode.commands.executeCommand('secretref.copySecretValue', 'int-vault', 'does/not/exist', 'x'), false);
    assert.equal(await vscode.env.clipboard.readText(), 'unchanged');

    await settings().update('clipboardClearSeconds', 1, vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('secretref.copySecretValue', 'int-vault', 'apps/db.prod', 'password'), true);
    assert.equal(await vscode.env.clipboard.readText(), seedData().vault.kv2['apps/db.prod'].password);
    await until('the clipboard to clear', async () => ((await vscode.env.clipboard.readText()) === '' ? true : undefined), 10_000);
  });

  test('add, disable, enable and remove a store config through the commands (user settings)', async () => {
    const configNames = async () => (await vscode.commands.executeCommand<Diagnostics>(DIAGNOSTICS)).configs.map((c) => c.name);
    const name = await vscode.commands.executeCommand<string>('secretref.addStore', {
      kind: 'vault',
      name: 'int-added',
      url: 'https://vault.example.com:8200',
      auth: 'token',
    });
    assert.equal(name, 'int-added');
    await until('the added config', async () => ((await configNames()).includes('int-added') ? true : undefined));
    const saved = (settings().inspect<{ name: string; enabled?: boolean; token?: string }[]>('stores')?.globalValue ?? []).find(
      (c) => c.name === 'int-added',
    );
    assert.deepEqual(saved, { kind: 'vault', name: 'int-added', url: 'https://vault.example.com:8200', auth: 'token' });
    assert.equal(await vscode.commands.executeCommand('secretref.disableStore', 'int-added'), true);
    await until('the disabled status', async () => {
      const d = await vscode.commands.executeCommand<Diagnostics>(DIAGNOSTICS);
      return d.configs.find((c) => c.name === 'int-added')?.status === 'disabled' ? true : undefined;
    });
    assert.equal(await vscode.commands.executeCommand('secretref.enableStore', 'int-added'), true);
    assert.equal(await vscode.commands.executeCommand('secretref.removeStore', 'int-added', true), true);
    await until('the removed config', async () => (!(await configNames()).includes('int-added') ? true : undefined));
    assert.ok((await configNames()).includes('int-vault'), 'other configs stay');
  });

  test('the extension log names what was copied but holds no secret value or token', async () => {
    const d = await vscode.commands.executeCommand<Diagnostics>(DIAGNOSTICS);
    const logs = await until('the output log file', () => {
      const files = fs.existsSync(d.logDir) ? fs.readdirSync(d.logDir).filter((f) => f.endsWith('.log')) : [];
      const text = files.map((f) => fs.readFileSync(path.join(d.logDir, f), 'utf8')).join('\n');
      return text.includes('Copied int-vault:oracle.password') ? text : undefined;
    });
    const data = seedData();
    // Every seeded value carries the run's canary; the root token is the user's token here.
    for (const secret of [testEnvironment().vault.rootToken, data.canary]) {
      assert.ok(!logs.includes(secret), 'a secret value or token reached the extension log');
    }
    assert.match(logs, /Store "int-vault", secret "does\/not\/exist"/);
  });

  test('sign out forgets the credentials: the next read asks to sign in', async () => {
    await vscode.commands.executeCommand('secretref.signOutOfStore', 'int-vault');
    await vscode.env.clipboard.writeText('unchanged');
    assert.equal(await vscode.commands.executeCommand('secretref.copySecretValue', 'int-vault', 'oracle', 'password'), false);
    assert.equal(await vscode.env.clipboard.readText(), 'unchanged');
    const d = await vscode.commands.executeCommand<Diagnostics>(DIAGNOSTICS);
    assert.equal(d.configs.find((c) => c.name === 'int-vault')?.status, 'signed-out');
  });

  test('an SSO profile store is signed-out with "Sign in with IAM Identity Center", which runs aws sso login in a terminal', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-int-sso-'));
    const saved = { AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE, PATH: process.env.PATH };
    fs.writeFileSync(
      path.join(dir, 'config'),
      '[profile int-sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Reader\n' +
        `endpoint_url = ${testEnvironment().aws.endpoint}\n[sso-session corp]\nsso_start_url = https://int-sso.awsapps.com/start\nsso_region = us-east-1\n`,
    );
    // An "aws" on PATH for the extension's check (the terminal's shell runs whichever it finds).
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'aws'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
    const before = (settings().inspect('stores')?.globalValue as unknown[] | undefined) ?? [];
    await settings().update(
      'stores',
      [...before, { kind: 'aws', name: 'int-sso', region: 'us-east-1', auth: 'profile', profile: 'int-sso' }],
      vscode.ConfigurationTarget.Global,
    );
    const window = vscode.window as unknown as Record<string, (...args: unknown[]) => Thenable<unknown>>;
    const originals = { error: window.showErrorMessage, warning: window.showWarningMessage };
    const shown: { message: string; items: unknown[] }[] = [];
    const answer =
      (pick?: string) =>
      (message: unknown, ...items: unknown[]) => {
        shown.push({ message: String(message), items });
        return Promise.resolve(pick && items.includes(pick) ? pick : undefined);
      };
    try {
      window.showErrorMessage = answer('Sign in with IAM Identity Center');
      window.showWarningMessage = answer();
      // Without the AWS CLI on PATH: it says what to run.
      process.env.PATH = path.join(dir, 'empty');
      assert.equal(await vscode.commands.executeCommand('secretref.copySecretValue', 'int-sso', 'postgresSecrets', 'password'), false);
      const error = await until('the signed-out error', () => shown.find((m) => /IAM Identity Center/.test(m.message)));
      assert.deepEqual(error.items, ['Sign in with IAM Identity Center', 'Show Log']);
      const d = await vscode.commands.executeCommand<Diagnostics>(DIAGNOSTICS);
      assert.equal(d.configs.find((c) => c.name === 'int-sso')?.status, 'signed-out');
      const missing = await until('the no-CLI warning', () => shown.find((m) => /not on PATH/.test(m.message)));
      assert.match(missing.message, /run "aws sso login --profile int-sso" in a terminal/);
      // With it: a terminal runs the login; when it closes the store is read again (status reset).
      process.env.PATH = `${bin}${path.delimiter}${saved.PATH ?? ''}`;
      assert.equal(await vscode.commands.executeCommand('secretref.stores.awsLogin', 'int-sso'), true);
      const terminal = await until('the login terminal', () => vscode.window.terminals.find((t) => t.name === 'AWS sign-in: int-sso'));
      terminal.dispose();
      await until('the store read again', async () => {
        const now = await vscode.commands.executeCommand<Diagnostics>(DIAGNOSTICS);
        return now.configs.find((c) => c.name === 'int-sso')?.status !== 'signed-out' || undefined;
      });
    } finally {
      window.showErrorMessage = originals.error;
      window.showWarningMessage = originals.warning;
      process.env.AWS_CONFIG_FILE = saved.AWS_CONFIG_FILE;
      if (saved.AWS_CONFIG_FILE === undefined) delete process.env.AWS_CONFIG_FILE;
      process.env.PATH = saved.PATH;
      await settings().update('stores', before.length ? before : undefined, vscode.ConfigurationTarget.Global);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
