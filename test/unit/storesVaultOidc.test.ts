// The RFC 8628 polling rule of the OIDC device mode (oidcLogin.ts). oidc-provider never answers
// slow_down, so the live device test cannot reach that branch; the rule is checked here on the exact
// error texts OpenBao's oidc/poll returns ("slow_down", "authorization_pending", "authorization failed: …").
import * as assert from 'node:assert/strict';
import { parseStoreConfig } from '../../src/core/stores/storeConfig';
import { nextPollInterval } from '../../src/core/stores/vault/oidcLogin';

describe('stores: Vault OIDC device polling (pure)', () => {
  it('authorization_pending keeps the interval', () => {
    assert.equal(nextPollInterval(2_000, ['authorization_pending']), 2_000);
  });

  it('slow_down adds 5 s each time it is answered', () => {
    const once = nextPollInterval(2_000, ['slow_down']);
    assert.equal(once, 7_000);
    assert.equal(nextPollInterval(once!, ['slow_down']), 12_000);
  });

  it('any other answer ends the flow', () => {
    assert.equal(nextPollInterval(2_000, ['authorization failed: access_denied']), undefined);
    assert.equal(nextPollInterval(2_000, ['Vault login failed. Expired or missing OAuth state.']), undefined);
    assert.equal(nextPollInterval(2_000, []), undefined);
  });
});

describe('stores: Vault OIDC store config (pure)', () => {
  const base = { kind: 'vault', name: 'corp', url: 'https://vault.example.com', auth: 'oidc' };

  it('reads auth "oidc" with its mount, role, mode and listener', () => {
    const { config, problems } = parseStoreConfig({
      ...base,
      oidc: { mount: 'corp-oidc', role: 'dev', callbackMode: 'device', port: 8300, callbackHost: 'localhost', callbackMethod: 'http' },
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(config?.kind === 'vault' && config.oidc, {
      mount: 'corp-oidc',
      role: 'dev',
      callbackMode: 'device',
      port: 8300,
      callbackHost: 'localhost',
      callbackMethod: 'http',
    });
  });

  it('refuses a bad mode, port or scheme with a message naming the field', () => {
    const { config, problems } = parseStoreConfig({ ...base, oidc: { callbackMode: 'direct', port: 70000, callbackMethod: 'ftp' } });
    assert.equal(config, undefined);
    assert.deepEqual(
      problems.map((p) => p.message),
      [
        '"oidc.callbackMode" must be "client" or "device".',
        '"oidc.callbackMethod" must be "http" or "https".',
        '"oidc.port" must be a port number from 1 to 65535.',
      ],
    );
  });
});
