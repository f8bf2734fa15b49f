import * as assert from 'node:assert/strict';
import { environmentToken } from '../../src/core/stores';
import type { ResolvedStoreConfig } from '../../src/core/stores';

const userVault: ResolvedStoreConfig = { kind: 'vault', name: 'v', url: 'http://127.0.0.1:8200/', auth: 'token', source: 'user' };
const env = { VAULT_ADDR: 'http://127.0.0.1:8200', VAULT_TOKEN: 'env-token' };

describe('stores: the environment token fallback', () => {
  it('gives VAULT_TOKEN to a user config whose URL is VAULT_ADDR', () => {
    assert.deepEqual(environmentToken(userVault, env), { token: 'env-token' });
    assert.deepEqual(environmentToken(userVault, { BAO_ADDR: 'http://127.0.0.1:8200', BAO_TOKEN: 'bao' }), { token: 'bao' });
  });

  it('never gives it to a workspace config, another URL, or another auth method', () => {
    assert.equal(environmentToken({ ...userVault, source: 'workspace' }, env), undefined);
    assert.equal(environmentToken({ ...userVault, url: 'http://evil.example:8200' }, env), undefined);
    assert.equal(environmentToken({ ...userVault, auth: 'approle' }, env), undefined);
    assert.equal(environmentToken(userVault, { VAULT_TOKEN: 'env-token' }), undefined);
    // Each address pairs with its own token only (BAO_ADDR took VAULT_TOKEN before).
    assert.equal(environmentToken(userVault, { BAO_ADDR: 'http://127.0.0.1:8200', VAULT_TOKEN: 'env-token' }), undefined);
    assert.equal(environmentToken(userVault, { VAULT_ADDR: 'http://127.0.0.1:8200', BAO_TOKEN: 'bao' }), undefined);
    assert.equal(environmentToken({ kind: 'aws', name: 'a', region: 'us-east-1', auth: 'default', source: 'user' }, env), undefined);
  });
});
