// Issue 14, store clients and CLI input: the small findings, each against the live stores.
// - a secret path containing "sys/health" used to turn refusals into raw TypeError text (node-vault
//   treats any such path as the health endpoint);
// - Vault listing let ".." through to other mounts (auth/token/accessors, sys/policies/acl);
// - caPath was read synchronously: /dev/zero exhausted memory, a FIFO hung the process;
// - a same-origin redirect loop is bounded;
// - a stores file with a BOM said "not valid JSON", deep nesting said "Maximum call stack size exceeded"
//   (no store needed: test/unit/cliStores.test.ts);
// - CLI messages said "Run Sign In to Store" (an editor command) instead of what to do in a terminal.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { describeStoreError } from '../../src/core/stores/storeError';
import { AwsStore } from '../../src/core/stores/aws/awsStore';
import { VaultStore } from '../../src/core/stores/vault/vaultStore';
import { startFaultProxy } from '../support/faultProxy';
import { testEnvironment } from '../support/testEnv';
import { expectStoreError } from './storesTestSupport';

describe('hardening: store client and CLI input (issue 14)', function () {
  this.timeout(30_000);
  const env = () => testEnvironment();
  let dir: string;
  const stores: { dispose(): void }[] = [];
  const vault = (extra: Record<string, unknown> = {}, url = env().vault.address) => {
    const store = new VaultStore(
      { kind: 'vault', name: 'inputs', url, auth: 'token', kvVersion: 2, ...extra },
      { token: env().vault.rootToken },
    );
    stores.push(store);
    return store;
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-inputs-'));
  });
  after(() => {
    for (const store of stores) store.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a secret path containing "sys/health" gets the real error in words, not a TypeError', async () => {
    const missing = await expectStoreError(vault().read('apps/sys/health'), 'not-found');
    assert.match(missing.message, /Nothing exists at this path/);
    await expectStoreError(vault().metadata('team/sys/health/db'), 'not-found');
    // The health endpoint itself still answers the connection test.
    assert.match((await vault().testConnection()).summary, /KV v2/);
  });

  it('listing stays inside the engine: ".." prefixes are refused before any request', async () => {
    const proxy = await startFaultProxy({ target: env().vault.address, lifetimeMs: 30_000 });
    try {
      const store = vault({}, proxy.url);
      for (const prefix of ['../../auth/token/accessors/', '../../sys/policies/acl/', 'apps/../../../sys/', '%2e%2e/%2e%2e/sys/']) {
        const error = await expectStoreError(store.list({ prefix }), 'invalid');
        assert.match(error.message, /"\." \/ "\.\." segments/);
      }
      assert.deepEqual(
        proxy.requests.map((r) => r.path),
        [],
        'no request was sent for a prefix outside the engine',
      );
      // Listing inside the engine still works.
      assert.ok((await store.list()).entries.length > 0);
    } finally {
      await proxy.close();
    }
  });

  it('a same-origin redirect loop ends after a few hops with a clear error', async () => {
    const proxy = await startFaultProxy({ target: env().vault.address, lifetimeMs: 30_000 });
    try {
      proxy.rules = [{ match: (r) => r.path.includes('/secret/data/'), action: { kind: 'redirect', status: 307, to: proxy.url } }];
      const error = await expectStoreError(vault({}, proxy.url).read('oracle'), 'invalid');
      assert.match(error.message, /more than 3 redirects/);
      assert.ok(proxy.requests.filter((r) => r.path.includes('/secret/data/')).length <= 4, `${proxy.requests.length} requests`);
    } finally {
      await proxy.close();
    }
  });

  it('caPath: /dev/zero, a FIFO, a huge file and a non-PEM file are refused in words, at once (Vault and AWS)', async () => {
    const fifo = path.join(dir, 'ca.fifo');
    execFileSync('mkfifo', [fifo]);
    const huge = path.join(dir, 'huge.pem');
    fs.writeFileSync(huge, Buffer.alloc(2 * 1024 * 1024, 0x41));
    const notPem = path.join(dir, 'not.pem');
    fs.writeFileSync(notPem, 'hello');
    const cases: [string, RegExp][] = [
      ['/dev/zero', /not a regular file/],
      [fifo, /not a regular file/],
      [dir, /not a regular file/],
      [huge, /a CA bundle is under 1024 KB/],
      [notPem, /no PEM certificate/],
      [path.join(dir, 'missing.pem'), /cannot be read \(ENOENT\)/],
    ];
    for (const [caPath, says] of cases) {
      const started = Date.now();
      const v = await expectStoreError(vault({ caPath }, 'https://127.0.0.1:1').read('oracle'), 'invalid');
      assert.match(v.message, says, caPath);
      assert.match(v.message, /caPath/);
      const aws = new AwsStore(
        { kind: 'aws', name: 'inputs-aws', region: 'us-east-1', endpoint: env().aws.endpoint, auth: 'accessKey', caPath },
        { accessKeyId: 'testing', secretAccessKey: 'testing' },
      );
      stores.push(aws);
      const a = await expectStoreError(aws.read('x'), 'invalid');
      assert.match(a.message, says, caPath);
      assert.ok(Date.now() - started < 2000, `${caPath} took ${Date.now() - started} ms`);
    }
  });

  it('the CLI tells what to do in terminal words; the editor keeps its command names', async () => {
    const stores = path.join(dir, 'stores.json');
    fs.writeFileSync(stores, JSON.stringify([{ name: 'bao', kind: 'vault', url: env().vault.address, auth: 'token' }]));
    const file = path.join(dir, 'app.yaml');
    fs.writeFileSync(file, 'password: vault.secret(bao:oracle.password)\nother: vault.secret(nope:oracle.password)\n');
    const lines: string[] = [];
    const code = await runCli(['check', '--resolve', '--stores', stores, file], {
      cwd: dir,
      env: {},
      stdout: (t) => lines.push(t),
      stderr: (t) => lines.push(t),
    });
    const text = lines.join('\n');
    assert.equal(code, 1, text);
    assert.match(text, /Set VAULT_TOKEN with VAULT_ADDR set to the store's URL/);
    assert.match(text, /Add a config of that name to the --stores file/);
    assert.doesNotMatch(text, /Sign In to Store|Add Store|Secret References:/);
    // The same error, outside the CLI, names the editor's command.
    const error = await expectStoreError(
      new VaultStore({ kind: 'vault', name: 'bao', url: env().vault.address, auth: 'token' }, undefined).read('oracle'),
      'signed-out',
    );
    assert.match(error.message, /Run "Secret References: Sign In to Store"/);
    assert.match(describeStoreError(error, 'terminal'), /Set VAULT_TOKEN with VAULT_ADDR/);
  });
});
