// "Already in the store" (core/references/storedValues.ts, inlineSecrets.ts): salted hashes of values read
// from eligible stores, bounded, dropped on change; the inline-secret diagnostic names the equal secret.
import * as assert from 'node:assert/strict';
import { inlineSecretDiagnostics } from '../../src/core/references/inlineSecrets';
import { StoredValueHashes } from '../../src/core/references/storedValues';
import type { SecretValue } from '../../src/core/stores/types';

function keyed(store: string, path: string, data: Record<string, unknown>): SecretValue {
  return { store, path, type: 'keyed', data };
}

describe('stored value hashes ("already in the store")', () => {
  const userStores = new Set(['mine', 'aws']);
  const hashes = () => new StoredValueHashes({ eligible: (store) => userStores.has(store) });

  it('finds the place of an equal value, only in eligible stores, never for short values', () => {
    const h = hashes();
    h.observe(keyed('mine', 'db/prod', { password: 'correct-horse-battery', port: '5432', n: 3 }));
    h.observe(keyed('theirs', 'db/prod', { password: 'correct-horse-battery' }));
    h.observe({ store: 'aws', path: 'api', type: 'text', text: 'sk-live-0123456789' });
    assert.deepEqual(h.matches('correct-horse-battery'), [{ store: 'mine', path: 'db/prod', key: 'password' }]);
    assert.deepEqual(h.matches('sk-live-0123456789'), [{ store: 'aws', path: 'api', key: null }]);
    assert.deepEqual(h.matches('correct-horse-batter'), [], 'equal means equal');
    assert.deepEqual(h.matches('5432'), [], 'too short to say anything');
    assert.equal(h.size, 2, 'the ineligible store and the short value are not hashed');
  });

  it('a pinned read is not hashed; a read again replaces, a change forgets', () => {
    const h = hashes();
    h.observe(keyed('mine', 'a', { password: 'old-password-1' }), true);
    assert.deepEqual(h.matches('old-password-1'), []);
    h.observe(keyed('mine', 'a', { password: 'old-password-1' }));
    h.observe(keyed('mine', 'a', { password: 'new-password-2' }));
    assert.deepEqual(h.matches('old-password-1'), [], 'the newer read replaced the older values');
    assert.equal(h.matches('new-password-2').length, 1);
    h.forget('mine', 'a');
    assert.deepEqual(h.matches('new-password-2'), []);
    assert.equal(h.size, 0);
  });

  it('tells its listeners when a read added hashes, not when it added none', () => {
    const h = hashes();
    let added = 0;
    const subscription = h.onDidAdd(() => added++);
    h.observe(keyed('mine', 'a', { password: 'listened-value-1' }));
    h.observe(keyed('theirs', 'b', { password: 'listened-value-2' }));
    h.observe(keyed('mine', 'c', { port: '5432' }));
    assert.equal(added, 1);
    subscription.dispose();
    h.observe(keyed('mine', 'd', { password: 'listened-value-3' }));
    assert.equal(added, 1, 'disposed');
  });

  it('is bounded: the oldest secrets go first', () => {
    const h = new StoredValueHashes({ eligible: () => true, maxValues: 3 });
    for (let i = 0; i < 5; i++) h.observe(keyed('mine', `s${i}`, { password: `password-number-${i}` }));
    assert.equal(h.size, 3);
    assert.deepEqual(h.matches('password-number-0'), []);
    assert.equal(h.matches('password-number-4')[0]?.path, 's4');
  });

  it('salted per session: another instance does not share hashes, and nothing holds the value', () => {
    const a = hashes();
    a.observe(keyed('mine', 'x', { password: 'salted-value-123' }));
    const b = hashes();
    assert.deepEqual(b.matches('salted-value-123'), []);
    // What the object holds, Maps spelled out: hashes and places, never the value.
    const held = JSON.stringify(Object.values(a).map((field: unknown) => (field instanceof Map ? [...field.entries()] : field)));
    assert.ok(held.includes('"path":"x"'), 'the dump does show what is held');
    assert.ok(!held.includes('salted-value-123'));
  });

  it('the inline-secret diagnostic says which secret holds the same value, and only then', () => {
    const text = JSON.stringify({ user: 'loader', password: 'correct-horse-battery', account: 'xy12345', api_key: 'ak-1-other' }, null, 2);
    const match = (value: string) =>
      value === 'correct-horse-battery' ? { store: 'mine', reference: 'vault.secret(mine:db/prod.password)' } : undefined;
    const diagnostics = inlineSecretDiagnostics(text, { fileName: '/w/prod.snowflake.json' }, match);
    const password = diagnostics.find((d) => d.path === 'password');
    assert.match(
      password?.message ?? '',
      /equals vault\.secret\(mine:db\/prod\.password\) in store "mine"\. Reference the existing secret/,
    );
    assert.deepEqual(password?.data?.existing, { store: 'mine', reference: 'vault.secret(mine:db/prod.password)' });
    const other = diagnostics.find((d) => d.path === 'api_key');
    assert.ok(other && !other.data?.existing && /Move it to a secret store/.test(other.message));
    assert.ok(diagnostics.every((d) => !d.message.includes('correct-horse-battery') && !JSON.stringify(d.data).includes('correct-horse')));
  });
});
