// Resolution against live OpenBao and moto (run through test/runners/withStores).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { runCli } from '../../src/cli/main';
import { createResolutionSession } from '../../src/core/references/referenceState';
import { resolutionDiagnostics } from '../../src/core/references/resolutionDiagnostics';
import { scanReferences } from '../../src/core/references/scanner';
import { selfHostedSchemaCheck } from '../../src/core/references/secretSchemaCheck';
import { CredentialDocument } from '../../src/core/schemas';
import type { ReferenceSettings } from '../../src/core/references/settings';
import { createStoreManager, credentialKey, memoryCredentialStore } from '../../src/core/stores';
import type { ResolvedStoreConfig, StoreManager, StoreManagerWithStats } from '../../src/core/stores';
import { AWS_TEST_CREDENTIALS, testAwsClient } from '../support/seed';
import { vaultApi } from '../support/stores';
import { seedData, testEnvironment } from '../support/testEnv';

const SETTINGS: ReferenceSettings = {
  templates: { getSecrets: { store: 'aws-local', secret: 'postgresSecrets' } },
  defaultAwsStore: 'aws-local',
};

function configs(): ResolvedStoreConfig[] {
  const env = testEnvironment();
  return [
    { kind: 'vault', name: 'my-vault-config', url: env.vault.address, auth: 'token', enginePath: 'secret', source: 'user' },
    { kind: 'vault', name: 'legacy', url: env.vault.address, auth: 'token', enginePath: 'kv', source: 'user' },
    { kind: 'vault', name: 'down', url: 'http://127.0.0.1:9', auth: 'token', source: 'user' },
    { kind: 'aws', name: 'aws-local', region: env.aws.region, endpoint: env.aws.endpoint, auth: 'accessKey', source: 'user' },
  ];
}

async function manager(token = testEnvironment().vault.rootToken, list = configs()): Promise<StoreManagerWithStats> {
  const credentials = memoryCredentialStore();
  for (const config of list) {
    const value = config.kind === 'vault' ? { token } : AWS_TEST_CREDENTIALS;
    await credentials.store(credentialKey(config), JSON.stringify(value));
  }
  return createStoreManager({ credentials, configs: list, maxAttempts: 1, timeoutMs: 5000 });
}

async function arnOf(name: string): Promise<string> {
  const client = testAwsClient(testEnvironment().aws.endpoint);
  try {
    const out = await client.send(new DescribeSecretCommand({ SecretId: name }));
    return out.ARN ?? '';
  } finally {
    client.destroy();
  }
}

async function diagnose(text: string, m: StoreManager, fileName = 'doc.txt') {
  const refs = scanReferences(text).references;
  const session = createResolutionSession({ manager: m, settings: SETTINGS });
  const doc = new CredentialDocument(text, { fileName });
  return resolutionDiagnostics(refs, session, { schemaCheck: selfHostedSchemaCheck(doc) });
}

describe('reference resolution (live OpenBao + moto)', function () {
  this.timeout(30_000);
  let m: StoreManagerWithStats;
  before(async () => {
    m = await manager();
  });
  after(() => m.dispose());

  it('resolves every kind to the seeded value', async () => {
    const seed = seedData();
    const pgArn = await arnOf('postgresSecrets');
    const text = [
      'vault.secret(my-vault-config:oracle.password)',
      'vault.secret(my-vault-config:apps/db.prod.password)',
      'vault.secret(legacy:legacy/service.token)',
      '{{resolve:secretsmanager:postgresSecrets:SecretString:password}}',
      `{{resolve:secretsmanager:${pgArn}:SecretString:host}}`,
      '{{getSecrets.response.password}}',
      `{"self_hosting_mechanism": "secretsmanager", "self_hosting_key": "${pgArn}", "region": "us-east-1"}`,
    ].join('\n');
    const refs = scanReferences(text).references;
    assert.equal(refs.length, 7);
    const session = createResolutionSession({ manager: m, settings: SETTINGS });
    const results = await Promise.all(refs.map((ref) => session.resolve(ref)));
    const values = results.map((r) => (r.status === 'resolved' ? r.value : `${r.code}: ${r.message}`));
    assert.deepEqual(values.slice(0, 6), [
      seed.vault.kv2.oracle.password,
      seed.vault.kv2['apps/db.prod'].password,
      seed.vault.kv1['legacy/service'].token,
      seed.aws.json.postgresSecrets.password,
      seed.aws.json.postgresSecrets.host,
      seed.aws.json.postgresSecrets.password,
    ]);
    assert.deepEqual(JSON.parse(values[6]), seed.aws.json.postgresSecrets);
    assert.deepEqual(await diagnose(text, m), []);
  });

  it('reports unknown-store, secret-not-found and key-not-found on the right part', async () => {
    const text = [
      'vault.secret(nope:oracle.password)',
      'vault.secret(my-vault-config:missing/secret.password)',
      'vault.secret(my-vault-config:oracle.pin)',
      '{{resolve:secretsmanager:no-such-secret:SecretString:password}}',
      '{{resolve:secretsmanager:postgresSecrets:SecretString:pin}}',
      '{{resolve:secretsmanager:arn:aws:secretsmanager:eu-west-3:123456789012:secret:x-AbCdEf}}',
      '{{unknownTemplate.response.host}}',
    ].join('\n');
    const diagnostics = await diagnose(text, m);
    const got = diagnostics.map((d) => [d.code, text.slice(d.offset, d.offset + d.length)]);
    assert.deepEqual(
      got,
      [
        ['unknown-store', 'nope'],
        ['secret-not-found', 'missing/secret'],
        ['key-not-found', 'pin'],
        ['secret-not-found', 'no-such-secret'],
        ['key-not-found', 'pin'],
        // No store in eu-west-3: the spec sends it through secretref.defaultAwsStore, which lacks it.
        ['secret-not-found', 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:x-AbCdEf'],
        ['unknown-store', 'unknownTemplate'],
      ],
      JSON.stringify(diagnostics.map((d) => [d.code, d.message])),
    );
    const keyMissing = diagnostics.find((d) => d.code === 'key-not-found');
    assert.match(keyMissing?.message ?? '', /has no key "pin"\. Its keys: /);
    for (const d of diagnostics) assert.ok(!d.message.includes(testEnvironment().canary), 'no value in messages');
  });

  it('reports access-denied for a token without rights', async () => {
    const env = testEnvironment();
    await vaultApi(env.vault, env.vault.rootToken, 'PUT', 'sys/policies/acl/nothing', {
      policy: 'path "secret/data/other" { capabilities = ["read"] }',
    });
    const created = await vaultApi(env.vault, env.vault.rootToken, 'POST', 'auth/token/create', { policies: ['default', 'nothing'] });
    const limited = await manager(created.auth.client_token as string);
    try {
      const diagnostics = await diagnose('vault.secret(my-vault-config:oracle.password)', limited);
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.severity]),
        [['access-denied', 'warning']],
        JSON.stringify(diagnostics),
      );
    } finally {
      limited.dispose();
    }
  });

  it('reports unknown-store for an ARN region without a store and no default', async () => {
    const text = '{{resolve:secretsmanager:arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:x-AbCdEf}}';
    const session = createResolutionSession({
      manager: m,
      settings: { templates: {} },
      configs: [...configs(), { ...configs()[3], name: 'aws-two' }],
    });
    const diagnostics = await resolutionDiagnostics(scanReferences(text).references, session);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['unknown-store'],
    );
    assert.match(diagnostics[0].message, /No AWS store config for region cn-north-1/);
  });

  it('reports one store-unreachable per store, as information', async () => {
    const text = ['vault.secret(down:a.b)', 'vault.secret(down:c.d)', 'vault.secret(down:e/f.g)'].join('\n');
    const diagnostics = await diagnose(text, m);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'store-unreachable');
    assert.equal(diagnostics[0].severity, 'information');
    assert.match(diagnostics[0].message, /3 references/);
  });

  it('checks a self-hosted block against the connection schema', async () => {
    const snowflakeArn = await arnOf('prod/snowflake');
    const pgArn = await arnOf('postgresSecrets');
    const conns = JSON.stringify(
      [
        {
          type: 'postgres',
          credentials: { self_hosting_mechanism: 'secretsmanager', self_hosting_key: snowflakeArn, region: 'us-east-1' },
        },
        { type: 'postgres', credentials: { self_hosting_mechanism: 'secretsmanager', self_hosting_key: pgArn, region: 'us-east-1' } },
      ],
      null,
      2,
    );
    const diagnostics = await diagnose(conns, m, 'connections.json');
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['secret-schema-mismatch'],
      JSON.stringify(diagnostics),
    );
    assert.match(diagnostics[0].message, /lacks the required field\(s\) db_name, host, port of the postgres credential schema/);
    assert.equal(conns.slice(diagnostics[0].offset, diagnostics[0].offset + diagnostics[0].length), snowflakeArn);
  });

  it('reads each distinct secret once for 2,000 references to 100 secrets', async () => {
    const env = testEnvironment();
    for (let i = 0; i < 100; i++) {
      await vaultApi(env.vault, env.vault.rootToken, 'POST', `secret/data/bulk/s${i}`, { data: { password: `p${i}`, user: `u${i}` } });
    }
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) lines.push(`k${i}: vault.secret(my-vault-config:bulk/s${i % 100}.${i % 2 ? 'user' : 'password'})`);
    const fresh = await manager();
    let reads = 0;
    const counting: StoreManager = { ...fresh, read: (...args) => (reads++, fresh.read(...args)) };
    try {
      const session = createResolutionSession({ manager: counting, settings: SETTINGS });
      const diagnostics = await resolutionDiagnostics(scanReferences(lines.join('\n')).references, session);
      assert.deepEqual(diagnostics, []);
      assert.equal(reads, 100);
      assert.ok(fresh.stats().requests <= 110, `requests: ${fresh.stats().requests}`);
    } finally {
      fresh.dispose();
    }
  });

  describe('secretref check --resolve', () => {
    it('prints resolution diagnostics without any value', async () => {
      const env = testEnvironment();
      const dir = fs.mkdtempSync(path.join(env.runDir, 'refs-cli-'));
      const storesFile = path.join(dir, 'stores.json');
      fs.writeFileSync(
        storesFile,
        JSON.stringify([
          { kind: 'vault', name: 'my-vault-config', url: env.vault.address, auth: 'token' },
          { kind: 'aws', name: 'aws-local', region: env.aws.region, endpoint: env.aws.endpoint, auth: 'accessKey' },
        ]),
      );
      const file = path.join(dir, 'connector.yaml');
      fs.writeFileSync(
        file,
        [
          'user: vault.secret(my-vault-config:oracle.user)',
          'password: vault.secret(my-vault-config:oracle.pin)',
          'pg: "{{resolve:secretsmanager:postgresSecrets:SecretString:password}}"',
          'other: vault.secret(my-vault-config:oracle.password',
        ].join('\n'),
      );
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['check', '--resolve', '--stores', storesFile, '--format', 'json', file], {
        stdout: (t) => out.push(t),
        stderr: (t) => err.push(t),
        // The shell's credentials go where the shell says: VAULT_ADDR, AWS_ENDPOINT_URL.
        env: {
          ...process.env,
          VAULT_TOKEN: env.vault.rootToken,
          VAULT_ADDR: env.vault.address,
          AWS_ENDPOINT_URL: env.aws.endpoint,
          AWS_ACCESS_KEY_ID: 'testing',
          AWS_SECRET_ACCESS_KEY: 'testing',
          AWS_REGION: env.aws.region,
        },
        cwd: dir,
      });
      const findings = JSON.parse(out.join('')) as { code: string; line: number; column: number }[];
      // Only the reference codes: check's schema validator also runs, and owns the others.
      const referenceCodes = new Set(['key-not-found', 'unterminated-reference', 'store-unreachable', 'secret-not-found', 'unknown-store']);
      assert.deepEqual(
        findings.filter((f) => referenceCodes.has(f.code)).map((f) => [f.code, f.line, f.column]),
        [
          ['key-not-found', 2, 47],
          ['unterminated-reference', 4, 8],
        ],
      );
      assert.equal(code, 1);
      assert.ok(!(out.join('') + err.join('')).includes(env.canary), 'no secret value printed');
    });
  });
});
