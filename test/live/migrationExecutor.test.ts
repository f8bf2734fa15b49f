// The executor against live OpenBao and moto: whole files to each store, conflicts, cancellation,
// a document that changes, a store that stops mid-batch and writes that are denied. After each run,
// every original value is either still in the file or verifiably in the store, and the report says which.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { parse } from 'jsonc-parser';
import { executeMigration } from '../../src/core/migration/executor';
import { planMigration } from '../../src/core/migration/planner';
import { describeOutcome, MigrationReport } from '../../src/core/migration/report';
import type { AwsTarget, MigrationPlan, VaultTarget } from '../../src/core/migration/types';
import { scanReferences } from '../../src/core/references/scanner';
import type { SecretStore } from '../../src/core/stores/types';
import { isStoreError } from '../../src/core/stores/storeError';
import { connectionsFile, Sample } from '../fixtures/migration/credentialSamples';
import { awsStore, MemoryDocument, vaultStore } from '../fixtures/migration/migrationHarness';
import { startMoto, startOpenBao, vaultApi } from '../support/stores';
import { testEnvironment } from '../support/testEnv';

const VAULT_TARGET: VaultTarget = { kind: 'vault', store: 'bao', enginePath: 'secret', kvVersion: 2 };
const AWS_TARGET: AwsTarget = {
  kind: 'aws',
  store: 'aws',
  region: 'us-east-1',
  assumableRole: 'arn:aws:iam::123456789012:role/mc-secrets',
  externalId: 'ext-7',
  trustedAccountId: '590183797493',
};

function run(): string {
  return randomBytes(4).toString('hex');
}

async function readKeyed(store: SecretStore, path: string): Promise<Record<string, unknown>> {
  const value = await store.read(path);
  if (value.type === 'keyed') return value.data;
  if (value.type === 'text') return JSON.parse(value.text) as Record<string, unknown>;
  throw new Error('binary secret');
}

async function exists(store: SecretStore, path: string): Promise<boolean> {
  try {
    await store.read(path);
    return true;
  } catch (error) {
    if (isStoreError(error) && (error.kind === 'not-found' || error.kind === 'deleted')) return false;
    throw error;
  }
}

function secretValues(samples: readonly Sample[]): string[] {
  return samples.flatMap((s) => Object.values(s.secrets));
}

/** The invariant: each connection's secrets are inline in the file, or the file references a store secret holding them. */
async function assertNoCredentialLost(
  plan: MigrationPlan,
  report: MigrationReport,
  text: string,
  samples: readonly Sample[],
  verifiedInStore: (index: number) => Promise<boolean>,
): Promise<void> {
  for (const [i, outcome] of report.outcomes.entries()) {
    const c = plan.connections[i];
    const sample = samples[c.index];
    const inline = Object.values(sample.secrets).every((value) => text.includes(JSON.stringify(value)));
    if (outcome.valueIn === 'file') {
      assert.ok(inline, `${c.name}: report says the value is in the file, but it is not`);
    } else {
      assert.equal(outcome.status, 'migrated');
      assert.ok(!Object.values(sample.secrets).some((value) => text.includes(value)), `${c.name}: migrated value still inline`);
      assert.ok(await verifiedInStore(i), `${c.name}: report says the value is in the store, but it is not`);
    }
  }
  const printable = JSON.stringify(report) + report.outcomes.map(describeOutcome).join('\n');
  for (const value of secretValues(samples)) assert.ok(!printable.includes(value), 'the report contains a secret value');
}

describe('migration executor (live OpenBao and moto)', function () {
  this.timeout(120_000);
  const env = () => testEnvironment();

  it('migrates a file of 40 connections of every schema to Vault; references resolve to the original values', async () => {
    const id = run();
    const { text, samples } = connectionsFile(40, id);
    const store = vaultStore('bao', env().vault.address, env().vault.rootToken);
    const doc = new MemoryDocument(text);
    const plan = planMigration({ source: `/ws/vault-${id}.json`, text, target: VAULT_TARGET });
    const progress: number[] = [];
    const report = await executeMigration(plan, store, doc, { concurrency: 4, onProgress: (p) => void progress.push(p.done) });
    assert.equal(report.applied, true);
    assert.equal(progress.length, plan.connections.filter((c) => c.status === 'ready').length);
    assert.deepEqual(
      progress,
      [...progress].sort((a, b) => a - b),
    );
    for (const [i, outcome] of report.outcomes.entries()) {
      const sample = samples[i];
      const expected = Object.keys(sample.secrets).length > 0 ? 'migrated' : 'skipped';
      assert.equal(outcome.status, expected, describeOutcome(outcome));
    }
    // Each reference in the rewritten file resolves to the value it replaced.
    const refs = scanReferences(doc.text).references;
    assert.equal(refs.length, secretValues(samples).length);
    const entries = parse(doc.text) as { credentials: Record<string, unknown> }[];
    for (const [i, sample] of samples.entries()) {
      for (const [fieldPath, value] of Object.entries(sample.secrets)) {
        const written = fieldPath.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], entries[i].credentials) as string;
        const [ref] = scanReferences(written).references;
        assert.ok(ref, `${sample.label} ${fieldPath} is a reference`);
        const data = await readKeyed(store, ref.path!);
        assert.equal(data[ref.key!], value);
      }
    }
    await assertNoCredentialLost(plan, report, doc.text, samples, async () => true);
    store.dispose();
  });

  it('migrates a file to AWS: each secret is the credential JSON, the file holds self-hosted blocks with its ARN', async () => {
    const id = run();
    const { text, samples } = connectionsFile(24, id);
    const store = awsStore('aws', env().aws.endpoint);
    const doc = new MemoryDocument(text);
    const plan = planMigration({ source: `/ws/aws-${id}.json`, text, target: AWS_TARGET });
    const report = await executeMigration(plan, store, doc, { concurrency: 4 });
    assert.equal(report.applied, true);
    const entries = parse(doc.text) as { credentials: Record<string, string> }[];
    for (const [i, outcome] of report.outcomes.entries()) {
      assert.equal(outcome.status, 'migrated', describeOutcome(outcome));
      const block = entries[i].credentials;
      assert.equal(block.self_hosting_mechanism, 'secretsmanager');
      assert.match(block.self_hosting_key, /^arn:aws:secretsmanager:us-east-1:\d{12}:secret:secretref\/aws-[0-9a-f]+\/.+-[A-Za-z0-9]{6}$/);
      assert.equal(block.self_hosting_key, outcome.secretId);
      assert.equal(block.assumable_role, AWS_TARGET.assumableRole);
      assert.equal(block.external_id, 'ext-7');
      assert.equal(block.region, 'us-east-1');
      assert.deepEqual(await readKeyed(store, block.self_hosting_key), samples[i].credentials);
      assert.equal(JSON.parse(outcome.artefacts!.iamPolicy!).Statement[0].Resource, block.self_hosting_key);
      assert.ok(outcome.artefacts!.montecarloCommand!.includes(block.self_hosting_key));
    }
    await assertNoCredentialLost(plan, report, doc.text, samples, async () => true);
    store.dispose();
  });

  for (const kind of ['vault', 'aws'] as const) {
    it(`${kind}: an existing secret of the same name is a conflict; it is left untouched, the others migrate`, async () => {
      const id = run();
      const { text, samples } = connectionsFile(6, id);
      const store = kind === 'vault' ? vaultStore('bao', env().vault.address, env().vault.rootToken) : awsStore('aws', env().aws.endpoint);
      const target = kind === 'vault' ? VAULT_TARGET : AWS_TARGET;
      const plan = planMigration({ source: `/ws/conflict-${id}.json`, text, target });
      const taken = plan.connections.find((c) => c.status === 'ready' && c.index === 4)!;
      await store.write(
        taken.secretPath,
        { type: 'keyed', data: { owner: 'someone-else' } },
        { create: true, expectedVersion: kind === 'vault' ? '0' : undefined },
      );
      const doc = new MemoryDocument(text);
      const report = await executeMigration(plan, store, doc);
      const outcome = report.outcomes[plan.connections.indexOf(taken)];
      assert.equal(outcome.status, 'failed');
      assert.equal(outcome.secret, 'not-written');
      assert.match(outcome.message!, /already has a secret/);
      assert.deepEqual(await readKeyed(store, taken.secretPath), { owner: 'someone-else' });
      assert.equal(report.applied, true);
      await assertNoCredentialLost(plan, report, doc.text, samples, async () => true);
      store.dispose();
    });
  }

  for (const kvVersion of [1, undefined] as const)
    it(`KV v1 (no cas, version ${kvVersion ?? 'not known'}): migrates, and never overwrites an existing secret`, async () => {
      const id = run();
      const { text, samples } = connectionsFile(8, id);
      const store = vaultStore('bao-kv1', env().vault.address, env().vault.rootToken, 'kv');
      const target: VaultTarget = { kind: 'vault', store: 'bao-kv1', enginePath: 'kv', kvVersion };
      const plan = planMigration({ source: `/ws/kv1-${id}.json`, text, target });
      const taken = plan.connections.find((c) => c.status === 'ready')!;
      await store.write(taken.secretPath, { type: 'keyed', data: { owner: 'someone-else' } });
      const doc = new MemoryDocument(text);
      const report = await executeMigration(plan, store, doc);
      assert.equal(report.outcomes[plan.connections.indexOf(taken)].secret, 'not-written');
      assert.deepEqual(await readKeyed(store, taken.secretPath), { owner: 'someone-else' });
      const migrated = report.outcomes.filter((o) => o.status === 'migrated');
      assert.ok(migrated.length > 0, report.outcomes.map(describeOutcome).join('\n'));
      for (const ref of scanReferences(doc.text).references) {
        assert.equal(ref.storeName, 'bao-kv1');
        const data = await readKeyed(store, ref.path!);
        assert.ok(secretValues(samples).includes(String(data[ref.key!])));
      }
      if (kvVersion === 1) assert.match(plan.connections[0].artefactsFor('x').vaultPolicy!, /^path "kv\/secretref\/kv1-/);
      await assertNoCredentialLost(plan, report, doc.text, samples, async () => true);
      store.dispose();
    });

  it('refuses when the document changed after the preview, and writes nothing', async () => {
    const id = run();
    const { text, samples } = connectionsFile(5, id);
    const store = vaultStore('bao', env().vault.address, env().vault.rootToken);
    const plan = planMigration({ source: `/ws/changed-${id}.json`, text, target: VAULT_TARGET });
    const doc = new MemoryDocument(text);
    doc.edit(text.replace('// connection 0', '// connection zero'));
    const report = await executeMigration(plan, store, doc);
    assert.equal(report.documentChanged, true);
    assert.equal(report.applied, false);
    for (const c of plan.connections) assert.equal(await exists(store, c.secretPath), false);
    assert.ok(report.outcomes.every((o) => o.status !== 'migrated' && o.valueIn === 'file' && o.secret === 'not-written'));
    await assertNoCredentialLost(plan, report, doc.text, samples, async () => false);
    store.dispose();
  });

  for (const kind of ['vault', 'aws'] as const) {
    it(`${kind}: a document edited during the run rolls every written secret back`, async () => {
      const id = run();
      const { text, samples } = connectionsFile(8, id);
      const store = kind === 'vault' ? vaultStore('bao', env().vault.address, env().vault.rootToken) : awsStore('aws', env().aws.endpoint);
      const plan = planMigration({ source: `/ws/during-${id}.json`, text, target: kind === 'vault' ? VAULT_TARGET : AWS_TARGET });
      const doc = new MemoryDocument(text);
      const edited = text.replace('(generated)', '(edited by the user)');
      const report = await executeMigration(plan, store, doc, {
        onProgress: (p) => {
          if (p.done === 3) doc.edit(edited);
        },
      });
      assert.equal(report.applied, false);
      assert.equal(report.documentChanged, true);
      assert.equal(doc.text, edited);
      for (const [i, outcome] of report.outcomes.entries()) {
        if (plan.connections[i].status === 'skipped') continue;
        assert.equal(outcome.status, 'failed');
        assert.equal(outcome.secret, 'removed', describeOutcome(outcome));
        assert.equal(await exists(store, plan.connections[i].secretPath), false);
      }
      await assertNoCredentialLost(plan, report, doc.text, samples, async () => false);
      store.dispose();
    });
  }

  it('stops between connections when cancelled and applies only the finished ones', async () => {
    const id = run();
    const { text, samples } = connectionsFile(10, id);
    const store = vaultStore('bao', env().vault.address, env().vault.rootToken);
    const plan = planMigration({ source: `/ws/cancel-${id}.json`, text, target: VAULT_TARGET });
    const doc = new MemoryDocument(text);
    let done = 0;
    const report = await executeMigration(plan, store, doc, {
      onProgress: (p) => {
        done = p.done;
      },
      isCancelled: () => done >= 3,
    });
    assert.equal(report.cancelled, true);
    assert.equal(report.outcomes.filter((o) => o.status === 'migrated').length, 3);
    assert.ok(report.outcomes.filter((o) => o.status === 'cancelled').length > 0);
    for (const [i, outcome] of report.outcomes.entries()) {
      if (outcome.status === 'cancelled') assert.equal(await exists(store, plan.connections[i].secretPath), false);
    }
    await assertNoCredentialLost(plan, report, doc.text, samples, async (i) => {
      const c = plan.connections[i];
      const data = await readKeyed(store, c.secretPath);
      return Object.entries(c.values.reveal()).every(([k, v]) => data[k] === v);
    });
    store.dispose();
  });

  it('Vault stops mid-batch: finished connections are verified in the store, the rest stay in the file', async () => {
    const server = await startOpenBao();
    try {
      const id = run();
      const { text, samples } = connectionsFile(14, id);
      const store = vaultStore('own-bao', server.address, server.rootToken);
      const plan = planMigration({ source: `/ws/stop-${id}.json`, text, target: { ...VAULT_TARGET, store: 'own-bao' } });
      const doc = new MemoryDocument(text);
      const verified = new Set<number>();
      const report = await executeMigration(plan, store, doc, {
        onProgress: async (p) => {
          if (p.done !== 4) return;
          // Check what is in the store before it goes away, then stop it.
          for (const [i, c] of plan.connections.entries()) {
            if (c.status !== 'ready' || !(await exists(store, c.secretPath))) continue;
            const data = await readKeyed(store, c.secretPath);
            if (Object.entries(c.values.reveal()).every(([k, v]) => data[k] === v)) verified.add(i);
          }
          await server.stop();
        },
      });
      const statuses = report.outcomes.map((o) => o.status);
      assert.ok(statuses.includes('migrated') && statuses.includes('failed'), statuses.join(','));
      const failed = report.outcomes.find((o) => o.status === 'failed')!;
      assert.match(failed.message!, /own-bao/);
      assert.ok(statuses.filter((s) => s === 'not-attempted').length > 0, 'the batch stops after the store is unreachable');
      await assertNoCredentialLost(plan, report, doc.text, samples, async (i) => verified.has(i));
      store.dispose();
    } finally {
      await server.stop();
    }
  });

  it('AWS (moto) stops mid-batch: no connection is half-migrated', async () => {
    const server = await startMoto();
    try {
      const id = run();
      const { text, samples } = connectionsFile(10, id);
      const store = awsStore('own-moto', server.endpoint);
      const plan = planMigration({ source: `/ws/stop-${id}.json`, text, target: { ...AWS_TARGET, store: 'own-moto' } });
      const doc = new MemoryDocument(text);
      const verified = new Set<number>();
      const report = await executeMigration(plan, store, doc, {
        onProgress: async (p) => {
          if (p.done !== 3) return;
          for (const [i, c] of plan.connections.entries()) {
            if (!(await exists(store, c.secretPath))) continue;
            const data = await readKeyed(store, c.secretPath);
            if (JSON.stringify(data) === JSON.stringify(c.values.reveal())) verified.add(i);
          }
          await server.stop();
        },
      });
      const statuses = report.outcomes.map((o) => o.status);
      assert.deepEqual(statuses.slice(0, 3), ['migrated', 'migrated', 'migrated']);
      assert.equal(statuses[3], 'failed');
      await assertNoCredentialLost(plan, report, doc.text, samples, async (i) => verified.has(i));
      store.dispose();
    } finally {
      await server.stop();
    }
  });

  it('a token with a read-only policy: every write is denied, the file is untouched', async () => {
    const id = run();
    const root = env().vault.rootToken;
    await vaultApi(env().vault, root, 'PUT', `sys/policies/acl/ro-${id}`, {
      policy: 'path "secret/*" { capabilities = ["read", "list"] }',
    });
    const token = (await vaultApi(env().vault, root, 'POST', 'auth/token/create', { policies: [`ro-${id}`], ttl: '10m' })).auth
      .client_token as string;
    const { text, samples } = connectionsFile(5, id);
    const store = vaultStore('bao', env().vault.address, token);
    const plan = planMigration({ source: `/ws/ro-${id}.json`, text, target: VAULT_TARGET });
    const doc = new MemoryDocument(text);
    const report = await executeMigration(plan, store, doc);
    assert.equal(report.applied, false);
    assert.equal(doc.text, text);
    for (const outcome of report.outcomes.filter((o) => o.status !== 'skipped')) {
      assert.equal(outcome.status, 'failed');
      assert.equal(outcome.secret, 'not-written');
      assert.match(outcome.message!, /bao/);
      assert.match(outcome.message!, /denied|permission/i);
    }
    await assertNoCredentialLost(plan, report, doc.text, samples, async () => false);
    store.dispose();
  });

  it('a token that may create but not read or delete: the written secret is reported by name', async () => {
    const id = run();
    const root = env().vault.rootToken;
    const policy = [
      `path "secret/data/secretref/wo-${id}/*" { capabilities = ["create"] }`,
      `path "secret/metadata/secretref/wo-${id}/*" { capabilities = ["read"] }`,
    ].join('\n');
    await vaultApi(env().vault, root, 'PUT', `sys/policies/acl/wo-${id}`, { policy });
    const token = (await vaultApi(env().vault, root, 'POST', 'auth/token/create', { policies: [`wo-${id}`], ttl: '10m' })).auth
      .client_token as string;
    const { text, samples } = connectionsFile(2, id);
    const store = vaultStore('bao', env().vault.address, token);
    const plan = planMigration({ source: `/ws/wo-${id}.json`, text, target: VAULT_TARGET, select: ['[1]'] });
    const doc = new MemoryDocument(text);
    const report = await executeMigration(plan, store, doc);
    const [outcome] = report.outcomes;
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.secret, 'left-behind');
    assert.equal(outcome.valueIn, 'file');
    assert.ok(describeOutcome(outcome).includes(`"${plan.connections[0].secretPath}"`));
    assert.equal(doc.text, text);
    const rootStore = vaultStore('bao', env().vault.address, root);
    assert.equal(await exists(rootStore, plan.connections[0].secretPath), true);
    await assertNoCredentialLost(plan, report, doc.text, samples, async () => false);
    store.dispose();
    rootStore.dispose();
  });
});
