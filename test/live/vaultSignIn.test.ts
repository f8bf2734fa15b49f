// Issue 16, the Vault sign-in methods through the store manager against the live OpenBao: userpass and
// LDAP (a real directory: slapd on loopback behind OpenBao's auth/ldap, Vault's LDAP method as a plugin,
// see test/support/ldapDirectory.ts) exchange the password for a token and keep only the token; a wrong
// password keeps nothing; the token renews while renewable and reports "expired" (with the method's
// sign-in words) at max TTL; Sign Out revokes it; namespaces (X-Vault-Namespace) apply to the login and
// the reads.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createStoreManager, credentialKey, memoryCredentialStore, ResolvedStoreConfig, StoreStatus } from '../../src/core/stores';
import type { CredentialStore } from '../../src/core/stores';
import { speakingTo } from '../../src/core/stores/storeError';
import { LDAP_PLUGIN } from '../support/ldapDirectory';
import { vaultApi } from '../support/stores';
import { seedData, testEnvironment } from '../support/testEnv';
import { assertNoLeaks, eventually, expectStoreError } from './storesTestSupport';
import { enableUserpassMount } from './vaultSignInSupport';

const root = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  vaultApi(testEnvironment().vault, testEnvironment().vault.rootToken, method, path, body, headers);

describe('Vault sign-in methods: userpass, LDAP, token lifecycle, namespaces (issue 16)', function () {
  this.timeout(60_000);
  const id = randomBytes(4).toString('hex');
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const disposers: (() => void)[] = [];

  before(async () => {
    await root('PUT', `sys/policies/acl/signin-read-${id}`, { policy: 'path "secret/*" { capabilities = ["read", "list"] }' });
    await enableUserpassMount(`userpass-${id}`);
    await root('POST', `auth/userpass-${id}/users/alice-${id}`, { password, token_policies: [`signin-read-${id}`] });
    await root('POST', `auth/userpass-${id}/users/short-${id}`, {
      password,
      token_policies: [`signin-read-${id}`],
      token_ttl: '3s',
      token_max_ttl: '8s',
    });
    // The directory's alice gets the policy through OpenBao's LDAP user mapping; her password is the
    // directory's, OpenBao holds none.
    await root('POST', 'auth/ldap/users/alice', { policies: [`signin-read-${id}`] });
  });
  after(() => {
    for (const dispose of disposers) dispose();
    assertNoLeaks([password, testEnvironment().ldap.password, seedData().canary]);
  });

  function setup(config: Partial<ResolvedStoreConfig>) {
    const full = { kind: 'vault', name: 'people', url: testEnvironment().vault.address, source: 'user', ...config } as ResolvedStoreConfig;
    const credentials: CredentialStore = memoryCredentialStore();
    const manager = createStoreManager({ credentials, configs: [full], cacheTtlSeconds: () => 0 });
    disposers.push(() => manager.dispose());
    const statuses: StoreStatus[] = [];
    manager.onDidChange((event) => event.type === 'status' && statuses.push(event.status));
    const kept = async () => JSON.parse((await credentials.get(credentialKey(full))) ?? '{}') as Record<string, string>;
    return { manager, statuses, kept, config: full };
  }

  const methods = () =>
    [
      { method: 'userpass', mount: `userpass-${id}`, username: `alice-${id}`, password },
      { method: 'ldap', mount: undefined, username: 'alice', password: testEnvironment().ldap.password },
    ] as const;
  for (const method of ['userpass', 'ldap'] as const) {
    it(`${method}: the password buys a token, only the token is kept; a wrong one keeps nothing`, async () => {
      const user = methods().find((entry) => entry.method === method)!;
      const { manager, kept } = setup({ auth: method, authPath: user.mount, username: user.username });
      const wrong = `bad-${randomBytes(6).toString('hex')}`;
      const refused = await expectStoreError(manager.signIn('people', { password: wrong }), 'signed-out');
      assert.match(
        refused.message,
        new RegExp(`Sign-in as "${user.username}" at auth/${user.mount ?? 'ldap'} failed .*wrong username or password`),
      );
      assert.ok(!refused.message.includes(wrong) && !refused.message.includes(user.password), refused.message);
      assert.deepEqual(await kept(), {}, 'nothing kept after a refused password');
      await expectStoreError(manager.read('people', 'oracle'), 'signed-out');
      await manager.signIn('people', { password: user.password });
      const stored = await kept();
      assert.deepEqual(Object.keys(stored), ['token']);
      assert.ok(!JSON.stringify(stored).includes(user.password), 'the password is not kept');
      assert.equal(await manager.readKey('people', 'oracle', 'user'), 'my-user');
      const lookup = await vaultApi(testEnvironment().vault, stored.token, 'GET', 'auth/token/lookup-self');
      assert.match(lookup.data.display_name, new RegExp(`${user.mount ?? 'ldap'}-${user.username}$`));
      assert.equal(lookup.data.path, `auth/${user.mount ?? 'ldap'}/login/${user.username}`);
      assert.ok(lookup.data.policies.includes(`signin-read-${id}`), `the mount's policy: ${lookup.data.policies}`);
    });
  }

  it('ldap: auth/ldap is the LDAP method on a real directory (slapd), which decides the password', async () => {
    const mounts = await root('GET', 'sys/auth');
    assert.equal((mounts.data ?? mounts)['ldap/'].type, LDAP_PLUGIN);
    const config = await root('GET', 'auth/ldap/config');
    assert.equal(config.data.url, testEnvironment().ldap.url);
    // A user the directory does not have is refused like a wrong password: OpenBao keeps no LDAP password.
    const { manager, kept } = setup({ auth: 'ldap', username: `nobody-${id}` });
    await expectStoreError(manager.signIn('people', { password: testEnvironment().ldap.password }), 'signed-out');
    assert.deepEqual(await kept(), {});
  });

  it('Sign Out revokes the token (auth/token/revoke-self) and forgets it', async () => {
    const { manager, kept } = setup({ auth: 'userpass', authPath: `userpass-${id}`, username: `alice-${id}` });
    await manager.signIn('people', { password });
    await manager.read('people', 'oracle');
    const token = (await kept()).token;
    await vaultApi(testEnvironment().vault, token, 'GET', 'auth/token/lookup-self');
    await manager.signOut('people');
    assert.deepEqual(await kept(), {});
    await assert.rejects(vaultApi(testEnvironment().vault, token, 'GET', 'auth/token/lookup-self'), /HTTP 403/);
    assert.equal(manager.status('people'), 'signed-out');
  });

  it('a pasted token is forgotten at Sign Out but not revoked (it may be in use elsewhere)', async () => {
    const created = await root('POST', 'auth/token/create', { policies: [`signin-read-${id}`], ttl: '5m' });
    const token = created.auth.client_token as string;
    const { manager } = setup({ auth: 'token' });
    await manager.signIn('people', { token });
    await manager.read('people', 'oracle');
    await manager.signOut('people');
    const lookup = await vaultApi(testEnvironment().vault, token, 'GET', 'auth/token/lookup-self');
    assert.ok(lookup.data.ttl > 0);
  });

  it('renews while renewable, then "expired" at max TTL with the method\'s words (asks for the password again)', async () => {
    const { manager, statuses } = setup({ auth: 'userpass', authPath: `userpass-${id}`, username: `short-${id}` });
    await manager.signIn('people', { password });
    const started = Date.now();
    await manager.read('people', 'oracle');
    // Past the 3 s TTL the token still works: it was renewed (auth/token/renew-self).
    await eventually('past the first TTL', async () => (Date.now() - started > 3_500 ? true : undefined));
    assert.equal(await manager.readKey('people', 'oracle', 'user', { fresh: true }), 'my-user');
    await eventually('expired at max TTL', async () => (statuses.includes('expired') ? true : undefined), 20_000);
    const error = await expectStoreError(manager.read('people', 'oracle', { fresh: true }), 'expired');
    assert.match(error.message, /password of "short-/);
    const terminal = await speakingTo('terminal', () => expectStoreError(manager.read('people', 'oracle', { fresh: true }), 'expired'));
    assert.match(terminal.message, /--password-stdin/);
    assert.ok(Date.now() - started >= 7_000, 'expired only at max TTL');
  });

  it('namespaces: the login and the reads go to the namespace (X-Vault-Namespace)', async () => {
    const namespace = `team-${id}`;
    await root('POST', `sys/namespaces/${namespace}`, {});
    const ns = { 'X-Vault-Namespace': namespace };
    await root('POST', 'sys/mounts/kv', { type: 'kv', options: { version: '2' } }, ns);
    await root('POST', 'kv/data/app', { data: { key: `in-namespace-${id}` } }, ns);
    await root('PUT', 'sys/policies/acl/kv-read', { policy: 'path "kv/*" { capabilities = ["read", "list"] }' }, ns);
    await enableUserpassMount('userpass', namespace);
    await root('POST', `auth/userpass/users/bob`, { password, token_policies: ['kv-read'] }, ns);
    const { manager } = setup({ auth: 'userpass', username: 'bob', namespace, enginePath: 'kv' });
    await manager.signIn('people', { password });
    assert.equal(await manager.readKey('people', 'app', 'key'), `in-namespace-${id}`);
    // Control: the same user does not exist outside the namespace.
    const outside = setup({ name: 'outside', auth: 'userpass', username: 'bob', enginePath: 'kv' } as Partial<ResolvedStoreConfig>);
    await expectStoreError(outside.manager.signIn('outside', { password }), 'signed-out');
  });
});
