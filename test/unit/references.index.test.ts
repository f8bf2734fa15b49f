// The workspace reference index (src/core/references/referenceIndex.ts, indexBuilder.ts) on real
// temporary trees: built with the repository walk, keyed by target, updated per file, persisted and
// reopened with only changed files read again.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { endIdleWorkers, refreshIndex, reindexFile } from '../../src/core/references/indexBuilder';
import { idleWorkers } from '../../src/core/references/indexThreads';
import { REFERENCE_INDEX_FORMAT, ReferenceIndex } from '../../src/core/references/referenceIndex';
import type { ReferenceSettings } from '../../src/core/references/settings';
import type { StoreConfig } from '../../src/core/stores/types';
import { EMPTY_PROJECT_CONFIG } from '../../src/core/workspace/projectConfig';
import { writeTree } from '../support/fileTree';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf';
const CONFIGS = [
  { kind: 'vault', name: 'vault', url: 'http://127.0.0.1:8200', auth: 'token' },
  { kind: 'aws', name: 'aws-eu', region: 'eu-west-1', auth: 'default' },
] as StoreConfig[];

describe('reference index', () => {
  let dir: string;
  let settings: ReferenceSettings;
  const options = () => ({ configs: () => CONFIGS, settings: () => settings });
  const where = (index: ReferenceIndex, store: string, secret: string, key?: string) =>
    index.referencesTo({ store, path: secret, key }).map((hit) => `${hit.file}:${hit.ref.line}:${hit.ref.column}`);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refindex-'));
    settings = { templates: { getDb: { store: 'aws-eu', secret: 'prod/db' } } };
    writeTree(dir, {
      '.gitignore': 'ignored/\n',
      'a.yaml': 'user: vault.secret(vault:apps/db.prod.user)\npw: vault.secret(vault:apps/db.prod.password)\n',
      'sub/b.json': `{"pw": "{{resolve:secretsmanager:${ARN}:SecretString:password}}", "x": "{{getDb.response.host}}"}`,
      'sub/c.env': 'DB=vault.secret(vault:apps/db.prod.user)\nOTHER=vault.secret(vault:apps/other.k)\n',
      'ignored/d.yaml': 'u: vault.secret(vault:apps/db.prod.user)\n',
      'node_modules/e.yaml': 'u: vault.secret(vault:apps/db.prod.user)\n',
      'gen/f.yaml': 'u: vault.secret(vault:apps/db.prod.user)\n',
      'notes.txt': 'u: vault.secret(vault:apps/db.prod.user)\n',
    });
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('indexes every kind in every walked file, keyed by store, secret and key', async () => {
    const index = new ReferenceIndex(options());
    const result = await refreshIndex(index, { root: dir, config: EMPTY_PROJECT_CONFIG, excludeAlso: ['gen'] });
    assert.equal(result.scanned, 3);
    assert.deepEqual(index.fileNames(), ['a.yaml', 'sub/b.json', 'sub/c.env']);
    assert.equal(index.referenceCount, 6);
    assert.deepEqual(where(index, 'vault', 'apps/db.prod'), ['a.yaml:1:7', 'a.yaml:2:5', 'sub/c.env:1:4']);
    assert.deepEqual(where(index, 'vault', 'apps/db.prod', 'user'), ['a.yaml:1:7', 'sub/c.env:1:4']);
    assert.deepEqual(where(index, 'vault', 'apps/db.prod', 'nope'), []);
    // An ARN and the name inside it are one secret; the template reads it too.
    assert.deepEqual(where(index, 'aws-eu', 'prod/db'), ['sub/b.json:1:9', 'sub/b.json:1:134']);
    assert.deepEqual(where(index, 'aws-eu', ARN, 'password'), ['sub/b.json:1:9']);
    assert.deepEqual(index.filesReferencing({ store: 'vault', path: 'apps/db.prod' }), ['a.yaml', 'sub/c.env']);
    assert.equal(index.hasSecret('vault', 'apps/other'), true);
    assert.equal(index.hasSecret('aws-eu', 'apps/other'), false);
    const [hit] = index.referencesTo({ store: 'aws-eu', path: 'prod/db', key: 'host' });
    assert.deepEqual(ReferenceIndex.row(hit, '{{getDb.response.host}}'), {
      file: 'sub/b.json',
      line: 1,
      column: 134,
      endLine: 1,
      endColumn: 157,
      kind: 'template',
      store: 'aws-eu',
      path: 'prod/db',
      key: 'host',
      versionStage: null,
      versionId: null,
      raw: '{{getDb.response.host}}',
    });
  });

  it('honours the project config and files.exclude like the CLI walk', async () => {
    const index = new ReferenceIndex(options());
    await refreshIndex(index, { root: dir, config: { ...EMPTY_PROJECT_CONFIG, exclude: ['sub/**'] } });
    assert.deepEqual(index.fileNames(), ['a.yaml', 'gen/f.yaml']);
  });

  it('updates per file: change, add and delete', async () => {
    const index = new ReferenceIndex(options());
    await refreshIndex(index, { root: dir, config: EMPTY_PROJECT_CONFIG, excludeAlso: ['gen'] });
    writeTree(dir, { 'a.yaml': '\n\nuser: vault.secret(vault:apps/other.k)\n', 'new.yaml': 'x: vault.secret(vault:apps/db.prod.user)' });
    assert.equal(reindexFile(index, dir, 'a.yaml'), true);
    assert.equal(reindexFile(index, dir, 'new.yaml'), true);
    assert.deepEqual(where(index, 'vault', 'apps/db.prod'), ['new.yaml:1:4', 'sub/c.env:1:4']);
    assert.deepEqual(where(index, 'vault', 'apps/other'), ['a.yaml:3:7', 'sub/c.env:2:7']);
    fs.rmSync(path.join(dir, 'sub/c.env'));
    assert.equal(reindexFile(index, dir, 'sub/c.env'), false);
    assert.deepEqual(where(index, 'vault', 'apps/other'), ['a.yaml:3:7']);
    assert.equal(index.deleteFile('new.yaml'), true);
    assert.equal(index.hasSecret('vault', 'apps/db.prod'), false);
    assert.equal(index.referenceCount, 3);
  });

  it('works the stores out again when settings change', async () => {
    const index = new ReferenceIndex(options());
    await refreshIndex(index, { root: dir, config: EMPTY_PROJECT_CONFIG });
    settings = { templates: { getDb: { store: 'aws-eu', secret: 'prod/api' } } };
    assert.deepEqual(where(index, 'aws-eu', 'prod/api'), []);
    index.retarget();
    assert.deepEqual(where(index, 'aws-eu', 'prod/api'), ['sub/b.json:1:134']);
    assert.deepEqual(where(index, 'aws-eu', 'prod/db'), ['sub/b.json:1:9']);
  });

  it('persists and, reopened, reads only the files that changed', async () => {
    const first = new ReferenceIndex(options());
    await refreshIndex(first, { root: dir, config: EMPTY_PROJECT_CONFIG });
    const saved = JSON.stringify(first);
    assert.ok(!saved.includes('user: '), 'no file text is persisted');
    const reopened = ReferenceIndex.fromJSON(JSON.parse(saved), options());
    assert.ok(reopened);
    assert.deepEqual(where(reopened, 'vault', 'apps/db.prod'), where(first, 'vault', 'apps/db.prod'));
    assert.deepEqual(reopened.toJSON(), first.toJSON());

    writeTree(dir, { 'sub/c.env': 'DB=vault.secret(vault:apps/new.k)\n' });
    fs.rmSync(path.join(dir, 'a.yaml'));
    const result = await refreshIndex(reopened, { root: dir, config: EMPTY_PROJECT_CONFIG });
    assert.deepEqual([result.scanned, result.reused, result.removed], [1, 2, 1]);
    assert.deepEqual(where(reopened, 'vault', 'apps/new'), ['sub/c.env:1:4']);
    assert.deepEqual(where(reopened, 'vault', 'apps/db.prod'), ['gen/f.yaml:1:4']);
  });

  it('reads again, reopened, a file rewritten at the same size with its mtime put back (cp -p, rsync -t)', async () => {
    const file = path.join(dir, 'gen/f.yaml');
    // A whole second, which utimes puts back exactly.
    const second = 1_700_000_000;
    fs.utimesSync(file, second, second);
    const first = new ReferenceIndex(options());
    await refreshIndex(first, { root: dir, config: EMPTY_PROJECT_CONFIG });
    const reopened = ReferenceIndex.fromJSON(JSON.parse(JSON.stringify(first)), options())!;
    const before = fs.statSync(file);
    const text = fs.readFileSync(file, 'utf8');
    const rewritten = text.replace('apps/db.prod', 'apps/db.test');
    assert.notEqual(rewritten, text);
    fs.writeFileSync(file, rewritten);
    fs.utimesSync(file, second, second);
    const after = fs.statSync(file);
    assert.deepEqual([after.mtimeMs, after.size], [before.mtimeMs, before.size], 'mtime and size as they were');
    const result = await refreshIndex(reopened, { root: dir, config: EMPTY_PROJECT_CONFIG });
    assert.deepEqual([result.scanned, result.reused], [1, 3]);
    assert.deepEqual(where(reopened, 'vault', 'apps/db.test'), ['gen/f.yaml:1:4']);
    assert.deepEqual(
      where(reopened, 'vault', 'apps/db.prod'),
      where(first, 'vault', 'apps/db.prod').filter((at) => !at.startsWith('gen/')),
    );
  });

  it('refuses a snapshot of another format or shape, or with a row out of bounds, so the caller rebuilds', async () => {
    const index = new ReferenceIndex(options());
    await refreshIndex(index, { root: dir, config: EMPTY_PROJECT_CONFIG });
    const good = index.toJSON();
    assert.ok(ReferenceIndex.fromJSON(JSON.parse(JSON.stringify(good)), options()));
    // One slot of the packed rows changed (little-endian Int32 slots, ROW_WIDTH = 14 per row).
    const withSlot = (slot: number, value: number) => {
      const bytes = Buffer.from(good.rows, 'base64');
      bytes.writeInt32LE(value, slot * 4);
      return { ...good, rows: bytes.toString('base64') };
    };
    const refused: [string, unknown][] = [
      ['another format', { ...good, format: REFERENCE_INDEX_FORMAT + 1 }],
      ['the tuple format 1', { format: 1, files: { 'a.yaml': [1, 2, []] } }],
      ['an unknown kind', withSlot(0, 9)],
      ['a negative offset', withSlot(1, -4)],
      ['a string id past the table', withSlot(7, good.strings.length)],
      [
        'fewer rows than the files say',
        {
          ...good,
          rows: Buffer.from(good.rows, 'base64')
            .subarray(14 * 4)
            .toString('base64'),
        },
      ],
      ['a negative mtime', { ...good, files: good.files.map(([f, , ctime, size, n], i) => [f, i === 0 ? -1 : 1, ctime, size, n]) }],
      ['format 2 stamps (no change time)', { ...good, files: good.files.map(([f, mtime, , size, n]) => [f, mtime, size, n]) }],
      ['a string that is not one', { ...good, strings: [...good.strings.slice(1), 7] }],
      ['garbage', 'garbage'],
    ];
    for (const [why, snapshot] of refused) assert.equal(ReferenceIndex.fromJSON(snapshot, options()), undefined, why);
  });

  it('leaves out files above the size bound and stops when cancelled', async () => {
    const index = new ReferenceIndex(options());
    const result = await refreshIndex(index, { root: dir, config: EMPTY_PROJECT_CONFIG, maxFileBytes: 60 });
    assert.deepEqual(result.tooLarge.sort(), ['a.yaml', 'sub/b.json', 'sub/c.env']);
    assert.deepEqual(index.fileNames(), ['gen/f.yaml']);
    const cancelled = await refreshIndex(new ReferenceIndex(options()), {
      root: dir,
      config: EMPTY_PROJECT_CONFIG,
      isCancelled: () => true,
    });
    assert.equal(cancelled.cancelled, true);
    assert.equal(cancelled.scanned, 0);
  });

  it('builds the same index on worker threads as in this thread, and in this thread when no worker runs', async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 300; i++) {
      many[`many/f-${i}.yaml`] = `a: vault.secret(vault:apps/s-${i % 7}.k${i % 3})\nb: {{resolve:secretsmanager:s-${i}:SecretString:pw}}\n`;
      many[`many/g-${i}.env`] = i % 2 ? `X=vault.secret(vault:apps/s-${i % 5}.user)\n` : 'NOTHING=here\n';
    }
    writeTree(dir, many);
    const build = async (extra: { threads: number; workerScript?: string }) => {
      const index = new ReferenceIndex(options());
      let progress = 0;
      const result = await refreshIndex(index, {
        root: dir,
        config: EMPTY_PROJECT_CONFIG,
        batch: 16,
        onProgress: (done) => (progress = done),
        ...extra,
      });
      // Files in name order: threads finish in any order, the index is the same.
      const snapshot = JSON.stringify(index.fileNames().map((file) => [file, index.stampOf(file), index.referencesIn(file)]));
      return { snapshot, result, progress };
    };
    const inThread = await build({ threads: 0 });
    assert.equal(inThread.result.scanned, 604);
    assert.equal(inThread.progress, 604);
    assert.equal(inThread.result.threads, 0);
    await endIdleWorkers();
    const threaded = await build({ threads: 2 });
    assert.ok(threaded.snapshot === inThread.snapshot, 'the same rows on threads');
    assert.equal(threaded.result.threads, 2);
    assert.deepEqual({ ...threaded.result, threads: 0 }, inThread.result);
    assert.equal(threaded.progress, 604);
    // Its workers wait for the next refresh, which takes them (compiled already) and indexes alike.
    const script = path.join(__dirname, '../../src/core/references/indexWorker.js');
    assert.equal(idleWorkers(script), 2, 'both workers kept');
    const warm = await build({ threads: 2 });
    assert.ok(warm.snapshot === inThread.snapshot, 'the same rows on kept workers');
    assert.equal(warm.result.threads, 2);
    assert.equal(idleWorkers(script), 2, 'kept again, not started anew');
    // No worker script (a broken install): the same index, read here.
    const missing = await build({ threads: 2, workerScript: path.join(dir, 'no-such-worker.js') });
    assert.ok(missing.snapshot === inThread.snapshot, 'the same rows without a worker script');
    assert.equal(missing.result.threads, 0);
    // Workers that die at once: their batches are read here instead, nothing is left out.
    const dying = path.join(os.tmpdir(), `refindex-dying-${process.pid}.js`);
    fs.writeFileSync(dying, 'process.exit(3);\n');
    try {
      const died = await build({ threads: 2, workerScript: dying });
      assert.ok(died.snapshot === inThread.snapshot, 'the same rows when the workers die');
      assert.equal(died.result.scanned, 604);
      assert.equal(died.result.threads, 0);
      assert.equal(idleWorkers(dying), 0, 'a dead worker is not kept');
    } finally {
      fs.rmSync(dying, { force: true });
    }
    // Reopened on threads: unchanged files are not read again there either.
    const first = new ReferenceIndex(options());
    await refreshIndex(first, { root: dir, config: EMPTY_PROJECT_CONFIG, threads: 0 });
    const reopened = ReferenceIndex.fromJSON(JSON.parse(JSON.stringify(first)), options())!;
    writeTree(dir, { 'many/f-1.yaml': 'a: vault.secret(vault:apps/changed.k)\n' });
    const again = await refreshIndex(reopened, { root: dir, config: EMPTY_PROJECT_CONFIG, batch: 16, threads: 2 });
    assert.deepEqual([again.scanned, again.reused], [1, 603]);
    assert.deepEqual(where(reopened, 'vault', 'apps/changed'), ['many/f-1.yaml:1:4']);
    await endIdleWorkers();
    assert.equal(idleWorkers(), 0);
  });

  it('a kept worker keeps no process alive: one that indexed on threads exits when its work is done', function () {
    this.timeout(20_000);
    const many: Record<string, string> = {};
    for (let i = 0; i < 600; i++) many[`many/f-${i}.yaml`] = `a: vault.secret(vault:apps/s-${i % 7}.k)\n`;
    writeTree(dir, many);
    const builder = path.join(__dirname, '../../src/core/references/indexBuilder.js');
    const referenceIndex = path.join(__dirname, '../../src/core/references/referenceIndex.js');
    const projectConfig = path.join(__dirname, '../../src/core/workspace/projectConfig.js');
    const program = `
      const { refreshIndex } = require(${JSON.stringify(builder)});
      const { ReferenceIndex } = require(${JSON.stringify(referenceIndex)});
      const { EMPTY_PROJECT_CONFIG } = require(${JSON.stringify(projectConfig)});
      const index = new ReferenceIndex({ configs: () => [], settings: () => ({ templates: {} }) });
      refreshIndex(index, { root: ${JSON.stringify(dir)}, config: EMPTY_PROJECT_CONFIG, threads: 2 }).then((r) => console.log(r.scanned, r.threads));`;
    // Kept workers wait 30 s for another refresh: a process they held would outlive this test's timeout.
    const child = spawnSync(process.execPath, ['-e', program], { encoding: 'utf8', timeout: 15_000 });
    assert.equal(child.error, undefined, 'the process exited by itself');
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout.trim(), '604 2');
  });
});
