import * as assert from 'node:assert/strict';
import { testEnvironment } from '../support/testEnv';

describe('test stores', () => {
  it('OpenBao answers health with the seeded root token', async () => {
    const env = testEnvironment();
    const response = await fetch(`${env.vault.address}/v1/auth/token/lookup-self`, {
      headers: { 'X-Vault-Token': env.vault.rootToken },
    });
    assert.equal(response.status, 200);
  });
});
