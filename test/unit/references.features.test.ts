// Completion sites, hover text and the `secretref refs` CLI, with `refs --to` (no stores needed).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { completionSiteAt } from '../../src/core/references/completionSite';
import { hoverMarkdown } from '../../src/core/references/hoverContent';
import { MASK } from '../../src/core/redaction';
import type { Resolution } from '../../src/core/references/resolve';
import { scanReferences } from '../../src/core/references/scanner';
import { formatTimestamp } from '../../src/core/timestamp';
import { writeTree } from '../support/fileTree';

function siteAt(textWithCursor: string) {
  const offset = textWithCursor.indexOf('|');
  return completionSiteAt(textWithCursor.replace('|', ''), offset);
}

describe('reference completion sites', () => {
  it('knows each position of a Vault reference', () => {
    assert.deepEqual(siteAt("user='vault.secret(|"), { kind: 'vault-store', start: 19, prefix: '' });
    assert.deepEqual(siteAt("user='vault.secret(my-v|"), { kind: 'vault-store', start: 19, prefix: 'my-v' });
    assert.deepEqual(siteAt('vault.secret(cfg:|'), { kind: 'vault-path', store: 'cfg', folder: '', start: 17, prefix: '' });
    assert.deepEqual(siteAt('vault.secret(cfg:apps/d|'), { kind: 'vault-path', store: 'cfg', folder: 'apps/', start: 22, prefix: 'd' });
    assert.deepEqual(siteAt('vault.secret(cfg:apps/db.prod.pa|'), {
      kind: 'vault-path',
      store: 'cfg',
      folder: 'apps/',
      start: 22,
      prefix: 'db.prod.pa',
      keyOf: { path: 'apps/db.prod', start: 30, prefix: 'pa' },
    });
    assert.equal(siteAt('vault.secret(cfg:a.b) |'), undefined);
  });

  it('knows each position of an AWS reference, ARN colons included', () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:pg-AbCdEf';
    assert.equal(siteAt('{{resolve:secretsmanager:|')?.kind, 'aws-secret');
    assert.equal(siteAt('{{resolve:secretsmanager:arn:aws:secretsmanager:us-ea|')?.kind, 'aws-secret');
    assert.deepEqual(siteAt(`{{resolve:secretsmanager:${arn}:|`), {
      kind: 'aws-secret-string',
      secretId: arn,
      start: 26 + arn.length,
      prefix: '',
    });
    assert.deepEqual(siteAt('{{resolve:secretsmanager:pg:SecretString:pa|'), {
      kind: 'aws-json-key',
      secretId: 'pg',
      start: 41,
      prefix: 'pa',
    });
    assert.deepEqual(siteAt('{{resolve:secretsmanager:pg:SecretString:password:AWS|'), {
      kind: 'aws-stage',
      secretId: 'pg',
      start: 50,
      prefix: 'AWS',
    });
    assert.equal(siteAt('{{resolve:secretsmanager:pg:SecretString:password::|')?.kind, 'aws-version');
  });

  it('knows template keys and secret-holding field values', () => {
    assert.deepEqual(siteAt('"host": "{{getSecrets.response.h|'), { kind: 'template-key', template: 'getSecrets', start: 31, prefix: 'h' });
    assert.deepEqual(siteAt('  "password": "|"'), { kind: 'field-value', field: 'password', start: 15, prefix: '' });
    assert.deepEqual(siteAt('password: |'), { kind: 'field-value', field: 'password', start: 10, prefix: '' });
  });
});

describe('reference hover text', () => {
  const text = 'vault.secret(my-vault-config:oracle.password)';
  const ref = scanReferences(text).references[0];
  const resolved: Resolution = {
    status: 'resolved',
    target: { store: 'my-vault-config', path: 'oracle', key: 'password', options: {} },
    secret: { store: 'my-vault-config', path: 'oracle', type: 'keyed', data: { password: 'hunter2-value', user: 'u' } },
    value: 'hunter2-value',
    keys: ['password', 'user'],
  };
  const metadata = {
    store: 'my-vault-config',
    path: 'oracle',
    kind: 'vault' as const,
    currentVersion: '3',
    updatedTime: '2026-11-20T10:00:00.000Z',
    versions: [
      { version: '3', createdTime: '2026-11-20T10:00:00.000Z' },
      { version: '2', createdTime: '2026-11-01T08:30:00.000Z' },
    ],
  };

  it('shows store, path, key, the version it resolves to and when that was written, value masked', () => {
    const md = hoverMarkdown({
      ref,
      resolution: resolved,
      metadata,
      revealed: false,
      revealSeconds: 5,
      links: { reveal: 'command:r', copyValue: 'command:c', copyReference: 'command:cr', openInView: 'command:o' },
    });
    for (const part of [
      'Store: `my-vault-config`',
      'Path: `oracle`',
      'Key: `password`',
      'Resolves to version `3`, the current version',
      `written ${formatTimestamp('2026-11-20T10:00:00.000Z')}`,
      `Value: \`${MASK}\``,
      '[$(eye) Reveal for 5 s](command:r)',
      '(command:c)',
      '(command:cr)',
      '(command:o)',
    ]) {
      assert.ok(md.includes(part), `${part} in\n${md}`);
    }
    assert.ok(!md.includes('hunter2'));
  });

  it('KV v2: a reference pinned to an older version says so and when that version was written', () => {
    const pinned: Resolution = { ...resolved, secret: { ...resolved.secret, version: '2' } };
    const md = hoverMarkdown({ ref, resolution: pinned, metadata, revealed: false, revealSeconds: 5, links: {} });
    assert.ok(md.includes('Resolves to version `2`, not the current version (`3`)'), md);
    assert.ok(md.includes(`written ${formatTimestamp('2026-11-01T08:30:00.000Z')}`), md);
    assert.ok(!md.includes('Rotation:'), 'no AWS rotation line for Vault');
  });

  it('AWS: rotation, last rotated, next rotation and last accessed; Rotate now only where rotation is configured', () => {
    const awsText = '{{resolve:secretsmanager:prod/db:SecretString:password}}';
    const awsRef = scanReferences(awsText).references[0];
    const awsResolved: Resolution = { ...resolved, target: { store: 'aws', path: 'prod/db', key: 'password', options: {} } };
    const base = { store: 'aws', path: 'prod/db', kind: 'aws' as const, currentVersion: 'v-1', versions: [] };
    const rotation = {
      enabled: true,
      configured: true,
      afterDays: 30,
      lastRotatedDate: '2026-11-02T09:00:00.000Z',
      nextRotationDate: '2026-12-02T09:00:00.000Z',
    };
    const links = { rotateNow: 'command:rot' };
    const md = hoverMarkdown({
      ref: awsRef,
      resolution: awsResolved,
      metadata: { ...base, rotation, lastAccessedDate: '2026-11-19T00:00:00.000Z' },
      revealed: false,
      revealSeconds: 5,
      links,
    });
    for (const part of [
      'Rotation: on, every 30 days',
      `Last rotated: ${formatTimestamp(rotation.lastRotatedDate)}`,
      `Next rotation: ${formatTimestamp(rotation.nextRotationDate)}`,
      `Last accessed: ${formatTimestamp('2026-11-19T00:00:00.000Z')}`,
      '[$(sync) Rotate now](command:rot)',
    ]) {
      assert.ok(md.includes(part), `${part} in\n${md}`);
    }
    const none = hoverMarkdown({ ref: awsRef, resolution: awsResolved, metadata: base, revealed: false, revealSeconds: 5, links });
    assert.ok(none.includes('Rotation: not configured'), none);
    assert.ok(!none.includes('Rotate now'), 'no Rotate now without a configured rotation');
  });

  it('shows the value only while revealed', () => {
    const md = hoverMarkdown({ ref, resolution: resolved, revealed: true, revealSeconds: 5, links: {} });
    assert.ok(md.includes('Value: `hunter2-value`'));
  });

  it('a missing secret: one sentence, not the diagnostic again, and a link to fix it', () => {
    const message =
      'Store "my-vault-config", secret "oracle": Nothing exists at this path in Vault at http://127.0.0.1:8200. Check the path (and the engine path in the store config), or create the secret.';
    const failed: Resolution = {
      status: 'failed',
      target: resolved.target,
      code: 'secret-not-found',
      message,
      storeErrorKind: 'not-found',
    };
    const md = hoverMarkdown({
      ref,
      resolution: failed,
      revealed: false,
      revealSeconds: 5,
      links: { copyReference: 'command:cr', openInView: 'command:o' },
    });
    assert.ok(!md.includes('Nothing exists'), md);
    const problem = md.split('\n').filter((line) => line.startsWith('$(error)'));
    assert.equal(problem.length, 1, md);
    assert.equal(problem[0].match(/\.(\s|$)/g)?.length, 1, `one sentence: ${problem[0]}`);
    assert.ok(md.includes('[$(list-tree) Open in Secrets view](command:o)'), md);
  });

  it('explains why it cannot resolve', () => {
    const md = hoverMarkdown({
      ref,
      resolution: { status: 'failed', target: null, code: 'unknown-store', message: 'Unknown store config "x": add it.' },
      revealed: false,
      revealSeconds: 5,
      links: {},
    });
    assert.ok(md.includes('**Cannot resolve** (unknown-store): Unknown store config "x": add it.'));
  });
});

describe('secretref refs', () => {
  const run = async (args: string[], cwd = process.cwd()) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['refs', ...args], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, cwd });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('lists every kind with positions and parts as JSON', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refs-'));
    fs.mkdirSync(path.join(dir, '.vscode'));
    fs.writeFileSync(
      path.join(dir, '.vscode', 'settings.json'),
      '{ // templates\n "secretref.templates": {"getSecrets": {"store": "aws-prod", "secret": "postgresSecrets"}} }',
    );
    fs.writeFileSync(
      path.join(dir, 'stores.json'),
      JSON.stringify([
        { kind: 'aws', name: 'aws-prod', region: 'us-east-1', auth: 'default' },
        { kind: 'aws', name: 'aws-cn', region: 'cn-north-1', auth: 'default' },
        { kind: 'vault', name: 'my-vault-config', url: 'http://127.0.0.1:8200', auth: 'token' },
      ]),
    );
    const arn = 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:prod/db-AbCdEf';
    fs.writeFileSync(
      path.join(dir, 'mixed.yaml'),
      [
        'user: vault.secret(my-vault-config:apps/db.prod.user)',
        `pw: "{{resolve:secretsmanager:${arn}:SecretString:password:AWSPREVIOUS}}"`,
        'host: "{{getSecrets.response.host}}"',
        'bad: vault.secret(my-vault-config:oracle.password',
        `block: {"self_hosting_mechanism": "secretsmanager", "self_hosting_key": "${arn}"}`,
      ].join('\n'),
    );
    const { code, out } = await run(['--format', 'json', '--stores', 'stores.json', 'mixed.yaml'], dir);
    assert.equal(code, 0);
    const rows = JSON.parse(out) as Record<string, unknown>[];
    assert.deepEqual(
      rows.map((r) => [r.kind, r.line, r.column, r.endLine, r.endColumn, r.store, r.path, r.key, r.versionStage, r.versionId]),
      [
        ['vault', 1, 7, 1, 54, 'my-vault-config', 'apps/db.prod', 'user', null, null],
        ['aws', 2, 6, 2, 138, 'aws-cn', arn, 'password', 'AWSPREVIOUS', null],
        ['template', 3, 8, 3, 36, 'aws-prod', 'postgresSecrets', 'host', null, null],
        ['self-hosted', 5, 8, 5, 147, 'aws-cn', arn, null, null, null],
      ],
    );
    assert.deepEqual(Object.keys(rows[0]), [
      'file',
      'line',
      'column',
      'endLine',
      'endColumn',
      'kind',
      'store',
      'path',
      'key',
      'versionStage',
      'versionId',
      'raw',
    ]);
    assert.equal(rows[0].raw, 'vault.secret(my-vault-config:apps/db.prod.user)');
    assert.equal(rows[0].file, 'mixed.yaml');
  });

  it('prints text, and fails clearly on bad usage or unreadable files', async () => {
    // An excerpt of Cloudomation Engine's "Secret Handling" page (the file names its URL).
    const seed = path.resolve(__dirname, '../../../test/fixtures/docs/cloudomation-secret-handling.txt');
    const text = await run([seed]);
    assert.equal(text.code, 0);
    assert.deepEqual(text.out.split('\n'), [
      `${seed}:14:7 vault my-vault-config oracle user`,
      `${seed}:24:7 vault my-vault-config oracle user`,
      `${seed}:25:11 vault my-vault-config oracle password`,
    ]);
    assert.equal((await run([])).code, 2);
    assert.equal((await run(['--format', 'xml', seed])).code, 2);
    const missing = await run(['/no/such/file.yaml']);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot read "\/no\/such\/file.yaml"/);
  });

  describe('--to', () => {
    const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf';
    let dir: string;

    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refs-to-'));
      writeTree(dir, {
        '.gitignore': 'build/\n',
        '.secretref.json': '{"exclude": ["fixtures/**"]}',
        'stores.json': JSON.stringify([{ kind: 'aws', name: 'aws-eu', region: 'eu-west-1', auth: 'default' }]),
        '.vscode/settings.json': '{"secretref.templates": {"getDb": {"store": "aws-eu", "secret": "prod/db"}}}',
        'app/a.yaml':
          'user: vault.secret(v:apps/db.prod.user)\npw: vault.secret(v:apps/db.prod.password)\nx: vault.secret(v:apps/other.k)\n',
        'app/b.env': `PW={{resolve:secretsmanager:${ARN}:SecretString:password}}\nHOST={{getDb.response.host}}\n`,
        'lib/c.json': '{"u": "vault.secret(v:apps/db.prod.user)"}',
        'build/d.yaml': 'u: vault.secret(v:apps/db.prod.user)\n',
        'fixtures/e.yaml': 'u: vault.secret(v:apps/db.prod.user)\n',
      });
    });

    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('lists the references to a secret, or to one key, across the repository in the rows of refs', async () => {
      const secret = await run(['--to', 'v:apps/db.prod'], dir);
      assert.equal(secret.code, 0, secret.err);
      assert.deepEqual(secret.out.split('\n'), [
        'app/a.yaml:1:7 vault v apps/db.prod user',
        'app/a.yaml:2:5 vault v apps/db.prod password',
        'lib/c.json:1:8 vault v apps/db.prod user',
      ]);
      const key = await run(['--to', 'v:apps/db.prod.user', '--format', 'json', 'app', 'lib/*.json'], dir);
      assert.equal(key.code, 0, key.err);
      const rows = JSON.parse(key.out) as Record<string, unknown>[];
      assert.deepEqual(
        rows.map((r) => [r.file, r.line, r.column, r.endLine, r.endColumn, r.kind, r.store, r.path, r.key, r.raw]),
        [
          ['app/a.yaml', 1, 7, 1, 40, 'vault', 'v', 'apps/db.prod', 'user', 'vault.secret(v:apps/db.prod.user)'],
          ['lib/c.json', 1, 8, 1, 41, 'vault', 'v', 'apps/db.prod', 'user', 'vault.secret(v:apps/db.prod.user)'],
        ],
      );
      // The same keys in the same order as plain `refs`.
      const plain = JSON.parse((await run(['--format', 'json', 'lib/c.json'], dir)).out) as Record<string, unknown>[];
      assert.deepEqual(Object.keys(rows[0]), Object.keys(plain[0]));
      assert.deepEqual(rows[1], plain[0]);
    });

    it('finds AWS references by name or ARN, and templates through the settings, with --stores', async () => {
      const byName = await run(['--to', 'aws-eu:prod/db', '--stores', 'stores.json'], dir);
      assert.equal(byName.code, 0, byName.err);
      assert.deepEqual(byName.out.split('\n'), [`app/b.env:1:4 aws aws-eu ${ARN} password`, 'app/b.env:2:6 template aws-eu prod/db host']);
      assert.equal(
        (await run(['--to', `aws-eu:${ARN}.host`, '--stores', 'stores.json'], dir)).out,
        'app/b.env:2:6 template aws-eu prod/db host',
      );
      // Without --stores no AWS store is known: nothing reads aws-eu.
      assert.equal((await run(['--to', 'aws-eu:prod/db.password'], dir)).out, '');
    });

    it('prints nothing for an unreferenced secret, and fails clearly on bad usage or missing paths', async () => {
      const none = await run(['--to', 'v:apps/nothing', '--format', 'json'], dir);
      assert.deepEqual([none.code, JSON.parse(none.out)], [0, []]);
      const bad = await run(['--to', 'no-colon'], dir);
      assert.equal(bad.code, 2);
      assert.match(bad.err, /--to must be <store>:<path>\[\.<key>\], not "no-colon"/);
      assert.equal((await run(['--config', 'x.json', 'app/a.yaml'], dir)).code, 2);
      const missing = await run(['--to', 'v:apps/db.prod', 'app', 'nowhere'], dir);
      assert.equal(missing.code, 2);
      assert.match(missing.err, /cannot read nowhere \(ENOENT\)/);
      assert.equal(missing.out.split('\n').length, 2, 'what could be read is still listed');
      writeTree(dir, { '.secretref.json': '{"exlude": []}' });
      const config = await run(['--to', 'v:apps/db.prod'], dir);
      assert.equal(config.code, 2);
      assert.match(config.err, /unknown key "exlude"/);
    });
  });
});
