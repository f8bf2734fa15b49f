// Faults through the store manager, against live OpenBao and moto with a loopback fault proxy in
// front: a stopped server, a sealed Vault, responses slower than the timeout, 403 on one path only,
// a token that expires mid-session, throttling (retried, then reported), dropped connections, and
// recovery when the server returns. Each fault must surface as one StoreError of the right kind with
// a message in words, be reported once (one status change), and never carry a secret or a token.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { executeMigration } from '../../src/core/migration/executor';
import { planMigration } from '../../src/core/migration/planner';
import { applyTextEdits, hashText } from '../../src/core/migration/textEdits';
import { scanReferences } from '../../src/core/references/scanner';
import { awsThrottling, FaultProxy, ProxiedRequest, startFaultProxy, vaultError } from '../support/faultProxy';
import { AWS_TEST_CREDENTIALS, makeSeedData, seedOpenBao } from '../support/seed';
import { OpenBaoServer, startOpenBao, vaultApi } from '../support/stores';
import { seedData, testEnvironment } from '../support/testEnv';
import { waitFor as pollWithDeadline } from '../support/waitFor';
import {
  createStoreManager,
  isStoreError,
  memoryCredentialStore,
  ResolvedStoreConfig,
  StoreError,
  StoreErrorKind,
  StoreManagerOptions,
  StoreManagerWithStats,
  StoreStatus,
} from '../../src/core/stores';

const messages: string[] = [];
const managers: StoreManagerWithStats[] = [];
const proxies: FaultProxy[] = [];
let bao: OpenBaoServer | undefined;

/** Awaits a failure within `withinMs` (a hang is a failure too) and checks it is one StoreError. */
async function expectFault(promise: Promise<unknown>, kind: StoreErrorKind, withinMs = 20_000): Promise<StoreError> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), withinMs);
  });
  let outcome: unknown;
  try {
    outcome = await Promise.race([promise.then(() => 'ok' as const), deadline]);
  } catch (error) {
    outcome = error;
  } finally {
    clearTimeout(timer);
  }
  assert.notEqual(outcome, 'hang', `no answer within ${withinMs} ms (expected a StoreError of kind ${kind})`);
  assert.notEqual(outcome, 'ok', `expected a StoreError of kind ${kind}, but the call succeeded`);
  const text = outcome instanceof Error ? `${outcome.message}\n${outcome.stack ?? ''}` : String(outcome);
  messages.push(text);
  assert.ok(isStoreError(outcome), `expected a StoreError, got: ${text}`);
  assert.equal(outcome.kind, kind, `expected kind ${kind}: ${outcome.message}`);
  // In words: names the store, says what happened and what to do.
  assert.ok(outcome.message.includes(outcome.store), `message names the store: ${outcome.message}`);
  assert.ok(outcome.message.split(/\s+/).length >= 8 && outcome.action.length > 0, `message in words: ${outcome.message}`);
  return outcome;
}

function manager(configs: ResolvedStoreConfig[], extra: Partial<StoreManagerOptions> = {}): StoreManagerWithStats {
  const m = createStoreManager({ credentials: memoryCredentialStore(), configs, cacheTtlSeconds: () => 0, ...extra });
  managers.push(m);
  return m;
}

function statusLog(m: StoreManagerWithStats): { store: string; status: StoreStatus }[] {
  const log: { store: string; status: StoreStatus }[] = [];
  m.onDidChange((event) => {
    if (event.type === 'status') log.push({ store: event.store, status: event.status });
  });
  return log;
}

async function proxy(target: string): Promise<FaultProxy> {
  const p = await startFaultProxy({ target, lifetimeMs: 10 * 60_000 });
  proxies.push(p);
  return p;
}

/** A read-all token that cannot be renewed and runs out after `ttl`. */
async function shortLivedToken(ttl: string): Promise<string> {
  const created = await vaultApi(bao!, bao!.rootToken, 'POST', 'auth/token/create', {
    policies: ['read-all'],
    ttl,
    explicit_max_ttl: ttl,
    renewable: false,
  });
  return created.auth.client_token as string;
}

async function poll<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  return pollWithDeadline(what, probe, { timeoutMs, intervalMs: 100 });
}

const awsTarget = (op: string) => (r: ProxiedRequest) => String(r.headers['x-amz-target'] ?? '').endsWith(`.${op}`);

describe('hardening: store faults (live OpenBao + moto behind a fault proxy)', function () {
  this.timeout(120_000);
  const canary = () => seedData().canary;

  before(async () => {
    bao = await startOpenBao();
    await seedOpenBao(bao, makeSeedData(canary()));
    await vaultApi(bao, bao.rootToken, 'PUT', 'sys/policies/acl/read-all', {
      policy: 'path "secret/*" { capabilities = ["read", "list"] }',
    });
  });

  after(async () => {
    for (const m of managers) m.dispose();
    await Promise.all(proxies.map((p) => p.close()));
    await bao?.stop();
    const secrets = [canary(), testEnvironment().vault.rootToken, ...(bao ? [bao.rootToken] : [])];
    for (const message of messages) {
      for (const secret of secrets)
        assert.ok(!message.includes(secret), `a secret or token leaked into an error message: ${message.replace(secret, '<LEAK>')}`);
    }
    console.log(`faults: ${messages.length} store errors checked for leaks`);
  });

  const vaultConfig = (url: string, extra: Partial<ResolvedStoreConfig> = {}): ResolvedStoreConfig =>
    ({ kind: 'vault', name: 'vault-faults', url, auth: 'token', kvVersion: 2, source: 'user', ...extra }) as ResolvedStoreConfig;
  const awsConfig = (endpoint: string): ResolvedStoreConfig => ({
    kind: 'aws',
    name: 'aws-faults',
    region: testEnvironment().aws.region,
    endpoint,
    auth: 'accessKey',
    source: 'user',
  });

  it('403 on one Vault path only: that read is access-denied, the others still work', async () => {
    const p = await proxy(bao!.address);
    p.rules = [{ match: (r) => r.path.startsWith('/v1/secret/data/oracle'), action: vaultError(403, 'permission denied') }];
    const m = manager([vaultConfig(p.url)]);
    await m.signIn('vault-faults', { token: bao!.rootToken });
    const error = await expectFault(m.read('vault-faults', 'oracle'), 'access-denied');
    assert.equal(error.path, 'oracle');
    assert.equal(await m.readKey('vault-faults', 'apps/db.prod', 'password'), makeSeedData(canary()).vault.kv2['apps/db.prod'].password);
    assert.equal(m.status('vault-faults'), 'signed-in', 'one denied path does not mark the store as failing');
  });

  it('AccessDenied on one AWS secret only: that read is access-denied, the others still work', async () => {
    const p = await proxy(testEnvironment().aws.endpoint);
    p.rules = [
      {
        match: (r) => awsTarget('GetSecretValue')(r) && r.body.includes('"postgresSecrets"'),
        action: {
          kind: 'status',
          status: 400,
          body: JSON.stringify({ __type: 'AccessDeniedException', message: 'not authorized to perform secretsmanager:GetSecretValue' }),
          headers: { 'Content-Type': 'application/x-amz-json-1.1' },
        },
      },
    ];
    const m = manager([awsConfig(p.url)]);
    await m.signIn('aws-faults', AWS_TEST_CREDENTIALS);
    await expectFault(m.read('aws-faults', 'postgresSecrets'), 'access-denied');
    assert.equal(await m.readKey('aws-faults', 'prod/snowflake', 'password'), seedData().aws.json['prod/snowflake'].password);
  });

  it('Vault slower than the timeout: timeout, reported once, and reads work again when it speeds up', async () => {
    const p = await proxy(bao!.address);
    const m = manager([vaultConfig(p.url)], { timeoutMs: 1_000 });
    const statuses = statusLog(m);
    await m.signIn('vault-faults', { token: bao!.rootToken });
    await m.read('vault-faults', 'oracle');
    p.rules = [{ action: { kind: 'delay', ms: 5_000 } }];
    const started = Date.now();
    await expectFault(m.read('vault-faults', 'oracle'), 'timeout', 15_000);
    assert.ok(Date.now() - started < 12_000, `the timeout applies (took ${Date.now() - started} ms)`);
    // One policy for a timeout everywhere (src/core/stores/errorPolicy.ts): the store counts as down.
    assert.equal(m.status('vault-faults'), 'error', 'a store that times out is shown as down, like an unreachable one');
    p.rules = [];
    await m.read('vault-faults', 'oracle');
    assert.ok(statuses.filter((s) => s.status === 'error').length <= 1, `fault reported once: ${JSON.stringify(statuses)}`);
  });

  it('AWS DecryptionFailure and InternalServiceError on the wire: in words, the other secrets still read', async () => {
    const p = await proxy(testEnvironment().aws.endpoint);
    const awsError = (status: number, type: string, message: string) => ({
      kind: 'status' as const,
      status,
      body: JSON.stringify({ __type: type, message }),
      headers: { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-ErrorType': type },
    });
    p.rules = [
      {
        match: (r) => awsTarget('GetSecretValue')(r) && r.body.includes('"postgresSecrets"'),
        action: awsError(400, 'DecryptionFailure', "Secrets Manager can't decrypt the protected secret text using the provided KMS key."),
      },
      {
        match: (r) => awsTarget('GetSecretValue')(r) && r.body.includes('"certs/client-key"'),
        action: awsError(500, 'InternalServiceError', 'An error occurred on the server side.'),
      },
    ];
    const m = manager([awsConfig(p.url)]);
    await m.signIn('aws-faults', AWS_TEST_CREDENTIALS);
    const decryption = await expectFault(m.read('aws-faults', 'postgresSecrets'), 'decryption-failure');
    assert.match(decryption.message, /KMS key/);
    assert.match(decryption.action, /kms:Decrypt/);
    const before = p.requests.length;
    const internal = await expectFault(m.read('aws-faults', 'certs/client-key'), 'internal', 60_000);
    assert.match(internal.action, /Try again/);
    assert.ok(p.requests.length - before > 1, `an internal error is retried (${p.requests.length - before} attempts)`);
    assert.equal(await m.readKey('aws-faults', 'prod/snowflake', 'password'), seedData().aws.json['prod/snowflake'].password);
  });

  it('AWS slower than the timeout: a timeout error, not a hang', async () => {
    const p = await proxy(testEnvironment().aws.endpoint);
    const m = manager([awsConfig(p.url)], { timeoutMs: 1_000, maxAttempts: 1 });
    await m.signIn('aws-faults', AWS_TEST_CREDENTIALS);
    await m.read('aws-faults', 'postgresSecrets');
    p.rules = [{ action: { kind: 'delay', ms: 60_000 } }];
    await expectFault(m.read('aws-faults', 'postgresSecrets'), 'timeout', 15_000);
  });

  it('Vault throttling (HTTP 429) is retried, then reported as throttled', async () => {
    const p = await proxy(bao!.address);
    const m = manager([vaultConfig(p.url)]);
    await m.signIn('vault-faults', { token: bao!.rootToken });
    await m.read('vault-faults', 'oracle');
    const isRead = (r: ProxiedRequest) => r.path.startsWith('/v1/secret/data/oracle');
    p.rules = [{ match: isRead, action: vaultError(429, 'rate limit quota exceeded'), times: 2 }];
    const before = p.requests.filter(isRead).length;
    assert.equal(await m.readKey('vault-faults', 'oracle', 'user'), 'my-user');
    assert.equal(p.requests.filter(isRead).length - before, 3, 'two throttled attempts, then success');
    p.rules = [{ match: isRead, action: vaultError(429, 'rate limit quota exceeded') }];
    const start = p.requests.filter(isRead).length;
    await expectFault(m.read('vault-faults', 'oracle'), 'throttled');
    const attempts = p.requests.filter(isRead).length - start;
    assert.ok(attempts >= 2 && attempts <= 10, `bounded retries: ${attempts}`);
  });

  it('AWS ThrottlingException is retried, then reported as throttled', async () => {
    const p = await proxy(testEnvironment().aws.endpoint);
    const m = manager([awsConfig(p.url)], { maxAttempts: 3 });
    await m.signIn('aws-faults', AWS_TEST_CREDENTIALS);
    const isRead = awsTarget('GetSecretValue');
    p.rules = [{ match: isRead, action: awsThrottling(), times: 2 }];
    assert.equal(await m.readKey('aws-faults', 'postgresSecrets', 'user'), 'reporting');
    assert.equal(p.requests.filter(isRead).length, 3, 'two throttled attempts, then success');
    p.rules = [{ match: isRead, action: awsThrottling() }];
    await expectFault(m.read('aws-faults', 'prod/snowflake'), 'throttled');
    assert.equal(p.requests.filter(isRead).length, 6, 'maxAttempts bounds the retries');
  });

  it('AWS connections dropped: unreachable, then recovery when the endpoint answers again', async () => {
    const p = await proxy(testEnvironment().aws.endpoint);
    const m = manager([awsConfig(p.url)], { maxAttempts: 2 });
    const statuses = statusLog(m);
    await m.signIn('aws-faults', AWS_TEST_CREDENTIALS);
    p.rules = [{ action: { kind: 'drop' } }];
    await expectFault(m.read('aws-faults', 'postgresSecrets'), 'unreachable');
    await expectFault(m.read('aws-faults', 'postgresSecrets'), 'unreachable');
    assert.equal(statuses.filter((s) => s.status === 'error').length, 1, `reported once: ${JSON.stringify(statuses)}`);
    p.rules = [];
    assert.equal(await m.readKey('aws-faults', 'postgresSecrets', 'user'), 'reporting');
    assert.equal(m.status('aws-faults'), 'signed-in');
  });

  it('a Vault token that expires mid-session: expired (sign in again), reported once', async () => {
    const token = await shortLivedToken('3s');
    const m = manager([vaultConfig(bao!.address, { autoRenew: false } as Partial<ResolvedStoreConfig>)]);
    const statuses = statusLog(m);
    await m.signIn('vault-faults', { token });
    assert.equal(await m.readKey('vault-faults', 'oracle', 'user'), 'my-user');
    const error = await poll('token expiry', async () => {
      try {
        await m.read('vault-faults', 'oracle');
        return undefined;
      } catch (e) {
        return isStoreError(e) ? e : undefined;
      }
    });
    messages.push(error.message);
    assert.equal(error.kind, 'expired', error.message);
    assert.match(error.message, /sign in/i);
    assert.ok(!error.message.includes(token));
    await expectFault(m.read('vault-faults', 'apps/db.prod'), 'expired');
    assert.equal(statuses.filter((s) => s.status === 'expired').length, 1, `reported once: ${JSON.stringify(statuses)}`);
    assert.equal(m.status('vault-faults'), 'expired');
  });

  it('an answer to a read sent before the token expired does not mark the store signed in again', async () => {
    const p = await proxy(bao!.address);
    const token = await shortLivedToken('4s');
    const m = manager([vaultConfig(p.url, { autoRenew: false } as Partial<ResolvedStoreConfig>)]);
    await m.signIn('vault-faults', { token });
    assert.equal(await m.readKey('vault-faults', 'oracle', 'user'), 'my-user');
    // The next answer is held at the proxy until the session's own expiry timer has spoken.
    const expired = new Promise<void>((resolve) => {
      m.onDidChange((event) => {
        if (event.type === 'status' && event.status === 'expired') resolve();
      });
    });
    p.rules = [{ match: (r) => r.path.includes('/oracle'), action: { kind: 'hold-answer', release: expired }, times: 1 }];
    const statuses = statusLog(m);
    assert.equal(await m.readKey('vault-faults', 'oracle', 'user'), 'my-user', 'the held read still answers with what the server sent');
    assert.deepEqual(
      statuses.map((s) => s.status),
      ['expired'],
      'the late answer does not undo the expiry',
    );
    assert.equal(m.status('vault-faults'), 'expired');
  });

  it('reads keep answering from the cache while the server is unreachable', async () => {
    const p = await proxy(bao!.address);
    const m = manager([vaultConfig(p.url)], { cacheTtlSeconds: () => 300 });
    await m.signIn('vault-faults', { token: bao!.rootToken });
    const value = await m.readKey('vault-faults', 'oracle', 'user');
    p.rules = [{ action: { kind: 'drop' } }];
    assert.equal(await m.readKey('vault-faults', 'oracle', 'user'), value, 'a cached value is still served');
    await expectFault(m.read('vault-faults', 'apps/db.prod'), 'unreachable');
  });

  it('the store drops mid-way through a migration batch: no value is lost, the report says what happened', async () => {
    const p = await proxy(bao!.address);
    const m = manager([vaultConfig(p.url)]);
    await m.signIn('vault-faults', { token: bao!.rootToken });
    const run = randomBytes(4).toString('hex');
    const values = Array.from({ length: 8 }, (_, i) => `batch-pw-${i}-${canary()}`);
    const text = JSON.stringify(
      values.map((password, i) => ({ name: `c${i}`, type: 'snowflake', credentials: { user: `u${i}`, password, account: 'a' } })),
      null,
      2,
    );
    const plan = planMigration({
      source: 'batch.connections.json',
      text,
      target: { kind: 'vault', store: 'vault-faults', enginePath: 'secret', kvVersion: 2 },
      namePattern: `hardening-${run}/{connection}`,
    });
    let current = text;
    const document = {
      read: async () => ({ text: current }),
      apply: async (edits: { offset: number; length: number; content: string }[], base: { baseHash: string }) => {
        if (hashText(current) !== base.baseHash) return false;
        current = applyTextEdits(current, edits);
        return true;
      },
    };
    const store = await m.get('vault-faults');
    const report = await executeMigration(plan, store, document, {
      onProgress: ({ done }) => {
        // The server goes away after three connections made it.
        if (done === 3) p.rules = [{ action: { kind: 'drop' } }];
      },
    });
    p.rules = [];
    const statuses = report.outcomes.map((o) => o.status);
    assert.ok(statuses.includes('failed') || statuses.includes('not-attempted'), `the batch stopped: ${statuses.join(', ')}`);
    for (const outcome of report.outcomes) {
      assert.ok(!(outcome.message ?? '').includes(canary()), `no value in the report: ${outcome.message}`);
      if (outcome.message) messages.push(outcome.message);
    }
    // No data lost: each value is either still in the text or in Vault behind a reference in the text.
    const refs = scanReferences(current).references;
    for (const [i, value] of values.entries()) {
      if (current.includes(value)) continue;
      const ref = refs.find((r) => r.path?.endsWith(`/c${i}`));
      assert.ok(ref, `c${i}: the value left the file, so a reference must be there`);
      const stored = await vaultApi(bao!, bao!.rootToken, 'GET', `secret/data/${ref.path}`);
      assert.equal(stored.data.data[ref.key!], value, `c${i}: the store holds the value the file lost`);
    }
    console.log(
      `faults: migration batch with the store dropped after 3 of 8: ${statuses.join(', ')}; document ${report.applied ? 'edited' : 'untouched'}`,
    );
  });

  it('Vault server stopped: unreachable, reported once; recovery after a restart on the same port', async () => {
    const m = manager([vaultConfig(bao!.address)]);
    const statuses = statusLog(m);
    await m.signIn('vault-faults', { token: bao!.rootToken });
    await m.read('vault-faults', 'oracle');
    await bao!.stop();
    await expectFault(m.read('vault-faults', 'oracle'), 'unreachable');
    await expectFault(m.list('vault-faults', { prefix: '' }), 'unreachable');
    assert.equal(statuses.filter((s) => s.status === 'error').length, 1, `reported once: ${JSON.stringify(statuses)}`);
    await bao!.restart();
    await seedOpenBao(bao!, makeSeedData(canary()));
    assert.equal(await m.readKey('vault-faults', 'oracle', 'user'), 'my-user');
    assert.equal(m.status('vault-faults'), 'signed-in');
  });

  it('Vault sealed: sealed (in words), reported once; recovery after a restart', async () => {
    const m = manager([vaultConfig(bao!.address)]);
    const statuses = statusLog(m);
    await m.signIn('vault-faults', { token: bao!.rootToken });
    await m.read('vault-faults', 'oracle');
    await vaultApi(bao!, bao!.rootToken, 'PUT', 'sys/seal');
    const error = await expectFault(m.read('vault-faults', 'oracle'), 'sealed');
    assert.match(error.message, /sealed/);
    await expectFault(m.read('vault-faults', 'apps/db.prod'), 'sealed');
    assert.equal(statuses.filter((s) => s.status === 'error').length, 1, `reported once: ${JSON.stringify(statuses)}`);
    await bao!.restart();
    await seedOpenBao(bao!, makeSeedData(canary()));
    assert.equal(await m.readKey('vault-faults', 'oracle', 'user'), 'my-user');
  });
});
