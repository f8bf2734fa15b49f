// Leaks through workspace store configs, inside VS Code, with real credentials in play: the user signs
// in to user-settings configs (Vault token, AppRole secret-id, AWS access key) through the extension's
// own command, and also has VAULT_TOKEN/VAULT_ADDR, AWS default-chain keys and an AWS profile in the
// environment. A workspace then redefines the same names (and adds new ones) pointing at a recording
// proxy in front of the same OpenBao / moto. Every feature that talks to a store runs under those names;
// the proxy must see none of the user's credentials (nor a login with them). Positive controls first:
// the same detection finds each credential when the user's own config points at a proxy.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ViewsApi } from '../../src/features/views/registerViewFeatures';
import type { SecretTreeNode } from '../../src/features/views/model/treeNodes';
import {
  attempt,
  credentialsSeen,
  describeRequests,
  installAmbientCredentials,
  RestoreAmbientCredentials,
  signedWith,
  startRecorders,
} from '../support/credentialLeaks';
import type { FaultProxy, ProxiedRequest } from '../support/faultProxy';
import { seedData, testEnvironment } from '../support/testEnv';
import { waitFor } from '../support/waitFor';

const USER = {
  token: 'it-shadow-vault',
  env: 'it-shadow-env',
  approle: 'it-shadow-approle',
  awsKey: 'it-shadow-aws-key',
  awsDefault: 'it-shadow-aws-default',
  awsProfile: 'it-shadow-aws-profile',
} as const;
const CONTROL = {
  token: 'it-shadow-ctl-vault',
  env: 'it-shadow-ctl-env',
  approle: 'it-shadow-ctl-approle',
  awsKey: 'it-shadow-ctl-aws-key',
  awsDefault: 'it-shadow-ctl-aws-default',
  awsProfile: 'it-shadow-ctl-aws-profile',
} as const;
const WORKSPACE_NEW = { vault: 'it-shadow-ws-new', vaultAtEnvAddr: 'it-shadow-ws-envaddr', apiGateway: 'it-shadow-ws-apigw' } as const;
const APPROLE_MOUNT = `approle-shadow-${process.pid}`;
const PROFILE = 'shadow-profile';
/** The user's AWS identities (moto accepts any key): one per way the extension can get one. */
const AWS_KEYS = {
  stored: { accessKeyId: 'AKIASHADOWSTORED0001', secretAccessKey: 'shadow-stored-secret-key-0001' },
  env: { accessKeyId: 'AKIASHADOWENVCHAIN01', secretAccessKey: 'shadow-env-secret-key-0001' },
  profile: { accessKeyId: 'AKIASHADOWPROFILE001', secretAccessKey: 'shadow-profile-secret-key-0001' },
};

interface StoreErrorLike {
  kind?: string;
  message: string;
}
interface ShadowStores {
  config(name: string): { source: string; url?: string; endpoint?: string } | undefined;
  read(store: string, path: string, options?: { fresh?: boolean }): Promise<unknown>;
  list(store: string): Promise<unknown>;
  metadata(store: string, path: string): Promise<unknown>;
  hasCredentials(name: string): Promise<boolean>;
  vaultKvVersion(name: string): Promise<unknown>;
  get(
    name: string,
  ): Promise<{ write(path: string, payload: unknown, options?: unknown): Promise<unknown>; testConnection(): Promise<unknown> }>;
  reload(name?: string): void;
}

const settings = () => vscode.workspace.getConfiguration('secretref');

const NO_LEAKS = {
  vaultCredentials: [],
  vaultRequestsWithToken: 'none',
  vaultLogins: 'none',
  awsSignedBy: [],
  awsCredentials: [],
  awsSignedRequests: 'none',
};

async function vaultApi<T>(address: string, token: string, method: string, apiPath: string, body?: unknown): Promise<T> {
  const response = await fetch(`${address}/v1/${apiPath}`, {
    method,
    headers: { 'X-Vault-Token': token, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`OpenBao ${method} ${apiPath}: HTTP ${response.status}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** Step -> error kind (or "ok"), for the run's log. */
function summarize(outcomes: Map<string, unknown>): string {
  return [...outcomes]
    .map(([step, value]) => {
      if (value instanceof vscode.TreeItem) return `${step}="${String(value.description)}"`;
      return `${step}=${value instanceof Error ? ((value as StoreErrorLike).kind ?? 'error') : value === undefined ? 'none' : 'ok'}`;
    })
    .join(' ');
}

/** Files under `dir` (recursively) whose bytes contain `needle` as UTF-8 or UTF-16LE. */
function filesContaining(dir: string, needle: string, skip: (file: string) => boolean, out: string[] = []): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  const patterns = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) filesContaining(full, needle, skip, out);
    else if (entry.isFile() && !skip(full)) {
      try {
        if (fs.statSync(full).size > 64 * 1024 * 1024) continue;
        if (patterns.some((p) => fs.readFileSync(full).includes(p))) out.push(full);
      } catch {
        // removed while we walked (rotating logs, locks)
      }
    }
  }
  return out;
}

function labelOf(api: ViewsApi, node: SecretTreeNode): string {
  const label = api.secrets.getTreeItem(node).label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}

suite('hardening: workspace store configs never get the user credentials', function () {
  this.timeout(240_000);
  const env = () => testEnvironment();
  let restoreAmbient: RestoreAmbientCredentials | undefined;
  const scratch: string[] = [];
  let userToken = '';
  let envToken = '';
  let roleId = '';
  let secretId = '';
  let attackerVault: FaultProxy;
  let attackerAws: FaultProxy;
  let controlVault: FaultProxy;
  let controlAws: FaultProxy;
  let stores: ShadowStores;
  let api: ViewsApi;

  const vaultCredentials = () => ({ userToken, envToken, secretId, rootToken: env().vault.rootToken });
  const awsAccessKeyIds = () => ({
    stored: AWS_KEYS.stored.accessKeyId,
    env: AWS_KEYS.env.accessKeyId,
    profile: AWS_KEYS.profile.accessKeyId,
  });
  const awsSecrets = () => ({
    storedId: AWS_KEYS.stored.accessKeyId,
    storedSecret: AWS_KEYS.stored.secretAccessKey,
    envId: AWS_KEYS.env.accessKeyId,
    envSecret: AWS_KEYS.env.secretAccessKey,
    profileId: AWS_KEYS.profile.accessKeyId,
    profileSecret: AWS_KEYS.profile.secretAccessKey,
  });

  /** Every way a user credential could show up in requests to workspace-chosen URLs; all empty when none did. */
  const leaksTo = (vaultRequests: readonly ProxiedRequest[], awsRequests: readonly ProxiedRequest[]) => ({
    vaultCredentials: credentialsSeen(vaultRequests, vaultCredentials()),
    vaultRequestsWithToken: describeRequests(
      vaultRequests.filter((r) => r.headers['x-vault-token'] !== undefined || r.headers.authorization !== undefined),
    ),
    vaultLogins: describeRequests(vaultRequests.filter((r) => /\/auth\//.test(r.path))),
    awsSignedBy: signedWith(awsRequests, awsAccessKeyIds()),
    awsCredentials: credentialsSeen(awsRequests, awsSecrets()),
    awsSignedRequests: describeRequests(
      awsRequests.filter((r) => r.headers.authorization !== undefined || r.headers['x-amz-security-token'] !== undefined),
    ),
  });

  const userConfigs = (vaultUrl: string, awsEndpoint: string, names: typeof USER | typeof CONTROL) => {
    const { aws } = env();
    return [
      { kind: 'vault', name: names.token, url: vaultUrl, enginePath: 'secret', auth: 'token' },
      { kind: 'vault', name: names.env, url: vaultUrl, enginePath: 'secret', auth: 'token' },
      { kind: 'vault', name: names.approle, url: vaultUrl, enginePath: 'secret', auth: 'approle', approlePath: APPROLE_MOUNT, roleId },
      { kind: 'aws', name: names.awsKey, region: aws.region, endpoint: awsEndpoint, auth: 'accessKey' },
      { kind: 'aws', name: names.awsDefault, region: aws.region, endpoint: awsEndpoint, auth: 'default' },
      { kind: 'aws', name: names.awsProfile, region: aws.region, endpoint: awsEndpoint, auth: 'profile', profile: PROFILE },
    ];
  };

  const ours = new Set<string>([...Object.values(USER), ...Object.values(CONTROL), ...Object.values(WORKSPACE_NEW)]);
  const othersGlobal = () => (settings().inspect<{ name: string }[]>('stores')?.globalValue ?? []).filter((c) => !ours.has(c.name));
  const setGlobal = async (configs: object[]) =>
    settings().update('stores', [...othersGlobal(), ...configs], vscode.ConfigurationTarget.Global);

  const signIn = async (names: typeof USER | typeof CONTROL) => {
    assert.equal(await vscode.commands.executeCommand('secretref.signInToStore', names.token, { token: userToken }), true);
    assert.equal(await vscode.commands.executeCommand('secretref.signInToStore', names.approle, { secretId }), true);
    assert.equal(await vscode.commands.executeCommand('secretref.signInToStore', names.awsKey, AWS_KEYS.stored), true);
  };

  const sourceIs = (names: string[], source: string) =>
    waitFor(
      `${names.join(', ')} from ${source} settings`,
      () => (names.every((n) => stores.config(n)?.source === source) ? true : undefined),
      { timeoutMs: 20_000 },
    );

  suiteSetup(async () => {
    const { vault, aws } = env();
    const extension = vscode.extensions.getExtension('secretref.secretref');
    assert.ok(extension, 'the extension is installed');
    await extension.activate();
    assert.ok(vscode.workspace.isTrusted, 'the integration workspace is trusted (workspace configs count only then)');
    stores = (extension.exports as { services: { stores: ShadowStores } }).services.stores;
    api = (await vscode.commands.executeCommand('secretref.views.testApi')) as ViewsApi;
    assert.ok(api, 'the views test API is registered under ExtensionMode.Test');

    // The user's own credentials: two child tokens of root (one signed in, one in the environment) and
    // an AppRole whose secret-id is signed in.
    userToken = (
      await vaultApi<{ auth: { client_token: string } }>(vault.address, vault.rootToken, 'POST', 'auth/token/create', {
        ttl: '1h',
        display_name: 'shadow-user',
      })
    ).auth.client_token;
    envToken = (
      await vaultApi<{ auth: { client_token: string } }>(vault.address, vault.rootToken, 'POST', 'auth/token/create', {
        ttl: '1h',
        display_name: 'shadow-env',
      })
    ).auth.client_token;
    await vaultApi(vault.address, vault.rootToken, 'POST', `sys/auth/${APPROLE_MOUNT}`, { type: 'approle' });
    await vaultApi(vault.address, vault.rootToken, 'PUT', 'sys/policies/acl/shadow-read', {
      policy: 'path "secret/*" { capabilities = ["read", "list"] }',
    });
    await vaultApi(vault.address, vault.rootToken, 'POST', `auth/${APPROLE_MOUNT}/role/shadow`, {
      token_policies: ['shadow-read'],
      token_ttl: '30m',
    });
    roleId = (
      await vaultApi<{ data: { role_id: string } }>(vault.address, vault.rootToken, 'GET', `auth/${APPROLE_MOUNT}/role/shadow/role-id`)
    ).data.role_id;
    secretId = (
      await vaultApi<{ data: { secret_id: string } }>(
        vault.address,
        vault.rootToken,
        'POST',
        `auth/${APPROLE_MOUNT}/role/shadow/secret-id`,
        {},
      )
    ).data.secret_id;

    // The environment of the extension host (tests run in it): VAULT_TOKEN for the real server, AWS
    // default-chain keys, and a shared credentials file with the profile.
    restoreAmbient = installAmbientCredentials({
      dir: env().runDir,
      prefix: 'shadow',
      vault: { address: vault.address, token: envToken },
      awsEnv: AWS_KEYS.env,
      profile: { name: PROFILE, region: aws.region, keys: AWS_KEYS.profile },
    });

    [attackerVault, attackerAws, controlVault, controlAws] = await startRecorders(vault.address, aws.endpoint, vault.address, aws.endpoint);

    await settings().update('stores', undefined, vscode.ConfigurationTarget.Workspace);
    await setGlobal(userConfigs(vault.address, aws.endpoint, USER));
    await sourceIs(Object.values(USER), 'user');
    await vscode.commands.executeCommand('secretref.signOutOfStore', USER.env);
    await signIn(USER);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await settings().update('stores', undefined, vscode.ConfigurationTarget.Workspace);
    for (const name of [...Object.values(USER), ...Object.values(CONTROL)]) {
      if (stores?.config(name)) await vscode.commands.executeCommand('secretref.signOutOfStore', name);
    }
    await settings().update('stores', othersGlobal(), vscode.ConfigurationTarget.Global);
    await settings().update('defaultAwsStore', undefined, vscode.ConfigurationTarget.Global);
    restoreAmbient?.();
    for (const file of scratch) fs.rmSync(file, { force: true });
    await Promise.all([attackerVault, attackerAws, controlVault, controlAws].map((p) => p?.close()));
  });

  /** Every feature that talks to a store, under `name`; returns what each step produced or threw. */
  async function exercise(name: string, kind: 'vault' | 'aws'): Promise<Map<string, unknown>> {
    const outcomes = new Map<string, unknown>();
    if (kind === 'aws') await settings().update('defaultAwsStore', name, vscode.ConfigurationTarget.Global);
    const text =
      kind === 'vault'
        ? `password: vault.secret(${name}:oracle.password)\nnext: vault.secret(${name}:apps/\n`
        : `password: "{{resolve:secretsmanager:postgresSecrets:SecretString:password}}"\nnext: "{{resolve:secretsmanager:\n`;
    const needle = kind === 'vault' ? 'oracle.password' : 'postgresSecrets';
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
    await vscode.window.showTextDocument(document);
    const offset = text.indexOf(needle);
    await attempt(
      'hover',
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(offset)),
      outcomes,
    );
    await attempt(
      'reveal',
      () => vscode.commands.executeCommand('secretref.references.revealValue', document.uri.toString(), offset),
      outcomes,
    );
    await attempt(
      'copy',
      () => vscode.commands.executeCommand('secretref.references.copyValue', document.uri.toString(), offset),
      outcomes,
    );
    const completionAt =
      kind === 'vault' ? text.indexOf('apps/') + 'apps/'.length : text.lastIndexOf('secretsmanager:') + 'secretsmanager:'.length;
    await attempt(
      'completion',
      () => vscode.commands.executeCommand('vscode.executeCompletionItemProvider', document.uri, document.positionAt(completionAt)),
      outcomes,
    );
    await attempt(
      'diagnostics',
      () => waitFor('a diagnostic on the document', () => vscode.languages.getDiagnostics(document.uri)[0], { timeoutMs: 8_000 }),
      outcomes,
    );
    const secretPath = kind === 'vault' ? 'oracle' : 'postgresSecrets';
    await attempt('read', () => stores.read(name, secretPath, { fresh: true }), outcomes);
    await attempt('list', () => stores.list(name), outcomes);
    await attempt('metadata', () => stores.metadata(name, secretPath), outcomes);
    await attempt('hasCredentials', () => stores.hasCredentials(name), outcomes);
    if (kind === 'vault') await attempt('kvVersion', () => stores.vaultKvVersion(name), outcomes);
    await attempt('testConnection', () => vscode.commands.executeCommand('secretref.testStoreConnection', name), outcomes);
    await attempt('checkStore', () => vscode.commands.executeCommand('secretref.views.checkStore', name), outcomes);
    const storeNode = api.stores.getChildren().find((n) => n.name === name);
    if (storeNode) outcomes.set('storeItem', api.stores.getTreeItem(storeNode));
    api.model.reload();
    const root = await attempt(
      'tree root',
      async () => ((await api.secrets.getChildren()) as SecretTreeNode[]).find((n) => n.store === name),
      outcomes,
    );
    if (root)
      await attempt(
        'tree children',
        async () => ((await api.secrets.getChildren(root)) as SecretTreeNode[]).map((c) => labelOf(api, c)),
        outcomes,
      );
    if (root)
      await attempt(
        'newSecret',
        () =>
          vscode.commands.executeCommand('secretref.views.newSecret', root, {
            path: `shadow-it/new-${name}`,
            data: { k: 'from-view' },
            confirmed: true,
          }),
        outcomes,
      );
    await attempt(
      'writeSecret',
      () =>
        vscode.commands.executeCommand('secretref.writeSecret', {
          store: name,
          path: `shadow-it/write-${name}`,
          data: { k: 'from-command' },
          mode: 'create',
          reference: 'none',
          confirmed: true,
        }),
      outcomes,
    );
    await attempt(
      'store.write',
      async () => (await stores.get(name)).write(`shadow-it/direct-${name}`, { type: 'keyed', data: { k: 'direct' } }),
      outcomes,
    );
    await attempt('secretFs.open', () => vscode.commands.executeCommand('secretref.secretFs.open', name, secretPath), outcomes);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'a workspace folder is open');
    const file = path.join(folder, `shadow-${name}.snowflake.json`);
    scratch.push(file);
    fs.writeFileSync(file, JSON.stringify({ user: 'loader', password: `shadow-inline-${name}`, account: 'xy12345' }, null, 2) + '\n');
    // An AWS migration needs the role Monte Carlo assumes; without it the plan is refused before any request.
    const migration = {
      uri: vscode.Uri.file(file).toString(),
      store: name,
      assumableRole: 'arn:aws:iam::123456789012:role/monte-carlo-secrets',
    };
    await attempt(
      'migration preview',
      () => vscode.commands.executeCommand('secretref.migrateConnection', { ...migration, previewOnly: true }),
      outcomes,
    );
    await attempt(
      'migration',
      () => vscode.commands.executeCommand('secretref.migrateConnection', { ...migration, confirmed: true }),
      outcomes,
    );
    // Close the untitled document without a save prompt, then the rest.
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    return outcomes;
  }

  const errorOf = (outcomes: Map<string, unknown>, step: string): StoreErrorLike => {
    const value = outcomes.get(step);
    assert.ok(value instanceof Error, `${step} failed (got ${value === undefined ? 'nothing' : typeof value})`);
    return value as StoreErrorLike;
  };

  test('positive controls: user configs work, and a proxy in front of the store records each kind of user credential', async () => {
    const seed = seedData();
    // The user's configs with their credentials reach the real servers.
    for (const name of [USER.token, USER.env, USER.approle]) {
      const secret = (await stores.read(name, 'oracle', { fresh: true })) as { data: Record<string, unknown> };
      assert.equal(secret.data.password, seed.vault.kv2.oracle.password, `${name} reads the seeded secret`);
    }
    for (const name of [USER.awsKey, USER.awsDefault, USER.awsProfile]) {
      const secret = (await stores.read(name, 'postgresSecrets', { fresh: true })) as { data: Record<string, unknown> };
      assert.equal(secret.data.password, seed.aws.json.postgresSecrets.password, `${name} reads the seeded secret`);
    }
    // The same configs pointed (by the user) at proxies: each credential shows up there.
    process.env.VAULT_ADDR = controlVault.url;
    try {
      await setGlobal([
        ...userConfigs(env().vault.address, env().aws.endpoint, USER),
        ...userConfigs(controlVault.url, controlAws.url, CONTROL),
      ]);
      await sourceIs(Object.values(CONTROL), 'user');
      await signIn(CONTROL);
      for (const name of [CONTROL.token, CONTROL.env, CONTROL.approle]) await stores.read(name, 'oracle', { fresh: true });
      for (const name of [CONTROL.awsKey, CONTROL.awsDefault, CONTROL.awsProfile])
        await stores.read(name, 'postgresSecrets', { fresh: true });
    } finally {
      process.env.VAULT_ADDR = env().vault.address;
    }
    // Every check the workspace tests make fires here (SigV4 sends the key id, never the secret key).
    const seen = leaksTo(controlVault.requests, controlAws.requests);
    assert.deepEqual(
      seen.vaultCredentials,
      ['userToken', 'envToken', 'secretId'],
      'the recording sees the signed-in token, the environment token and the AppRole login',
    );
    assert.notEqual(seen.vaultRequestsWithToken, 'none');
    assert.match(seen.vaultLogins, new RegExp(`POST /v1/auth/${APPROLE_MOUNT}/login`));
    assert.deepEqual(
      seen.awsSignedBy,
      ['stored', 'env', 'profile'],
      'the recording sees SigV4 signatures by each of the three user identities',
    );
    assert.deepEqual(seen.awsCredentials, ['storedId', 'envId', 'profileId']);
    assert.notEqual(seen.awsSignedRequests, 'none');
    for (const name of Object.values(CONTROL)) await vscode.commands.executeCommand('secretref.signOutOfStore', name);
    await setGlobal(userConfigs(env().vault.address, env().aws.endpoint, USER));
    await waitFor('the control configs are gone', () => (Object.values(CONTROL).every((n) => !stores.config(n)) ? true : undefined));
  });

  test("a workspace config that reuses a user config name (token, env token, AppRole, AWS key/default/profile) is ignored: the user's config is used, and says so", async () => {
    const { aws } = env();
    const seed = seedData();
    await settings().update(
      'stores',
      [
        { kind: 'vault', name: USER.token, url: attackerVault.url, enginePath: 'secret', auth: 'token' },
        { kind: 'vault', name: USER.env, url: attackerVault.url, enginePath: 'secret', auth: 'token' },
        {
          kind: 'vault',
          name: USER.approle,
          url: attackerVault.url,
          enginePath: 'secret',
          auth: 'approle',
          approlePath: APPROLE_MOUNT,
          roleId,
        },
        { kind: 'aws', name: USER.awsKey, region: aws.region, endpoint: attackerAws.url, auth: 'accessKey' },
        { kind: 'aws', name: USER.awsDefault, region: aws.region, endpoint: attackerAws.url, auth: 'default' },
        { kind: 'aws', name: USER.awsProfile, region: aws.region, endpoint: attackerAws.url, auth: 'profile', profile: PROFILE },
      ],
      vscode.ConfigurationTarget.Workspace,
    );
    // The repository's entries are seen and reported as ignored; the user's stay in use.
    const notices = await waitFor('the Secret Stores view to list the ignored workspace configs', () => {
      const found = api.stores.getChildren().filter((n) => n.type === 'workspaceNotice');
      return found.length === Object.values(USER).length ? found : undefined;
    });
    for (const node of notices) {
      const item = api.stores.getTreeItem(node);
      assert.equal(item.description, 'ignored: your user config of this name is used');
      assert.match(String(item.tooltip), /Yours \(user settings\) is used; the repository's is ignored\./);
    }
    for (const name of Object.values(USER)) {
      assert.equal(stores.config(name)?.source, 'user', `${name} stays the user's`);
      assert.ok(
        !JSON.stringify(stores.config(name)).includes(String(attackerVault.port)) &&
          !JSON.stringify(stores.config(name)).includes(String(attackerAws.port)),
        `${name} keeps the user's URL`,
      );
    }

    const results = new Map<string, Map<string, unknown>>();
    for (const name of [USER.token, USER.env, USER.approle]) results.set(name, await exercise(name, 'vault'));
    for (const name of [USER.awsKey, USER.awsDefault, USER.awsProfile]) results.set(name, await exercise(name, 'aws'));
    console.log(
      `shadowing: the workspace configs' proxies received ${attackerVault.requests.length} Vault (${describeRequests(attackerVault.requests)}) and ${attackerAws.requests.length} AWS request(s)`,
    );
    for (const [name, outcomes] of results) console.log(`shadowing: ${name}: ${summarize(outcomes)}`);

    // Nothing at all went to the workspace-chosen URLs (all checks first, so a failure lists every leak).
    assert.deepEqual(leaksTo(attackerVault.requests, attackerAws.requests), NO_LEAKS);
    assert.deepEqual(
      { vault: describeRequests(attackerVault.requests), aws: describeRequests(attackerAws.requests) },
      { vault: 'none', aws: 'none' },
    );
    // The user's own configs did the work, with the user's credentials.
    for (const name of [USER.token, USER.env, USER.approle]) {
      const read = results.get(name)!.get('read') as { data?: Record<string, unknown> } | Error;
      assert.ok(!(read instanceof Error), `${name}: ${read instanceof Error ? read.message : ''}`);
      assert.equal(read.data?.password, seed.vault.kv2.oracle.password);
    }
    for (const name of [USER.awsKey, USER.awsDefault, USER.awsProfile]) {
      const read = results.get(name)!.get('read') as { data?: Record<string, unknown> } | Error;
      assert.ok(!(read instanceof Error), `${name}: ${read instanceof Error ? read.message : ''}`);
      assert.equal(read.data?.password, seed.aws.json.postgresSecrets.password);
    }
  });

  test('a workspace config with a new name gets no environment token, even when VAULT_ADDR is its URL', async () => {
    const before = attackerVault.requests.length;
    await settings().update(
      'stores',
      [
        { kind: 'vault', name: WORKSPACE_NEW.vault, url: attackerVault.url, enginePath: 'secret', auth: 'token' },
        { kind: 'vault', name: WORKSPACE_NEW.vaultAtEnvAddr, url: attackerVault.url, enginePath: 'secret', auth: 'token' },
      ],
      vscode.ConfigurationTarget.Workspace,
    );
    await sourceIs([WORKSPACE_NEW.vault, WORKSPACE_NEW.vaultAtEnvAddr], 'workspace');
    assert.equal(process.env.VAULT_ADDR, env().vault.address);
    const plain = await exercise(WORKSPACE_NEW.vault, 'vault');
    process.env.VAULT_ADDR = attackerVault.url;
    let atEnvAddr: Map<string, unknown>;
    try {
      stores.reload(WORKSPACE_NEW.vaultAtEnvAddr);
      atEnvAddr = await exercise(WORKSPACE_NEW.vaultAtEnvAddr, 'vault');
    } finally {
      process.env.VAULT_ADDR = env().vault.address;
    }
    const requests = attackerVault.requests.slice(before);
    console.log(`shadowing: new-name workspace configs sent ${requests.length} request(s) to their URL (${describeRequests(requests)})`);
    assert.deepEqual(leaksTo(requests, []), NO_LEAKS);
    for (const outcomes of [plain, atEnvAddr]) {
      assert.equal(errorOf(outcomes, 'read').kind, 'signed-out');
      assert.equal(outcomes.get('hasCredentials'), false);
    }
  });

  test('a workspace default-chain AWS config at a customer-controlled amazonaws.com host is refused before any request', async () => {
    const { aws } = env();
    await settings().update(
      'stores',
      [
        {
          kind: 'aws',
          name: WORKSPACE_NEW.apiGateway,
          region: aws.region,
          endpoint: 'https://abc123def4.execute-api.us-east-1.amazonaws.com',
          auth: 'default',
        },
      ],
      vscode.ConfigurationTarget.Workspace,
    );
    await sourceIs([WORKSPACE_NEW.apiGateway], 'workspace');
    const error = await stores.read(WORKSPACE_NEW.apiGateway, 'postgresSecrets', { fresh: true }).then(
      () => assert.fail('the read succeeded'),
      (e: StoreErrorLike) => e,
    );
    assert.equal(error.kind, 'untrusted', error.message);
    assert.match(error.message, /execute-api\.us-east-1\.amazonaws\.com/);
    assert.match(error.message, /your AWS profile\/default credentials are not sent there/);
  });

  test('with the workspace configs removed, the user configs work again and nothing more goes to the workspace URLs', async () => {
    await settings().update('stores', undefined, vscode.ConfigurationTarget.Workspace);
    await sourceIs(Object.values(USER), 'user');
    const before = { vault: attackerVault.requests.length, aws: attackerAws.requests.length };
    const seed = seedData();
    for (const name of [USER.token, USER.env, USER.approle]) {
      const secret = (await stores.read(name, 'oracle', { fresh: true })) as { data: Record<string, unknown> };
      assert.equal(secret.data.password, seed.vault.kv2.oracle.password, `${name} reads again`);
      assert.equal(await stores.hasCredentials(name), true, `${name} still has the user's credentials`);
    }
    for (const name of [USER.awsKey, USER.awsDefault, USER.awsProfile]) {
      const secret = (await stores.read(name, 'postgresSecrets', { fresh: true })) as { data: Record<string, unknown> };
      assert.equal(secret.data.password, seed.aws.json.postgresSecrets.password, `${name} reads again`);
    }
    assert.deepEqual({ vault: attackerVault.requests.length, aws: attackerAws.requests.length }, before);
    // The user's credentials were not written anywhere they could be read back (settings, logs).
    const settingsFile = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.vscode', 'settings.json');
    const text = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : '';
    for (const [what, secret] of Object.entries({ ...vaultCredentials(), ...awsSecrets() }))
      assert.ok(!text.includes(secret), `the ${what} is in the workspace settings`);
  });

  test("the user's credentials appear in no log, settings file or storage file VS Code and the extension wrote", async () => {
    const { runDir } = env();
    const mine = new Set([...scratch, ...(restoreAmbient?.files ?? [])].map((f) => path.resolve(f)));
    // Positive control: the search finds a credential where this suite put it on purpose (the profile file).
    assert.ok(
      filesContaining(runDir, AWS_KEYS.profile.secretAccessKey, () => false).some((f) => mine.has(path.resolve(f))),
      'the search finds a planted credential',
    );
    const skip = (file: string) => mine.has(path.resolve(file)) || path.basename(file) === 'test-env.json';
    const credentials = {
      userToken,
      envToken,
      secretId,
      storedSecretKey: AWS_KEYS.stored.secretAccessKey,
      envSecretKey: AWS_KEYS.env.secretAccessKey,
    };
    const hits = Object.entries(credentials).flatMap(([what, secret]) =>
      filesContaining(runDir, secret, skip).map((f) => `${what} in ${path.relative(runDir, f)}`),
    );
    assert.deepEqual(hits, []);
  });
});
