// Migration runs cut short (the journal alone: test/unit/migrationJournal.test.ts): the assessment of what a
// run left in a live store and file, the removal of exactly the run's unreferenced secrets, and a real
// crash: a child process migrating through a slowed proxy is SIGKILLed mid-batch.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openJournal, readJournals } from '../../src/core/migration/journal';
import type { JournalRecord } from '../../src/core/migration/journal';
import { assessInterruptedRun, removeUnreferenced } from '../../src/core/migration/recovery';
import { isStoreError } from '../../src/core/stores/storeError';
import type { SecretStore } from '../../src/core/stores/types';
import { startFaultProxy } from '../support/faultProxy';
import { testEnvironment } from '../support/testEnv';
import { waitFor } from '../support/waitFor';
import { connectionsFile } from '../fixtures/migration/credentialSamples';
import { awsStore, vaultStore } from '../fixtures/migration/migrationHarness';

async function exists(store: SecretStore, secretPath: string): Promise<boolean> {
  try {
    await store.metadata(secretPath);
    return true;
  } catch (error) {
    if (isStoreError(error) && error.kind === 'not-found') return false;
    throw error;
  }
}

function record(dir: string, store: string, storeKind: 'vault' | 'aws', paths: string[], startedAt?: string): JournalRecord {
  const journal = openJournal(dir, {
    source: path.join(dir, 'conns.json'),
    store,
    storeKind,
    connections: paths.map((p, i) => ({ name: `c${i}`, location: `[${i}]`, secretPath: p })),
  });
  const found = readJournals(dir).records.find((r) => r.file === journal.file)!;
  return { ...found, header: { ...found.header, startedAt: startedAt ?? found.header.startedAt } };
}

describe('interrupted migrations', function () {
  this.timeout(60_000);
  let dir: string;
  let id: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-journal-'));
    id = randomBytes(4).toString('hex');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('classifies what a run left in Vault and removes only its own unreferenced secrets', async () => {
    const env = testEnvironment();
    const store = vaultStore('vault-rec', env.vault.address, env.vault.rootToken);
    const p = (name: string) => `recovery-${id}/${name}`;
    const paths = [p('created'), p('writing-new'), p('referenced'), p('older'), p('never'), p('absent'), p('removed')];
    for (const name of ['created', 'writing-new', 'referenced', 'older', 'removed'])
      await store.write(p(name), { type: 'keyed', data: { password: `value-${name}` } }, { create: true });
    // 'older' existed before the run: the journal says the run started ten minutes after it.
    const later = new Date(Date.now() + 10 * 60_000).toISOString();
    const run = record(dir, 'vault-rec', 'vault', paths, later);
    // Only 'older' is judged by time; give the others a journal that started now.
    const now = record(fs.mkdtempSync(path.join(dir, 'now-')), 'vault-rec', 'vault', paths);
    const states: [string, 'writing' | 'created' | 'removed'][] = [
      [p('created'), 'created'],
      [p('writing-new'), 'writing'],
      [p('referenced'), 'created'],
      [p('absent'), 'writing'],
      [p('removed'), 'removed'],
    ];
    const text = `[{"credentials": {"password": "vault.secret(vault-rec:${p('referenced')}.password)"}}]`;
    const assessed = await assessInterruptedRun({ ...now, states: new Map(states) }, store, text);
    const older = await assessInterruptedRun({ ...run, states: new Map([[p('older'), 'writing']]) }, store, text);
    const stateOf = (name: string) => [...assessed.leftovers, ...older.leftovers].find((l) => l.secretPath === p(name))?.state;
    assert.equal(stateOf('created'), 'unreferenced');
    assert.equal(stateOf('writing-new'), 'unreferenced');
    assert.equal(stateOf('referenced'), 'referenced');
    assert.equal(stateOf('older'), 'not-ours');
    assert.equal(stateOf('absent'), 'absent');
    assert.equal(stateOf('removed'), 'absent');
    assert.equal(assessed.notStarted, 2, "'older' and 'never' were not started in this record");

    const result = await removeUnreferenced({ ...assessed, leftovers: [...assessed.leftovers, ...older.leftovers] }, store);
    assert.deepEqual(result.removed.sort(), [p('created'), p('writing-new')].sort());
    assert.deepEqual(result.failed, []);
    assert.equal(await exists(store, p('created')), false);
    assert.equal(await exists(store, p('writing-new')), false);
    assert.equal(await exists(store, p('referenced')), true, 'a referenced secret stays');
    assert.equal(await exists(store, p('older')), true, "somebody else's older secret stays");
    // Without the file, nothing counts as referenced and the caller must not remove: assessed as such.
    const blind = await assessInterruptedRun({ ...now, states: new Map([[p('referenced'), 'created']]) }, store, undefined);
    assert.equal(blind.leftovers[0].state, 'unreferenced');
    store.dispose();
  });

  it('recognises an AWS secret as referenced by its ARN in the self-hosted block', async () => {
    const env = testEnvironment();
    const store = awsStore('aws-rec', env.aws.endpoint);
    const name = `recovery-${id}/conn`;
    const written = await store.write(name, { type: 'text', text: '{"password":"x"}' }, { create: true });
    const arn = written.arn ?? (await store.metadata(name)).arn!;
    const base = record(dir, 'aws-rec', 'aws', [name]);
    const states = new Map([[name, 'created' as const]]);
    assert.equal((await assessInterruptedRun({ ...base, states }, store, `{"aws_secret_arn": "${arn}"}`)).leftovers[0].state, 'referenced');
    assert.equal((await assessInterruptedRun({ ...base, states }, store, '{"password": "inline"}')).leftovers[0].state, 'unreferenced');
    await store.deleteAll(name);
    store.dispose();
  });

  it('a process killed mid-batch leaves the file whole; its journal leads to exactly the secrets it wrote', async () => {
    const env = testEnvironment();
    const connections = 16;
    const { text, samples } = connectionsFile(connections, id);
    const file = path.join(dir, `crash-${id}.json`);
    fs.writeFileSync(file, text);
    const journalDir = path.join(dir, 'journals');
    // Every secret write is held back, so the batch is still running when the process dies.
    const proxy = await startFaultProxy({ target: env.vault.address, lifetimeMs: 60_000 });
    proxy.rules = [{ match: (r) => r.method === 'POST' && r.path.includes(`/crash-${id}/`), action: { kind: 'delay', ms: 400 } }];
    const store = vaultStore('vault-crash', env.vault.address, env.vault.rootToken);
    const prefix = `secretref/crash-${id}`;
    const stored = async (): Promise<string[]> => {
      try {
        return (await store.list({ prefix: `${prefix}/`, pageSize: 100 })).entries.map((e) => e.name.replace(/\/$/, '').split('/').pop()!);
      } catch (error) {
        if (isStoreError(error) && error.kind === 'not-found') return [];
        throw error;
      }
    };
    const child = spawn(
      process.execPath,
      [path.join(__dirname, '../fixtures/migration/interruptedRun.js'), file, proxy.url, env.vault.rootToken, journalDir, 'vault-crash'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    try {
      await waitFor('the first secrets of the batch', async () => ((await stored()).length >= 3 ? true : undefined), {
        timeoutMs: 30_000,
        intervalMs: 20,
      });
      child.kill('SIGKILL');
      await exited;
      assert.equal(output.includes('finished'), false, `the child was killed mid-batch: ${output}`);
      const left = await stored();
      assert.ok(left.length > 0 && left.length < connections, `${left.length} of ${connections} written at the crash`);
      assert.equal(fs.readFileSync(file, 'utf8'), text, 'no connection half-migrated: the file is exactly as it was');

      const { records } = readJournals(journalDir);
      assert.equal(records.length, 1, 'the killed run left its journal');
      for (const value of samples.flatMap((s) => Object.values(s.secrets))) {
        assert.equal(fs.readFileSync(records[0].file, 'utf8').includes(value), false, 'the journal holds no value');
      }
      const run = await assessInterruptedRun(records[0], store, fs.readFileSync(file, 'utf8'));
      const unreferenced = run.leftovers
        .filter((l) => l.state === 'unreferenced')
        .map((l) => l.secretPath.split('/').pop())
        .sort();
      assert.deepEqual(unreferenced, [...left].sort(), 'the journal names every secret the run wrote, and only those');
      assert.equal(run.leftovers.filter((l) => l.state === 'referenced').length, 0);
      const result = await removeUnreferenced(run, store);
      assert.equal(result.removed.length, left.length);
      assert.deepEqual(await stored(), []);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await proxy.close();
      store.dispose();
    }
  });
});
