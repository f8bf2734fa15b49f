// Move / rename a secret against the live stores: `secretref mv` in-process (Vault path with KV v2 history,
// key rename, key to another secret, dry run) and the core on AWS (rename; references by name, by ARN and
// in self-hosted blocks). Files are real files in a temporary folder; values are compared by hash and
// must never appear in the output.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { diskMoveFiles } from '../../src/core/move/diskFiles';
import { describeCopy, executeMove } from '../../src/core/move/moveExecutor';
import { readMoveJournals } from '../../src/core/move/moveJournal';
import { checkMoveRequest } from '../../src/core/move/movePlan';
import { ReferenceIndex } from '../../src/core/references/referenceIndex';
import { scanReferences } from '../../src/core/references/scanner';
import { EMPTY_PROJECT_CONFIG } from '../../src/core/workspace/projectConfig';
import { awsConfig, awsStore, vaultStore } from '../fixtures/migration/migrationHarness';
import { writeTree } from '../support/fileTree';
import { absent, capturedIo, vaultTree } from '../support/moveSupport';
import { testEnvironment } from '../support/testEnv';

function readTree(dir: string, files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(files).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

describe('move / rename a secret (live stores)', function () {
  this.timeout(60_000);
  let dir: string;
  let id: string;
  const env = () => ({ VAULT_TOKEN: testEnvironment().vault.rootToken, VAULT_ADDR: testEnvironment().vault.address });
  const vault = () => vaultStore('bao', testEnvironment().vault.address, testEnvironment().vault.rootToken);

  beforeEach(() => {
    id = randomBytes(4).toString('hex');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-move-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('moves a Vault path with its KV v2 history replayed in order and rewrites the references in several files; the dry run writes nothing', async () => {
    const store = vault();
    const from = `move-${id}/db`;
    const to = `move-${id}/renamed/db`;
    const values = [1, 2, 3].map((v) => ({ password: `pw-${id}-v${v}`, user: `user-${id}` }));
    for (const data of values) await store.write(from, { type: 'keyed', data });
    const files = vaultTree(dir, from, `move-${id}/other`);

    const dry = capturedIo(dir, env());
    assert.equal(await runCli(['mv', `bao:${from}`, to, '--stores', 'stores.json', '--dry-run'], dry), 0, dry.err.join('\n'));
    const plan = dry.out.join('\n');
    assert.match(plan, /versions 1, 2, 3 replayed in order/);
    assert.match(plan, /Rewrite 4 reference\(s\) in 3 file\(s\)/);
    assert.match(plan, /conf\/b\.yaml:2:13 {2}move-.*\/db -> move-.*\/renamed\/db/);
    assert.deepEqual(readTree(dir, files), files, 'the dry run changed a file');
    assert.ok(await absent(store, to), 'the dry run wrote the destination');

    const run = capturedIo(dir, env());
    assert.equal(await runCli(['mv', `bao:${from}`, to, '--stores', 'stores.json', '--delete-old'], run), 0, run.err.join('\n'));
    const output = run.out.join('\n') + run.err.join('\n');
    for (const v of values) assert.ok(!output.includes(v.password), 'the output shows a value');
    assert.match(run.err.join('\n'), /writing to store "bao" \(from the --stores file stores.json\)/);
    // The history, in order.
    const metadata = await store.metadata(to);
    assert.deepEqual(metadata.versions.map((v) => v.version).sort(), ['1', '2', '3']);
    for (const [i, data] of values.entries()) {
      const back = await store.read(to, { version: String(i + 1) });
      assert.deepEqual(back.type === 'keyed' ? back.data : undefined, data, `version ${i + 1}`);
    }
    assert.ok(await absent(store, from), 'the old secret is still there');
    const after = readTree(dir, files);
    assert.equal(after['conf/a.json'], files['conf/a.json'].replaceAll(from, to));
    assert.equal(after['deploy/.env'], files['deploy/.env'].replaceAll(from, to));
    assert.ok(after['conf/b.yaml'].includes(`vault.secret(bao:move-${id}/other.password)`), 'a reference to another secret was rewritten');
    assert.equal(scanReferences(after['conf/b.yaml']).references.filter((r) => r.path === to).length, 1);
    assert.equal(readMoveJournals(path.join(dir, '.state')).records.length, 0, 'a finished move left its journal');
  });

  it('renames a key within a secret, and keeps the old key without a confirmation', async () => {
    const store = vault();
    const p = `move-${id}/keys`;
    await store.write(p, { type: 'keyed', data: { password: `pw-${id}`, user: `user-${id}` } });
    const files = vaultTree(dir, p, `move-${id}/other`);
    const keep = capturedIo(dir, env(), async () => false);
    assert.equal(await runCli(['mv', `bao:${p}.password`, '.db_password', '--stores', 'stores.json'], keep), 0, keep.err.join('\n'));
    const after = readTree(dir, files);
    assert.equal(
      after['conf/a.json'],
      files['conf/a.json'].replace(`${p}.password`, `${p}.db_password`),
      'only the moved key is rewritten',
    );
    assert.ok(after['conf/a.json'].includes(`${p}.user)`));
    const kept = await store.read(p);
    assert.ok(kept.type === 'keyed');
    assert.deepEqual(kept.data, { password: `pw-${id}`, user: `user-${id}`, db_password: `pw-${id}` }, 'declined: both keys are there');
    assert.match(keep.out.join('\n'), /Kept the old secret/);
  });

  it('moves a key to another (new) secret and deletes the old key after a confirmation', async () => {
    const store = vault();
    const p = `move-${id}/src`;
    const q = `move-${id}/dst`;
    await store.write(p, { type: 'keyed', data: { password: `pw-${id}`, user: `user-${id}` } });
    const files = vaultTree(dir, p, `move-${id}/other`);
    const asked: string[] = [];
    const yes = capturedIo(dir, env(), async (question) => (asked.push(question), true));
    assert.equal(await runCli(['mv', `bao:${p}.password`, `${q}.password`, '--stores', 'stores.json'], yes), 0, yes.err.join('\n'));
    assert.equal(asked.length, 1);
    assert.match(asked[0], new RegExp(`Remove the old secret bao:${p}.password`));
    const source = await store.read(p);
    const target = await store.read(q);
    assert.ok(source.type === 'keyed' && target.type === 'keyed');
    assert.deepEqual(source.data, { user: `user-${id}` });
    assert.deepEqual(target.data, { password: `pw-${id}` });
    assert.equal(readTree(dir, files)['deploy/.env'], `DB_PASSWORD=vault.secret(bao:${q}.password)\n`);
  });

  it('refuses to overwrite an existing destination and changes nothing', async () => {
    const store = vault();
    const p = `move-${id}/a`;
    const q = `move-${id}/b`;
    await store.write(p, { type: 'keyed', data: { password: `pw-${id}` } });
    await store.write(q, { type: 'keyed', data: { password: `theirs-${id}` } });
    const files = vaultTree(dir, p, q);
    const run = capturedIo(dir, env());
    assert.equal(await runCli(['mv', `bao:${p}`, q, '--stores', 'stores.json', '--delete-old'], run), 1);
    assert.match(run.err.join('\n'), /already exists: nothing is overwritten/);
    assert.deepEqual(readTree(dir, files), files);
    const theirs = await store.read(q);
    assert.ok(theirs.type === 'keyed' && theirs.data.password === `theirs-${id}`);
    assert.ok(!(await absent(store, p)));
  });

  it('renames an AWS secret: references by name, by ARN and in self-hosted blocks follow; a note says older versions stay', async () => {
    const env = testEnvironment();
    const store = awsStore('aws', env.aws.endpoint);
    const from = `move-${id}/aws-db`;
    const to = `move-${id}/aws-db-renamed`;
    await store.write(from, { type: 'keyed', data: { password: `pw1-${id}` } }, { create: true });
    const written = await store.write(from, { type: 'keyed', data: { password: `pw2-${id}` } });
    const oldArn = (await store.metadata(from)).arn!;
    assert.ok(written.version);
    const files = {
      'cfn.yaml': `Password: '{{resolve:secretsmanager:${from}:SecretString:password}}'\nByArn: '{{resolve:secretsmanager:${oldArn}:SecretString:password}}'\n`,
      'mc.json': JSON.stringify({ self_hosting_mechanism: 'secretsmanager', self_hosting_key: oldArn, region: 'us-east-1' }, null, 2),
    };
    writeTree(dir, files);
    const configs = [awsConfig('aws', env.aws.endpoint)];
    const index = new ReferenceIndex({ configs: () => configs, settings: () => ({ templates: {} }) });
    const disk = diskMoveFiles({ root: dir, config: EMPTY_PROJECT_CONFIG, index });
    const request = checkMoveRequest({ store: 'aws', kind: 'aws', from: { path: from }, to: { path: to } });
    const copy = await describeCopy(store, request);
    assert.match(copy.notes.join('\n'), /only the current version \(AWSCURRENT\) is copied; 1 older version/);
    const preview = await disk.plan(request, undefined);
    assert.equal(preview.count, 3, 'name, ARN and self-hosted references are planned');
    const outcome = await executeMove(store, request, disk, {
      journalDir: path.join(dir, '.state'),
      root: dir,
      confirmDelete: async () => true,
    });
    assert.ok(outcome.deleted && outcome.newArn);
    const current = await store.read(to);
    assert.ok(current.type === 'keyed' && current.data.password === `pw2-${id}`);
    assert.ok((await store.metadata(from)).deletedDate, 'the old secret is scheduled for deletion');
    const cfn = fs.readFileSync(path.join(dir, 'cfn.yaml'), 'utf8');
    assert.ok(cfn.includes(`{{resolve:secretsmanager:${to}:SecretString:password}}`));
    assert.ok(cfn.includes(`{{resolve:secretsmanager:${outcome.newArn}:SecretString:password}}`));
    const block = JSON.parse(fs.readFileSync(path.join(dir, 'mc.json'), 'utf8')) as Record<string, string>;
    assert.equal(block.self_hosting_key, outcome.newArn);
    assert.notEqual(outcome.newArn, oldArn);
  });
});
