// Store configs from settings: parsing, validation messages, credentials never read from settings,
// merging user and workspace layers, and credential keys that follow where a config points.
import * as assert from 'node:assert/strict';
import {
  approvalFingerprint,
  configFingerprint,
  credentialKey,
  describeStoreTarget,
  mergeStoreConfigs,
  parseStoreConfig,
  ResolvedStoreConfig,
  secretKeyValue,
} from '../../src/core/stores';

describe('stores: configs', () => {
  it('parses a Vault and an AWS config with defaults left unset', () => {
    const vault = parseStoreConfig({
      kind: 'vault',
      name: 'my-vault-config',
      url: 'https://vault.example.com:8200',
      enginePath: 'secret',
      auth: 'token',
    });
    assert.deepEqual(vault.problems, []);
    assert.deepEqual(vault.config, {
      kind: 'vault',
      name: 'my-vault-config',
      url: 'https://vault.example.com:8200',
      enginePath: 'secret',
      auth: 'token',
    });
    const aws = parseStoreConfig({
      kind: 'aws',
      name: 'prod',
      region: 'eu-west-1',
      auth: 'profile',
      profile: 'alation',
      roleArn: 'arn:aws:iam::123456789012:role/r',
      externalId: 'x',
    });
    assert.equal(aws.config?.kind, 'aws');
    assert.deepEqual(aws.problems, []);
  });

  it('reports each invalid field in words a user can act on', () => {
    const messages = (raw: unknown) =>
      parseStoreConfig(raw)
        .problems.map((p) => p.message)
        .join(' | ');
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

  it("merges user and workspace layers; a workspace entry never replaces the user's config of the same name", () => {
    const { configs, shadowed } = mergeStoreConfigs([
      {
        source: 'user',
        entries: [
          { kind: 'vault', name: 'corp', url: 'https://vault.corp' },
          { kind: 'aws', name: 'a', region: 'us-east-1' },
        ],
      },
      {
        source: 'workspace',
        entries: [
          { kind: 'vault', name: 'corp', url: 'https://evil.example' },
          { kind: 'vault', name: 'team', url: 'https://vault.team' },
        ],
      },
      { source: 'workspaceFolder', entries: [{ kind: 'vault', name: 'team', url: 'https://vault.folder' }] },
    ]);
    assert.deepEqual(
      configs.map((c) => [c.name, c.source, c.kind === 'vault' ? c.url : c.region]),
      [
        ['corp', 'user', 'https://vault.corp'],
        ['a', 'user', 'us-east-1'],
        ['team', 'workspaceFolder', 'https://vault.folder'],
      ],
    );
    assert.deepEqual(shadowed, [{ name: 'corp', source: 'workspace' }]);
  });

  it('issue 14 item 1: a repository cannot replace prod-aws with its role, nor choose a role, external id or profile without approval', () => {
    const user = { kind: 'aws', name: 'prod-aws', region: 'us-east-1', auth: 'default' };
    const hostile = { ...user, roleArn: 'arn:aws:iam::999988887777:role/x', externalId: 'y' };
    const shadowing = mergeStoreConfigs([
      { source: 'user', entries: [user] },
      { source: 'workspace', entries: [hostile] },
    ]);
    assert.deepEqual(shadowing.configs, [{ kind: 'aws', name: 'prod-aws', region: 'us-east-1', auth: 'default', source: 'user' }]);
    assert.deepEqual(shadowing.shadowed, [{ name: 'prod-aws', source: 'workspace' }]);
    // A new name with a role (or a profile) waits for the user's approval of exactly that config.
    const newName = { ...hostile, name: 'team-aws' };
    const profile = { kind: 'aws', name: 'team-profile', region: 'us-east-1', auth: 'profile', profile: 'admin' };
    const waiting = mergeStoreConfigs([{ source: 'workspace', entries: [newName, profile] }]);
    assert.deepEqual(waiting.configs, []);
    assert.deepEqual(
      waiting.pending.map((p) => [p.config.name, p.fields]),
      [
        ['team-aws', ['roleArn', 'externalId']],
        ['team-profile', ['profile']],
      ],
    );
    const approved = new Set([waiting.pending[0].fingerprint]);
    const after = mergeStoreConfigs([{ source: 'workspace', entries: [newName, profile] }], { isApproved: (fp) => approved.has(fp) });
    assert.deepEqual(
      after.configs.map((c) => c.name),
      ['team-aws'],
    );
    // Any change to the approved config needs a new approval.
    for (const changed of [
      { externalId: 'z' },
      { roleArn: 'arn:aws:iam::999988887777:role/other' },
      { region: 'eu-west-1' },
      { endpoint: 'https://secretsmanager.us-east-1.amazonaws.com' },
    ]) {
      const again = mergeStoreConfigs([{ source: 'workspace', entries: [{ ...newName, ...changed }] }], {
        isApproved: (fp) => approved.has(fp),
      });
      assert.deepEqual(again.configs, [], JSON.stringify(changed));
    }
    // User configs need no approval; the same config from user settings is the user's choice.
    assert.equal(mergeStoreConfigs([{ source: 'user', entries: [newName] }]).configs.length, 1);
    assert.notEqual(approvalFingerprint({ ...(after.configs[0] as ResolvedStoreConfig), source: 'user' }), waiting.pending[0].fingerprint);
  });

  it('issue 14 item 10: user-allowlisted origins (exact, https or loopback http) mark a workspace AWS config', () => {
    const ws = (endpoint: string, extra: object = {}) => ({
      kind: 'aws',
      name: 'pl',
      region: 'us-east-1',
      auth: 'default',
      endpoint,
      ...extra,
    });
    const allowed = ['https://secretsmanager.corp.internal', 'http://127.0.0.1:4566'];
    const flag = (entry: object) =>
      mergeStoreConfigs([{ source: 'workspace', entries: [entry] }], { allowedEndpoints: allowed }).configs[0]?.endpointsAllowedByUser ===
      true;
    assert.equal(flag(ws('https://secretsmanager.corp.internal')), true);
    assert.equal(flag(ws('https://secretsmanager.corp.internal/')), true);
    assert.equal(flag(ws('http://127.0.0.1:4566')), true);
    assert.equal(flag(ws('https://secretsmanager.corp.internal:8443')), false, 'another port');
    assert.equal(flag(ws('http://secretsmanager.corp.internal')), false, 'http off loopback');
    assert.equal(flag(ws('https://secretsmanager.corp.internal/x')), false, 'a path');
    assert.equal(flag(ws('https://secretsmanager.corp.internal.evil.example')), false, 'a suffix');
    assert.equal(
      flag(ws('https://secretsmanager.corp.internal', { stsEndpoint: 'https://sts.evil.example' })),
      false,
      'the STS endpoint too',
    );
    assert.equal(
      mergeStoreConfigs([{ source: 'user', entries: [ws('https://secretsmanager.corp.internal')] }], { allowedEndpoints: allowed })
        .configs[0].endpointsAllowedByUser,
      undefined,
    );
    assert.equal(
      mergeStoreConfigs([{ source: 'workspace', entries: [{ ...ws('https://x'), endpointsAllowedByUser: true }] }]).configs[0]
        .endpointsAllowedByUser,
      undefined,
      'settings cannot set the flag',
    );
  });

  it('names the target of a write: store, source, account or URL, role', () => {
    assert.equal(
      describeStoreTarget({
        kind: 'aws',
        name: 'prod-aws',
        region: 'us-east-1',
        auth: 'default',
        roleArn: 'arn:aws:iam::999988887777:role/x',
        externalId: 'y',
        source: 'workspace',
      }),
      'store "prod-aws" (from the repository file .vscode/settings.json): AWS Secrets Manager in us-east-1, account 999988887777, assuming role arn:aws:iam::999988887777:role/x (with an external id), with the default AWS credentials',
    );
    assert.equal(
      describeStoreTarget({ kind: 'aws', name: 'a', region: 'eu-west-1', auth: 'profile', profile: 'p', source: 'user' }),
      'store "a" (from the user settings): AWS Secrets Manager in eu-west-1, account of AWS profile "p", with AWS profile "p"',
    );
    assert.equal(
      describeStoreTarget({ kind: 'vault', name: 'v', url: 'https://vault.corp:8200', namespace: 'team', auth: 'token', source: 'user' }),
      'store "v" (from the user settings): Vault at https://vault.corp:8200 (namespace team), engine secret/, with a Vault token',
    );
  });

  it('keys credentials by name, destination and source', () => {
    const base: ResolvedStoreConfig = { kind: 'vault', name: 'corp', url: 'https://vault.corp:8200', auth: 'token', source: 'user' };
    const key = credentialKey(base);
    assert.match(key, /^secretref\.store\/corp\/[0-9a-f]{16}$/);
    assert.equal(credentialKey({ ...base, url: 'https://VAULT.corp:8200/' }), key, 'URL normalisation');
    assert.equal(credentialKey({ ...base, enginePath: 'kv' }), key, 'the engine path does not move credentials');
    for (const changed of [
      { url: 'https://evil.example:8200' },
      { namespace: 'team' },
      { caPath: '/tmp/ca.pem' },
      { source: 'workspace' as const },
    ]) {
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
    assert.throws(
      () => secretKeyValue(keyed, 'password'),
      (e: Error) => /keys: user, port, nested/.test(e.message) && !e.message.includes('5432'),
    );
    assert.equal(secretKeyValue({ store: 's', path: 'p', type: 'binary', bytes: new Uint8Array([1, 2, 3]) }), 'AQID');
    assert.equal(secretKeyValue({ store: 's', path: 'p', type: 'text', text: 'plain' }), 'plain');
  });
});
