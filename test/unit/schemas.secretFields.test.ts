// Issue 15: one rule for which fields hold secrets (schemas/secretFields.ts), read by the
// `inline-secret` diagnostic, the quick fix's migration plan and Write Secret's document pairs.
import * as assert from 'node:assert/strict';
import { parseTree } from 'jsonc-parser';
import { planMigration } from '../../src/core/migration/planner';
import { detectSchemaByFields, secretFieldNodes } from '../../src/core/migration/secretFields';
import type { VaultTarget } from '../../src/core/migration/types';
import { inlineSecretDiagnostics } from '../../src/core/references/inlineSecrets';
import { parseJsonc } from '../../src/core/schemas';
import { JSON_NODE_TREE } from '../../src/core/schemas/jsonTree';
import { secretValues } from '../../src/core/schemas/secretFields';

const VAULT: VaultTarget = { kind: 'vault', store: 'bao', enginePath: 'secret', kvVersion: 2 };

/** What each reader of the rule takes from one file: warned, moved by the plan, offered by Write Secret. */
function readers(fileName: string, text: string) {
  const warned = inlineSecretDiagnostics(text, { fileName }).map((d) => d.path);
  const plan = planMigration({ source: fileName, text, target: VAULT });
  const moved = plan.connections.flatMap((c) => c.fields.map((f) => (plan.shape === 'connections' ? `${c.location}.credentials.${f.path}` : f.path)));
  const root = parseTree(text)!;
  const pairs = plan.shape === 'document' ? secretFieldNodes(plan.connections[0].schema, root).map((f) => f.path) : moved;
  return { warned, moved, pairs };
}

describe('schemas: one secret-field rule (issue 15)', () => {
  it('prod.snowflake.json: the warnings are the fields the quick fix moves and Write Secret offers', () => {
    const text = JSON.stringify({ user: 'loader', password: 'pw-1', account: 'xy12345', api_key: 'ak-1', extra: { token: 'tk-1' } }, null, 2);
    const { warned, moved, pairs } = readers('/w/prod.snowflake.json', text);
    assert.deepEqual(warned, ['password', 'api_key', 'extra.token']);
    assert.deepEqual(moved, warned);
    assert.deepEqual(pairs, warned);
  });

  it('the schema decides for the fields it defines, the name for the others', () => {
    const tableau = { server_name: 's', site_name: 'x', token_name: 'ci', token_value: 'tv-1', refresh_token: 'rt-1' };
    assert.deepEqual(readers('/w/a.tableau.json', JSON.stringify(tableau)).warned, ['token_value', 'refresh_token'], 'token_name is the schema\'s, and not a secret');
    const redshift = { db_name: 'd', host: 'h', port: '5439', user: 'u', password: 'pw-2', ssl_options: { ca: 'c', key: 'k-1', passphrase_secret: 'ps-1' } };
    const r = readers('/w/a.redshift.json', JSON.stringify(redshift));
    assert.deepEqual(r.warned, ['password', 'ssl_options.key', 'ssl_options.passphrase_secret']);
    assert.deepEqual(r.moved, r.warned);
  });

  it('connections files: a known type, an unknown type and no type read alike', () => {
    const text = JSON.stringify([
      { type: 'postgres', credentials: { db_name: 'd', host: 'h', port: '5432', user: 'u', password: 'pw-3', api_key: 'ak-3' } },
      { type: 'oracle', credentials: { user: 'u', password: 'pw-4', port: 1 } },
      { credentials: { user: 'u', password: 'pw-5', account: 'a' } },
    ]);
    const { warned, moved } = readers('/w/conns.json', text);
    assert.deepEqual(warned, ['[0].credentials.password', '[0].credentials.api_key', '[1].credentials.password', '[2].credentials.password']);
    assert.deepEqual(moved, warned);
  });

  it('the same answer on both parsers\' trees, `constructor` and other prototype names included', () => {
    const text = '{"mode": "http", "username": "u", "password": "p", "constructor": "c", "toString": {"token": "t"}, "port": {"secret": 1}}';
    const editor = secretValues('hive', parseJsonc(text).root!, JSON_NODE_TREE).map((f) => f.path);
    const migration = secretFieldNodes(detectSchemaByFields(parseTree(text)!), parseTree(text)!).map((f) => f.path);
    assert.deepEqual(editor, ['password', 'toString.token']);
    assert.deepEqual(migration, editor);
  });
});
