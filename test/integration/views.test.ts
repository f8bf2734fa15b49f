// The Secrets and Secret Stores trees inside VS Code, against the run's live OpenBao and moto: nodes
// and labels of the seeded stores, paging, filtering, every node action, errors kept on the failing
// node, and that no revealed value ever lands in a tree item's label, description or tooltip.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ViewsApi } from '../../src/features/views/registerViewFeatures';
import type { SecretTreeNode } from '../../src/features/views/model/treeNodes';
import { seedData, testEnvironment } from '../support/testEnv';
import { testAwsClient } from '../support/seed';
import { vaultApi } from '../support/stores';
import { waitFor as pollWithDeadline } from '../support/waitFor';

/** Store configs this suite adds to the user's `secretref.stores` setting (others' entries are kept). */
const TEST_STORES = {
  vault: 'it-views-vault',
  vaultKv1: 'it-views-kv1',
  aws: 'it-views-aws',
  unreachable: 'it-views-unreachable',
  disabled: 'it-views-disabled',
  expiring: 'it-views-expiring',
} as const;

const PAGE = 25;
const PAGED = 60;

suite('views: Secret Stores and Secrets trees', function () {
  this.timeout(120_000);
  let api: ViewsApi;
  const env = () => testEnvironment();
  const canary = () => testEnvironment().canary;

  suiteSetup(async () => {
    const { vault, aws } = env();
    // More than one page of secrets in a folder of each store.
    const client = testAwsClient(aws.endpoint);
    const { CreateSecretCommand } = await import('@aws-sdk/client-secrets-manager');
    try {
      for (let i = 0; i < PAGED; i++) {
        const name = `views-paging/item-${String(i).padStart(2, '0')}`;
        await vaultApi(vault, vault.rootToken, 'POST', `secret/data/${name}`, { data: { value: `paging-${canary()}` } });
        await client.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify({ value: `paging-${canary()}` }) }));
      }
    } finally {
      client.destroy();
    }
    await vscode.workspace.getConfiguration('secretref').update('views.pageSize', PAGE, vscode.ConfigurationTarget.Global);
    await vscode.extensions.getExtension('secretref.secretref')?.activate();
    api = (await vscode.commands.executeCommand('secretref.views.testApi')) as ViewsApi;
    assert.ok(api, 'the views test API is registered under ExtensionMode.Test');
    await configureTestStores();
    await pollUntil(
      'the store configs reach the views',
      async () => Object.values(TEST_STORES).every((name) => api.stores.getChildren().some((n) => n.name === name)),
      10_000,
    );
    await signInTestStores();
    api.model.reload();
  });

  suiteTeardown(async () => {
    api?.setRevealPresenter(undefined);
    await assertNoValueInTree(api, canary());
    const settings = vscode.workspace.getConfiguration('secretref');
    await settings.update('views.pageSize', undefined, vscode.ConfigurationTarget.Global);
    const names = new Set<string>(Object.values(TEST_STORES));
    const others = (settings.inspect<{ name: string }[]>('stores')?.globalValue ?? []).filter((c) => !names.has(c.name));
    await settings.update('stores', others, vscode.ConfigurationTarget.Global);
  });

  const roots = async () => (await api.secrets.getChildren()) as SecretTreeNode[];
  const root = async (store: string) => {
    const node = (await roots()).find((n) => n.store === store);
    assert.ok(node, `store ${store} in the Secrets tree`);
    return node;
  };
  /** The child with this label, following "Load more" like a user would. */
  const child = async (parent: SecretTreeNode, label: string) => {
    for (;;) {
      const children = await api.secrets.getChildren(parent);
      const found = children.find((c) => labelOf(api, c) === label);
      if (found) return found;
      const more = children.find((c) => c.type === 'loadMore');
      assert.ok(more, `"${label}" under ${parent.id}: got ${children.map((c) => labelOf(api, c)).join(', ')}`);
      await vscode.commands.executeCommand('secretref.views.loadMore', more);
    }
  };
  const at = async (store: string, ...labels: string[]) => {
    let node = await root(store);
    for (const label of labels) node = await child(node, label);
    return node;
  };

  test('Secret Stores view: each config with kind, address, auth and live status', async () => {
    const nodes = api.stores.getChildren();
    for (const name of Object.values(TEST_STORES))
      assert.ok(
        nodes.some((n) => n.name === name),
        `${name} listed`,
      );
    await vscode.commands.executeCommand('secretref.views.checkStore', TEST_STORES.vault);
    await vscode.commands.executeCommand('secretref.views.checkStore', TEST_STORES.aws);
    await vscode.commands.executeCommand('secretref.views.checkStore', TEST_STORES.unreachable);
    const item = (name: string) => api.stores.getTreeItem(nodes.find((n) => n.name === name)!);
    const vault = item(TEST_STORES.vault);
    assert.match(String(vault.description), new RegExp(`^Vault · ${escape(env().vault.address)} · connected$`));
    assert.match(String(vault.tooltip), /Auth: token/);
    assert.equal((vault.iconPath as vscode.ThemeIcon).id, 'pass');
    assert.match(String(vault.contextValue), /\bstoreConfig\b.*\benabled\b.*\bsignedIn\b/);
    const aws = item(TEST_STORES.aws);
    assert.match(String(aws.description), /^AWS · us-east-1 · http:\/\/127\.0\.0\.1:\d+ · connected$/);
    assert.match(String(aws.tooltip), /Auth: access key/);
    const unreachable = item(TEST_STORES.unreachable);
    assert.match(String(unreachable.description), /unreachable$/);
    assert.equal((unreachable.iconPath as vscode.ThemeIcon).id, 'debug-disconnect');
    await vscode.commands.executeCommand('secretref.views.checkStore', TEST_STORES.expiring);
    const expiring = item(TEST_STORES.expiring);
    assert.match(String(expiring.description), /token expiring$/);
    assert.match(String(expiring.tooltip), /the token expires in [45] min/);
    assert.equal((expiring.iconPath as vscode.ThemeIcon).id, 'warning');
    const disabled = item(TEST_STORES.disabled);
    assert.match(String(disabled.description), /disabled$/);
    assert.match(String(disabled.contextValue), /\bdisabled\b/);
  });

  test('Secrets view: enabled stores only; Vault folders by listing, AWS grouped by "/"', async () => {
    const names = (await roots()).map((n) => n.store);
    assert.ok(names.includes(TEST_STORES.vault) && names.includes(TEST_STORES.aws) && names.includes(TEST_STORES.vaultKv1));
    assert.ok(!names.includes(TEST_STORES.disabled), 'a disabled store is not browsed');
    for (const label of ['apps', 'demo', 'oracle', 'views-paging']) await at(TEST_STORES.vault, label);
    const folder = await at(TEST_STORES.vault, 'apps');
    assert.equal(folder.type, 'folder');
    await child(folder, 'db.prod');
    for (const label of ['postgresSecrets', 'prod', 'certs']) await at(TEST_STORES.aws, label);
    assert.equal((await at(TEST_STORES.aws, 'prod')).type, 'folder');
    await at(TEST_STORES.aws, 'prod', 'snowflake');
    await at(TEST_STORES.vaultKv1, 'legacy', 'service');
  });

  test('a secret expands to its masked keys and its versions', async () => {
    const oracle = await at(TEST_STORES.vault, 'oracle');
    const children = await api.secrets.getChildren(oracle);
    const keys = children.filter((c) => c.type === 'key');
    assert.deepEqual(keys.map((k) => labelOf(api, k)).sort(), ['password', 'user']);
    // The mask, then the reference index's usage once its first build is done ("· unused" here).
    for (const key of keys) assert.match(String(api.secrets.getTreeItem(key).description), /^•{6}( · (unused|used in \d+ files?))?$/);
    const versions = await api.secrets.getChildren(await child(oracle, 'Versions'));
    assert.ok(versions.length >= 1 && versions[0].type === 'version');
    const newest = api.secrets.getTreeItem(versions[0]);
    assert.match(String(newest.label), /^v\d+$/);
    assert.match(String(newest.description), /current/);
    const awsVersions = await api.secrets.getChildren(await at(TEST_STORES.aws, 'postgresSecrets', 'Versions'));
    assert.ok(awsVersions.some((v) => /AWSCURRENT/.test(String(api.secrets.getTreeItem(v).description))));
    const binary = await api.secrets.getChildren(await at(TEST_STORES.aws, 'certs', 'client-key'));
    assert.equal(labelOf(api, binary[0]), '(binary value)');
    const kv1 = await api.secrets.getChildren(await at(TEST_STORES.vaultKv1, 'legacy', 'service', 'Versions'));
    assert.match(labelOf(api, kv1[0]), /No versions/);
  });

  for (const store of ['vault', 'aws'] as const) {
    test(`${store}: a large folder loads a page at a time with "Load more"`, async () => {
      const folder = await at(TEST_STORES[store], 'views-paging');
      let children = await api.secrets.getChildren(folder);
      assert.equal(children.filter((c) => c.type === 'secret').length, PAGE);
      for (let expected = 2 * PAGE; ; expected += PAGE) {
        const more = children.find((c) => c.type === 'loadMore');
        assert.ok(more && more.type === 'loadMore', 'a Load more node ends an incomplete page');
        assert.equal(api.secrets.getTreeItem(more).command?.command, 'secretref.views.loadMore');
        await vscode.commands.executeCommand('secretref.views.loadMore', more);
        children = await api.secrets.getChildren(folder);
        const secrets = children.filter((c) => c.type === 'secret');
        assert.equal(secrets.length, Math.min(expected, PAGED));
        if (expected >= PAGED) break;
      }
      assert.ok(!children.some((c) => c.type === 'loadMore'), 'no Load more once everything is listed');
      assert.equal(labelOf(api, children[PAGED - 1]), `item-${PAGED - 1}`);
    });
  }

  test('filter narrows the tree by name, clear restores it', async () => {
    try {
      assert.equal(await vscode.commands.executeCommand('secretref.views.filter', 'snowflake'), 'snowflake');
      assert.match(String(api.secretsView.message), /snowflake/);
      // Other suites share these servers: assert on the seeded names, not on the whole listing.
      const awsChildren = await api.secrets.getChildren(await root(TEST_STORES.aws));
      const awsLabels = awsChildren.map((n) => labelOf(api, n));
      assert.ok(
        awsLabels.includes('prod') &&
          !awsLabels.includes('postgresSecrets') &&
          !awsLabels.includes('certs') &&
          !awsLabels.includes('views-paging'),
        awsLabels.join(', '),
      );
      for (const node of awsChildren) if (node.type === 'secret') assert.match(node.path.toLowerCase(), /snowflake/);
      await at(TEST_STORES.aws, 'prod', 'snowflake');
      const vaultChildren = await api.secrets.getChildren(await root(TEST_STORES.vault));
      const vaultLabels = vaultChildren.map((n) => labelOf(api, n));
      assert.ok(!vaultLabels.includes('oracle') && vaultLabels.includes('demo'), vaultLabels.join(', '));
      for (const node of vaultChildren) if (node.type === 'secret') assert.match(node.path.toLowerCase(), /snowflake/);
      await at(TEST_STORES.vault, 'demo', 'snowflake');
    } finally {
      await vscode.commands.executeCommand('secretref.views.clearFilter');
    }
    assert.equal(api.secretsView.message, undefined);
    await at(TEST_STORES.vault, 'oracle');
  });

  test('refresh per node and globally reloads from the store', async () => {
    const { vault } = env();
    const folder = await at(TEST_STORES.vault, 'demo');
    const labels = async () => (await api.secrets.getChildren(folder)).map((n) => labelOf(api, n));
    assert.ok(!(await labels()).includes('added-later'));
    await vaultApi(vault, vault.rootToken, 'POST', 'secret/data/demo/added-later', { data: { k: 'v' } });
    assert.ok(!(await labels()).includes('added-later'), 'a loaded folder answers from memory');
    await vscode.commands.executeCommand('secretref.views.refreshNode', folder);
    await child(folder, 'added-later');
    await vscode.commands.executeCommand('secretref.views.refresh');
    await at(TEST_STORES.vault, 'demo', 'added-later');
  });

  test('copy reference in each kind that fits the store', async () => {
    const password = await at(TEST_STORES.vault, 'oracle', 'password');
    const vaultRef = await vscode.commands.executeCommand('secretref.views.copyReference', password);
    assert.equal(vaultRef, `vault.secret(${TEST_STORES.vault}:oracle.password)`);
    const dbProd = await at(TEST_STORES.vault, 'apps', 'db.prod');
    assert.equal(
      await vscode.commands.executeCommand('secretref.views.copyReference', dbProd, { key: 'user' }),
      `vault.secret(${TEST_STORES.vault}:apps/db.prod.user)`,
    );
    const pgHost = await at(TEST_STORES.aws, 'postgresSecrets', 'host');
    assert.equal(
      await vscode.commands.executeCommand('secretref.views.copyReference', pgHost),
      '{{resolve:secretsmanager:postgresSecrets:SecretString:host}}',
    );
    const pg = await at(TEST_STORES.aws, 'postgresSecrets');
    assert.equal(
      await vscode.commands.executeCommand('secretref.views.copyReference', pg, { kind: 'aws' }),
      '{{resolve:secretsmanager:postgresSecrets}}',
    );
    const block = JSON.parse(String(await vscode.commands.executeCommand('secretref.views.copyReference', pg, { kind: 'self-hosted' })));
    assert.equal(block.self_hosting_mechanism, 'secretsmanager');
    assert.match(block.self_hosting_key, /^arn:aws:secretsmanager:us-east-1:\d+:secret:postgresSecrets-/);
    assert.equal(block.region, 'us-east-1');
    assert.equal(await vscode.env.clipboard.readText(), JSON.stringify(block, null, 2));
  });

  test('insert reference at the cursor', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'password: \n' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 10, 0, 10);
    const user = await at(TEST_STORES.vault, 'oracle', 'user');
    await vscode.commands.executeCommand('secretref.views.insertReference', user);
    assert.equal(document.getText(), `password: vault.secret(${TEST_STORES.vault}:oracle.user)\n`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('reveal value goes to the presenter, never into the tree', async () => {
    const shown: { title: string; value: string }[] = [];
    api.setRevealPresenter(async (title, value) => {
      shown.push({ title, value });
    });
    const password = await at(TEST_STORES.vault, 'oracle', 'password');
    assert.equal(await vscode.commands.executeCommand('secretref.views.revealValue', password), true);
    const pg = await at(TEST_STORES.aws, 'postgresSecrets');
    assert.equal(await vscode.commands.executeCommand('secretref.views.revealValue', pg, { key: 'password' }), true);
    const seed = seedData();
    assert.deepEqual(
      shown.map((s) => s.value),
      [seed.vault.kv2.oracle.password, seed.aws.json.postgresSecrets.password],
    );
    assert.match(shown[0].title, /oracle\.password/);
    await assertNoValueInTree(api, canary());
  });

  test('copy value puts it on the clipboard and clears it after the timeout', async () => {
    await vscode.workspace.getConfiguration('secretref').update('clipboardClearSeconds', 1, vscode.ConfigurationTarget.Global);
    try {
      const user = await at(TEST_STORES.vault, 'apps', 'db.prod', 'password');
      assert.equal(await vscode.commands.executeCommand('secretref.views.copyValue', user), true);
      assert.equal(await vscode.env.clipboard.readText(), seedData().vault.kv2['apps/db.prod'].password);
      await pollUntil('the clipboard is cleared', async () => (await vscode.env.clipboard.readText()) === '', 10_000);
    } finally {
      await vscode.workspace.getConfiguration('secretref').update('clipboardClearSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('show metadata opens versions and dates, without values', async () => {
    const oracle = await at(TEST_STORES.vault, 'oracle');
    const document = (await vscode.commands.executeCommand('secretref.views.showMetadata', oracle)) as vscode.TextDocument;
    const metadata = JSON.parse(document.getText());
    assert.equal(metadata.path, 'oracle');
    assert.ok(metadata.versions.length >= 1);
    assert.ok(!document.getText().includes(canary()));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('Vault: new secret, new version, soft delete, undelete, destroy, delete all versions', async () => {
    const { vault } = env();
    const store = await root(TEST_STORES.vault);
    const created = (await vscode.commands.executeCommand('secretref.views.newSecret', store, {
      path: 'views-it/lifecycle',
      data: { k: 'one' },
      confirmed: true,
    })) as { version: string };
    assert.equal(created.version, '1');
    const secret = await at(TEST_STORES.vault, 'views-it', 'lifecycle');
    const again = await vscode.commands.executeCommand('secretref.views.newSecret', store, {
      path: 'views-it/lifecycle',
      data: { k: 'clash' },
      confirmed: true,
    });
    assert.equal(again, undefined, 'creating an existing secret is refused');
    const v2 = (await vscode.commands.executeCommand('secretref.views.newVersion', secret, { data: { k: 'two' }, confirmed: true })) as {
      version: string;
    };
    assert.equal(v2.version, '2');
    const versionNode = async (v: string) => {
      const nodes = await api.secrets.getChildren(await at(TEST_STORES.vault, 'views-it', 'lifecycle', 'Versions'));
      const found = nodes.find((n) => n.type === 'version' && n.info.version === v);
      assert.ok(found, `version ${v} listed`);
      return found;
    };
    assert.equal(await vscode.commands.executeCommand('secretref.views.deleteVersion', await versionNode('1'), { confirmed: true }), true);
    let meta = await vaultApi(vault, vault.rootToken, 'GET', 'secret/metadata/views-it/lifecycle');
    assert.notEqual(meta.data.versions['1'].deletion_time, '');
    assert.match(String(api.secrets.getTreeItem(await versionNode('1')).contextValue), /\bdeleted\b/);
    assert.equal(await vscode.commands.executeCommand('secretref.views.undeleteVersion', await versionNode('1')), true);
    meta = await vaultApi(vault, vault.rootToken, 'GET', 'secret/metadata/views-it/lifecycle');
    assert.equal(meta.data.versions['1'].deletion_time, '');
    assert.equal(await vscode.commands.executeCommand('secretref.views.destroyVersion', await versionNode('1'), { confirmed: true }), true);
    meta = await vaultApi(vault, vault.rootToken, 'GET', 'secret/metadata/views-it/lifecycle');
    assert.equal(meta.data.versions['1'].destroyed, true);
    assert.match(String(api.secrets.getTreeItem(await versionNode('1')).contextValue), /\bdestroyed\b/);
    const latest = await at(TEST_STORES.vault, 'views-it', 'lifecycle');
    assert.equal(await vscode.commands.executeCommand('secretref.views.deleteVersion', latest, { confirmed: true }), true);
    meta = await vaultApi(vault, vault.rootToken, 'GET', 'secret/metadata/views-it/lifecycle');
    assert.notEqual(meta.data.versions['2'].deletion_time, '');
    const afterDelete = await api.secrets.getChildren(await at(TEST_STORES.vault, 'views-it', 'lifecycle'));
    assert.ok(
      afterDelete.some((c) => c.type === 'message' && c.severity === 'error'),
      'the failing read shows on the secret node',
    );
    assert.ok(
      afterDelete.some((c) => c.type === 'versions'),
      'versions stay reachable to undelete',
    );
    assert.equal(
      await vscode.commands.executeCommand('secretref.views.deleteAllVersions', await at(TEST_STORES.vault, 'views-it', 'lifecycle'), {
        confirmed: true,
      }),
      true,
    );
    await assert.rejects(vaultApi(vault, vault.rootToken, 'GET', 'secret/metadata/views-it/lifecycle'), /404/);
  });

  test('AWS: new secret, delete with a recovery window, restore', async () => {
    const store = await root(TEST_STORES.aws);
    await vscode.commands.executeCommand('secretref.views.newSecret', store, {
      path: 'views-it/aws-lifecycle',
      data: { k: 'one' },
      confirmed: true,
    });
    const secret = await at(TEST_STORES.aws, 'views-it', 'aws-lifecycle');
    assert.match(String(api.secrets.getTreeItem(secret).contextValue), /\blive\b/);
    assert.equal(
      await vscode.commands.executeCommand('secretref.views.deleteSecret', secret, { confirmed: true, recoveryWindowDays: 7 }),
      true,
    );
    const deleted = await at(TEST_STORES.aws, 'views-it', 'aws-lifecycle');
    const item = api.secrets.getTreeItem(deleted);
    assert.match(String(item.contextValue), /\bscheduledDeletion\b/);
    assert.match(String(item.description), /scheduled for deletion/);
    assert.equal(await vscode.commands.executeCommand('secretref.views.restoreSecret', deleted), true);
    const restored = await at(TEST_STORES.aws, 'views-it', 'aws-lifecycle');
    assert.match(String(api.secrets.getTreeItem(restored).contextValue), /\blive\b/);
  });

  test('a store that fails shows the error on its node', async () => {
    const node = await root(TEST_STORES.unreachable);
    const children = await api.secrets.getChildren(node);
    assert.equal(children.length, 1);
    const message = children[0];
    assert.ok(message.type === 'message' && message.severity === 'error');
    const item = api.secrets.getTreeItem(message);
    // The cause comes first in the label (the row sits under its store); the tooltip names the store.
    assert.doesNotMatch(String(item.label), /^Store "/);
    assert.ok(String(item.tooltip).startsWith(`Store "${TEST_STORES.unreachable}"`), String(item.tooltip));
    assert.ok(String(item.tooltip).includes(String(item.label)), 'the tooltip has the whole message');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'error');
  });

  test('revealed values never appear in any tree label, description or tooltip', async () => {
    // Expand every secret the tests loaded, then scan everything the tree renders.
    for (const store of [TEST_STORES.vault, TEST_STORES.aws]) {
      for (const secret of ['oracle', 'postgresSecrets']) {
        const node = api.model.findSecret(store, secret);
        if (node) await api.secrets.getChildren(node);
      }
    }
    const scanned = await assertNoValueInTree(api, canary());
    assert.ok(scanned > 20, `scanned ${scanned} tree items`);
  });
});

async function configureTestStores(): Promise<void> {
  const { vault, aws } = testEnvironment();
  const mine = [
    { kind: 'vault', name: TEST_STORES.vault, url: vault.address, enginePath: 'secret', auth: 'token' },
    { kind: 'vault', name: TEST_STORES.vaultKv1, url: vault.address, enginePath: 'kv', auth: 'token' },
    { kind: 'aws', name: TEST_STORES.aws, region: aws.region, endpoint: aws.endpoint, auth: 'accessKey' },
    // Port 9 (discard) is closed on loopback: connection refused, i.e. unreachable.
    { kind: 'vault', name: TEST_STORES.unreachable, url: 'http://127.0.0.1:9', auth: 'token' },
    { kind: 'vault', name: TEST_STORES.disabled, url: vault.address, auth: 'token', enabled: false },
    { kind: 'vault', name: TEST_STORES.expiring, url: vault.address, auth: 'token', autoRenew: false },
  ];
  const settings = vscode.workspace.getConfiguration('secretref');
  const names = new Set<string>(Object.values(TEST_STORES));
  const others = (settings.inspect<{ name: string }[]>('stores')?.globalValue ?? []).filter((c) => !names.has(c.name));
  await settings.update('stores', [...others, ...mine], vscode.ConfigurationTarget.Global);
}

async function signInTestStores(): Promise<void> {
  const { vault } = testEnvironment();
  const token = { token: vault.rootToken };
  for (const name of [TEST_STORES.vault, TEST_STORES.vaultKv1, TEST_STORES.unreachable]) await signIn(name, token);
  // A token that lives five minutes and cannot be renewed: "token expiring".
  const shortLived = await vaultApi(vault, vault.rootToken, 'POST', 'auth/token/create', {
    ttl: '5m',
    renewable: false,
    policies: ['default'],
  });
  await signIn(TEST_STORES.expiring, { token: shortLived.auth.client_token });
  await signIn(TEST_STORES.aws, { accessKeyId: 'testing', secretAccessKey: 'testing' });
}

async function signIn(store: string, credentials: Record<string, string>): Promise<void> {
  await vscode.commands.executeCommand('secretref.signInToStore', store, credentials);
}

async function pollUntil(what: string, condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  await pollWithDeadline(what, async () => ((await condition()) ? true : undefined), { timeoutMs, intervalMs: 50 });
}

function labelOf(api: ViewsApi, node: SecretTreeNode): string {
  const label = api.secrets.getTreeItem(node).label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Walks what the tree has loaded (without loading more) and checks every rendered string. */
async function assertNoValueInTree(api: ViewsApi | undefined, canary: string): Promise<number> {
  if (!api) return 0;
  let scanned = 0;
  const visit = async (node: SecretTreeNode | undefined): Promise<void> => {
    if (node) {
      const item = api.secrets.getTreeItem(node);
      const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip ?? '');
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      for (const text of [label, String(item.description ?? ''), tooltip])
        assert.ok(!text.includes(canary), `a value leaked into tree item ${node.id}`);
      scanned++;
    }
    if (!api.model.isLoaded(node)) return;
    for (const child of await api.secrets.getChildren(node)) await visit(child);
  };
  await visit(undefined);
  for (const storeNode of api.stores.getChildren()) {
    const item = api.stores.getTreeItem(storeNode);
    assert.ok(!`${item.label}${item.description}${item.tooltip}`.includes(canary));
    scanned++;
  }
  return scanned;
}
