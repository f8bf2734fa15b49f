// The store-error policy table: one answer per kind, and the kinds that stop a batch are the ones
// that make the store as a whole unusable.
import * as assert from 'node:assert/strict';
import { STORE_ERROR_POLICY } from '../../src/core/stores/errorPolicy';

describe('stores: one policy per error kind', () => {
  it('a kind that marks the store down or signed out also stops a migration batch and offers a fix', () => {
    for (const [kind, policy] of Object.entries(STORE_ERROR_POLICY)) {
      if (policy.status) {
        assert.equal(policy.fatalForBatch, true, `${kind}: the store is unusable, so a batch stops`);
        assert.ok(policy.fixes.length > 0, `${kind}: a fix is offered`);
      }
    }
  });

  it('a timeout is treated as the store being down, like unreachable, sealed and TLS failures', () => {
    for (const kind of ['timeout', 'unreachable', 'sealed', 'tls'] as const)
      assert.deepEqual(STORE_ERROR_POLICY[kind], STORE_ERROR_POLICY.unreachable, kind);
  });

  it('a failure of one secret says nothing about the store', () => {
    for (const kind of ['not-found', 'conflict', 'deleted', 'throttled'] as const) {
      assert.equal(STORE_ERROR_POLICY[kind].status, undefined, kind);
      assert.equal(STORE_ERROR_POLICY[kind].fatalForBatch, false, kind);
    }
  });
});
