// Issue 15: one rule for which fields hold secrets (schemas/secretFields.ts), read by the
// `inline-secret` diagnostic, the quick fix's migration plan and Write Secret's document pairs.
import * as assert from 'node:assert/strict';
import { locateConnections } from '../../src/core/migration/locateConnections';
import { planMigration } from '../../src/core/migration/planner';
import { connectionSchema, secretFieldNodes } from '../../src/core/migration/secretFields';
import type { VaultTarget } from '../../src/core/migration/types';
import { inlineSecretDiagnostics, inlineSecretFixAt } from '../../src/core/references/inlineSecrets';
import { CredentialDocument, parseJsonc } from '../../src/core/schemas';
import { JSON_NODE_TREE } from '../../src/core/schemas/jsonTree';
import { secretValues } from '../../src/core/schemas/secretFields';

const VAULT: VaultTarget = { kind: 'vault', store: 'bao', enginePath: 'secret', kvVersion: 2 };

/** What each reader of the rule takes from one file: warned, moved by the plan, offered by Write Secret. */
function readers(fileName: string, text: string) {
  const warned = inlineSecretDiagnostics(text, { fileName }).map((d) => d.path);
  const plan = planMigration({ source: fileName, text, target: VAULT });
  const moved = plan.connections.flatMap((c) =>
    c.fields.map((f) => (plan.shape === 'connections' ? `${c.location}.credentials.${f.path}` : f.path)),
  );
  // Write Secret's document pairs (writeSecret.ts documentPairs): the model's credential, its schema, the rule.
  const [credential] = locateConnections(new CredentialDocument(text, { fileName })).connections;
  const pairs = plan.shape === 'document' ? secretFieldNodes(connectionSchema(credential), credential).map((f) => f.path) : moved;
  return { warned, moved, pairs };
}

describe('schemas: one secret-field rule (issue 15)', () => {
  it('prod.snowflake.json: the warnings are the fields the quick fix moves and Write Secret offers', () => {
    const text = JSON.stringify(
      { user: 'loader', password: 'pw-1', account: 'xy12345', api_key: 'ak-1', extra: { token: 'tk-1' } },
      null,
      2,
    );
    const { warned, moved, pairs } = readers('/w/prod.snowflake.json', text);
    assert.deepEqual(warned, ['password', 'api_key', 'extra.token']);
    assert.deepEqual(moved, warned);
    assert.deepEqual(pairs, warned);
  });

  it('the schema decides for the fields it defines, the name for the others', () => {
    const tableau = { server_name: 's', site_name: 'x', token_name: 'ci', token_value: 'tv-1', refresh_token: 'rt-1' };
    assert.deepEqual(
      readers('/w/a.tableau.json', JSON.stringify(tableau)).warned,
      ['token_value', 'refresh_token'],
      "token_name is the schema's, and not a secret",
    );
    const redshift = {
      db_name: 'd',
      host: 'h',
      port: '5439',
      user: 'u',
      password: 'pw-2',
      ssl_options: { ca: 'c', key: 'k-1', passphrase_secret: 'ps-1' },
    };
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
    assert.deepEqual(warned, [
      '[0].credentials.password',
      '[0].credentials.api_key',
      '[1].credentials.password',
      '[2].credentials.password',
    ]);
    assert.deepEqual(moved, warned);
  });

  it('the same answer for the editor and migration, `constructor` and other prototype names included', () => {
    const text =
      '{"mode": "http", "username": "u", "password": "p", "constructor": "c", "toString": {"token": "t"}, "port": {"secret": 1}}';
    const editor = secretValues('hive', parseJsonc(text).root!, JSON_NODE_TREE).map((f) => f.path);
    const [credential] = locateConnections(new CredentialDocument(text, { fileName: '/w/a.json' })).connections;
    assert.equal(connectionSchema(credential), 'hive');
    const migration = secretFieldNodes(connectionSchema(credential), credential).map((f) => f.path);
    assert.deepEqual(editor, ['password', 'toString.token']);
    assert.deepEqual(migration, editor);
  });
});

describe("inline-secret quick fix: built from the held model, covering the warnings' fields (issue 15)", () => {
  /** Per warning: the fields its quick fix covers, and the fields a plan of that connection moves. */
  function fixes(fileName: string, doc: CredentialDocument) {
    const text = doc.text;
    return inlineSecretDiagnostics(doc).map((warning) => {
      const fix = inlineSecretFixAt(doc, warning.offset);
      assert.ok(fix, `a fix at ${warning.path}`);
      const plan = planMigration({
        source: fileName,
        text,
        target: VAULT,
        select: fix.connection === undefined ? undefined : [fix.connection],
      });
      assert.equal(plan.connections.length, 1);
      const [planned] = plan.connections;
      const moved = planned.fields.map((f) => (plan.shape === 'connections' ? `${planned.location}.credentials.${f.path}` : f.path));
      return {
        warning: warning.path,
        connection: fix.connection,
        name: fix.name,
        covered: fix.diagnostics.map((d) => d.path),
        moved,
        plannedName: planned.name,
      };
    });
  }

  it("every warning's fix names its connection and covers exactly that connection's warnings, the fields its plan moves", () => {
    const text = JSON.stringify(
      {
        prod: { type: 'postgres', credentials: { db_name: 'd', host: 'h', port: '5432', user: 'u', password: 'pw-1', api_key: 'ak-1' } },
        'with.dot': { type: 'oracle', credentials: { user: 'u', password: 'pw-2' } },
        clean: { type: 'snowflake', credentials: { user: 'u', password: 'vault.secret(bao:p.password)', account: 'a' } },
      },
      null,
      2,
    );
    const rows = fixes('/w/named.connections.json', new CredentialDocument(text, { fileName: '/w/named.connections.json' }));
    assert.deepEqual(
      rows.map((r) => [r.warning, r.connection, r.name]),
      [
        ['prod.credentials.password', 'prod', 'prod'],
        ['prod.credentials.api_key', 'prod', 'prod'],
        ['with.dot.credentials.password', 'with.dot', 'with.dot'],
      ],
    );
    for (const row of rows) {
      assert.deepEqual(row.covered, row.moved, row.warning);
      assert.ok(row.covered.includes(row.warning));
      assert.equal(row.name, row.plannedName);
    }
    const document = '{"user": "u", "password": "pw-3", "account": "a", "extra": {"token": "tk-3"}}';
    const single = fixes('/w/prod.snowflake.json', new CredentialDocument(document, { fileName: '/w/prod.snowflake.json' }));
    assert.deepEqual(
      single.map((r) => [r.connection, r.name, r.covered]),
      [
        [undefined, '', ['password', 'extra.token']],
        [undefined, '', ['password', 'extra.token']],
      ],
    );
    assert.deepEqual(single[0].moved, single[0].covered);
  });

  it('on an incrementally edited connections model: array locations, names as the planner gives them, no fix off a warning', () => {
    const text = JSON.stringify(
      [
        { name: 'warehouse', type: 'snowflake', credentials: { user: 'u', password: 'pw-4', account: 'a' } },
        {
          type: 'redshift',
          credentials: { db_name: 'd', host: 'h', port: '5439', user: 'u', password: 'pw-5', ssl_options: { key: 'k-5' } },
        },
        { credentials: { user: 'u', password: 'pw-6', account: 'a' } },
        { type: 'snowflake', credentials: { user: 'u', password: 'vault.secret(bao:p.password)', account: 'clean' } },
      ],
      null,
      2,
    );
    const doc = new CredentialDocument(text, { fileName: '/w/conns.json' });
    // Type a secret into the second connection: only that entry is re-parsed.
    const at = doc.text.indexOf('"user": "u"', doc.text.indexOf('redshift'));
    assert.equal(doc.applyEdit(at, 0, '"token": "tk-5", '), true);
    const rows = fixes('/w/conns.json', doc);
    assert.equal(rows.length, 5);
    assert.deepEqual(
      rows.map((r) => [r.connection, r.name, r.covered]),
      [
        ['[0]', 'warehouse', ['[0].credentials.password']],
        ['[1]', 'redshift-1', ['[1].credentials.token', '[1].credentials.password', '[1].credentials.ssl_options.key']],
        ['[1]', 'redshift-1', ['[1].credentials.token', '[1].credentials.password', '[1].credentials.ssl_options.key']],
        ['[1]', 'redshift-1', ['[1].credentials.token', '[1].credentials.password', '[1].credentials.ssl_options.key']],
        ['[2]', 'connection-2', ['[2].credentials.password']],
      ],
    );
    for (const row of rows) {
      assert.deepEqual(row.moved, row.covered, row.warning);
      assert.equal(row.name, row.plannedName);
    }
    assert.equal(inlineSecretFixAt(doc, doc.text.indexOf('"clean"')), undefined, 'a connection without inline secrets has no fix');
    assert.equal(inlineSecretFixAt(doc, 0), undefined, 'outside every connection');
  });
});
