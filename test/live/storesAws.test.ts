// The AWS Secrets Manager store against a live moto server: access keys, named profiles from
// credential files, the default chain, an assumed role with an external id (STS on moto too),
// SecretString and SecretBinary, versions and stages, create/put/tag/describe/delete/restore,
// pagination over 1,000 secrets, and each error path, with a final leak check.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as net from 'node:net';
import * as path from 'node:path';
import { startMoto } from '../support/stores';
import { AWS_TEST_CREDENTIALS, testAwsClient } from '../support/seed';
import { seedData, testEnvironment } from '../support/testEnv';
import { AwsStore } from '../../src/core/stores/aws/awsStore';
import { mapAwsError } from '../../src/core/stores/errorMapping';
import { withRetry } from '../../src/core/stores/retry';
import type { AwsStoreConfig, StoreCredentials } from '../../src/core/stores';
import { assertNoLeaks, expectStoreError, inPool, producedMessages, unique } from './storesTestSupport';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';

const stores: AwsStore[] = [];
const extraSecrets: string[] = [];

function awsStore(
  config: Partial<AwsStoreConfig> = {},
  credentials: StoreCredentials | undefined = AWS_TEST_CREDENTIALS,
  endpoint = testEnvironment().aws.endpoint,
): AwsStore {
  const store = new AwsStore({ kind: 'aws', name: 'test-aws', region: 'us-east-1', endpoint, auth: 'accessKey', ...config }, credentials, {
    maxAttempts: 2,
  });
  stores.push(store);
  return store;
}

/** Raw IAM Query API call to moto (only to set up users for the access-denied test). */
async function iam(endpoint: string, params: Record<string, string>): Promise<string> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=00',
    },
    body: new URLSearchParams({ Version: '2010-05-08', ...params }).toString(),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`IAM ${params.Action} failed: ${response.status} ${text.slice(0, 200)}`);
  return text;
}

function withEnv<T>(vars: Record<string, string | undefined>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return work().finally(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
}

describe('stores: AWS Secrets Manager (live moto)', function () {
  this.timeout(120_000);

  after(() => {
    for (const store of stores) store.dispose();
    const data = seedData();
    assertNoLeaks([data.canary, AWS_TEST_CREDENTIALS.secretAccessKey + 'x', ...extraSecrets]);
  });

  it('reads a JSON SecretString as keys and a SecretBinary as bytes', async () => {
    const data = seedData();
    const store = awsStore();
    const pg = await store.read('postgresSecrets');
    assert.equal(pg.type, 'keyed');
    assert.deepEqual(pg.type === 'keyed' && pg.data, data.aws.json.postgresSecrets);
    assert.deepEqual(pg.stages, ['AWSCURRENT']);
    assert.ok(pg.version);
    const bin = await store.read('certs/client-key');
    assert.equal(bin.type, 'binary');
    assert.deepEqual(bin.type === 'binary' && Buffer.from(bin.bytes), Buffer.from(data.aws.binary['certs/client-key']));
  });

  it('uses a named profile from AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-aws-'));
    fs.writeFileSync(path.join(dir, 'credentials'), '[secretref-test]\naws_access_key_id = testing\naws_secret_access_key = testing\n');
    fs.writeFileSync(path.join(dir, 'config'), '[profile secretref-test]\nregion = us-east-1\n');
    await withEnv({ AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'), AWS_CONFIG_FILE: path.join(dir, 'config') }, async () => {
      const store = awsStore({ auth: 'profile', profile: 'secretref-test' }, undefined);
      assert.equal((await store.read('prod/snowflake')).type, 'keyed');
      const missing = awsStore({ auth: 'profile', profile: 'no-such-profile' }, undefined);
      const error = await expectStoreError(missing.read('prod/snowflake'), 'signed-out');
      assert.match(error.message, /profile/);
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('uses the default credential chain (environment)', async () => {
    await withEnv(
      { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_EC2_METADATA_DISABLED: 'true', AWS_PROFILE: undefined },
      async () => {
        const store = awsStore({ auth: 'default' }, undefined);
        assert.equal((await store.read('postgresSecrets')).type, 'keyed');
      },
    );
  });

  it('assumes a role with an external id through STS on the same endpoint', async () => {
    const env = testEnvironment();
    const roleArn = `arn:aws:iam::123456789012:role/${unique('reader')}`;
    const externalId = unique('ext');
    const store = awsStore({ roleArn, externalId, roleSessionName: 'secretref-test' });
    const value = await store.read('postgresSecrets');
    assert.deepEqual(value.type === 'keyed' && value.data, seedData().aws.json.postgresSecrets);
    const state = (await (await fetch(`${env.aws.endpoint}/moto-api/data.json`)).json()) as {
      sts?: { AssumedRole?: { role_arn: string; external_id: string; session_name: string }[] };
    };
    const assumed = (state.sts?.AssumedRole ?? []).filter((r) => r.role_arn === roleArn);
    assert.equal(assumed.length, 1, 'moto saw exactly one AssumeRole for the role');
    assert.equal(assumed[0].external_id, externalId);
    assert.equal(assumed[0].session_name, 'secretref-test');
    assert.match((await store.testConnection()).identity ?? '', /assuming/);
  });

  it('STS unreachable: the message names STS and the role, not Secrets Manager', async () => {
    const roleArn = `arn:aws:iam::123456789012:role/${unique('reader')}`;
    // A loopback port nothing listens on: connection refused, at once.
    const closed = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const stsEndpoint = `http://127.0.0.1:${closed}`;
    const error = await expectStoreError(awsStore({ roleArn, stsEndpoint }).read('postgresSecrets'), 'unreachable');
    assert.match(
      error.message,
      new RegExp(`AWS STS at ${stsEndpoint} could not be reached \\(ECONNREFUSED\\) while trying to assume role ${roleArn} \\(to read`),
    );
    assert.ok(!error.message.includes('Secrets Manager'), error.message);
  });

  it('keeps versions and stages, with an expected-version check on put', async () => {
    const store = awsStore();
    const name = unique('versioned');
    const v1 = await store.write(
      name,
      { type: 'keyed', data: { password: 'first' } },
      { create: true, description: 'test secret', tags: { team: 'data' } },
    );
    const v2 = await store.write(name, { type: 'keyed', data: { password: 'second' } }, { expectedVersion: v1.version });
    assert.notEqual(v1.version, v2.version);
    const conflict = await expectStoreError(
      store.write(name, { type: 'keyed', data: { password: 'stale-write' } }, { expectedVersion: v1.version }),
      'conflict',
    );
    assert.match(conflict.message, /Refresh/);
    const current = await store.read(name);
    assert.deepEqual(current.type === 'keyed' && current.data, { password: 'second' });
    const previous = await store.read(name, { stage: 'AWSPREVIOUS' });
    assert.deepEqual(previous.type === 'keyed' && previous.data, { password: 'first' });
    const byId = await store.read(name, { version: v1.version });
    assert.deepEqual(byId.stages, ['AWSPREVIOUS']);
    const meta = await store.metadata(name);
    assert.equal(meta.currentVersion, v2.version);
    assert.equal(meta.description, 'test secret');
    assert.deepEqual(meta.tags, { team: 'data' });
    assert.ok(meta.arn?.includes(name));
    const stages = Object.fromEntries(meta.versions.map((v) => [v.version, v.stages]));
    assert.deepEqual(stages[v2.version], ['AWSCURRENT']);
    assert.deepEqual(stages[v1.version], ['AWSPREVIOUS']);
    await store.tag(name, { owner: 'me' });
    assert.deepEqual((await store.metadata(name)).tags, { team: 'data', owner: 'me' });
    await expectStoreError(store.write(name, { type: 'text', text: 'dup' }, { create: true }), 'conflict');
  });

  it('writes text and binary secrets', async () => {
    const store = awsStore();
    const textName = unique('text');
    await store.write(textName, { type: 'text', text: 'plain value' }, { create: true });
    assert.deepEqual(await store.read(textName).then((v) => v.type === 'text' && v.text), 'plain value');
    const binName = unique('bin');
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    await store.write(binName, { type: 'binary', bytes }, { create: true });
    const read = await store.read(binName);
    assert.deepEqual(read.type === 'binary' && [...read.bytes], [...bytes]);
  });

  it('deletes with a recovery window, reports the scheduled deletion, restores, and force-deletes', async () => {
    const store = awsStore();
    const name = unique('deleted');
    await store.write(name, { type: 'keyed', data: { k: 'v' } }, { create: true });
    await store.delete(name, { recoveryWindowDays: 7 });
    const deleted = await expectStoreError(store.read(name), 'deleted');
    assert.match(deleted.message, /Restore/);
    assert.ok((await store.metadata(name)).deletedDate);
    const listed = await store.list({ prefix: name, includeDeleted: true });
    assert.equal(listed.entries[0]?.path, name);
    assert.ok(listed.entries[0]?.deletedDate);
    await store.restore(name);
    assert.equal((await store.read(name)).type, 'keyed');
    await store.deleteAll(name);
    await expectStoreError(store.read(name), 'not-found');
    await expectStoreError(store.undelete(name), 'unsupported');
  });

  it('pages through 1,000 secrets with a name-prefix filter and a substring filter', async () => {
    // Its own moto, so other suites listing the shared one never see these.
    const moto = await startMoto();
    try {
      const prefix = 'bulk/';
      const client = testAwsClient(moto.endpoint);
      const names = Array.from({ length: 1_000 }, (_, i) => `${prefix}s${String(i).padStart(4, '0')}`);
      try {
        await inPool(names, 16, (n) => client.send(new CreateSecretCommand({ Name: n, SecretString: '{"k":"v"}' })));
        await client.send(new CreateSecretCommand({ Name: 'other/outside', SecretString: 'x' }));
      } finally {
        client.destroy();
      }
      const store = awsStore({}, AWS_TEST_CREDENTIALS, moto.endpoint);
      const seen: string[] = [];
      let pageToken: string | undefined;
      let pages = 0;
      do {
        const page = await store.list({ prefix, pageSize: 100, pageToken });
        seen.push(...page.entries.map((e) => e.path));
        pageToken = page.nextPageToken;
        pages++;
      } while (pageToken && pages < 50);
      assert.equal(new Set(seen).size, 1_000);
      assert.deepEqual([...seen].sort(), [...names].sort());
      assert.ok(pages >= 10, `expected at least 10 pages, got ${pages}`);
      let filtered = 0;
      pageToken = undefined;
      do {
        const page = await store.list({ prefix, nameFilter: 's09', pageSize: 100, pageToken });
        filtered += page.entries.length;
        pageToken = page.nextPageToken;
      } while (pageToken);
      assert.equal(filtered, 100);
      let all = 0;
      pageToken = undefined;
      do {
        const page = await store.list({ pageSize: 100, pageToken });
        all += page.entries.length;
        pageToken = page.nextPageToken;
      } while (pageToken);
      assert.equal(all, 1_001);
    } finally {
      await moto.stop();
    }
  });

  it('maps ResourceNotFound, InvalidParameter, InvalidRequest and unknown credentials to actionable errors', async () => {
    const store = awsStore();
    const missing = await expectStoreError(store.read('no/such/secret'), 'not-found');
    assert.match(missing.message, /test-aws/);
    assert.match(missing.message, /no\/such\/secret/);
    assert.match(missing.message, /region/);
    await expectStoreError(store.read('postgresSecrets', { version: 'no-such-version-id-000000000000000' }), 'not-found');
    const invalid = await expectStoreError(store.delete('postgresSecrets', { recoveryWindowDays: 3 }), 'invalid');
    assert.match(invalid.message, /RecoveryWindowInDays/);
    await expectStoreError(awsStore({}, {}).read('postgresSecrets'), 'signed-out');
  });

  it('maps AccessDeniedException from a real IAM check, of Secrets Manager and of STS (moto with authentication on)', async () => {
    const saved = process.env.INITIAL_NO_AUTH_ACTION_COUNT;
    // moto authenticates every request after the first three (which create a user and its key).
    process.env.INITIAL_NO_AUTH_ACTION_COUNT = '3';
    const moto = await startMoto();
    if (saved === undefined) delete process.env.INITIAL_NO_AUTH_ACTION_COUNT;
    else process.env.INITIAL_NO_AUTH_ACTION_COUNT = saved;
    try {
      const user = unique('user');
      await iam(moto.endpoint, { Action: 'CreateUser', UserName: user });
      const keyXml = await iam(moto.endpoint, { Action: 'CreateAccessKey', UserName: user });
      const accessKeyId = /<AccessKeyId>([^<]+)</.exec(keyXml)![1];
      const secretAccessKey = /<SecretAccessKey>([^<]+)</.exec(keyXml)![1];
      extraSecrets.push(secretAccessKey);
      const client = testAwsClient(moto.endpoint);
      await client
        .send(new CreateSecretCommand({ Name: 'guarded', SecretString: '{"k":"guarded-value"}' }))
        .finally(() => client.destroy());
      extraSecrets.push('guarded-value');
      const store = awsStore({}, { accessKeyId, secretAccessKey }, moto.endpoint);
      const denied = await expectStoreError(store.read('guarded'), 'access-denied');
      assert.match(denied.message, /secretsmanager/);
      assert.match(denied.message, /guarded/);
      // The same identity assuming a role it may not: STS refuses, and the message says so (not Secrets Manager).
      const roleArn = 'arn:aws:iam::123456789012:role/not-allowed';
      const refused = await expectStoreError(
        awsStore({ roleArn }, { accessKeyId, secretAccessKey }, moto.endpoint).read('guarded'),
        'access-denied',
      );
      assert.ok(
        refused.message.includes(`AWS STS at ${moto.endpoint} refused to let your AWS identity assume role ${roleArn} (to read`),
        refused.message,
      );
      assert.match(refused.message, /trust policy/);
    } finally {
      await moto.stop();
    }
  });

  it('reports an unreachable endpoint (its own moto, stopped mid-test)', async () => {
    const moto = await startMoto();
    try {
      const client = testAwsClient(moto.endpoint);
      await client.send(new CreateSecretCommand({ Name: 'x', SecretString: 'y' })).finally(() => client.destroy());
      const store = awsStore({}, AWS_TEST_CREDENTIALS, moto.endpoint);
      assert.equal((await store.read('x')).type, 'text');
      await moto.stop();
      const down = await expectStoreError(store.read('x'), 'unreachable');
      assert.match(down.message, new RegExp(String(moto.port)));
    } finally {
      await moto.stop();
    }
  });

  it('maps the error codes Superblocks lists (GetSecretValue) and throttling to messages that name store, secret and a next step', async () => {
    const ctx = { store: 'prod-aws', path: 'prod/snowflake', operation: 'read the secret', secrets: ['s3cr3t-value'] };
    const cases: [string, string][] = [
      ['DecryptionFailureException', 'decryption-failure'],
      ['InternalServiceErrorException', 'internal'],
      ['InvalidParameterException', 'invalid'],
      ['InvalidRequestException', 'invalid'],
      ['ResourceNotFoundException', 'not-found'],
      ['AccessDeniedException', 'access-denied'],
      ['ThrottlingException', 'throttled'],
    ];
    for (const [name, kind] of cases) {
      const error = mapAwsError(Object.assign(new Error(`boom s3cr3t-value`), { name }), ctx, 'Secrets Manager in eu-west-1');
      producedMessages.push(error.message);
      assert.equal(error.kind, kind, name);
      assert.match(error.message, /prod-aws/);
      assert.match(error.message, /prod\/snowflake/);
      assert.ok(!error.message.includes('s3cr3t-value'));
      assert.ok(error.action.length > 10);
    }
    // Throttling is retried with backoff, then reported.
    let calls = 0;
    const retried: number[] = [];
    const throttled = withRetry(
      async () => {
        calls++;
        throw mapAwsError(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }), ctx, 'Secrets Manager');
      },
      { attempts: 3, baseDelayMs: 5, onRetry: (_a, d) => retried.push(d) },
    );
    await expectStoreError(throttled, 'throttled');
    assert.equal(calls, 3);
    assert.equal(retried.length, 2);
  });
});
