// The reference state (src/core/references/referenceState.ts) against live OpenBao and moto: one read
// per target however many ask at once, a write that invalidates only its secret and names only the
// documents that reference it, and values (with their log masks) let go when they expire.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ReferenceDocument, ReferenceState, ReferenceStateChange } from '../../src/core/references/referenceState';
import type { ReferenceSettings } from '../../src/core/references/settings';
import type { StoreManager, StoreManagerWithStats } from '../../src/core/stores';
import { waitFor } from '../support/waitFor';
import { liveStoreManager } from './storesTestSupport';

const VAULT = 'state-bao';
const AWS = 'state-aws';
const SETTINGS: ReferenceSettings = { templates: {}, defaultAwsStore: AWS };

function manager(): Promise<StoreManagerWithStats> {
  return liveStoreManager({ vault: VAULT, aws: AWS });
}

/** The manager, counting the reads the state asks of it. */
function counting(m: StoreManager): { stores: StoreManager; reads: () => number } {
  let reads = 0;
  return { stores: { ...m, read: (...args) => (reads++, m.read(...args)) }, reads: () => reads };
}

function doc(uri: string, text: string, version = 1): ReferenceDocument {
  return { uri, version, getText: () => text };
}

/** Log masks handed out and not yet released. */
function masks() {
  const live = new Map<string, number>();
  return {
    addSecret: (value: string) => {
      live.set(value, (live.get(value) ?? 0) + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        live.set(value, live.get(value)! - 1);
        if (live.get(value) === 0) live.delete(value);
      };
    },
    count: () => [...live.values()].reduce((a, b) => a + b, 0),
    has: (value: string) => live.has(value),
  };
}

describe('reference state (live OpenBao + moto)', function () {
  this.timeout(30_000);
  const id = randomBytes(4).toString('hex');
  let m: StoreManagerWithStats;

  before(async () => {
    m = await manager();
    const vault = await m.get(VAULT);
    await vault.write(`state-${id}/a`, { type: 'keyed', data: { password: `a-${id}-1`, user: 'ua' } });
    await vault.write(`state-${id}/b`, { type: 'keyed', data: { password: `b-${id}-1`, user: 'ub' } });
  });
  after(() => m.dispose());

  it('makes one read for concurrent requests for one target (hover, diagnostics, metadata, other keys)', async () => {
    const { stores, reads } = counting(m);
    const state = new ReferenceState({ stores, settings: () => SETTINGS, ttlMs: () => 30_000 });
    const text = `p: vault.secret(${VAULT}:state-${id}/a.password)\nu: vault.secret(${VAULT}:state-${id}/a.user)\n`;
    const [password, user] = state.scan(doc('file:///one', text)).references;
    const outcomes = await Promise.all([
      state.resolve(password),
      state.resolve(password),
      state.resolve(user),
      state.metadata(password),
      ...Array.from({ length: 20 }, () => state.resolve(user)),
    ]);
    assert.equal(reads(), 1, 'one read for the target');
    assert.equal(state.readCount, 1);
    assert.deepEqual(
      outcomes.slice(0, 3).map((o) => (o && 'status' in o && o.status === 'resolved' ? o.value : o)),
      [`a-${id}-1`, `a-${id}-1`, 'ua'],
    );
    assert.equal(state.peek(user)?.status, 'resolved', 'a settled read answers at once');
    state.dispose();
  });

  it('a write to secret A keeps B and names only the documents that reference A', async () => {
    const { stores, reads } = counting(m);
    const state = new ReferenceState({ stores, settings: () => SETTINGS, ttlMs: () => 30_000, watchStores: true });
    const refA = `vault.secret(${VAULT}:state-${id}/a.password)`;
    const refB = `vault.secret(${VAULT}:state-${id}/b.password)`;
    const docs = [
      doc('file:///a', `x: ${refA}`),
      doc('file:///b', `x: ${refB}`),
      doc('file:///ab', `x: ${refA}\ny: ${refB}`),
      doc('file:///none', 'plain'),
    ];
    const refs = docs.map((d) => state.scan(d).references);
    for (const list of refs) for (const ref of list) await state.resolve(ref);
    assert.equal(reads(), 2);
    const changes: ReferenceStateChange[] = [];
    const listening = state.onDidChange((change) => changes.push(change));

    await (await m.get(VAULT)).write(`state-${id}/a`, { type: 'keyed', data: { password: `a-${id}-2`, user: 'ua' } });

    // Diagnostics re-run for the documents a change names: counted, two of four.
    const rerun = changes.flatMap((change) => (change.uris === 'all' ? docs.map((d) => d.uri) : change.uris));
    assert.deepEqual([...rerun].sort(), ['file:///a', 'file:///ab']);
    const [b] = refs[1];
    const [a] = refs[0];
    assert.equal(state.peek(a), undefined, "A's resolution is dropped");
    const keptB = state.peek(b);
    assert.ok(keptB?.status === 'resolved' && keptB.value === `b-${id}-1`, "B's resolution is kept");
    const againA = await state.resolve(a);
    assert.ok(againA.status === 'resolved' && againA.value === `a-${id}-2`, 'A reads the new value');
    await state.resolve(b);
    assert.equal(reads(), 3, 'only A is read again');

    // A migration's 40 writes to secrets no open document references re-check no document.
    changes.length = 0;
    const vault = await m.get(VAULT);
    for (let i = 0; i < 40; i++) await vault.write(`state-${id}/migrated/c${i}`, { type: 'keyed', data: { password: `m${i}-${id}` } });
    assert.deepEqual(changes, []);
    listening.dispose();
    state.dispose();
  });

  it('an AWS write by name drops the resolution of a reference by ARN', async () => {
    const name = `state-${id}/aws`;
    const aws = await m.get(AWS);
    const written = await aws.write(name, { type: 'keyed', data: { token: `t-${id}-1` } }, { create: true });
    const arn = written.arn ?? (await m.metadata(AWS, name)).arn!;
    const state = new ReferenceState({ stores: m, settings: () => SETTINGS, ttlMs: () => 30_000, watchStores: true });
    const [ref] = state.scan(doc('file:///arn', `t: "{{resolve:secretsmanager:${arn}:SecretString:token}}"`)).references;
    const first = await state.resolve(ref);
    assert.ok(first.status === 'resolved' && first.value === `t-${id}-1`, first.status === 'failed' ? first.message : '');
    const changes: ReferenceStateChange[] = [];
    state.onDidChange((change) => changes.push(change));
    await aws.write(name, { type: 'keyed', data: { token: `t-${id}-2` } });
    assert.deepEqual(changes, [{ uris: ['file:///arn'] }]);
    assert.equal(state.peek(ref), undefined);
    const second = await state.resolve(ref);
    assert.ok(second.status === 'resolved' && second.value === `t-${id}-2`);
    state.dispose();
  });

  it('releases values and their log masks when they expire', async () => {
    let clock = 1_000_000;
    const mask = masks();
    const { stores, reads } = counting(m);
    const state = new ReferenceState({
      stores,
      settings: () => SETTINGS,
      ttlMs: () => 10_000,
      addSecret: mask.addSecret,
      now: () => clock,
    });
    const [ref] = state.scan(doc('file:///exp', `vault.secret(${VAULT}:state-${id}/b.password)`)).references;
    const resolution = await state.resolve(ref);
    assert.equal(resolution.status, 'resolved');
    assert.ok(mask.has(`b-${id}-1`), 'the value is masked in the log while held');
    clock += 9_999;
    assert.ok(state.peek(ref), 'still fresh');
    clock += 1;
    state.sweep();
    assert.equal(mask.count(), 0, 'the mask is released with the value');
    assert.equal(state.peek(ref), undefined);
    await state.resolve(ref);
    assert.equal(reads(), 2, 'an expired value is read again');
    state.dispose();
    assert.equal(mask.count(), 0, 'disposal releases every mask');
  });

  it('lets go of values by its own timer, with no request to come', async () => {
    const mask = masks();
    const state = new ReferenceState({ stores: m, settings: () => SETTINGS, ttlMs: () => 50, addSecret: mask.addSecret });
    const [password] = state.scan(doc('file:///timer', `vault.secret(${VAULT}:state-${id}/b.password)`)).references;
    await state.resolve(password);
    assert.equal(mask.count(), 1);
    await waitFor('the expired value to be let go', () => (mask.count() === 0 ? true : undefined), { timeoutMs: 5_000, intervalMs: 20 });
    state.dispose();
  });
});
