// `secretref migrate` in-process against the live stores: dry run writes nothing, a real run
// rewrites the file, output never carries a secret value, bad usage exits 2.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { isStoreError } from '../../src/core/stores/storeError';
import { scanReferences } from '../../src/core/references/scanner';
import { connectionsFile } from '../fixtures/migration/credentialSamples';
import { awsStore, vaultStore, writeStoresFile } from '../fixtures/migration/migrationHarness';
import { startFaultProxy } from '../support/faultProxy';
import { testEnvironment } from '../support/testEnv';
import { waitFor } from '../support/waitFor';
import { Captured, capturedIo as io } from '../support/moveSupport';

describe('secretref migrate (CLI)', function () {
  this.timeout(60_000);
  let dir: string;
  let id: string;
  let text: string;
  let secrets: string[];

  beforeEach(() => {
    id = randomBytes(4).toString('hex');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-migrate-'));
    const generated = connectionsFile(12, id);
    text = generated.text;
    secrets = generated.samples.flatMap((s) => Object.values(s.secrets));
    fs.writeFileSync(path.join(dir, `conns-${id}.jsonc`), text);
    writeStoresFile(dir, testEnvironment().vault.address, 'default');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const noSecrets = (captured: Captured) => {
    const all = captured.out.join('\n') + captured.err.join('\n');
    for (const value of secrets) assert.ok(!all.includes(value), 'CLI output contains a secret value');
  };

  it('--dry-run prints the plan as JSON and writes nothing', async () => {
    const captured = io(dir, {});
    const code = await runCli(
      [
        'migrate',
        `conns-${id}.jsonc`,
        '--store',
        'aws',
        '--stores',
        'stores.json',
        '--dry-run',
        '--format',
        'json',
        '--assumable-role',
        'arn:aws:iam::210987654321:role/mc',
      ],
      captured,
    );
    assert.equal(code, 0, captured.err.join('\n'));
    const output = JSON.parse(captured.out.join('')) as {
      dryRun: boolean;
      plan: { connections: { secretPath: string; secretId: string; artefacts: { montecarloCommand: string } }[]; diff: string };
    };
    assert.equal(output.dryRun, true);
    assert.equal(output.plan.connections.length, 12);
    assert.match(
      output.plan.connections[0].secretId,
      /^arn:aws:secretsmanager:us-east-1:210987654321:secret:secretref\/conns-[0-9a-f]+\/athena-0-\?{6}$/,
    );
    assert.match(output.plan.connections[0].artefacts.montecarloCommand, /--connection-id '00000000-0000-4000-8000-000000000000'/);
    assert.ok(output.plan.diff.includes('"self_hosting_mechanism": "secretsmanager"'));
    assert.equal(fs.readFileSync(path.join(dir, `conns-${id}.jsonc`), 'utf8'), text);
    const store = awsStore('aws', testEnvironment().aws.endpoint);
    await assert.rejects(
      store.read(output.plan.connections[0].secretPath),
      (error: unknown) => isStoreError(error) && error.kind === 'not-found',
    );
    store.dispose();
    noSecrets(captured);
  });

  it('migrates to Vault with VAULT_TOKEN from the environment; references resolve', async () => {
    const env = testEnvironment();
    const captured = io(dir, { VAULT_TOKEN: env.vault.rootToken, VAULT_ADDR: env.vault.address });
    const code = await runCli(['migrate', `conns-${id}.jsonc`, '--store', 'bao', '--stores', 'stores.json'], captured);
    assert.equal(code, 0, captured.err.join('\n') + captured.out.join('\n'));
    const after = fs.readFileSync(path.join(dir, `conns-${id}.jsonc`), 'utf8');
    assert.ok(after.startsWith('// 12 connections (generated)'));
    const refs = scanReferences(after).references;
    assert.equal(refs.length, secrets.length);
    const store = vaultStore('bao', env.vault.address, env.vault.rootToken);
    for (const ref of refs) {
      const value = await store.read(ref.path!);
      assert.ok(value.type === 'keyed' && secrets.includes(String(value.data[ref.key!])));
    }
    store.dispose();
    noSecrets(captured);
  });

  it("a repository's own .vscode/settings.json never gets the shell's VAULT_TOKEN for a server it picked", async () => {
    const env = testEnvironment();
    // The repository names a "bao" config at a server of its choosing (a recording proxy here).
    const proxy = await startFaultProxy({ target: env.vault.address, lifetimeMs: 60_000 });
    try {
      fs.mkdirSync(path.join(dir, '.vscode'));
      fs.writeFileSync(
        path.join(dir, '.vscode', 'settings.json'),
        JSON.stringify({ 'secretref.stores': [{ name: 'bao', kind: 'vault', url: proxy.url, auth: 'token' }] }),
      );
      const captured = io(dir, { VAULT_TOKEN: env.vault.rootToken, VAULT_ADDR: env.vault.address });
      const code = await runCli(['migrate', `conns-${id}.jsonc`, '--store', 'bao'], captured);
      assert.notEqual(code, 0, 'the migration cannot run without a token');
      assert.match(captured.err.join('\n') + captured.out.join('\n'), /token|sign/i, 'the error says a token is missing');
      const withToken = proxy.requests.filter((r) => JSON.stringify(r.headers).includes(env.vault.rootToken));
      assert.deepEqual(
        withToken.map((r) => `${r.method} ${r.path}`),
        [],
        'no request to the repository-picked server carries the token',
      );
      assert.equal(fs.readFileSync(path.join(dir, `conns-${id}.jsonc`), 'utf8'), text, 'the file is untouched');

      // Positive control: when VAULT_ADDR names that server (the user's own choice), it does get it.
      const control = io(dir, { VAULT_TOKEN: env.vault.rootToken, VAULT_ADDR: proxy.url });
      assert.equal(await runCli(['migrate', `conns-${id}.jsonc`, '--store', 'bao'], control), 0, control.err.join('\n'));
      assert.ok(
        proxy.requests.some((r) => JSON.stringify(r.headers).includes(env.vault.rootToken)),
        'the recording sees the token when VAULT_ADDR names the server',
      );
    } finally {
      await proxy.close();
    }
  });

  it('a run killed mid-batch: the next run stops and says so; --clean-interrupted removes the copies and migrates', async () => {
    const env = testEnvironment();
    const proxy = await startFaultProxy({ target: env.vault.address, lifetimeMs: 60_000 });
    // Every secret write is held back, so the batch is still running when the process dies.
    proxy.rules = [{ match: (r) => r.method === 'POST' && r.path.includes(`/conns-${id}/`), action: { kind: 'delay', ms: 400 } }];
    fs.writeFileSync(path.join(dir, 'slow-stores.json'), JSON.stringify([{ name: 'bao', kind: 'vault', url: proxy.url, auth: 'token' }]));
    const store = vaultStore('bao', env.vault.address, env.vault.rootToken);
    const written = async (): Promise<number> => {
      try {
        return (await store.list({ prefix: `secretref/conns-${id}/` })).entries.length;
      } catch (error) {
        if (isStoreError(error) && error.kind === 'not-found') return 0;
        throw error;
      }
    };
    const cli = path.join(__dirname, '../../src/cli/main.js');
    const state = path.join(dir, '.state');
    const child = spawn(process.execPath, [cli, 'migrate', `conns-${id}.jsonc`, '--store', 'bao', '--stores', 'slow-stores.json'], {
      cwd: dir,
      env: { ...process.env, VAULT_TOKEN: env.vault.rootToken, VAULT_ADDR: proxy.url, SECRETREF_STATE_DIR: state },
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    try {
      await waitFor('the first secrets of the batch', async () => ((await written()) >= 3 ? true : undefined), {
        timeoutMs: 30_000,
        intervalMs: 20,
      });
      child.kill('SIGKILL');
      await exited;
      const atCrash = await written();
      assert.ok(atCrash > 0 && atCrash < 12, `${atCrash} of 12 written when the process died`);
      assert.equal(fs.readFileSync(path.join(dir, `conns-${id}.jsonc`), 'utf8'), text, 'no connection half-migrated');

      const again = io(dir, { VAULT_TOKEN: env.vault.rootToken, VAULT_ADDR: env.vault.address });
      assert.equal(await runCli(['migrate', `conns-${id}.jsonc`, '--store', 'bao', '--stores', 'stores.json'], again), 1);
      assert.match(
        again.err.join('\n'),
        new RegExp(`was interrupted\\. No credential was lost.* ${atCrash} secret\\(s\\) it wrote are not referenced.*--clean-interrupted`),
      );
      assert.equal(fs.readFileSync(path.join(dir, `conns-${id}.jsonc`), 'utf8'), text, 'the refused run wrote nothing');

      const clean = io(dir, { VAULT_TOKEN: env.vault.rootToken, VAULT_ADDR: env.vault.address });
      assert.equal(
        await runCli(['migrate', `conns-${id}.jsonc`, '--store', 'bao', '--stores', 'stores.json', '--clean-interrupted'], clean),
        0,
        clean.err.join('\n'),
      );
      assert.match(clean.err.join('\n'), new RegExp(`removed ${atCrash} unreferenced secret`));
      const refs = scanReferences(fs.readFileSync(path.join(dir, `conns-${id}.jsonc`), 'utf8')).references;
      assert.equal(refs.length, secrets.length, 'every secret field is a reference now');
      for (const ref of refs) {
        const value = await store.read(ref.path!);
        assert.ok(value.type === 'keyed' && secrets.includes(String(value.data[ref.key!])));
      }
      assert.deepEqual(fs.readdirSync(state), [], 'no journal left once the runs ended');
      noSecrets(again);
      noSecrets(clean);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await proxy.close();
      store.dispose();
    }
  });

  it('migrates to AWS through the default chain and AWS_ENDPOINT_URL', async () => {
    const env = testEnvironment();
    const captured = io(dir, { AWS_ENDPOINT_URL: env.aws.endpoint });
    // The SDK's default chain reads the process environment.
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, key: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
    const code = await runCli(
      [
        'migrate',
        `conns-${id}.jsonc`,
        '--store',
        'aws',
        '--stores',
        'stores.json',
        '--connections',
        '[2],[5]',
        '--format',
        'json',
        '--assumable-role',
        'arn:aws:iam::210987654321:role/mc',
        '--external-id',
        'ext-cli',
      ],
      captured,
    ).finally(() => {
      if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
      else process.env.AWS_ACCESS_KEY_ID = saved.id;
      if (saved.key === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
      else process.env.AWS_SECRET_ACCESS_KEY = saved.key;
    });
    assert.equal(code, 0, captured.err.join('\n') + captured.out.join('\n'));
    const output = JSON.parse(captured.out.join('')) as { report: { applied: boolean; outcomes: { status: string; secretId: string }[] } };
    assert.equal(output.report.applied, true);
    assert.deepEqual(
      output.report.outcomes.map((o) => o.status),
      ['migrated', 'migrated'],
    );
    const after = fs.readFileSync(path.join(dir, `conns-${id}.jsonc`), 'utf8');
    for (const o of output.report.outcomes) assert.ok(after.includes(`"self_hosting_key": "${o.secretId}"`));
    assert.ok(after.includes('"external_id": "ext-cli"'));
    noSecrets(captured);
  });

  it('exits 2 on bad usage and 1 when a connection fails', async () => {
    const captured = io(dir, {});
    assert.equal(await runCli(['migrate', `conns-${id}.jsonc`], captured), 2);
    const unknown = io(dir, {});
    assert.equal(await runCli(['migrate', `conns-${id}.jsonc`, '--store', 'nope', '--stores', 'stores.json'], unknown), 2);
    assert.match(unknown.err.join('\n'), /no store config named "nope"/);
    const denied = io(dir, { VAULT_TOKEN: 'not-a-valid-token', VAULT_ADDR: testEnvironment().vault.address });
    assert.equal(await runCli(['migrate', `conns-${id}.jsonc`, '--store', 'bao', '--stores', 'stores.json'], denied), 1);
    assert.equal(fs.readFileSync(path.join(dir, `conns-${id}.jsonc`), 'utf8'), text);
    assert.ok(!(denied.out.join('') + denied.err.join('')).includes('not-a-valid-token'));
  });
});
