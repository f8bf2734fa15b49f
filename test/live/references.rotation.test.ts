// Rotation awareness against live moto and OpenBao: DescribeSecret's rotation fields in the metadata and
// the listing, the pinned-version and stuck-AWSPENDING diagnostics, Rotate Now's RotateSecret and the
// state it leaves (moto cannot run a rotation Lambda: it runs Lambdas in Docker, absent here; so rotation
// is configured by rules alone, and moto then moves AWSCURRENT itself), and the KV v2 version in the hover.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateSecretCommand, PutSecretValueCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import type { CliIO } from '../../src/cli/cliTypes';
import { runCli } from '../../src/cli/main';
import { hoverMarkdown } from '../../src/core/references/hoverContent';
import { ReferenceState } from '../../src/core/references/referenceState';
import { rotationDiagnostics, stuckPendingVersion } from '../../src/core/references/rotationDiagnostics';
import { scanReferences } from '../../src/core/references/scanner';
import type { ReferenceSettings } from '../../src/core/references/settings';
import type { StoreManagerWithStats } from '../../src/core/stores';
import { formatTimestamp } from '../../src/core/timestamp';
import { AWS_TEST_CREDENTIALS, testAwsClient } from '../support/seed';
import { testEnvironment } from '../support/testEnv';
import { expectStoreError, liveStoreManager, unique } from './storesTestSupport';

const VAULT = 'rot-bao';
const AWS = 'rot-aws';
const SETTINGS: ReferenceSettings = { templates: {}, defaultAwsStore: AWS };

function manager(onRequest?: (store: string) => void): Promise<StoreManagerWithStats> {
  return liveStoreManager({ vault: VAULT, aws: AWS }, onRequest ? { onRequest } : {});
}

describe('rotation awareness (live moto + OpenBao)', function () {
  this.timeout(60_000);
  let m: StoreManagerWithStats;
  const client = () => testAwsClient(testEnvironment().aws.endpoint);

  before(async () => {
    m = await manager();
  });
  after(() => m.dispose());

  /** A secret with `count` values put one after the other; returns the version ids, oldest first. */
  async function secretWithVersions(count: number): Promise<{ name: string; versions: string[] }> {
    const name = unique('rot/db');
    const store = await m.get(AWS);
    const versions = [(await store.write(name, { type: 'keyed', data: { password: 'v0' } }, { create: true })).version];
    for (let i = 1; i < count; i++) versions.push((await store.write(name, { type: 'keyed', data: { password: `v${i}` } })).version);
    return { name, versions };
  }

  function state(): ReferenceState {
    return new ReferenceState({ stores: m, settings: () => SETTINGS });
  }

  it('DescribeSecret: rotation enabled, rules, last rotated and next rotation in the metadata and in the listing', async () => {
    const { name } = await secretWithVersions(1);
    const before = await m.metadata(AWS, name, { fresh: true });
    assert.equal(before.rotation, undefined, 'no rotation before it is set up');
    await client().send(new RotateSecretCommand({ SecretId: name, RotationRules: { AutomaticallyAfterDays: 30 } }));
    const meta = await m.metadata(AWS, name, { fresh: true });
    assert.ok(meta.rotation, 'rotation read from DescribeSecret');
    assert.equal(meta.rotation.enabled, true);
    assert.equal(meta.rotation.configured, true);
    assert.equal(meta.rotation.afterDays, 30);
    assert.ok(
      meta.rotation.lastRotatedDate && Math.abs(Date.parse(meta.rotation.lastRotatedDate) - Date.now()) < 120_000,
      'rotated just now',
    );
    const next = Date.parse(meta.rotation.nextRotationDate ?? '');
    assert.ok(Math.abs(next - (Date.now() + 30 * 86_400_000)) < 120_000, `next rotation in 30 days: ${meta.rotation.nextRotationDate}`);
    // moto answers LastAccessedDate null in DescribeSecret: absent then, never a made-up date.
    assert.equal(meta.lastAccessedDate, undefined);
    const listed = (await m.list(AWS, { prefix: name })).entries.find((entry) => entry.path === name);
    assert.equal(listed?.rotation?.enabled, true, 'the listing carries the rotation (no DescribeSecret per tree row)');
    assert.equal(listed?.rotation?.afterDays, 30);
  });

  it('metadata is one request pair per secret, shared by every reference and hover until it expires', async () => {
    const { name } = await secretWithVersions(1);
    let requests = 0;
    const counted = await manager((store) => store === AWS && requests++);
    try {
      const s = new ReferenceState({ stores: counted, settings: () => SETTINGS });
      const text = [1, 2, 3].map((n) => `k${n}: "{{resolve:secretsmanager:${name}:SecretString:password}}"`).join('\n');
      const refs = scanReferences(text).references;
      assert.equal(refs.length, 3);
      await Promise.all([rotationDiagnostics(refs, s), rotationDiagnostics(refs, s), ...refs.map((ref) => s.metadata(ref))]);
      assert.equal(requests, 2, 'DescribeSecret + ListSecretVersionIds once for the secret');
    } finally {
      counted.dispose();
    }
  });

  it('a pinned version-id without a staging label is flagged; a labelled one is not', async () => {
    const { name, versions } = await secretWithVersions(3);
    const meta = await m.metadata(AWS, name, { fresh: true });
    const stagesOf = (id: string) => meta.versions.find((v) => v.version === id)?.stages ?? [];
    assert.deepEqual(stagesOf(versions[0]), [], 'the oldest version lost its labels');
    assert.deepEqual(stagesOf(versions[1]), ['AWSPREVIOUS']);
    const text = [
      `old: "{{resolve:secretsmanager:${name}:SecretString:password::${versions[0]}}}"`,
      `previous: "{{resolve:secretsmanager:${name}:SecretString:password::${versions[1]}}}"`,
      `current: "{{resolve:secretsmanager:${name}:SecretString:password}}"`,
    ].join('\n');
    const diagnostics = await rotationDiagnostics(scanReferences(text).references, state());
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['version-unlabelled'],
    );
    const [flagged] = diagnostics;
    assert.equal(text.slice(flagged.offset, flagged.offset + flagged.length), versions[0], 'on the version id');
    assert.match(flagged.message, new RegExp(`"${name}" in store "${AWS}" has no staging label`));
    assert.ok(!flagged.message.includes('v0'), 'no value in the message');
  });

  it('AWSPENDING on another version than AWSCURRENT (a stuck rotation) is flagged once per secret', async () => {
    const { name, versions } = await secretWithVersions(1);
    const clean = await rotationDiagnostics(
      scanReferences(`a: "{{resolve:secretsmanager:${name}:SecretString:password}}"`).references,
      state(),
    );
    assert.deepEqual(clean, [], 'no pending version: nothing');
    const pending = await client().send(
      new PutSecretValueCommand({ SecretId: name, SecretString: '{"password":"pending"}', VersionStages: ['AWSPENDING'] }),
    );
    const text = `a: "{{resolve:secretsmanager:${name}:SecretString:password}}"\nb: "{{resolve:secretsmanager:${name}:SecretString:password}}"`;
    const diagnostics = await rotationDiagnostics(scanReferences(text).references, state());
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.offset]),
      [['rotation-pending', text.indexOf('{{')]],
    );
    assert.ok(diagnostics[0].message.includes(pending.VersionId!.slice(0, 8)), diagnostics[0].message);
    assert.ok(diagnostics[0].message.includes(versions[0].slice(0, 8)), 'names the AWSCURRENT version');
    assert.equal(stuckPendingVersion(await m.metadata(AWS, name, { fresh: true })), pending.VersionId);
  });

  it('Rotate now: RotateSecret through the manager, which drops the cached metadata; moto moves AWSCURRENT', async () => {
    const { name, versions } = await secretWithVersions(1);
    await client().send(new RotateSecretCommand({ SecretId: name, RotationRules: { AutomaticallyAfterDays: 7 } }));
    const cached = await m.metadata(AWS, name);
    const store = await m.get(AWS);
    const changes: string[] = [];
    const subscription = m.onDidChange((event) => event.type === 'secret' && changes.push(event.path));
    const result = await store.rotate(name);
    subscription.dispose();
    assert.match(result.version, /^[A-Za-z0-9-]{32,64}$/, 'the new version id');
    assert.notEqual(result.version, cached.currentVersion);
    assert.deepEqual(changes, [name], 'a store write: the secret changed event');
    const after = await m.metadata(AWS, name);
    assert.equal(after.currentVersion, result.version, 'the cache was dropped: the new AWSCURRENT');
    assert.deepEqual(after.versions.find((v) => v.version === cached.currentVersion)?.stages, ['AWSPREVIOUS'], 'the old current');
    assert.ok(
      !after.versions.some((v) => v.version === versions[0] && v.stages?.length),
      'the first version, two rotations back, unlabelled',
    );
    assert.ok(Date.parse(after.rotation?.lastRotatedDate ?? '') >= Date.parse(cached.rotation?.lastRotatedDate ?? '') - 1000);
  });

  it('Rotate now on a missing secret or a Vault store: a clear StoreError, no value', async () => {
    const error = await expectStoreError((await m.get(AWS)).rotate(unique('rot/missing')), 'not-found');
    assert.match(error.message, /rot-aws/);
    await expectStoreError((await m.get(VAULT)).rotate('anything'), 'unsupported');
  });

  it('KV v2: the hover says which version the reference resolves to and when it was written', async () => {
    const path = unique('rot/app');
    const vault = await m.get(VAULT);
    await vault.write(path, { type: 'keyed', data: { password: 'first' } });
    await vault.write(path, { type: 'keyed', data: { password: 'second' } });
    const s = state();
    const [ref] = scanReferences(`vault.secret(${VAULT}:${path}.password)`).references;
    const [resolution, metadata] = await Promise.all([s.resolve(ref), s.metadata(ref)]);
    assert.equal(resolution.status, 'resolved');
    const written = metadata?.versions.find((v) => v.version === '2')?.createdTime;
    assert.ok(written, 'version 2 has a creation time in the metadata');
    const md = hoverMarkdown({ ref, resolution, metadata, revealed: false, revealSeconds: 5, links: {} });
    assert.ok(md.includes(`Resolves to version \`2\`, the current version; written ${formatTimestamp(written)}`), md);
    assert.ok(!md.includes('second'), 'the value stays masked');
  });
});

describe('secretref check --resolve: the rotation warnings too (live moto)', function () {
  this.timeout(60_000);
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-rotation-cli-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports a pinned version without a label and a rotation not finished, as the editor does; no value', async () => {
    const aws = testAwsClient(testEnvironment().aws.endpoint);
    const name = `rot-cli/${process.pid}-${Date.now()}`;
    const values = [0, 1, 2].map((n) => `cli-rot-${n}-${testEnvironment().canary}`);
    let oldest: string;
    try {
      oldest = (await aws.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify({ password: values[0] }) }))).VersionId!;
      await aws.send(new PutSecretValueCommand({ SecretId: name, SecretString: JSON.stringify({ password: values[1] }) }));
      await aws.send(new PutSecretValueCommand({ SecretId: name, SecretString: JSON.stringify({ password: values[1] }) + ' ' }));
      await aws.send(
        new PutSecretValueCommand({ SecretId: name, SecretString: JSON.stringify({ password: values[2] }), VersionStages: ['AWSPENDING'] }),
      );
    } finally {
      aws.destroy();
    }
    fs.writeFileSync(
      path.join(dir, 'stores.json'),
      JSON.stringify([{ name: 'aws', kind: 'aws', region: 'us-east-1', endpoint: testEnvironment().aws.endpoint, auth: 'accessKey' }]),
    );
    const file = path.join(dir, 'app.yaml');
    const pinned = `{{resolve:secretsmanager:${name}:SecretString:password::${oldest}}}`;
    fs.writeFileSync(file, `pinned: "${pinned}"\ncurrent: "{{resolve:secretsmanager:${name}:SecretString:password}}"\n`);
    let out = '';
    let err = '';
    const io: CliIO = {
      stdout: (t) => (out += `${t}\n`),
      stderr: (t) => (err += `${t}\n`),
      cwd: dir,
      env: {
        AWS_ENDPOINT_URL: testEnvironment().aws.endpoint,
        AWS_ACCESS_KEY_ID: AWS_TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: AWS_TEST_CREDENTIALS.secretAccessKey,
      },
    };
    const code = await runCli(['check', '--resolve', '--stores', 'stores.json', '--format', 'json', 'app.yaml'], io);
    assert.equal(code, 0, `warnings only: exit 0\n${out}${err}`);
    const findings = JSON.parse(out) as { code: string; line: number; column: number }[];
    const codes = findings.map((f) => `${f.code}@${f.line}:${f.column}`).sort();
    const versionColumn = `pinned: "${pinned}"`.indexOf(oldest) + 1;
    assert.deepEqual(codes, [`rotation-pending@1:10`, `version-unlabelled@1:${versionColumn}`], out);
    for (const value of values) assert.ok(!(out + err).includes(value), 'a value reached the output');
  });
});
