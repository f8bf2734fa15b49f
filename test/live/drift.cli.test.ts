// `secretref drift` against live OpenBao and moto: a missing secret, a missing key, a value that differs
// (by salted hash), a self-hosted secret that no longer matches its schema, files and folders; no value
// (nor its plain hash) in the text or JSON output.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import type { CliIO } from '../../src/cli/cliTypes';
import { runCli } from '../../src/cli/main';
import { AWS_TEST_CREDENTIALS, testAwsClient } from '../support/seed';
import { vaultApi } from '../support/stores';
import { testEnvironment } from '../support/testEnv';

async function drift(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => (stdout += `${t}\n`), stderr: (t) => (stderr += `${t}\n`), env, cwd };
  const code = await runCli(['drift', ...args], io);
  return { code, stdout, stderr };
}

const plainHash = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 16);

describe('secretref drift (live OpenBao + moto)', function () {
  this.timeout(60_000);
  const id = `drift-${process.pid}-${Date.now()}`;
  const canary = `${testEnvironment().canary}-${id}`;
  const values = {
    devPassword: `dev-pw-${canary}`,
    prodPassword: `prod-pw-${canary}`,
    apiSecret: `api-${canary}`,
    pgPassword: `pg-${canary}`,
  };
  let dir: string;
  let env: NodeJS.ProcessEnv;
  /** A self-hosted block names its secret by ARN: moto's, per side. */
  const arns: Record<string, string> = {};

  const connections = (side: 'dev' | 'prod') => [
    {
      name: 'orders',
      type: 'postgres',
      credentials: {
        db_name: 'orders',
        host: 'db.internal',
        port: '5432',
        user: `vault.secret(bao:${id}/${side}/db.user)`,
        password: `vault.secret(bao:${id}/${side}/db.password)`,
      },
    },
    {
      name: 'bi',
      type: 'looker',
      credentials: { base_url: 'https://x.example', client_id: 'id', client_secret: `vault.secret(bao:${id}/${side}/api.secret)` },
    },
    {
      name: 'cache',
      type: 'looker',
      credentials: { base_url: 'https://y.example', client_id: 'id', client_secret: `vault.secret(bao:${id}/${side}/cache.secret)` },
    },
    {
      name: 'warehouse',
      type: 'postgres',
      credentials: { self_hosting_mechanism: 'secretsmanager', self_hosting_key: arns[side], region: 'us-east-1' },
    },
  ];

  before(async () => {
    const stores = testEnvironment();
    const bao = stores.vault;
    const put = (p: string, data: Record<string, string>) => vaultApi(bao, bao.rootToken, 'POST', `secret/data/${id}/${p}`, { data });
    await put('dev/db', { user: 'app', password: values.devPassword });
    await put('prod/db', { user: 'app', password: values.prodPassword });
    await put('dev/api', { secret: values.apiSecret });
    await put('prod/api', { other: values.apiSecret }); // the key the reference reads is missing
    await put('dev/cache', { secret: values.apiSecret }); // prod/cache does not exist
    const aws = testAwsClient(stores.aws.endpoint);
    try {
      const pg = { db_name: 'w', host: 'h', port: '5432', user: 'u', password: values.pgPassword };
      arns.dev = (await aws.send(new CreateSecretCommand({ Name: `${id}/dev/pg`, SecretString: JSON.stringify(pg) }))).ARN ?? '';
      const { password: _drop, ...lacking } = pg;
      void _drop;
      arns.prod = (await aws.send(new CreateSecretCommand({ Name: `${id}/prod/pg`, SecretString: JSON.stringify(lacking) }))).ARN ?? '';
    } finally {
      aws.destroy();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-drift-'));
    fs.writeFileSync(
      path.join(dir, 'stores.json'),
      JSON.stringify([
        { name: 'bao', kind: 'vault', url: bao.address, auth: 'token', enginePath: 'secret' },
        { name: 'aws', kind: 'aws', region: 'us-east-1', endpoint: stores.aws.endpoint, auth: 'accessKey' },
      ]),
    );
    fs.writeFileSync(path.join(dir, 'dev.connections.json'), JSON.stringify(connections('dev'), null, 2));
    fs.writeFileSync(path.join(dir, 'prod.connections.json'), JSON.stringify(connections('prod'), null, 2));
    env = {
      VAULT_TOKEN: bao.rootToken,
      VAULT_ADDR: bao.address,
      AWS_ENDPOINT_URL: stores.aws.endpoint,
      AWS_ACCESS_KEY_ID: AWS_TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: AWS_TEST_CREDENTIALS.secretAccessKey,
    };
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const noValue = (output: string) => {
    for (const value of Object.values(values)) {
      assert.ok(!output.includes(value), 'a value reached the output');
      assert.ok(!output.includes(plainHash(value)), 'an unsalted hash reached the output');
    }
  };

  it('finds the missing secret, the missing key, the differing value and the schema mismatch; exit 1, no value', async () => {
    const json = await drift(dir, ['dev.connections.json', 'prod.connections.json', '--stores', 'stores.json', '--format', 'json'], env);
    assert.equal(json.code, 1, json.stderr + json.stdout);
    noValue(json.stdout + json.stderr);
    const report = JSON.parse(json.stdout) as {
      paired: number;
      findings: { kind: string; side?: string; connection: string; field?: string }[];
    };
    assert.equal(report.paired, 4);
    const kinds = report.findings.map((f) => `${f.kind}:${f.side ?? ''}:${f.connection}:${f.field ?? ''}`).sort();
    assert.deepEqual(kinds, [
      'key-not-found:b:bi:client_secret',
      'keys-only-in:a:bi:client_secret',
      'keys-only-in:a:warehouse:',
      'keys-only-in:b:bi:client_secret',
      'schema-mismatch:b:warehouse:',
      'secret-missing:b:cache:client_secret',
      'values-differ::orders:password',
    ]);
    const differ = report.findings.find((f) => f.kind === 'values-differ') as unknown as { keys: { key: string; a: string; b: string }[] };
    assert.deepEqual(
      differ.keys.map((k) => k.key),
      ['password'],
      'the user, equal on both sides, is not reported',
    );
    assert.match(differ.keys[0].a, /^[0-9a-f]{16}$/);
    assert.notEqual(differ.keys[0].a, differ.keys[0].b);

    const text = await drift(dir, ['dev.connections.json', 'prod.connections.json', '--stores', 'stores.json'], env);
    assert.equal(text.code, 1);
    noValue(text.stdout + text.stderr);
    assert.match(text.stdout, /secret bao:drift-[^ ]+\/prod\/cache \(field "client_secret"\) does not exist in prod\.connections\.json/);
    assert.match(text.stdout, /has no key "secret"/);
    assert.match(text.stdout, /no longer matches the postgres schema \(lacks password\)/);
    assert.match(text.stdout, /7 difference\(s\) between dev\.connections\.json and prod\.connections\.json; 4 connection\(s\) compared\./);
  });

  it('exit 0 when nothing drifts; folders pair credential documents by file name', async () => {
    const same = await drift(dir, ['dev.connections.json', 'dev.connections.json', '--stores', 'stores.json'], env);
    assert.equal(same.code, 0, same.stdout + same.stderr);
    assert.match(same.stdout, /No drift between .* 4 connection\(s\) compared/);
    for (const side of ['dev', 'prod'] as const) {
      fs.mkdirSync(path.join(dir, side), { recursive: true });
      const pg = connections(side)[0].credentials;
      fs.writeFileSync(path.join(dir, side, 'orders.postgres.json'), JSON.stringify(pg, null, 2));
    }
    const folders = await drift(dir, ['dev', 'prod', '--stores', 'stores.json', '--format', 'json'], env);
    assert.equal(folders.code, 1, folders.stderr + folders.stdout);
    noValue(folders.stdout + folders.stderr);
    const report = JSON.parse(folders.stdout) as { paired: number; findings: { kind: string; connection: string }[] };
    assert.equal(report.paired, 1);
    assert.deepEqual(
      report.findings.map((f) => `${f.kind}:${f.connection}`),
      ['values-differ:orders.postgres.json'],
    );
  });

  it('reads only the stores of --stores, and a signed-out store is a reason, not a crash', async () => {
    const usage = await drift(dir, ['dev.connections.json', 'prod.connections.json'], env);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--stores <file> is needed/);
    const signedOut = await drift(dir, ['dev.connections.json', 'prod.connections.json', '--stores', 'stores.json'], {});
    assert.equal(signedOut.code, 1);
    assert.match(signedOut.stdout, /could not be read: /);
    assert.doesNotMatch(signedOut.stdout, /does not exist in/);
    noValue(signedOut.stdout + signedOut.stderr);
  });
});
