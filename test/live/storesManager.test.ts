// The StoreManager against live OpenBao and moto: shared in-flight reads, the TTL cache, refresh,
// change events, Workspace Trust, disabled configs, credential isolation between user and workspace
// configs (a redirected URL never receives the token), and lazy SDK loading in a fresh process.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import { AWS_TEST_CREDENTIALS } from '../support/seed';
import { seedData, testEnvironment } from '../support/testEnv';
import {
  createStoreManager,
  credentialKey,
  memoryCredentialStore,
  mergeStoreConfigs,
  ResolvedStoreConfig,
  StoreChangeEvent,
  StoreManagerWithStats,
} from '../../src/core/stores';
import { assertNoLeaks, expectStoreError, unique } from './storesTestSupport';

function configs(): ResolvedStoreConfig[] {
  const env = testEnvironment();
  return [
    { kind: 'vault', name: 'vault-dev', url: env.vault.address, auth: 'token', source: 'user' },
    { kind: 'aws', name: 'aws-dev', region: env.aws.region, endpoint: env.aws.endpoint, auth: 'accessKey', source: 'user' },
  ];
}

async function signedInManager(options: { ttl?: number; trusted?: () => boolean } = {}): Promise<StoreManagerWithStats> {
  const manager = createStoreManager({
    credentials: memoryCredentialStore(),
    configs: configs(),
    cacheTtlSeconds: () => options.ttl ?? 30,
    isTrusted: options.trusted,
  });
  await manager.signIn('vault-dev', { token: testEnvironment().vault.rootToken });
  await manager.signIn('aws-dev', AWS_TEST_CREDENTIALS);
  managers.push(manager);
  return manager;
}

const managers: StoreManagerWithStats[] = [];

describe('stores: manager (live OpenBao + moto)', function () {
  this.timeout(60_000);

  after(() => {
    for (const m of managers) m.dispose();
    assertNoLeaks([testEnvironment().vault.rootToken, seedData().canary]);
  });

  for (const [store, secret, key] of [
    ['vault-dev', 'oracle', 'password'],
    ['aws-dev', 'postgresSecrets', 'password'],
  ] as const) {
    it(`${store}: 100 concurrent reads of one secret cost one request`, async () => {
      const manager = await signedInManager();
      await manager.read(store, store === 'vault-dev' ? 'apps/db.prod' : 'prod/snowflake'); // warm: login, KV detection
      const before = manager.stats().requests;
      const values = await Promise.all(Array.from({ length: 100 }, () => manager.readKey(store, secret, key)));
      assert.equal(manager.stats().requests - before, 1);
      const expected = store === 'vault-dev' ? seedData().vault.kv2.oracle.password : seedData().aws.json.postgresSecrets.password;
      assert.ok(values.every((v) => v === expected));
    });
  }

  it('serves repeated reads from the cache until refresh, and a TTL of 0 disables caching', async () => {
    const manager = await signedInManager();
    await manager.read('vault-dev', 'oracle');
    const before = manager.stats().requests;
    await manager.read('vault-dev', 'oracle');
    assert.equal(manager.stats().requests, before);
    const events: StoreChangeEvent[] = [];
    manager.onDidChange((e) => events.push(e));
    manager.refresh('vault-dev');
    assert.deepEqual(events, [{ type: 'refresh', store: 'vault-dev' }]);
    await manager.read('vault-dev', 'oracle');
    assert.equal(manager.stats().requests, before + 1);
    await manager.read('vault-dev', 'oracle', { fresh: true });
    assert.equal(manager.stats().requests, before + 2);

    const uncached = await signedInManager({ ttl: 0 });
    await uncached.read('aws-dev', 'postgresSecrets');
    const start = uncached.stats().requests;
    await uncached.read('aws-dev', 'postgresSecrets');
    await uncached.read('aws-dev', 'postgresSecrets');
    assert.equal(uncached.stats().requests - start, 2);
  });

  it('writes through the manager invalidate the cache and fire a secret event', async () => {
    const manager = await signedInManager();
    const p = `${unique('mgr')}/item`;
    const store = await manager.get('vault-dev');
    await store.write(p, { type: 'keyed', data: { v: 'one' } });
    assert.equal(await manager.readKey('vault-dev', p, 'v'), 'one');
    const events: StoreChangeEvent[] = [];
    manager.onDidChange((e) => events.push(e));
    await store.write(p, { type: 'keyed', data: { v: 'two' } }, { expectedVersion: '1' });
    assert.deepEqual(events, [{ type: 'secret', store: 'vault-dev', path: p }]);
    assert.equal(await manager.readKey('vault-dev', p, 'v'), 'two');
    const meta = await manager.metadata('vault-dev', p);
    assert.equal(meta.currentVersion, '2');
    await expectStoreError(manager.readKey('vault-dev', p, 'missing'), 'not-found');
  });

  it('contacts no store in an untrusted workspace, nor for a disabled or unknown config', async () => {
    let trusted = false;
    const manager = await signedInManager({ trusted: () => trusted });
    await expectStoreError(manager.read('vault-dev', 'oracle'), 'untrusted');
    await expectStoreError(manager.get('aws-dev'), 'untrusted');
    assert.equal(manager.status('vault-dev'), 'untrusted');
    assert.equal(manager.stats().requests, 0);
    trusted = true;
    assert.equal((await manager.read('vault-dev', 'oracle')).type, 'keyed');
    assert.equal(manager.status('vault-dev'), 'signed-in');

    manager.setConfigs(configs().map((c) => ({ ...c, enabled: false })));
    await expectStoreError(manager.read('vault-dev', 'oracle'), 'disabled');
    const unknown = await expectStoreError(manager.read('nope', 'x'), 'unknown-store');
    assert.match(unknown.message, /Add Store/);
  });

  it('never sends a user token to a workspace config, even one with the same name and a redirected URL', async () => {
    const seenTokens: (string | undefined)[] = [];
    const trap = http.createServer((req, res) => {
      seenTokens.push(req.headers['x-vault-token'] as string | undefined);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"data":{"type":"kv","options":{"version":"2"}}}');
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    const trapUrl = `http://127.0.0.1:${(trap.address() as { port: number }).port}`;
    try {
      const credentials = memoryCredentialStore();
      const env = testEnvironment();
      const user = mergeStoreConfigs([{ source: 'user', entries: [{ kind: 'vault', name: 'corp', url: env.vault.address }] }]).configs;
      const manager = createStoreManager({ credentials, configs: user });
      managers.push(manager);
      await manager.signIn('corp', { token: env.vault.rootToken });
      assert.equal((await manager.read('corp', 'oracle')).type, 'keyed');

      // The workspace redefines "corp" to point at its own server: the user's config stays.
      const shadowed = mergeStoreConfigs([
        { source: 'user', entries: [{ kind: 'vault', name: 'corp', url: env.vault.address }] },
        { source: 'workspace', entries: [{ kind: 'vault', name: 'corp', url: trapUrl }] },
      ]).configs;
      assert.deepEqual(
        shadowed.map((c) => c.source),
        ['user'],
      );
      // A workspace config of its own (no user config of that name) gets its own credential slot.
      const merged = mergeStoreConfigs([{ source: 'workspace', entries: [{ kind: 'vault', name: 'corp', url: trapUrl }] }]).configs;
      manager.setConfigs(merged);
      await expectStoreError(manager.read('corp', 'oracle'), 'signed-out');
      assert.equal(await manager.hasCredentials('corp'), false);
      // Same URL from the workspace: still a different credential slot.
      const sameUrl = mergeStoreConfigs([{ source: 'workspace', entries: [{ kind: 'vault', name: 'corp', url: env.vault.address }] }])
        .configs[0];
      assert.notEqual(credentialKey(sameUrl), credentialKey(user[0]));
      assert.ok(
        seenTokens.every((t) => t !== env.vault.rootToken),
        'the trap server received the user token',
      );
    } finally {
      trap.close();
    }
  });

  it('loads no SDK until the first read (fresh process)', () => {
    const root = path.resolve(__dirname, '../../..');
    const script = `
      const stores = require('./out/src/core/stores');
      const loaded = () => Object.keys(require.cache).filter((f) => /node_modules[\\\\/](node-vault|@aws-sdk)[\\\\/]/.test(f)).length;
      const m = stores.createStoreManager({ credentials: stores.memoryCredentialStore(), configs: ${JSON.stringify(configs())} });
      const before = { sdks: stores.loadedStoreSdks(), modules: loaded() };
      m.signIn('vault-dev', { token: process.env.T })
        .then(() => m.read('vault-dev', 'oracle'))
        .then(() => { console.log(JSON.stringify({ before, after: stores.loadedStoreSdks() })); m.dispose(); });
    `;
    const out = execFileSync(process.execPath, ['-e', script], {
      cwd: root,
      env: { ...process.env, T: testEnvironment().vault.rootToken },
      encoding: 'utf8',
    });
    const result = JSON.parse(out.trim().split('\n').pop()!) as { before: { sdks: string[]; modules: number }; after: string[] };
    assert.deepEqual(result.before, { sdks: [], modules: 0 });
    assert.deepEqual(result.after, ['node-vault']);
  });
});
