// Shared helpers for the store tests: expect a StoreError of a kind while collecting every message
// produced, so each suite can assert that no secret value or token ever appeared in error text.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createStoreManager, credentialKey, isStoreError, memoryCredentialStore, StoreError, StoreErrorKind } from '../../src/core/stores';
import type { ConfigSource, ResolvedStoreConfig, StoreManagerOptions, StoreManagerWithStats } from '../../src/core/stores';
import { AWS_TEST_CREDENTIALS } from '../support/seed';
import { testEnvironment } from '../support/testEnv';
import { waitFor as pollWithDeadline } from '../support/waitFor';

export const producedMessages: string[] = [];

export async function expectStoreError(promise: Promise<unknown>, kind: StoreErrorKind): Promise<StoreError> {
  try {
    await promise;
  } catch (error) {
    const text = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
    producedMessages.push(text);
    assert.ok(isStoreError(error), `expected a StoreError, got: ${text}`);
    assert.equal(error.kind, kind, `expected kind ${kind}: ${error.message}`);
    return error;
  }
  assert.fail(`expected a StoreError of kind ${kind}, but the call succeeded`);
}

/** Asserts that none of the secrets appears in any message produced so far. */
export function assertNoLeaks(secrets: readonly string[]): void {
  // (A filtered run, mocha --grep, may produce none; a full run produces dozens.)
  for (const message of producedMessages) {
    for (const secret of secrets) {
      if (secret.length >= 4)
        assert.ok(!message.includes(secret), `a secret leaked into an error message: ${message.replace(secret, '<LEAK>')}`);
    }
  }
}

export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Polls until the probe returns a value, failing after the deadline. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  return pollWithDeadline(what, probe, { timeoutMs, intervalMs });
}

/** Runs tasks with a concurrency limit (seeding hundreds of secrets). */
export async function inPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** A store manager over one OpenBao config (KV v2 at secret/, root token) and one moto
 *  config, both from `source` (default the user's settings) and signed in. */
export async function liveStoreManager(
  names: { vault: string; aws: string },
  options: Partial<StoreManagerOptions> = {},
  source: ConfigSource = 'user',
): Promise<StoreManagerWithStats> {
  const env = testEnvironment();
  const configs: ResolvedStoreConfig[] = [
    { kind: 'vault', name: names.vault, url: env.vault.address, auth: 'token', enginePath: 'secret', source },
    { kind: 'aws', name: names.aws, region: env.aws.region, endpoint: env.aws.endpoint, auth: 'accessKey', source },
  ];
  const credentials = memoryCredentialStore();
  for (const config of configs) {
    const value = config.kind === 'vault' ? { token: env.vault.rootToken } : AWS_TEST_CREDENTIALS;
    await credentials.store(credentialKey(config), JSON.stringify(value));
  }
  return createStoreManager({ credentials, configs, maxAttempts: 1, timeoutMs: 5000, ...options });
}
