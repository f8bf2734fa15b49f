// The CLI's credentials from the environment: a file the user names gets them; a repository's own
// .vscode/settings.json gets them only as the editor would (Vault at VAULT_ADDR, AWS keys for AWS).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { credentialsFromEnv, readStoresFile } from '../../src/cli/cliStores';
import type { ResolvedStoreConfig } from '../../src/core/stores';

const VAULT_URL = 'https://vault.example.com:8200';

function configs(source: 'cli' | 'workspace'): ResolvedStoreConfig[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-clistores-'));
  const file = path.join(dir, 'settings.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      'secretref.stores': [
        { name: 'token', kind: 'vault', url: VAULT_URL, auth: 'token' },
        { name: 'approle', kind: 'vault', url: VAULT_URL, auth: 'approle', roleId: 'r' },
        { name: 'keys-local', kind: 'aws', region: 'us-east-1', endpoint: 'http://127.0.0.1:4566', auth: 'accessKey' },
        { name: 'keys-aws', kind: 'aws', region: 'us-east-1', auth: 'accessKey' },
      ],
    }),
  );
  try {
    return readStoresFile(file, source);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const ENV = {
  VAULT_TOKEN: 'hvs.shell-token',
  VAULT_SECRET_ID: 'shell-secret-id',
  AWS_ACCESS_KEY_ID: 'AKIASHELL',
  AWS_SECRET_ACCESS_KEY: 'shell-key',
};
const byName = (list: ResolvedStoreConfig[], name: string) => list.find((c) => c.name === name)!;

describe('CLI credentials from the environment', () => {
  it('marks configs with where they came from', () => {
    assert.deepEqual([...new Set(configs('cli').map((c) => c.source))], ['cli']);
    assert.deepEqual([...new Set(configs('workspace').map((c) => c.source))], ['workspace']);
  });

  it('a file the user names (--stores) gets the environment credentials only where the environment says', () => {
    const list = configs('cli');
    const atVault = { ...ENV, VAULT_ADDR: VAULT_URL };
    assert.deepEqual(credentialsFromEnv(byName(list, 'token'), atVault), { token: 'hvs.shell-token' });
    assert.deepEqual(credentialsFromEnv(byName(list, 'approle'), atVault), { secretId: 'shell-secret-id' });
    // VAULT_ADDR names another server (or none): the token stays in the shell.
    assert.equal(credentialsFromEnv(byName(list, 'token'), ENV), undefined);
    assert.equal(credentialsFromEnv(byName(list, 'token'), { ...ENV, VAULT_ADDR: 'https://other.example.com:8200' }), undefined);
    // AWS keys: AWS's own endpoints, or the one AWS_ENDPOINT_URL names.
    assert.equal(credentialsFromEnv(byName(list, 'keys-aws'), ENV)?.accessKeyId, 'AKIASHELL');
    assert.equal(credentialsFromEnv(byName(list, 'keys-local'), ENV), undefined);
    assert.equal(
      credentialsFromEnv(byName(list, 'keys-local'), { ...ENV, AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' })?.accessKeyId,
      'AKIASHELL',
    );
  });

  it('pairs BAO_ADDR only with BAO_TOKEN / BAO_SECRET_ID and VAULT_ADDR only with VAULT_TOKEN / VAULT_SECRET_ID', () => {
    const list = configs('cli');
    assert.equal(credentialsFromEnv(byName(list, 'token'), { VAULT_TOKEN: 'hvs.v', BAO_ADDR: VAULT_URL }), undefined);
    assert.equal(credentialsFromEnv(byName(list, 'token'), { BAO_TOKEN: 'hvs.b', VAULT_ADDR: VAULT_URL }), undefined);
    assert.deepEqual(
      credentialsFromEnv(byName(list, 'token'), {
        BAO_TOKEN: 'hvs.b',
        BAO_ADDR: VAULT_URL,
        VAULT_TOKEN: 'hvs.v',
        VAULT_ADDR: 'https://other.example',
      }),
      { token: 'hvs.b' },
    );
    assert.equal(credentialsFromEnv(byName(list, 'approle'), { VAULT_SECRET_ID: 's', BAO_ADDR: VAULT_URL }), undefined);
    assert.deepEqual(credentialsFromEnv(byName(list, 'approle'), { BAO_SECRET_ID: 's', BAO_ADDR: VAULT_URL }), { secretId: 's' });
  });

  it("a repository's settings get no Vault credential unless the URL is VAULT_ADDR", () => {
    const list = configs('workspace');
    assert.equal(credentialsFromEnv(byName(list, 'token'), ENV), undefined);
    assert.equal(credentialsFromEnv(byName(list, 'approle'), ENV), undefined);
    assert.equal(credentialsFromEnv(byName(list, 'token'), { ...ENV, VAULT_ADDR: 'https://other.example.com:8200' }), undefined);
    assert.deepEqual(credentialsFromEnv(byName(list, 'token'), { ...ENV, VAULT_ADDR: `${VAULT_URL}/` }), { token: 'hvs.shell-token' });
    assert.deepEqual(credentialsFromEnv(byName(list, 'approle'), { ...ENV, VAULT_ADDR: VAULT_URL }), { secretId: 'shell-secret-id' });
  });

  it("a repository's settings get AWS keys only for AWS's own endpoints", () => {
    const list = configs('workspace');
    assert.equal(credentialsFromEnv(byName(list, 'keys-local'), ENV), undefined);
    assert.equal(credentialsFromEnv(byName(list, 'keys-aws'), ENV)?.accessKeyId, 'AKIASHELL');
  });
});

describe('CLI: the --stores file (issue 14)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-storesfile-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a stores file with a BOM is read; one nested thousands deep says so in words', () => {
    const bom = path.join(dir, 'bom.json');
    fs.writeFileSync(bom, `\ufeff${JSON.stringify([{ name: 'bao', kind: 'vault', url: 'http://127.0.0.1:8200' }])}`);
    assert.deepEqual(
      readStoresFile(bom).map((c) => c.name),
      ['bao'],
    );
    const deep = path.join(dir, 'deep.json');
    fs.writeFileSync(deep, `${'['.repeat(20_000)}${']'.repeat(20_000)}`);
    assert.throws(
      () => readStoresFile(deep),
      (e: unknown) => e instanceof Error && /nests objects or arrays too deeply/.test(e.message) && !/call stack/.test(e.message),
    );
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, '[{"name": "bao",\n "kind": }]');
    assert.throws(() => readStoresFile(broken), /is not valid JSON \(Value expected on line 2\)/);
  });
});
