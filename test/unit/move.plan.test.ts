// The move planner alone (no store): every kind and syntax of reference to the moved secret is rewritten,
// and only the part naming it; references to other secrets and keys stay; templates get a note; a request
// that cannot be made is refused in words. The live move is test/live/move.test.ts.
import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../src/core/migration/textEdits';
import { checkMoveRequest, MoveError, planReferenceRewrite, reverseRequest } from '../../src/core/move/movePlan';
import { indexText } from '../../src/core/references/indexBuilder';
import { ReferenceIndex } from '../../src/core/references/referenceIndex';
import { scanReferences } from '../../src/core/references/scanner';
import type { ReferenceSettings } from '../../src/core/references/settings';
import type { StoreConfig } from '../../src/core/stores/types';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:apps/db-AbCdEf';
const NEW_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:apps/db2-XyZ123';
const CONFIGS: StoreConfig[] = [
  { kind: 'vault', name: 'bao', url: 'http://127.0.0.1:8200', auth: 'token' },
  { kind: 'aws', name: 'aws', region: 'us-east-1', auth: 'default' },
];
const SETTINGS: ReferenceSettings = { templates: { getDb: { store: 'bao', secret: 'apps/db' } } };

function workspace(files: Record<string, string>) {
  const index = new ReferenceIndex({ configs: () => CONFIGS, settings: () => SETTINGS });
  for (const [file, text] of Object.entries(files)) indexText(index, file, text, { mtimeMs: 1, ctimeMs: 1, size: text.length });
  return { index, read: async (file: string) => files[file] };
}

function applied(files: Record<string, string>, rewrite: Awaited<ReturnType<typeof planReferenceRewrite>>): Record<string, string> {
  const out = { ...files };
  for (const f of rewrite.files) out[f.file] = applyTextEdits(files[f.file], f.edits);
  return out;
}

describe('move planner', () => {
  it('rewrites a Vault path in every reference to it, keeps other secrets, and notes a template', async () => {
    const files = {
      'a.json':
        '{"p": "vault.secret(bao:apps/db.password)", "u": "vault.secret(bao:apps/db.user)", "o": "vault.secret(bao:apps/dbx.password)"}',
      'b.yaml': 'x: vault.secret(bao:apps/db.password)\ny: "{{getDb.response.password}}"\n',
      'c.env': 'NOTHING=here\n',
    };
    const { index, read } = workspace(files);
    const request = checkMoveRequest({ store: 'bao', kind: 'vault', from: { path: 'apps/db' }, to: { path: 'apps/db2' } });
    const rewrite = await planReferenceRewrite(request, index, read);
    assert.equal(rewrite.count, 3);
    assert.deepEqual(
      rewrite.files.map((f) => f.file),
      ['a.json', 'b.yaml'],
    );
    const out = applied(files, rewrite);
    assert.equal(out['a.json'], files['a.json'].replace(/apps\/db\./g, 'apps/db2.'));
    assert.ok(out['a.json'].includes('vault.secret(bao:apps/dbx.password)'), 'another secret was rewritten');
    assert.match(rewrite.notes.join('\n'), /b\.yaml:2:5: .*secretref\.templates\.getDb: point that setting at "apps\/db2"/);
    // And back again: the reverse plan restores the files exactly.
    const moved = workspace(out);
    const back = await planReferenceRewrite(reverseRequest(request), moved.index, moved.read);
    assert.deepEqual(applied(out, back), files);
  });

  it('renames one key: only references to that key change, templates included', async () => {
    const files = {
      'a.json': '{"p": "vault.secret(bao:apps/db.password)", "u": "vault.secret(bao:apps/db.user)", "t": "{{getDb.response.password}}"}',
    };
    const { index, read } = workspace(files);
    const request = checkMoveRequest({
      store: 'bao',
      kind: 'vault',
      from: { path: 'apps/db', key: 'password' },
      to: { path: '', key: 'pass' },
    });
    assert.equal(request.to.path, 'apps/db');
    const rewrite = await planReferenceRewrite(request, index, read);
    assert.equal(rewrite.count, 2);
    assert.equal(
      applied(files, rewrite)['a.json'],
      '{"p": "vault.secret(bao:apps/db.pass)", "u": "vault.secret(bao:apps/db.user)", "t": "{{getDb.response.pass}}"}',
    );
  });

  it('renames an AWS secret by name, by ARN (to the new ARN, or a partial one before the copy) and in self-hosted blocks', async () => {
    const files = {
      'cfn.yaml': `A: '{{resolve:secretsmanager:apps/db:SecretString:password}}'\nB: '{{resolve:secretsmanager:${ARN}:SecretString:password:AWSPREVIOUS}}'\n`,
      'mc.json': `{\n  "self_hosting_mechanism": "secretsmanager",\n  "self_hosting_key": "${ARN}"\n}\n`,
      'other.yaml': `C: '{{resolve:secretsmanager:apps/dbx}}'\n`,
    };
    const { index, read } = workspace(files);
    const request = checkMoveRequest({ store: 'aws', kind: 'aws', from: { path: 'apps/db' }, to: { path: 'apps/db2' } });
    const preview = await planReferenceRewrite(request, index, read);
    assert.equal(preview.count, 3);
    assert.ok(applied(files, preview)['mc.json'].includes('"arn:aws:secretsmanager:us-east-1:123456789012:secret:apps/db2"'));
    const out = applied(files, await planReferenceRewrite(request, index, read, { newArn: NEW_ARN }));
    assert.equal(
      out['cfn.yaml'],
      `A: '{{resolve:secretsmanager:apps/db2:SecretString:password}}'\nB: '{{resolve:secretsmanager:${NEW_ARN}:SecretString:password:AWSPREVIOUS}}'\n`,
    );
    assert.equal(scanReferences(out['mc.json']).references[0].path, NEW_ARN);
    assert.equal(out['other.yaml'], files['other.yaml']);
  });

  it('refuses what cannot be moved, in words', () => {
    const bad = (from: { path: string; key?: string }, to: { path: string; key?: string }, kind: 'vault' | 'aws' = 'vault') =>
      assert.throws(() => checkMoveRequest({ store: 'bao', kind, from, to }), MoveError);
    bad({ path: 'apps/db' }, { path: 'apps/db' });
    bad({ path: 'apps/db' }, { path: 'apps/(x)' });
    bad({ path: 'apps/db' }, { path: '/apps/x' });
    bad({ path: 'apps/db' }, { path: 'apps/x', key: 'k' });
    bad({ path: 'apps/db', key: 'k' }, { path: 'apps/db', key: 'k' });
    bad({ path: 'db' }, { path: 'db:x' }, 'aws');
    bad({ path: 'db', key: 'k' }, { path: 'db2' }, 'aws');
  });
});
