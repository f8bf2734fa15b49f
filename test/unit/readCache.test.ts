// The store read cache: shared reads, TTL, and expired entries (secret values) swept away by a timer
// rather than kept until the same key is read again.
import * as assert from 'node:assert/strict';
import { ReadCache } from '../../src/core/stores/readCache';
import { waitFor } from '../support/waitFor';

describe('ReadCache', () => {
  it('shares one load between concurrent reads and serves the value until it expires', async () => {
    let now = 1_000;
    let loads = 0;
    const cache = new ReadCache<string>(
      () => 30_000,
      () => now,
    );
    const load = async () => `value-${++loads}`;
    assert.deepEqual(await Promise.all([cache.get('k', load), cache.get('k', load)]), ['value-1', 'value-1']);
    assert.equal(await cache.get('k', load), 'value-1');
    now += 30_001;
    assert.equal(await cache.get('k', load), 'value-2');
    cache.dispose();
  });

  it('sweep() drops expired entries only', async () => {
    let now = 0;
    const cache = new ReadCache<string>(
      () => 1_000,
      () => now,
    );
    await cache.get('old', async () => 'a');
    now = 600;
    await cache.get('new', async () => 'b');
    now = 1_200;
    cache.sweep();
    assert.equal(cache.size, 1, 'the expired entry is gone, the live one stays');
    cache.dispose();
    assert.equal(cache.size, 0);
  });

  it('a timer sweeps expired values even when nobody reads again', async () => {
    const cache = new ReadCache<string>(() => 50);
    await cache.get('secret', async () => 'canary-value');
    assert.equal(cache.size, 1);
    await waitFor('the expired value to be swept', () => (cache.size === 0 ? true : undefined), { timeoutMs: 5_000, intervalMs: 50 });
    cache.dispose();
  });
});
