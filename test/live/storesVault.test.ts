// The Vault store against a live OpenBao dev server: token, AppRole and the worker/runner flow of
// Cloudomation Engine, "Secret Handling" (https://docs.cloudomation.com/engine/8/docs/vault-integration) with a wrapped secret-id, KV v1/v2, versions, CAS, namespaces, CA certificates, renewal and
// expiry, and every error path, with a final check that no token or value leaked into error text.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, requireEnv, startProcess, waitFor } from '../support/processes';
import { startOpenBao, vaultApi } from '../support/stores';
import { seedData, testEnvironment } from '../support/testEnv';
import { VaultStore } from '../../src/core/stores/vault/vaultStore';
import type { VaultStoreConfig } from '../../src/core/stores';
import { assertNoLeaks, eventually, expectStoreError, inPool, unique } from './storesTestSupport';

const tokens: string[] = [];
const stores: VaultStore[] = [];

function vaultStore(config: Partial<VaultStoreConfig>, credentials?: { token?: string; secretId?: string }): VaultStore {
  const env = testEnvironment();
  const store = new VaultStore({ kind: 'vault', name: 'test-vault', url: env.vault.address, auth: 'token', ...config }, credentials);
  stores.push(store);
  return store;
}

/** The reply fields the tests read (role ids, secret ids, tokens). */
interface VaultReply {
  data: { role_id: string; secret_id: string };
  auth: { client_token: string };
}

async function root<T = VaultReply>(method: string, apiPath: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
  const env = testEnvironment();
  return (await vaultApi(env.vault, env.vault.rootToken, method, apiPath, body, headers)) as T;
}

async function createToken(body: Record<string, unknown>): Promise<string> {
  const response = await root('POST', 'auth/token/create', body);
  tokens.push(response.auth.client_token);
  return response.auth.client_token;
}

async function policy(name: string, hcl: string): Promise<void> {
  await root('PUT', `sys/policies/acl/${name}`, { policy: hcl });
}

describe('stores: Vault (live OpenBao)', function () {
  this.timeout(60_000);

  before(async () => {
    await policy(
      'read-oracle',
      'path "secret/data/oracle" { capabilities = ["read"] }\npath "secret/metadata/oracle" { capabilities = ["read"] }',
    );
  });

  after(() => {
    for (const store of stores) store.dispose();
    const env = testEnvironment();
    const data = seedData();
    const values = [
      ...Object.values(data.vault.kv2)
        .flatMap((v) => Object.values(v))
        .filter((v) => v.includes(data.canary)),
      ...Object.values(data.vault.kv1).flatMap((v) => Object.values(v)),
    ];
    assertNoLeaks([env.vault.rootToken, data.canary, ...tokens, ...values]);
  });

  it('reads a KV v2 secret with a token, detecting the KV version from the mount', async () => {
    const env = testEnvironment();
    const store = vaultStore({}, { token: env.vault.rootToken });
    assert.equal(await store.kvVersion(), 2);
    const value = await store.read('oracle');
    assert.equal(value.type, 'keyed');
    assert.deepEqual(value.type === 'keyed' && value.data, seedData().vault.kv2.oracle);
    assert.equal(value.version, '1');
  });

  it('reads a KV v1 secret from the kv/ engine path and refuses versions there', async () => {
    const env = testEnvironment();
    const store = vaultStore({ enginePath: 'kv' }, { token: env.vault.rootToken });
    assert.equal(await store.kvVersion(), 1);
    const value = await store.read('legacy/service');
    assert.deepEqual(value.type === 'keyed' && value.data, seedData().vault.kv1['legacy/service']);
    await expectStoreError(store.read('legacy/service', { version: '1' }), 'unsupported');
    assert.ok((await store.list({})).entries.some((e) => e.path === 'legacy/' && e.isFolder));
    assert.deepEqual(
      (await store.list({ prefix: 'legacy' })).entries.map((e) => e.path),
      ['legacy/service'],
    );
    const path = `${unique('v1')}/item`;
    await store.write(path, { type: 'keyed', data: { a: 'b' } });
    assert.deepEqual(await store.read(path), { store: 'test-vault', path, type: 'keyed', data: { a: 'b' } });
    await store.delete(path);
    await expectStoreError(store.read(path), 'not-found');
  });

  it('detects KV v2 for a token that may not read sys/mounts (via sys/internal/ui/mounts)', async () => {
    const token = await createToken({ policies: ['read-oracle'], ttl: '5m' });
    const store = vaultStore({}, { token });
    assert.equal(await store.kvVersion(), 2);
    assert.equal((await store.read('oracle')).type, 'keyed');
  });

  it('keeps versions: cas writes, conflicts, soft delete, undelete, destroy, delete metadata', async () => {
    const env = testEnvironment();
    const store = vaultStore({}, { token: env.vault.rootToken });
    const p = `${unique('versions')}/db`;
    assert.equal((await store.write(p, { type: 'keyed', data: { password: 'one' } }, { expectedVersion: '0' })).version, '1');
    const conflict = await expectStoreError(
      store.write(p, { type: 'keyed', data: { password: 'two-conflict' } }, { expectedVersion: '0' }),
      'conflict',
    );
    assert.match(conflict.message, /test-vault/);
    assert.equal((await store.write(p, { type: 'keyed', data: { password: 'two' } }, { expectedVersion: '1' })).version, '2');
    await expectStoreError(store.write(p, { type: 'keyed', data: { password: 'stale' } }, { expectedVersion: '1' }), 'conflict');

    const meta = await store.metadata(p);
    assert.equal(meta.currentVersion, '2');
    assert.deepEqual(
      meta.versions.map((v) => v.version),
      ['2', '1'],
    );
    const v1 = await store.read(p, { version: '1' });
    assert.deepEqual(v1.type === 'keyed' && v1.data, { password: 'one' });

    await store.delete(p, { versions: ['2'] });
    await expectStoreError(store.read(p), 'deleted');
    assert.ok((await store.metadata(p)).versions.find((v) => v.version === '2')?.deletedTime);
    await store.undelete(p, ['2']);
    const back = await store.read(p);
    assert.deepEqual(back.type === 'keyed' && back.data, { password: 'two' });

    await store.destroyVersions(p, ['1']);
    await expectStoreError(store.read(p, { version: '1' }), 'deleted');
    assert.equal((await store.metadata(p)).versions.find((v) => v.version === '1')?.destroyed, true);

    await store.tag(p, { owner: 'team-data' });
    assert.deepEqual((await store.metadata(p)).customMetadata, { owner: 'team-data' });

    await store.deleteAll(p);
    await expectStoreError(store.read(p), 'not-found');
    await expectStoreError(store.metadata(p), 'not-found');
  });

  it('lists folders and pages through more than 1,000 secrets with a name filter', async () => {
    const env = testEnvironment();
    // Its own KV v2 mount, so other suites listing secret/ never see these.
    const mount = unique('bulk');
    await root('POST', `sys/mounts/${mount}`, { type: 'kv', options: { version: '2' } });
    const folder = 'team';
    const names = Array.from({ length: 1_050 }, (_, i) => `item-${String(i).padStart(4, '0')}`);
    await inPool(names, 32, (n) => root('POST', `${mount}/data/${folder}/${n}`, { data: { v: n } }));
    await root('POST', `${mount}/data/${folder}/sub/inner`, { data: { v: 'x' } });
    await root('POST', `${mount}/data/top-level`, { data: { v: 'y' } });
    const store = vaultStore({ enginePath: mount }, { token: env.vault.rootToken });

    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await store.list({ prefix: folder, pageSize: 100, pageToken });
      seen.push(...page.entries.map((e) => e.path));
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken);
    assert.equal(pages, 11);
    assert.equal(new Set(seen).size, 1_051);
    assert.ok(seen.includes(`${folder}/sub/`));
    const top = await store.list({});
    assert.deepEqual(
      top.entries.map((e) => [e.path, e.isFolder]),
      [
        [`${folder}/`, true],
        ['top-level', false],
      ],
    );
    const filtered = await store.list({ prefix: `${folder}/`, nameFilter: 'ITEM-10', pageSize: 500 });
    assert.equal(filtered.entries.length, 50);
    assert.equal((await store.list({ prefix: unique('empty') })).entries.length, 0);
  });

  it('signs in with AppRole (role-id + secret-id)', async () => {
    const mount = unique('approle');
    await root('POST', `sys/auth/${mount}`, { type: 'approle' });
    await root('POST', `auth/${mount}/role/reader`, { token_policies: ['read-oracle'], token_ttl: '5m' });
    const roleId = (await root('GET', `auth/${mount}/role/reader/role-id`)).data.role_id;
    const secretId = (await root('POST', `auth/${mount}/role/reader/secret-id`)).data.secret_id;
    tokens.push(secretId);
    const store = vaultStore({ auth: 'approle', approlePath: mount, roleId }, { secretId });
    const value = await store.read('oracle');
    assert.deepEqual(value.type === 'keyed' && value.data, seedData().vault.kv2.oracle);
    await expectStoreError(store.read('apps/db.prod'), 'access-denied');

    // A short-lived AppRole token is replaced by a new login once it expires (no user action).
    await root('POST', `auth/${mount}/role/short`, { token_policies: ['read-oracle'], token_ttl: '2s', token_max_ttl: '2s' });
    const shortRoleId = (await root('GET', `auth/${mount}/role/short/role-id`)).data.role_id;
    const shortSecretId = (await root('POST', `auth/${mount}/role/short/secret-id`)).data.secret_id;
    tokens.push(shortSecretId);
    const short = vaultStore({ auth: 'approle', approlePath: mount, roleId: shortRoleId }, { secretId: shortSecretId });
    await short.read('oracle');
    const firstExpiry = short.tokenInfo().expiresAt!;
    await eventually('the AppRole token to expire', async () => (Date.now() > firstExpiry + 200 ? true : undefined), 10_000);
    assert.equal((await short.read('oracle')).type, 'keyed');
    assert.ok(short.tokenInfo().expiresAt! > firstExpiry, 'logged in again');

    const wrong = vaultStore({ auth: 'approle', approlePath: mount, roleId }, { secretId: 'not-a-real-secret-id' });
    await expectStoreError(wrong.read('oracle'), 'signed-out');
    await expectStoreError(vaultStore({ auth: 'approle', approlePath: mount, roleId }).read('oracle'), 'signed-out');
  });

  it('runs the worker/runner flow: the worker only fetches a wrapped secret-id, the runner unwraps it and logs in', async () => {
    const mount = unique('approle');
    await root('POST', `sys/auth/${mount}`, { type: 'approle' });
    const workerPolicy = unique('worker');
    await policy(workerPolicy, `path "auth/${mount}/role/db-runner/secret-id" { capabilities = ["update"] }`);
    await root('POST', `auth/${mount}/role/worker`, { token_policies: [workerPolicy], token_ttl: '5m' });
    await root('POST', `auth/${mount}/role/db-runner`, { token_policies: ['read-oracle'], token_ttl: '5m', secret_id_num_uses: 1 });
    const workerRoleId = (await root('GET', `auth/${mount}/role/worker/role-id`)).data.role_id;
    const workerSecretId = (await root('POST', `auth/${mount}/role/worker/secret-id`)).data.secret_id;
    const runnerRoleId = (await root('GET', `auth/${mount}/role/db-runner/role-id`)).data.role_id;
    tokens.push(workerSecretId);

    // The worker itself cannot read secrets, and gets its runner secret-id only wrapped.
    const worker = await vaultApi(testEnvironment().vault, '', 'POST', `auth/${mount}/login`, {
      role_id: workerRoleId,
      secret_id: workerSecretId,
    });
    tokens.push(worker.auth.client_token);
    await assert.rejects(vaultApi(testEnvironment().vault, worker.auth.client_token, 'GET', 'secret/data/oracle'), /403/);

    const store = vaultStore(
      { auth: 'approle-wrapped', approlePath: mount, roleId: workerRoleId, runnerRoleName: 'db-runner', runnerRoleId },
      { secretId: workerSecretId },
    );
    const value = await store.read('oracle');
    assert.deepEqual(value.type === 'keyed' && value.data, seedData().vault.kv2.oracle);
    assert.deepEqual(store.tokenInfo().policies?.includes('read-oracle'), true);
  });

  it('renews a renewable token before it expires, then reports "expired, sign in again" at max TTL', async function () {
    this.timeout(40_000);
    const started = Date.now();
    const token = await createToken({ policies: ['read-oracle'], ttl: '3s', explicit_max_ttl: '9s', renewable: true });
    const statuses: string[] = [];
    const store = new VaultStore(
      { kind: 'vault', name: 'renewing', url: testEnvironment().vault.address, auth: 'token', autoRenew: true },
      { token },
      { onStatus: (s) => statuses.push(s) },
    );
    stores.push(store);
    await store.read('oracle');
    assert.equal(store.tokenInfo().renewable, true);
    await eventually('a renewal', async () => (store.tokenInfo().renewals >= 1 ? true : undefined));
    // Past the original 3 s TTL the token still works because it was renewed.
    await eventually('the original TTL to pass', async () => (Date.now() - started > 4_000 ? true : undefined));
    assert.equal((await store.read('oracle')).type, 'keyed');
    const error = await eventually(
      'the token to expire at its max TTL',
      async () => {
        try {
          await store.read('oracle');
          return undefined;
        } catch (e) {
          return e;
        }
      },
      20_000,
      250,
    );
    assert.equal((error as { kind?: string }).kind, 'expired', String(error));
    assert.match((error as Error).message, /[Ss]ign in again/);
    assert.ok(statuses.includes('expired'));
    assert.ok(Date.now() - started >= 8_000, 'expired only at max TTL');
  });

  it('reports a token without auto-renew as expired once its TTL runs out', async () => {
    const token = await createToken({ policies: ['read-oracle'], ttl: '2s', renewable: true });
    const store = vaultStore({ autoRenew: false }, { token });
    await store.read('oracle');
    assert.equal(store.tokenInfo().renewals, 0);
    await eventually('expiry', async () => {
      try {
        await store.read('oracle');
        return undefined;
      } catch (e) {
        return (e as { kind?: string }).kind === 'expired' ? true : undefined;
      }
    });
    await expectStoreError(store.read('oracle'), 'expired');
  });

  it('maps 403 (no policy), 404, a revoked token and a missing token to actionable errors', async () => {
    const token = await createToken({ policies: ['default'], ttl: '5m' });
    const store = vaultStore({}, { token });
    const denied = await expectStoreError(store.read('oracle'), 'access-denied');
    assert.match(denied.message, /test-vault/);
    assert.match(denied.message, /oracle/);
    assert.match(denied.message, /policy/);

    // A valid token without the default policy cannot look itself up: still usable, still "denied".
    const bare = await createToken({ policies: ['read-oracle'], no_default_policy: true, ttl: '5m' });
    const bareStore = vaultStore({ kvVersion: 2 }, { token: bare });
    assert.equal((await bareStore.read('oracle')).type, 'keyed');
    await expectStoreError(bareStore.read('apps/db.prod'), 'access-denied');

    const env = testEnvironment();
    const missing = await expectStoreError(vaultStore({}, { token: env.vault.rootToken }).read('does/not/exist'), 'not-found');
    assert.match(missing.message, /does\/not\/exist/);

    const revoked = await createToken({ policies: ['read-oracle'], ttl: '5m' });
    const revokedStore = vaultStore({}, { token: revoked });
    await revokedStore.read('oracle');
    await root('POST', 'auth/token/revoke', { token: revoked });
    await expectStoreError(revokedStore.read('apps/db.prod'), 'expired');
    await expectStoreError(vaultStore({}, {}).read('oracle'), 'signed-out');
    await expectStoreError(vaultStore({ enginePath: 'nope' }, { token: env.vault.rootToken }).read('oracle'), 'invalid');
  });

  it('retries a rate-limited (HTTP 429) read with backoff, then reports "throttled"', async function () {
    this.timeout(30_000);
    const env = testEnvironment();
    const mount = unique('throttled');
    await root('POST', `sys/mounts/${mount}`, { type: 'kv', options: { version: '2' } });
    await root('POST', `${mount}/data/item`, { data: { k: 'v' } });
    let requests = 0;
    const make = () => {
      const store = new VaultStore(
        { kind: 'vault', name: 'throttled', url: env.vault.address, auth: 'token', enginePath: mount, kvVersion: 2 },
        { token: env.vault.rootToken },
        { onRequest: () => requests++ },
      );
      stores.push(store);
      return store;
    };
    // One request per second: the second read is refused once, then gets through after backoff.
    await root('POST', `sys/quotas/rate-limit/${mount}`, { path: `${mount}/`, rate: 1, interval: '1s' });
    const store = make();
    await store.read('item');
    requests = 0;
    const value = await store.read('item');
    assert.equal(value.type, 'keyed');
    assert.ok(requests >= 2 && requests <= 5, `expected retries, saw ${requests} requests`);

    // Blocked for a minute after exceeding: retries run out and the user sees "throttled".
    await root('POST', `sys/quotas/rate-limit/${mount}`, { path: `${mount}/`, rate: 1, interval: '1s', block_interval: '60s' });
    await make()
      .read('item')
      .catch(() => undefined);
    requests = 0;
    const throttled = await expectStoreError(make().read('item'), 'throttled');
    assert.equal(requests, 6, 'one lookup-self, then five attempts');
    assert.match(throttled.message, /throttled|rate-limited/);
    await root('DELETE', `sys/quotas/rate-limit/${mount}`);
  });

  it('sends the namespace header and reads from a namespace', async () => {
    const env = testEnvironment();
    const ns = unique('team');
    await root('POST', `sys/namespaces/${ns}`, {});
    await root('POST', 'sys/mounts/secret', { type: 'kv', options: { version: '2' } }, { 'X-Vault-Namespace': ns });
    await root('POST', 'secret/data/ns-only', { data: { where: ns } }, { 'X-Vault-Namespace': ns });
    const inNs = vaultStore({ namespace: ns }, { token: env.vault.rootToken });
    const value = await inNs.read('ns-only');
    assert.deepEqual(value.type === 'keyed' && value.data, { where: ns });
    await expectStoreError(vaultStore({}, { token: env.vault.rootToken }).read('ns-only'), 'not-found');
    assert.match((await inNs.testConnection()).summary, new RegExp(ns));
  });

  it('reports sealed and unreachable servers (its own server, sealed then stopped mid-test)', async () => {
    const server = await startOpenBao();
    try {
      const store = new VaultStore({ kind: 'vault', name: 'own', url: server.address, auth: 'token' }, { token: server.rootToken });
      stores.push(store);
      tokens.push(server.rootToken);
      await vaultApi(server, server.rootToken, 'POST', 'secret/data/x', { data: { k: 'v' } });
      assert.equal((await store.read('x')).type, 'keyed');
      await vaultApi(server, server.rootToken, 'PUT', 'sys/seal');
      const sealed = await expectStoreError(store.read('x', { version: '1' }), 'sealed');
      assert.match(sealed.message, /unseal/);
      await server.stop();
      const down = await expectStoreError(store.read('x'), 'unreachable');
      assert.match(down.message, new RegExp(server.address.replace(/[.]/g, '\\.')));
      assert.match(down.message, /running/);
    } finally {
      await server.stop();
    }
  });

  it('verifies a self-signed server with the configured CA certificate, and explains a TLS failure without it', async () => {
    const bao = requireEnv('SECRETREF_BAO');
    const port = await freePort();
    const certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-tls-'));
    const rootToken = unique('root');
    tokens.push(rootToken);
    const proc = startProcess(bao, [
      'server',
      '-dev',
      '-dev-tls',
      `-dev-tls-cert-dir=${certDir}`,
      `-dev-root-token-id=${rootToken}`,
      `-dev-listen-address=127.0.0.1:${port}`,
      '-dev-no-store-token',
    ]);
    try {
      const caPath = path.join(certDir, 'vault-ca.pem');
      await waitFor('TLS OpenBao', async () => {
        if (proc.child.exitCode !== null) throw new Error(proc.output());
        return fs.existsSync(caPath) ? true : undefined;
      });
      const url = `https://127.0.0.1:${port}`;
      const withCa = new VaultStore({ kind: 'vault', name: 'tls', url, auth: 'token', caPath }, { token: rootToken });
      stores.push(withCa);
      await eventually('TLS server ready', async () => (await withCa.testConnection()).summary);
      const info = await withCa.testConnection();
      assert.match(info.summary, /KV v2/);
      const without = new VaultStore({ kind: 'vault', name: 'tls', url, auth: 'token' }, { token: rootToken });
      stores.push(without);
      const tls = await expectStoreError(without.read('anything'), 'tls');
      assert.match(tls.message, /caPath/);
      await expectStoreError(
        new VaultStore({ kind: 'vault', name: 'tls', url, auth: 'token', caPath: '/no/such/ca.pem' }, { token: rootToken }).read('x'),
        'invalid',
      );
    } finally {
      await proc.stop();
      fs.rmSync(certDir, { recursive: true, force: true });
    }
  });
});
