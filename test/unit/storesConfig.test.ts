// Store configs from settings: parsing, validation messages, credentials never read from settings,
// merging user and workspace layers, and credential keys that follow where a config points.
import * as assert from 'node:assert/strict';
import { configFingerprint, credentialKey, mergeStoreConfigs, parseStoreConfig, ResolvedStoreConfig, secretKeyValue } from '../../src/core/stores';

describe('stores: configs', () => {
  it('parses a Vault and an AWS config with defaults left unset', () => {
    const vault = parseStoreConfig({ kind: 'vault', name: 'my-vault-config', url: 'https://vault.example.com:8200', enginePath: 'secret', auth: 'token' });
    assert.deepEqual(vault.problems, []);
    assert.deepEqual(vault.config, { kind: 'vault', name: 'my-vault-config', url: 'https://vault.example.com:8200', enginePath: 'secret', auth: 'token' });
    const aws = parseStoreConfig({ kind: 'aws', name: 'prod', region: 'eu-west-1', auth: 'profile', profile: 'alation', roleArn: 'arn:aws:iam::123456789012:role/r', externalId: 'x' });
    assert.equal(aws.config?.kind, 'aws');
    assert.deepEqual(aws.problems, []);
  });

  it('reports each invalid field in words a user can act on', () => {
    const messages = (raw: unknown) => parseStoreConfig(raw).problems.map((p) => p.message).join(' | ');
    assert.match(messages({ kind: 'vault', name: 'v' }), /"url" is required/);
    assert.match(messages({ kind: 'vault', name: 'v', url: 'vault:8200' }), /http:\/\/ or https:\/\//);
    assert.match(messages({ kind: 'vault', name: 'v', url: 'http://x', auth: 'approle' }), /"roleId"/);
    assert.match(messages({ kind: 'vault', name: 'v', url: 'http://x', auth: 'approle-wrapped', roleId: 'r' }), /runnerRoleName/);
    assert.match(messages({ kind: 'aws', name: 'a', region: 'us-east-1', auth: 'profile' }), /"profile" is required/);
    assert.match(messages({ kind: 'aws', name: 'a', region: 'us-east-1', externalId: 'x' }), /roleArn/);
    assert.match(messages({ kind: 'gcp', name: 'g' }), /"kind"/);
    assert.match(messages({ kind: 'vault', name: 'bad name', url: 'http://x' }), /"name"/);
  });

  it('never copies a token or key from settings into a config, and says so', () => {
    const { config, problems } = parseStoreConfig({ kind: 'vault', name: 'v', url: 'http://x', token: 'hvs.should-not-be-here' });
    assert.ok(config);
    assert.equal(JSON.stringify(config).includes('should-not-be-here'), false);
    assert.match(problems[0].message, /secret storage/);
    assert.equal(problems[0].message.includes('should-not-be-here'), false);
  });

  it('merges user and workspace layers; a workspace entry of the same name overrides and is marked', () => {
    const { configs } = mergeStoreConfigs([
      { source: 'user', entries: [{ kind: 'vault', name: 'corp', url: 'https://vault.corp' }, { kind: 'aws', name: 'a', region: 'us-east-1' }] },
      { source: 'workspace', entries: [{ kind: 'vault', name: 'corp', url: 'https://evil.example' }] },
    ]);
    assert.deepEqual(configs.map((c) => [c.name, c.source]), [['corp', 'workspace'], ['a', 'user']]);
  });

  it('keys credentials by name, destination and source', () => {
    const base: ResolvedStoreConfig = { kind: 'vault', name: 'corp', url: 'https://vault.corp:8200', auth: 'token', source: 'user' };
    const key = credentialKey(base);
    assert.match(key, /^secretref\.store\/corp\/[0-9a-f]{16}$/);
    assert.equal(credentialKey({ ...base, url: 'https://VAULT.corp:8200/' }), key, 'URL normalisation');
    assert.equal(credentialKey({ ...base, enginePath: 'kv' }), key, 'the engine path does not move credentials');
    for (const changed of [{ url: 'https://evil.example:8200' }, { namespace: 'team' }, { caPath: '/tmp/ca.pem' }, { source: 'workspace' as const }]) {
      assert.notEqual(configFingerprint({ ...base, ...changed } as ResolvedStoreConfig), configFingerprint(base), JSON.stringify(changed));
    }
    const aws: ResolvedStoreConfig = { kind: 'aws', name: 'a', region: 'us-east-1', auth: 'accessKey', source: 'user' };
    assert.notEqual(credentialKey({ ...aws, endpoint: 'http://127.0.0.1:5000' }), credentialKey(aws));
  });

  it('turns secrets into the referenced string: a key, text, or base64 of binary', () => {
    const keyed = { store: 's', path: 'p', type: 'keyed' as const, data: { user: 'u', port: 5432, nested: { a: 1 } } };
    assert.equal(secretKeyValue(keyed, 'user'), 'u');
    assert.equal(secretKeyValue(keyed, 'port'), '5432');
    assert.equal(secretKeyValue(keyed, 'nested'), '{"a":1}');
    assert.throws(() => secretKeyValue(keyed, 'password'), (e: Error) => /keys: user, port, nested/.test(e.message) && !e.message.includes('5432'));
    assert.equal(secretKeyValue({ store: 's', path: 'p', type: 'binary', bytes: new Uint8Array([1, 2, 3]) }), 'AQID');
    assert.equal(secretKeyValue({ store: 's', path: 'p', type: 'text', text: 'plain' }), 'plain');
  });
});
