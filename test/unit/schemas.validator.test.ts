import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  computeCompletions,
  computeHover,
  CredentialDocument,
  fieldsFor,
  getSchema,
  isSecretField,
  schemaNames,
  secretFieldPaths,
} from '../../src/core/schemas';
import { check, findings, FIXTURES } from './schemasTestSupport';

describe('schemas: data', () => {
  it('has the 13 schemas of the seed plus the self-hosted block, every field described', () => {
    assert.deepEqual(schemaNames(), [
      'athena',
      'bigquery',
      's3',
      'glue',
      'mysql',
      'redshift',
      'looker',
      'looker-git',
      'presto',
      'postgres',
      'snowflake',
      'hive',
      'tableau',
      'self-hosted',
    ]);
    for (const name of schemaNames()) {
      const walk = (fields: ReturnType<typeof fieldsFor>) => {
        for (const [key, spec] of Object.entries(fields)) {
          assert.ok(spec.description.length > 10, `${name}.${key} has a description`);
          if (spec.schema) walk(spec.schema);
        }
      };
      walk(fieldsFor(getSchema(name)!));
    }
  });

  it('keeps the strict types of the page: port is an integer in mysql and presto, a string in redshift and postgres', () => {
    assert.equal(fieldsFor(getSchema('mysql')!).port.type, 'integer');
    assert.equal(fieldsFor(getSchema('presto')!).port.type, 'integer');
    assert.equal(fieldsFor(getSchema('redshift')!).port.type, 'string');
    assert.equal(fieldsFor(getSchema('postgres')!).port.type, 'string');
    assert.equal(fieldsFor(getSchema('hive')!, 'binary').port.nullable, true);
    assert.equal(fieldsFor(getSchema('mysql')!).port.nullable, false);
  });

  it('flags secret-holding fields', () => {
    for (const [schema, field] of [
      ['snowflake', 'password'],
      ['bigquery', 'private_key'],
      ['bigquery', 'private_key_id'],
      ['looker', 'client_secret'],
      ['looker-git', 'token'],
      ['looker-git', 'ssh_key'],
      ['tableau', 'token_value'],
      ['hive', 'databricks_token'],
      ['redshift', 'ssl_options.key'],
      ['presto', 'ssl_options.key'],
      ['hive', 'password'],
    ]) {
      assert.equal(isSecretField(schema, field), true, `${schema}.${field}`);
    }
    for (const [schema, field] of [
      ['snowflake', 'user'],
      ['redshift', 'ssl_options.ca'],
      ['tableau', 'token_name'],
      ['nope', 'password'],
      ['snowflake', 'nope'],
    ]) {
      assert.equal(isSecretField(schema, field), false, `${schema}.${field}`);
    }
    assert.deepEqual(secretFieldPaths('redshift'), ['password', 'ssl_options.key']);
  });
});

describe('schemas: validator rules', () => {
  it('accepts the valid fixture of every schema', () => {
    for (const name of schemaNames()) {
      const file = path.join(FIXTURES, 'valid', `prod.${name}.json`);
      assert.deepEqual(findings(fs.readFileSync(file, 'utf8'), { fileName: file }), [], name);
    }
  });

  it('missing-required: one per missing key, at the object, with the key in data', () => {
    const doc = new CredentialDocument('{"user": "u"}', { forcedSchema: 'snowflake' });
    const diags = doc.diagnostics();
    assert.deepEqual(
      diags.map((d) => `${d.code}@${d.path}`),
      ['missing-required@password', 'missing-required@account'],
    );
    assert.equal(diags[0].offset, 0);
    assert.equal(diags[0].severity, 'error');
    assert.equal(diags[0].data?.key, 'password');
  });

  it('wrong-type: strict string, integer, boolean and dict', () => {
    assert.deepEqual(check('postgres', { db_name: 'd', host: 'h', port: 5432, user: 'u', password: 'p' }), ['wrong-type@port']);
    assert.deepEqual(check('mysql', { host: 'h', port: '3306', username: 'u', password: 'p' }), ['wrong-type@port']);
    assert.deepEqual(check('mysql', { host: 'h', port: 3306.5, username: 'u', password: 'p' }), ['wrong-type@port']);
    assert.deepEqual(check('looker', { base_url: 'b', client_id: 'c', client_secret: 's', verify_ssl: 'true' }), ['wrong-type@verify_ssl']);
    assert.deepEqual(check('redshift', { db_name: 'd', host: 'h', port: '1', user: 'u', password: 'p', ssl_options: 'url' }), [
      'wrong-type@ssl_options',
    ]);
    assert.deepEqual(check('snowflake', ['not', 'an', 'object']), ['wrong-type@']);
    assert.deepEqual(findings('{"user": 1}', { forcedSchema: 'looker-git' })[0], 'missing-required@repo_url');
  });

  it('wrong-type data says whether string <-> integer conversion is possible', () => {
    const [asString] = new CredentialDocument('{"host":"h","port":"3306","username":"u","password":"p"}', {
      forcedSchema: 'mysql',
    }).diagnostics();
    assert.equal(asString.data?.convertible, true);
    const [word] = new CredentialDocument('{"host":"h","port":"abc","username":"u","password":"p"}', {
      forcedSchema: 'mysql',
    }).diagnostics();
    assert.equal(word.data?.convertible, false);
    const [asInt] = new CredentialDocument('{"db_name":"d","host":"h","port":5432,"user":"u","password":"p"}', {
      forcedSchema: 'postgres',
    }).diagnostics();
    assert.equal(asInt.data?.convertible, true);
  });

  it('not-nullable and nullable', () => {
    assert.deepEqual(check('mysql', { host: 'h', port: null, username: 'u', password: 'p', database: null }), ['not-nullable@port']);
    assert.deepEqual(check('hive', { mode: 'binary', port: null, database: null }), []);
    assert.deepEqual(check('snowflake', { user: null, password: 'p', account: 'a' }), ['not-nullable@user']);
  });

  it('not-allowed, also in nested ssl_options', () => {
    assert.deepEqual(
      check('self-hosted', { self_hosting_mechanism: 'vault', self_hosting_key: 'k', assumable_role: 'r', region: 'us-east-1' }),
      ['not-allowed@self_hosting_mechanism'],
    );
    assert.deepEqual(check('presto', { host: 'h', user: 'u', ssl_options: { mechanism: 'url', skip_verification: 1 } }), [
      'not-allowed@ssl_options.mechanism',
      'wrong-type@ssl_options.skip_verification',
    ]);
    assert.deepEqual(
      check('redshift', { db_name: 'd', host: 'h', port: '1', user: 'u', password: 'p', ssl_options: { mechanism: 'url', bogus: 1 } }),
      ['unknown-key@ssl_options.bogus'],
    );
  });

  it('unknown-key is a warning', () => {
    const diags = new CredentialDocument('{"bucket": "b", "prefix": "p", "region": "x"}', { forcedSchema: 's3' }).diagnostics();
    assert.deepEqual(
      diags.map((d) => [d.code, d.severity, d.path]),
      [['unknown-key', 'warning', 'region']],
    );
  });

  it("keys named like Object.prototype's members are unknown keys, with no hover, completion or secret flag", () => {
    const text = '{"bucket": "b", "prefix": "p", "constructor": 1, "toString": "x", "__proto__": {"a": 1}, "hasOwnProperty": null}';
    const doc = new CredentialDocument(text, { forcedSchema: 's3' });
    assert.deepEqual(
      doc.diagnostics().map((d) => [d.code, d.severity, d.path]),
      [
        ['unknown-key', 'warning', 'constructor'],
        ['unknown-key', 'warning', 'toString'],
        ['unknown-key', 'warning', '__proto__'],
        ['unknown-key', 'warning', 'hasOwnProperty'],
      ],
    );
    for (const key of ['constructor', 'toString', '__proto__']) {
      assert.equal(computeHover(doc, text.indexOf(`"${key}"`) + 2), undefined, `no hover on "${key}"`);
      assert.deepEqual(computeCompletions(doc, text.indexOf(`"${key}"`) + key.length + 5), [], `no values offered for "${key}"`);
      assert.equal(isSecretField('s3', key), false);
    }
  });

  it('duplicate-key on the second occurrence', () => {
    const text = '{"bucket": "b", "prefix": "p", "bucket": "c"}';
    const [diag] = new CredentialDocument(text, { forcedSchema: 's3' }).diagnostics();
    assert.equal(diag.code, 'duplicate-key');
    assert.equal(diag.offset, text.lastIndexOf('"bucket"'));
  });

  it('hive: the mode chooses the shape', () => {
    assert.deepEqual(check('hive', { mode: 'databricks', databricks_token: 't', host: 'h' }), ['unknown-key@host']);
    assert.deepEqual(check('hive', { mode: 'http', url: 'u', username: 'x', password: 'p' }), []);
    assert.deepEqual(check('hive', { mode: 'binary', url: 'u' }), ['unknown-key@url']);
    assert.deepEqual(check('hive', { mode: 'odbc' }), ['not-allowed@mode']);
    assert.deepEqual(check('hive', { host: 'h', url: 'u' }), ['missing-required@mode']);
  });

  it('syntax: malformed JSON with offsets, JSONC comments allowed', () => {
    assert.deepEqual(findings('// comment\n{"user": "u", /* c */ "password": "p", "account": "a"}', { forcedSchema: 'snowflake' }), []);
    assert.deepEqual(findings('{"user": "u" "password": "p", "account": "a"}', { forcedSchema: 'snowflake' }), ['syntax@']);
    assert.deepEqual(findings('{"user": "u", "password": "p", "account": "a",}', { forcedSchema: 'snowflake' }), ['syntax@']);
    assert.ok(findings('{"user": "u', { forcedSchema: 'snowflake' }).includes('syntax@'));
    assert.deepEqual(findings('', { forcedSchema: 'snowflake' }), ['syntax@']);
  });

  it('connections files: [i] paths, unknown-schema, missing type and credentials', () => {
    const text = JSON.stringify([
      { type: 'snowflake', credentials: { user: 'u', password: 'p', account: 'a' } },
      { type: 'redshift', credentials: { db_name: 'd', host: 'h', port: 5439, user: 'u', password: 'p', ssl_options: { mechanism: 'x' } } },
      { type: 'snowflak', credentials: {} },
      { credentials: {} },
      { type: 'glue' },
      { type: 3, credentials: {} },
      'nope',
    ]);
    assert.deepEqual(findings(text), [
      'wrong-type@[1].credentials.port',
      'not-allowed@[1].credentials.ssl_options.mechanism',
      'unknown-schema@[2].type',
      'missing-required@[3].type',
      'missing-required@[4].credentials',
      'wrong-type@[5].type',
      'wrong-type@[6]',
    ]);
  });

  it('connections files of named entries use the names in paths', () => {
    const text = JSON.stringify({
      prod: { type: 'postgres', credentials: { db_name: 'd', host: 'h', port: 1, user: 'u', password: 'p' } },
    });
    assert.deepEqual(findings(text), ['wrong-type@prod.credentials.port']);
    assert.deepEqual(findings('{"a": {"type": "glue", "credentials": {}}, "a": {"type": "glue", "credentials": {}}}'), ['duplicate-key@a']);
  });

  it('messages never contain values', () => {
    const secret = 'hunter2-very-secret';
    const text = JSON.stringify([
      { type: 'mysql', credentials: { host: secret, port: secret, username: 1, password: null, extra: secret } },
    ]);
    for (const d of new CredentialDocument(text).diagnostics()) assert.ok(!d.message.includes(secret), d.message);
  });
});
