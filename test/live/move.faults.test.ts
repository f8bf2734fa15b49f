// The move fault test: the store dies between the copy and the delete (the fault proxy in front of OpenBao
// drops every request from the moment the delete is confirmed). The move stops with the old secret,
// the copy and the rewritten files in place; the next start (`secretref mv` again) reports the unfinished
// move from its journal; finishing it removes the old secret, rolling it back rewrites the references to
// the old secret and removes the copy. Nothing is lost at any step: both values are checked by content.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { readMoveJournals } from '../../src/core/move/moveJournal';
import type { SecretStore } from '../../src/core/stores/types';
import { vaultStore } from '../fixtures/migration/migrationHarness';
import { FaultProxy, startFaultProxy } from '../support/faultProxy';
import { testEnvironment } from '../support/testEnv';
import { absent, capturedIo, vaultTree } from '../support/moveSupport';

describe('move: the store dies between copy and delete', function () {
  this.timeout(60_000);
  let dir: string;
  let id: string;
  let proxy: FaultProxy;
  let store: SecretStore;
  let from: string;
  let to: string;
  let files: Record<string, string>;
  const values = (n: string) => [1, 2].map((v) => ({ password: `pw-${n}-v${v}`, user: `user-${n}` }));

  beforeEach(async () => {
    const env = testEnvironment();
    id = randomBytes(4).toString('hex');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-move-fault-'));
    proxy = await startFaultProxy({ target: env.vault.address, lifetimeMs: 60_000 });
    store = vaultStore('bao', env.vault.address, env.vault.rootToken);
    from = `move-fault-${id}/db`;
    to = `move-fault-${id}/db2`;
    for (const data of values(id)) await store.write(from, { type: 'keyed', data });
    files = vaultTree(dir, from, `move-fault-${id}/other`);
    // The CLI talks to OpenBao through the proxy only.
    fs.writeFileSync(path.join(dir, 'stores.json'), JSON.stringify([{ name: 'bao', kind: 'vault', url: proxy.url, auth: 'token' }]));
  });
  afterEach(async () => {
    await proxy.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cliEnv = () => ({ VAULT_TOKEN: testEnvironment().vault.rootToken, VAULT_ADDR: proxy.url });

  async function interruptedMove(): Promise<void> {
    // The delete is confirmed, and at that moment the store goes away.
    const io = capturedIo(dir, cliEnv(), async () => {
      proxy.rules = [{ action: { kind: 'drop' } }];
      return true;
    });
    assert.equal(await runCli(['mv', `bao:${from}`, to, '--stores', 'stores.json'], io), 1);
    assert.match(io.err.join('\n'), /did not finish; nothing is lost/);
    proxy.rules = [];
    // The moment of the fault: copy verified, references rewritten, old secret still there.
    assert.ok(!(await absent(store, from)) && !(await absent(store, to)));
    assert.equal(fs.readFileSync(path.join(dir, 'conf/a.json'), 'utf8'), files['conf/a.json'].replaceAll(from, to));
    const records = readMoveJournals(path.join(dir, '.state')).records;
    assert.equal(records.length, 1);
    assert.equal(records[0].state, 'rewritten');
  }

  async function historyOf(secretPath: string): Promise<unknown[]> {
    const metadata = await store.metadata(secretPath);
    const versions = metadata.versions.map((v) => v.version).sort((a, b) => Number(a) - Number(b));
    return Promise.all(
      versions.map(async (version) => {
        const value = await store.read(secretPath, { version });
        return value.type === 'keyed' ? value.data : undefined;
      }),
    );
  }

  it('the next start reports the unfinished move, and finishing it removes the old secret', async () => {
    await interruptedMove();
    const next = capturedIo(dir, cliEnv());
    assert.equal(await runCli(['mv', `bao:move-fault-${id}/other`, 'x', '--stores', 'stores.json'], next), 1);
    assert.match(
      next.err.join('\n'),
      /did not finish: the copy is verified and every reference rewritten; the old secret is still there\. Nothing is lost\./,
    );
    assert.match(next.err.join('\n'), /--finish-interrupted or --roll-back-interrupted/);

    const finish = capturedIo(dir, cliEnv());
    assert.equal(await runCli(['mv', '--finish-interrupted', '--delete-old', '--stores', 'stores.json'], finish), 0, finish.err.join('\n'));
    assert.ok(await absent(store, from), 'finish did not remove the old secret');
    assert.deepEqual(await historyOf(to), values(id), 'the copy lost a version');
    assert.equal(readMoveJournals(path.join(dir, '.state')).records.length, 0);
  });

  it('rolling it back rewrites the references to the old secret and removes the copy', async () => {
    await interruptedMove();
    const back = capturedIo(dir, cliEnv());
    assert.equal(await runCli(['mv', '--roll-back-interrupted', '--stores', 'stores.json'], back), 0, back.err.join('\n'));
    for (const [file, text] of Object.entries(files))
      assert.equal(fs.readFileSync(path.join(dir, file), 'utf8'), text, `${file} not rolled back`);
    assert.ok(await absent(store, to), 'the copy is still there');
    assert.deepEqual(await historyOf(from), values(id), 'the old secret lost a version');
    assert.equal(readMoveJournals(path.join(dir, '.state')).records.length, 0);
  });
});
