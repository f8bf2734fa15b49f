// "Already in the store" against live OpenBao and moto: values read through the store manager are hashed
// (salted, locally) when the store is the user's; an inline secret equal to one then names the reference
// that reads it back, for Vault and AWS; a repository's own config, not approved, is never compared.
import * as assert from 'node:assert/strict';
import { inlineSecretDiagnostics } from '../../src/core/references/inlineSecrets';
import { ReferenceState } from '../../src/core/references/referenceState';
import { storedValueMatch } from '../../src/core/references/storedValueReference';
import { StoredValueHashes, storedValueEligible } from '../../src/core/references/storedValues';
import type { ReferenceSettings } from '../../src/core/references/settings';
import type { ConfigSource, StoreManagerWithStats } from '../../src/core/stores';
import { liveStoreManager, unique } from './storesTestSupport';

const VAULT = 'same-bao';
const AWS = 'same-aws';
const SETTINGS: ReferenceSettings = { templates: {}, defaultAwsStore: AWS };

async function session(source: ConfigSource = 'user') {
  const held: { manager?: StoreManagerWithStats } = {};
  const hashes = new StoredValueHashes({ eligible: (name) => storedValueEligible(held.manager?.config(name), () => false) });
  const m = await liveStoreManager({ vault: VAULT, aws: AWS }, { onRead: (value, pinned) => hashes.observe(value, pinned) }, source);
  held.manager = m;
  hashes.follow(m);
  const state = new ReferenceState({ stores: m, settings: () => SETTINGS });
  const match = storedValueMatch(hashes, { config: (name) => m.config(name), targetOf: (ref) => state.targetOf(ref) });
  return { m, hashes, state, match };
}

function credential(password: string): string {
  return JSON.stringify({ user: 'loader', password, account: 'xy12345' }, null, 2);
}

describe('already in the store (live OpenBao + moto)', function () {
  this.timeout(60_000);

  it('Vault: an inline value equal to a secret read this session names its reference; before the read, nothing', async () => {
    const { m, hashes, match } = await session();
    try {
      const path = unique('same/db');
      const value = `pw-${unique('vault')}`;
      await (await m.get(VAULT)).write(path, { type: 'keyed', data: { password: value, user: 'loader' } });
      const text = credential(value);
      const before = inlineSecretDiagnostics(text, { fileName: '/w/prod.snowflake.json' }, match);
      assert.equal(before.find((d) => d.path === 'password')?.data?.existing, undefined, 'not read yet: not compared (no scan)');
      await m.read(VAULT, path, { fresh: true });
      assert.ok(hashes.size > 0);
      const [after] = inlineSecretDiagnostics(text, { fileName: '/w/prod.snowflake.json' }, match).filter((d) => d.path === 'password');
      const reference = `vault.secret(${VAULT}:${path}.password)`;
      assert.deepEqual(after.data?.existing, { store: VAULT, reference });
      assert.ok(after.message.includes(`equals ${reference} in store "${VAULT}"`), after.message);
      assert.ok(!after.message.includes(value));
      // A new version changes the value: the old hash goes with the write.
      await (await m.get(VAULT)).write(path, { type: 'keyed', data: { password: `${value}-rotated` } });
      assert.equal(inlineSecretDiagnostics(text, { fileName: '/w/prod.snowflake.json' }, match)[0]?.data?.existing, undefined);
    } finally {
      m.dispose();
    }
  });

  it('AWS: a value read through a reference names the dynamic reference of its key', async () => {
    const { m, state, match } = await session();
    try {
      const name = unique('same/api');
      const value = `pw-${unique('aws')}`;
      await (await m.get(AWS)).write(name, { type: 'keyed', data: { password: value } }, { create: true });
      const resolution = await state.resolveTarget({ store: AWS, path: name, key: 'password', options: {} });
      assert.equal(resolution.status, 'resolved');
      const found = inlineSecretDiagnostics(credential(value), { fileName: '/w/prod.snowflake.json' }, match).find(
        (d) => d.path === 'password',
      );
      assert.deepEqual(found?.data?.existing, { store: AWS, reference: `{{resolve:secretsmanager:${name}:SecretString:password}}` });
    } finally {
      m.dispose();
    }
  });

  it("a repository's config the user did not approve: its values are never hashed or compared", async () => {
    const { m, hashes, match } = await session('workspace');
    try {
      const path = unique('same/ws');
      const value = `pw-${unique('ws')}`;
      await (await m.get(VAULT)).write(path, { type: 'keyed', data: { password: value } });
      await m.read(VAULT, path, { fresh: true });
      assert.equal(hashes.size, 0, 'nothing hashed');
      assert.equal(inlineSecretDiagnostics(credential(value), { fileName: '/w/prod.snowflake.json' }, match)[0]?.data?.existing, undefined);
    } finally {
      m.dispose();
    }
  });
});
