// The CLI session's pieces that need no server: the token_helper line of ~/.vault / ~/.bao, where the
// config files and the token file are, and which reference code a signed-out store gives.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { codeForStoreError } from '../../src/core/references/resolve';
import { StoreError } from '../../src/core/stores/storeError';
import { cliConfigFile, cliSessionToken, tokenHelperOf } from '../../src/core/stores/vault/cliSession';

describe('Vault CLI session (issue 16)', () => {
  it('reads token_helper from HCL, skipping comments', () => {
    assert.equal(tokenHelperOf('# token_helper = "/old"\ntoken_helper = "/usr/local/bin/helper"\n'), '/usr/local/bin/helper');
    assert.equal(tokenHelperOf('  token_helper="/a \\"b\\""'), '/a "b"');
    assert.equal(tokenHelperOf('// token_helper = "/x"'), undefined);
    assert.equal(tokenHelperOf('other = "/x"'), undefined);
  });

  it('honours HOME and VAULT_CONFIG_PATH / BAO_CONFIG_PATH', () => {
    assert.equal(cliConfigFile('VAULT', { HOME: '/h' }), path.join('/h', '.vault'));
    assert.equal(cliConfigFile('BAO', { HOME: '/h' }), path.join('/h', '.bao'));
    assert.equal(cliConfigFile('BAO', { HOME: '/h', BAO_CONFIG_PATH: '/etc/bao.hcl' }), '/etc/bao.hcl');
  });

  it('takes ~/.vault-token under HOME; a relative helper is ignored, not run', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-clisession-'));
    try {
      assert.equal(await cliSessionToken('VAULT', { HOME: home }), undefined);
      fs.writeFileSync(path.join(home, '.vault-token'), 's.file-token\n');
      assert.equal(await cliSessionToken('VAULT', { HOME: home }), 's.file-token');
      assert.equal(await cliSessionToken('BAO', { HOME: home }), 's.file-token');
      fs.writeFileSync(path.join(home, '.vault'), 'token_helper = "helper.sh"\n');
      assert.equal(await cliSessionToken('VAULT', { HOME: home }), undefined);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('signed-out and expired failures are the `signed-out` reference code; a store that is down stays store-unreachable', () => {
    const error = (kind: StoreError['kind']) => new StoreError({ kind, store: 's', problem: 'p', action: 'a' });
    assert.equal(codeForStoreError(error('signed-out')), 'signed-out');
    assert.equal(codeForStoreError(error('expired')), 'signed-out');
    assert.equal(codeForStoreError(error('unreachable')), 'store-unreachable');
    assert.equal(codeForStoreError(error('not-found')), 'secret-not-found');
  });
});
