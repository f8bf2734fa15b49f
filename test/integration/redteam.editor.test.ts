// Red team, editor half (issue 14): hostile workspace configurations inside VS Code, one per row. The
// user has real credentials in play (a signed-in Vault token, an AWS access key, AWS default-chain
// keys, a profile, VAULT_TOKEN/VAULT_ADDR); the repository's `.vscode/settings.json` tries to steer
// them to recording proxies (test/support/faultProxy.ts) in front of the same OpenBao / moto, or to
// switch a safeguard off. Each row asserts that no token, secret-id, AWS key, signature or value
// reaches a recorder (or that the weakened safeguard is not applied), and has a positive control: the
// same thing done by the user reaches the recorder (or is applied), so the check could fail.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, modify } from 'jsonc-parser';
import * as vscode from 'vscode';
import { userSetting } from '../../src/platform/settings';
import type { ViewsApi } from '../../src/features/views/registerViewFeatures';
import {
  credentialedRequests,
  credentialsSeen,
  describeRequests,
  installAmbientCredentials,
  RestoreAmbientCredentials,
  signedWith,
  startRecorders,
} from '../support/credentialLeaks';
import type { FaultProxy, ProxiedRequest } from '../support/faultProxy';
import { acceptsConnections, freePort } from '../support/processes';
import { recordRedTeam } from '../support/redTeamTally';
import { seedData, testEnvironment } from '../support/testEnv';
import { waitFor } from '../support/waitFor';

const PROFILE = 'redteam-profile';
const FOREIGN_ROLE = 'arn:aws:iam::999988887777:role/x';
/** The role Monte Carlo assumes, as the user gives it to an AWS migration. */
const MC_ROLE = 'arn:aws:iam::123456789012:role/monte-carlo-secrets';
const KEYS = {
  stored: { accessKeyId: 'AKIAREDTEAMSTORED001', secretAccessKey: 'redteam-stored-secret-key-001' },
  env: { accessKeyId: 'AKIAREDTEAMENVCHAIN1', secretAccessKey: 'redteam-env-secret-key-001' },
  profile: { accessKeyId: 'AKIAREDTEAMPROFILE01', secretAccessKey: 'redteam-profile-secret-key-001' },
};
/** Settings this suite sets at workspace or user level (all cleared afterwards). */
const TOUCHED = [
  'stores',
  'workspaceEndpoints',
  'migration.trustedAccountId',
  'migration.secretNamePattern',
  'clipboardClearSeconds',
  'references.revealSeconds',
  'cacheTtlSeconds',
];

interface Stores {
  config(name: string): ({ source: string; roleArn?: string; endpoint?: string; url?: string } & Record<string, unknown>) | undefined;
  read(store: string, path: string, options?: { fresh?: boolean }): Promise<{ data?: Record<string, unknown> }>;
}
interface Review {
  shadowed(): readonly { name: string; source: string }[];
  pending(): readonly { config: { name: string }; fields: string[] }[];
}
interface Row {
  id: string;
  /** How it went: nothing of the user's reached a recorder (or the safeguard held). */
  held: boolean;
}

const settings = () => vscode.workspace.getConfiguration('secretref');
const rows: Row[] = [];

suite('red team (editor): hostile workspace configurations', function () {
  this.timeout(240_000);
  const env = () => testEnvironment();
  let restoreAmbient: RestoreAmbientCredentials | undefined;
  const scratch: string[] = [];
  let userToken = '';
  let envToken = '';
  let recVault: FaultProxy;
  let recAws: FaultProxy;
  let recSts: FaultProxy;
  let stores: Stores;
  let review: Review;
  let api: ViewsApi;
  let logDir = '';

  const recorders = () => [recVault, recAws, recSts];
  const secrets = () => ({
    userToken,
    envToken,
    rootToken: env().vault.rootToken,
    ...Object.fromEntries(
      Object.entries(KEYS).flatMap(([k, v]) => [
        [`${k}Id`, v.accessKeyId],
        [`${k}Secret`, v.secretAccessKey],
      ]),
    ),
    vaultValue: seedData().vault.kv2.oracle.password,
    awsValue: String(seedData().aws.json.postgresSecrets.password),
  });
  const keyIds = () => Object.fromEntries(Object.entries(KEYS).map(([k, v]) => [k, v.accessKeyId]));
  const mark = () => recorders().map((r) => r.requests.length);
  const since = (at: number[]): ProxiedRequest[] => recorders().flatMap((r, i) => r.requests.slice(at[i]));

  /** What of the user's reached any recorder since `at`; every list empty when nothing did. */
  const reached = (at: number[]) => {
    const requests = since(at);
    return {
      credentialed: describeRequests(credentialedRequests(requests)),
      secrets: credentialsSeen(requests, secrets()),
      signedBy: signedWith(requests, keyIds()),
    };
  };
  const NOTHING = { credentialed: 'none', secrets: [], signedBy: [] };

  /**
   * A hostile row: the assertion that nothing reached the recorders, counted for the summary line. The
   * body may return a later mark to check from (a row that first changes an approved config, whose own
   * requests may still be in flight, asserts its own rule about that window).
   */
  const hostile = async (id: string, body: () => Promise<void | number[]>) => {
    let at = mark();
    let held = false;
    try {
      at = (await body()) ?? at;
      assert.deepEqual(reached(at), NOTHING, `${id}: the recorder received ${describeRequests(since(at))}`);
      held = true;
    } finally {
      rows.push({ id, held });
    }
  };

  const userStores = () => (settings().inspect<{ name: string }[]>('stores')?.globalValue ?? []).filter((c) => !c.name.startsWith('rt-'));
  const setUser = async (configs: object[]) =>
    settings().update('stores', [...userStores(), ...base(), ...configs], vscode.ConfigurationTarget.Global);
  // The repository's own file: VS Code refuses to write application-scoped settings there (as a
  // repository author would not ask it to), so the suite edits .vscode/settings.json itself.
  const settingsFile = () => path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.vscode', 'settings.json');
  const editSettingsFile = (key: string, value: unknown) => {
    fs.mkdirSync(path.dirname(settingsFile()), { recursive: true });
    const text = fs.existsSync(settingsFile()) ? fs.readFileSync(settingsFile(), 'utf8') : '{}';
    fs.writeFileSync(
      settingsFile(),
      applyEdits(text, modify(text, [`secretref.${key}`], value, { formattingOptions: { insertSpaces: true, tabSize: 2 } })),
    );
  };
  const setWorkspace = async (values: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(values)) {
      if (key === 'stores') await settings().update(key, value, vscode.ConfigurationTarget.Workspace);
      else editSettingsFile(key, value);
    }
  };
  const clearWorkspace = async () => {
    if (settings().inspect('stores')?.workspaceValue !== undefined)
      await settings().update('stores', undefined, vscode.ConfigurationTarget.Workspace);
    for (const key of TOUCHED.filter((k) => k !== 'stores')) editSettingsFile(key, undefined);
  };
  const logText = () => {
    const files = fs.existsSync(logDir)
      ? fs
          .readdirSync(logDir, { recursive: true, encoding: 'utf8' })
          .map((f) => path.join(logDir, f))
          .filter((f) => fs.statSync(f).isFile())
      : [];
    return files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  };
  /** The extension told the user (log and notice) that the repository's value of `id` is ignored. */
  const toldIgnored = (id: string) =>
    waitFor(
      `the notice that secretref.${id} from the workspace is ignored`,
      () =>
        new RegExp(`This workspace's settings set [^\\n]*secretref\\.${id.replace('.', '\\.')}[^\\n]*ignored`).test(logText())
          ? true
          : undefined,
      { timeoutMs: 20_000 },
    );
  const configIs = (name: string, test: (c: ReturnType<Stores['config']>) => boolean) =>
    waitFor(`store config "${name}" to settle`, () => (test(stores.config(name)) ? true : undefined), { timeoutMs: 20_000 });
  const pendingIs = (name: string) =>
    waitFor(`"${name}" to wait for approval`, () => review.pending().find((p) => p.config.name === name), { timeoutMs: 20_000 });
  const failsRead = async (name: string, secret: string) =>
    stores.read(name, secret, { fresh: true }).then(
      () => assert.fail(`${name}: the read succeeded`),
      (e: { kind?: string; message: string }) => e,
    );

  /** The user's own configs: a Vault token config, the issue's prod-aws (default chain) and an access-key config, at the real stores. */
  const base = () => [
    { kind: 'vault', name: 'rt-vault', url: env().vault.address, enginePath: 'secret', auth: 'token' },
    { kind: 'aws', name: 'rt-prod-aws', region: env().aws.region, endpoint: env().aws.endpoint, auth: 'default' },
    { kind: 'aws', name: 'rt-aws-key', region: env().aws.region, endpoint: env().aws.endpoint, auth: 'accessKey' },
  ];

  const credentialFile = (name: string) => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const file = path.join(folder, `${name}.snowflake.json`);
    fs.writeFileSync(
      file,
      JSON.stringify({ user: 'loader', password: `rt-inline-${name}-${process.pid}`, account: 'xy12345' }, null, 2) + '\n',
    );
    scratch.push(file);
    return file;
  };
  const preview = async (file: string, store: string) =>
    JSON.stringify(
      await vscode.commands.executeCommand('secretref.migrateConnection', {
        uri: vscode.Uri.file(file).toString(),
        store,
        assumableRole: MC_ROLE,
        previewOnly: true,
      }),
    );

  suiteSetup(async () => {
    const { vault, aws } = env();
    const extension = vscode.extensions.getExtension('secretref.secretref');
    assert.ok(extension);
    await extension.activate();
    const exports = extension.exports as { services: { stores: Stores; workspaceConfigs: Review } };
    stores = exports.services.stores;
    review = exports.services.workspaceConfigs;
    api = (await vscode.commands.executeCommand('secretref.views.testApi')) as ViewsApi;
    logDir = ((await vscode.commands.executeCommand('secretref.stores.diagnostics')) as { logDir: string }).logDir;
    const token = async (name: string) => {
      const response = await fetch(`${vault.address}/v1/auth/token/create`, {
        method: 'POST',
        headers: { 'X-Vault-Token': vault.rootToken },
        body: JSON.stringify({ ttl: '1h', display_name: name }),
      });
      return ((await response.json()) as { auth: { client_token: string } }).auth.client_token;
    };
    userToken = await token('redteam-user');
    envToken = await token('redteam-env');
    restoreAmbient = installAmbientCredentials({
      dir: env().runDir,
      prefix: 'redteam',
      vault: { address: vault.address, token: envToken },
      awsEnv: KEYS.env,
      profile: { name: PROFILE, region: aws.region, keys: KEYS.profile },
    });
    [recVault, recAws, recSts] = await startRecorders(vault.address, aws.endpoint, aws.endpoint);
    await clearWorkspace();
    await setUser([]);
    await configIs('rt-aws-key', (c) => c?.source === 'user');
    assert.equal(await vscode.commands.executeCommand('secretref.signInToStore', 'rt-vault', { token: userToken }), true);
    assert.equal(await vscode.commands.executeCommand('secretref.signInToStore', 'rt-aws-key', KEYS.stored), true);
  });

  teardown(async () => {
    await clearWorkspace();
    for (const key of TOUCHED.filter((k) => k !== 'stores')) await settings().update(key, undefined, vscode.ConfigurationTarget.Global);
    await setUser([]);
    process.env.VAULT_ADDR = env().vault.address;
    await vscode.commands.executeCommand('secretref.revokeWorkspaceStoreApprovals');
  });

  suiteTeardown(async () => {
    for (const name of ['rt-vault', 'rt-aws-key']) await vscode.commands.executeCommand('secretref.signOutOfStore', name);
    await settings().update('stores', userStores().length ? userStores() : undefined, vscode.ConfigurationTarget.Global);
    restoreAmbient?.();
    for (const file of scratch) fs.rmSync(file, { force: true });
    await Promise.all(recorders().map((r) => r?.close()));
    const held = rows.filter((r) => r.held).length;
    console.log(`red-team (editor): ${rows.length} hostile configurations, ${rows.length - held} reached the recorder`);
    recordRedTeam(testEnvironment().runDir, { suite: 'editor', configurations: rows.length, reached: rows.length - held });
  });

  // ---- positive controls: the same configs, chosen by the user, reach the recorders ----
  const controlVaultToken = async () => {
    const at = mark();
    await setUser([{ kind: 'vault', name: 'rt-ctl-vault', url: recVault.url, enginePath: 'secret', auth: 'token' }]);
    await configIs('rt-ctl-vault', (c) => c?.source === 'user');
    await vscode.commands.executeCommand('secretref.signInToStore', 'rt-ctl-vault', { token: userToken });
    await stores.read('rt-ctl-vault', 'oracle', { fresh: true });
    assert.ok(reached(at).secrets.includes('userToken'), 'control: the recorder sees the signed-in token');
    await vscode.commands.executeCommand('secretref.signOutOfStore', 'rt-ctl-vault');
  };
  const controlAws = async (config: object, by: keyof typeof KEYS, sts = false) => {
    const at = mark();
    await setUser([{ kind: 'aws', name: 'rt-ctl-aws', region: env().aws.region, ...config }]);
    await configIs('rt-ctl-aws', (c) => c?.source === 'user' && Object.entries(config).every(([k, v]) => c[k] === v));
    if ((config as { auth?: string }).auth === 'accessKey')
      await vscode.commands.executeCommand('secretref.signInToStore', 'rt-ctl-aws', KEYS.stored);
    // With a role, moto answers in the role's account (999988887777), which holds no such secret:
    // what counts is what the recorder saw.
    const secret = await stores.read('rt-ctl-aws', 'postgresSecrets', { fresh: true }).catch((e: Error) => e);
    if (!sts)
      assert.equal(
        (secret as { data?: Record<string, unknown> }).data?.password,
        seedData().aws.json.postgresSecrets.password,
        'control: the read works through the recorder',
      );
    assert.deepEqual(reached(at).signedBy, [by], `control: the recorder sees requests signed by the ${by} identity`);
    if (sts)
      assert.ok(
        since(at).some((r) => r.body.includes('Action=AssumeRole')),
        'control: the recorder sees the AssumeRole call',
      );
  };

  test("1. same name as the user's Vault config, pointing at the recorder: the user's config is used", async () => {
    await hostile('shadow-vault', async () => {
      await setWorkspace({ stores: [{ kind: 'vault', name: 'rt-vault', url: recVault.url, enginePath: 'secret', auth: 'token' }] });
      await waitFor('the shadowing to be noticed', () => review.shadowed().find((s) => s.name === 'rt-vault'));
      assert.equal(stores.config('rt-vault')?.url, env().vault.address);
      assert.equal((await stores.read('rt-vault', 'oracle', { fresh: true })).data?.password, seedData().vault.kv2.oracle.password);
    });
    await controlVaultToken();
  });

  test("2. the issue's prod-aws: same name + foreign roleArn/externalId + trustedAccountId; Migrate Connection writes to the user's account", async () => {
    const file = credentialFile('rt-issue');
    await hostile('shadow-aws-role+migration', async () => {
      await setWorkspace({
        stores: [
          {
            kind: 'aws',
            name: 'rt-prod-aws',
            region: env().aws.region,
            endpoint: recAws.url,
            auth: 'default',
            roleArn: FOREIGN_ROLE,
            externalId: 'y',
          },
        ],
        'migration.trustedAccountId': '999988887777',
      });
      await waitFor('the shadowing to be noticed', () => review.shadowed().find((s) => s.name === 'rt-prod-aws'));
      const config = stores.config('rt-prod-aws');
      assert.equal(config?.source, 'user');
      assert.equal(config?.roleArn, undefined, 'no foreign role');
      assert.equal(config?.endpoint, env().aws.endpoint);
      const plan = await preview(file, 'rt-prod-aws');
      assert.ok(!plan.includes('999988887777'), "the trust policy does not name the repository's account");
      assert.match(plan, /arn:aws:iam::590183797493:root/);
      const report = (await vscode.commands.executeCommand('secretref.migrateConnection', {
        uri: vscode.Uri.file(file).toString(),
        store: 'rt-prod-aws',
        assumableRole: MC_ROLE,
        confirmed: true,
      })) as { outcomes: { status: string }[] };
      assert.deepEqual(
        report.outcomes.map((o) => o.status),
        ['migrated'],
        "the migration went to the user's own store",
      );
    });
    // The Stores view says so in words.
    const node = api.stores.getChildren().find((n) => n.type === 'workspaceNotice' && n.name === 'rt-prod-aws');
    assert.ok(node, 'the Secret Stores view lists the ignored workspace config');
    assert.match(String(api.stores.getTreeItem(node).tooltip), /Yours \(user settings\) is used; the repository's is ignored/);
    await controlAws({ endpoint: recAws.url, auth: 'default', roleArn: FOREIGN_ROLE, externalId: 'y' }, 'env', true);
  });

  test("3. same name as the user's access-key config, switched to a profile at the recorder", async () => {
    await hostile('shadow-aws-profile', async () => {
      await setWorkspace({
        stores: [{ kind: 'aws', name: 'rt-aws-key', region: env().aws.region, endpoint: recAws.url, auth: 'profile', profile: PROFILE }],
      });
      await waitFor('the shadowing to be noticed', () => review.shadowed().find((s) => s.name === 'rt-aws-key'));
      assert.equal(stores.config('rt-aws-key')?.endpoint, env().aws.endpoint);
      assert.equal(
        (await stores.read('rt-aws-key', 'postgresSecrets', { fresh: true })).data?.password,
        seedData().aws.json.postgresSecrets.password,
      );
    });
    await controlAws({ endpoint: recAws.url, auth: 'profile', profile: PROFILE }, 'profile');
  });

  const allowRecorders = () => settings().update('workspaceEndpoints', [recAws.url, recSts.url], vscode.ConfigurationTarget.Global);

  test('4. a new name that chooses a roleArn for the default chain (endpoint allowed by the user): not used until approved; approval is revocable', async () => {
    await allowRecorders();
    const config = {
      kind: 'aws',
      name: 'rt-ws-role',
      region: env().aws.region,
      endpoint: recAws.url,
      auth: 'default',
      roleArn: FOREIGN_ROLE,
    };
    await hostile('role-new-name', async () => {
      await setWorkspace({ stores: [config] });
      assert.deepEqual((await pendingIs('rt-ws-role')).fields, ['roleArn']);
      assert.equal(stores.config('rt-ws-role'), undefined);
      await failsRead('rt-ws-role', 'postgresSecrets');
    });
    // Positive control: approved (the modal's button; `confirmed` under tests) it is used and reaches the recorder.
    const at = mark();
    assert.equal(await vscode.commands.executeCommand('secretref.approveWorkspaceStoreConfig', 'rt-ws-role', { confirmed: true }), true);
    await configIs('rt-ws-role', (c) => c?.source === 'workspace');
    await stores.read('rt-ws-role', 'postgresSecrets', { fresh: true }).catch(() => undefined);
    assert.deepEqual(reached(at).signedBy, ['env']);
    assert.ok(
      since(at).some((r) => r.body.includes('Action=AssumeRole')),
      'the approved role is assumed',
    );
    assert.equal(await vscode.commands.executeCommand('secretref.revokeWorkspaceStoreApprovals'), 1);
    await configIs('rt-ws-role', (c) => c === undefined);
  });

  test('5. an approved role with an external id, then changed by the repository: needs a new approval', async () => {
    await allowRecorders();
    const config = {
      kind: 'aws',
      name: 'rt-ws-ext',
      region: env().aws.region,
      endpoint: recAws.url,
      auth: 'default',
      roleArn: FOREIGN_ROLE,
      externalId: 'approved-id',
    };
    await setWorkspace({ stores: [config] });
    await pendingIs('rt-ws-ext');
    await vscode.commands.executeCommand('secretref.approveWorkspaceStoreConfig', 'rt-ws-ext', { confirmed: true });
    await configIs('rt-ws-ext', (c) => c?.externalId === 'approved-id');
    const at = mark();
    await stores.read('rt-ws-ext', 'postgresSecrets', { fresh: true }).catch(() => undefined);
    assert.deepEqual(reached(at).signedBy, ['env'], 'control: the approved config reaches the recorder');
    await hostile('externalId-changed-after-approval', async () => {
      const atSwap = mark();
      await setWorkspace({ stores: [{ ...config, externalId: 'swapped-id' }] });
      assert.deepEqual((await pendingIs('rt-ws-ext')).fields, ['roleArn', 'externalId']);
      await configIs('rt-ws-ext', (c) => c === undefined);
      // Until VS Code reports the change, the approved config may still be in use (its own calls, e.g.
      // a status check); the changed one must never be: no request carries the swapped external id.
      const atPending = mark();
      await failsRead('rt-ws-ext', 'postgresSecrets');
      const swapped = since(atSwap).filter((r) => r.body.includes('swapped-id'));
      assert.deepEqual(
        swapped.map((r) => `${r.method} ${r.path}`),
        [],
        'the changed config never reached the recorder',
      );
      return atPending;
    });
  });

  test("6. a new name that chooses the user's profile (endpoint allowed by the user): not used until approved", async () => {
    await allowRecorders();
    const config = { endpoint: recAws.url, auth: 'profile', profile: PROFILE };
    await hostile('profile-new-name', async () => {
      await setWorkspace({ stores: [{ kind: 'aws', name: 'rt-ws-profile', region: env().aws.region, ...config }] });
      assert.deepEqual((await pendingIs('rt-ws-profile')).fields, ['profile']);
      await failsRead('rt-ws-profile', 'postgresSecrets');
    });
    await controlAws(config, 'profile');
  });

  test('7. an access-key config with a role: not used until approved', async () => {
    await allowRecorders();
    await hostile('accesskey-role', async () => {
      await setWorkspace({
        stores: [
          { kind: 'aws', name: 'rt-ws-keyrole', region: env().aws.region, endpoint: recAws.url, auth: 'accessKey', roleArn: FOREIGN_ROLE },
        ],
      });
      await pendingIs('rt-ws-keyrole');
      await failsRead('rt-ws-keyrole', 'postgresSecrets');
    });
    await controlAws({ endpoint: recAws.url, auth: 'accessKey', roleArn: FOREIGN_ROLE }, 'stored', true);
  });

  test('8. a private DNS endpoint the user did not allow (default chain): refused in words', async () => {
    await hostile('private-dns-unlisted', async () => {
      await setWorkspace({ stores: [{ kind: 'aws', name: 'rt-ws-pl', region: env().aws.region, endpoint: recAws.url, auth: 'default' }] });
      await configIs('rt-ws-pl', (c) => c?.source === 'workspace');
      const error = await failsRead('rt-ws-pl', 'postgresSecrets');
      assert.equal(error.kind, 'untrusted');
      assert.match(error.message, /comes from workspace settings and points at a non-AWS endpoint/);
    });
    // Positive control: the user allows that exact origin (secretref.workspaceEndpoints), and it works.
    const at = mark();
    await settings().update('workspaceEndpoints', [recAws.url], vscode.ConfigurationTarget.Global);
    await configIs('rt-ws-pl', (c) => c?.endpointsAllowedByUser === true);
    await stores.read('rt-ws-pl', 'postgresSecrets', { fresh: true });
    assert.deepEqual(reached(at).signedBy, ['env']);
  });

  test('9. the repository allows its own endpoint (workspaceEndpoints in workspace settings): ignored, and said so', async () => {
    await hostile('allowlist-from-workspace', async () => {
      await setWorkspace({
        workspaceEndpoints: [recAws.url],
        stores: [{ kind: 'aws', name: 'rt-ws-selfallow', region: env().aws.region, endpoint: recAws.url, auth: 'default' }],
      });
      await configIs('rt-ws-selfallow', (c) => c?.source === 'workspace');
      assert.equal(stores.config('rt-ws-selfallow')?.endpointsAllowedByUser, undefined);
      assert.equal((await failsRead('rt-ws-selfallow', 'postgresSecrets')).kind, 'untrusted');
    });
    const at = mark();
    await settings().update('workspaceEndpoints', [recAws.url], vscode.ConfigurationTarget.Global);
    await configIs('rt-ws-selfallow', (c) => c?.endpointsAllowedByUser === true);
    await stores.read('rt-ws-selfallow', 'postgresSecrets', { fresh: true });
    assert.deepEqual(reached(at).signedBy, ['env'], 'control: allowed by the user, it reaches the recorder');
  });

  test('10. an approved role whose stsEndpoint the user did not allow: the STS call is refused', async () => {
    await settings().update('workspaceEndpoints', [recAws.url], vscode.ConfigurationTarget.Global);
    const config = {
      kind: 'aws',
      name: 'rt-ws-sts',
      region: env().aws.region,
      endpoint: recAws.url,
      stsEndpoint: recSts.url,
      auth: 'default',
      roleArn: FOREIGN_ROLE,
    };
    await hostile('sts-endpoint-unlisted', async () => {
      await setWorkspace({ stores: [config] });
      await pendingIs('rt-ws-sts');
      await vscode.commands.executeCommand('secretref.approveWorkspaceStoreConfig', 'rt-ws-sts', { confirmed: true });
      await configIs('rt-ws-sts', (c) => c?.source === 'workspace');
      assert.equal((await failsRead('rt-ws-sts', 'postgresSecrets')).kind, 'untrusted');
    });
    const at = mark();
    await allowRecorders();
    await configIs('rt-ws-sts', (c) => c?.endpointsAllowedByUser === true);
    await stores.read('rt-ws-sts', 'postgresSecrets', { fresh: true }).catch(() => undefined);
    assert.ok(recSts.requests.length > 0 && reached(at).signedBy.includes('env'), 'control: allowed by the user, STS goes to the recorder');
  });

  test('11. a new Vault config at VAULT_ADDR itself: no environment token', async () => {
    await hostile('vault-at-env-addr', async () => {
      process.env.VAULT_ADDR = recVault.url;
      await setWorkspace({ stores: [{ kind: 'vault', name: 'rt-ws-envaddr', url: recVault.url, enginePath: 'secret', auth: 'token' }] });
      await configIs('rt-ws-envaddr', (c) => c?.source === 'workspace');
      assert.equal((await failsRead('rt-ws-envaddr', 'oracle')).kind, 'signed-out');
    });
    // Control: a user config at VAULT_ADDR gets VAULT_TOKEN, and the recorder sees it.
    const at = mark();
    await setUser([{ kind: 'vault', name: 'rt-ctl-envaddr', url: recVault.url, enginePath: 'secret', auth: 'token' }]);
    await configIs('rt-ctl-envaddr', (c) => c?.source === 'user');
    await stores.read('rt-ctl-envaddr', 'oracle', { fresh: true });
    assert.ok(reached(at).secrets.includes('envToken'));
  });

  test("12. migration.trustedAccountId from the repository: the printed trust policy keeps the user's account", async () => {
    const file = credentialFile('rt-trust');
    await hostile('trustedAccountId', async () => {
      await setWorkspace({ 'migration.trustedAccountId': '999988887777' });
      await toldIgnored('migration.trustedAccountId');
      const plan = await preview(file, 'rt-prod-aws');
      assert.ok(!plan.includes('999988887777'));
    });
    await settings().update('migration.trustedAccountId', '111122223333', vscode.ConfigurationTarget.Global);
    await waitFor('the user value', () => (userSetting('trustedAccountId') === '111122223333' ? true : undefined));
    assert.match(await preview(file, 'rt-prod-aws'), /arn:aws:iam::111122223333:root/, "control: the user's own value is used");
  });

  test('13. migration.secretNamePattern from the repository: secrets are not written where it says', async () => {
    const file = credentialFile('rt-pattern');
    await hostile('secretNamePattern', async () => {
      await setWorkspace({ 'migration.secretNamePattern': 'exfil/{connection}' });
      await toldIgnored('migration.secretNamePattern');
      const plan = JSON.parse(await preview(file, 'rt-prod-aws')) as { connections: { secretPath: string }[] };
      assert.ok(
        plan.connections.every((c) => !c.secretPath.startsWith('exfil/')),
        plan.connections.map((c) => c.secretPath).join(', '),
      );
    });
    await settings().update('migration.secretNamePattern', 'mine/{connection}', vscode.ConfigurationTarget.Global);
    await waitFor('the user value', () => (userSetting('secretNamePattern') === 'mine/{connection}' ? true : undefined));
    const plan = JSON.parse(await preview(file, 'rt-prod-aws')) as { connections: { secretPath: string }[] };
    assert.ok(
      plan.connections.every((c) => c.secretPath.startsWith('mine/')),
      "control: the user's pattern is used",
    );
  });

  test('14. clipboardClearSeconds 0 from the repository: a copied value is still cleared', async () => {
    await settings().update('clipboardClearSeconds', 1, vscode.ConfigurationTarget.Global);
    await hostile('clipboardClearSeconds-0', async () => {
      await setWorkspace({ clipboardClearSeconds: 0 });
      await toldIgnored('clipboardClearSeconds');
      assert.equal(await vscode.commands.executeCommand('secretref.copySecretValue', 'rt-vault', 'oracle', 'password'), true);
      await waitFor('the clipboard to be cleared', async () => ((await vscode.env.clipboard.readText()) === '' ? true : undefined), {
        timeoutMs: 10_000,
      });
    });
    await settings().update('clipboardClearSeconds', 0, vscode.ConfigurationTarget.Global);
    await waitFor('the user value', () => (userSetting('clipboardClearSeconds') === 0 ? true : undefined));
  });

  test("15. revealSeconds and cacheTtlSeconds of a day from the repository: the user's values apply", async () => {
    await hostile('revealSeconds+cacheTtlSeconds', async () => {
      await setWorkspace({ 'references.revealSeconds': 86_400, cacheTtlSeconds: 86_400 });
      await toldIgnored('references.revealSeconds');
      await toldIgnored('cacheTtlSeconds');
      assert.equal(userSetting('revealSeconds'), 5);
      assert.equal(userSetting('cacheTtlSeconds'), 30);
      assert.notEqual(settings().get('cacheTtlSeconds'), 86_400, 'VS Code itself ignores it (application scope)');
    });
    await settings().update('references.revealSeconds', 2, vscode.ConfigurationTarget.Global);
    await settings().update('cacheTtlSeconds', 0, vscode.ConfigurationTarget.Global);
    await waitFor('the user values', () => (userSetting('revealSeconds') === 2 && userSetting('cacheTtlSeconds') === 0 ? true : undefined));
  });

  test("16. Write Secret, New Secret and a direct write through a shadowed name go to the user's store", async () => {
    await hostile('shadow-writes', async () => {
      await setWorkspace({ stores: [{ kind: 'vault', name: 'rt-vault', url: recVault.url, enginePath: 'secret', auth: 'token' }] });
      await waitFor('the shadowing to be noticed', () => review.shadowed().find((s) => s.name === 'rt-vault'));
      const id = `${process.pid}-${Date.now()}`;
      const written = (await vscode.commands.executeCommand('secretref.writeSecret', {
        store: 'rt-vault',
        path: `redteam/write-${id}`,
        data: { k: `rt-write-${id}` },
        mode: 'create',
        reference: 'none',
        confirmed: true,
      })) as { created: boolean };
      assert.equal(written.created, true);
      assert.equal(
        (await stores.read('rt-vault', `redteam/write-${id}`, { fresh: true })).data?.k,
        `rt-write-${id}`,
        "written to the user's server",
      );
    });
    await controlVaultToken();
  });

  test('17. a new name with auth "oidc" at the recorder: no sign-in request, listener or browser until that exact config is approved', async () => {
    const port = await freePort();
    const oidc = { mount: 'rt-oidc', role: 'dev', port, callbackHost: 'attacker.example', callbackMethod: 'https' };
    const config = { kind: 'vault', name: 'rt-ws-oidc', url: recVault.url, enginePath: 'secret', auth: 'oidc', oidc };
    await hostile('oidc-new-name', async () => {
      const at = mark();
      await setWorkspace({ stores: [config] });
      assert.deepEqual((await pendingIs('rt-ws-oidc')).fields, ['auth "oidc"']);
      assert.equal(stores.config('rt-ws-oidc'), undefined);
      // A reference to it, its hover and its Sign In (the quick fix's command) start nothing.
      const text = 'password: vault.secret(rt-ws-oidc:oracle.password)\n';
      const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
      await vscode.window.showTextDocument(document);
      await waitFor(
        'the reference to be checked',
        () => vscode.languages.getDiagnostics(document.uri).find((d) => d.code === 'unknown-store'),
        {
          timeoutMs: 20_000,
        },
      );
      await vscode.commands.executeCommand('vscode.executeHoverProvider', document.uri, document.positionAt(text.indexOf('oracle')));
      assert.equal(await vscode.commands.executeCommand('secretref.signInToStore', 'rt-ws-oidc'), false);
      assert.equal(await acceptsConnections(port), false, 'nothing listens on the port the repository chose');
      assert.deepEqual(
        since(at).map((r) => `${r.method} ${r.path}`),
        [],
        'no request at all reached the server the repository named',
      );
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });
    // Positive control: approved (the modal's button; `confirmed` under tests), Sign In asks that server
    // for its sign-in address (OpenBao behind the recorder has no such mount and refuses: no browser opens).
    const at = mark();
    assert.equal(await vscode.commands.executeCommand('secretref.approveWorkspaceStoreConfig', 'rt-ws-oidc', { confirmed: true }), true);
    await configIs('rt-ws-oidc', (c) => c?.source === 'workspace');
    assert.equal(await vscode.commands.executeCommand('secretref.signInToStore', 'rt-ws-oidc'), false);
    assert.ok(
      since(at).some((r) => r.method === 'PUT' && r.path === '/v1/auth/rt-oidc/oidc/auth_url'),
      `control: the approved config asks for the auth URL: ${describeRequests(since(at))}`,
    );
    assert.equal(await acceptsConnections(port), false, 'the listener is closed once the sign-in failed');
  });

  test('18. a new name with auth "aws-iam" at the recorder: no signed request until that exact config is approved', async () => {
    const awsIam = { role: 'dev', serverId: env().awsIam.serverId, stsEndpoint: env().aws.endpoint };
    const config = { kind: 'vault', name: 'rt-ws-iam', url: recVault.url, enginePath: 'secret', auth: 'aws-iam', awsIam };
    await hostile('aws-iam-new-name', async () => {
      const at = mark();
      await setWorkspace({ stores: [config] });
      assert.deepEqual((await pendingIs('rt-ws-iam')).fields, ['auth "aws-iam"']);
      assert.equal(stores.config('rt-ws-iam'), undefined);
      // A reference to it, its hover and its Sign In (the quick fix's command) sign nothing and send nothing.
      const text = 'password: vault.secret(rt-ws-iam:oracle.password)\n';
      const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
      await vscode.window.showTextDocument(document);
      await waitFor(
        'the reference to be checked',
        () => vscode.languages.getDiagnostics(document.uri).find((d) => d.code === 'unknown-store'),
        { timeoutMs: 20_000 },
      );
      await vscode.commands.executeCommand('vscode.executeHoverProvider', document.uri, document.positionAt(text.indexOf('oracle')));
      assert.equal(await vscode.commands.executeCommand('secretref.signInToStore', 'rt-ws-iam'), false);
      assert.deepEqual(
        since(at).map((r) => `${r.method} ${r.path}`),
        [],
        'no request at all reached the server the repository named',
      );
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });
    // Positive control: approved, Sign In hands that server the signed GetCallerIdentity (made with the
    // ambient default chain, which this Vault's role is not bound to: refused, and said so).
    const at = mark();
    assert.equal(await vscode.commands.executeCommand('secretref.approveWorkspaceStoreConfig', 'rt-ws-iam', { confirmed: true }), true);
    await configIs('rt-ws-iam', (c) => c?.source === 'workspace');
    const signedIn = await Promise.resolve(vscode.commands.executeCommand('secretref.signInToStore', 'rt-ws-iam', { awsIam: true })).then(
      () => true,
      (error: Error) => error.message,
    );
    assert.match(String(signedIn), /AWS IAM sign-in at auth\/aws .*was refused/);
    assert.ok(
      credentialedRequests(since(at)).some((r) => r.method === 'POST' && r.path === '/v1/auth/aws/login'),
      `control: the approved config sends the signed login: ${describeRequests(since(at))}`,
    );
  });

  test('the workspace is told, in words, that its user-only settings are ignored', async () => {
    await setWorkspace({ workspaceEndpoints: ['https://attacker.example'] });
    await toldIgnored('workspaceEndpoints');
    assert.match(logText(), /ignored: only your user settings can change/);
  });

  test('summary: every hostile configuration held', () => {
    console.log(`red-team (editor) rows: ${rows.map((r) => `${r.id}=${r.held ? 'held' : 'REACHED'}`).join(' ')}`);
    assert.ok(rows.length >= 15, `${rows.length} rows`);
    assert.deepEqual(
      rows.filter((r) => !r.held).map((r) => r.id),
      [],
    );
  });
});
