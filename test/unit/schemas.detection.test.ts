import * as assert from 'node:assert/strict';
import { CredentialDocument, detectByName, detectByOverlap, looksLikeConnections, parseJsonc } from '../../src/core/schemas';
import { matchesGlob } from '../../src/core/schemas/glob';

describe('schemas: detection', () => {
  it('by file name *.<name>.json (and .jsonc), including dashed names', () => {
    assert.deepEqual(detectByName({ fileName: '/w/prod.snowflake.json' }), { schema: 'snowflake', source: 'fileName' });
    assert.deepEqual(detectByName({ fileName: 'C:\\w\\a.looker-git.jsonc' }), { schema: 'looker-git', source: 'fileName' });
    assert.deepEqual(detectByName({ fileName: '/w/x.connections.json' }), { schema: 'connections', source: 'fileName' });
    assert.equal(detectByName({ fileName: '/w/prod.nothing.json' }), undefined);
    assert.equal(detectByName({ fileName: '/w/snowflake.json' }), undefined);
  });

  it('an explicit choice wins over the file name', () => {
    assert.deepEqual(detectByName({ fileName: '/w/prod.snowflake.json', forcedSchema: 'mysql' }), { schema: 'mysql', source: 'option' });
  });

  it('by the credentialFiles glob map (passed in as data)', () => {
    const credentialFiles = { '**/secrets/*.json': 'postgres', 'conns/**': 'connections', 'x.json': 'nope' };
    assert.deepEqual(detectByName({ fileName: '/repo/app/secrets/db.json', credentialFiles }), { schema: 'postgres', source: 'setting' });
    assert.deepEqual(detectByName({ fileName: '/repo/conns/a/b.json', credentialFiles }), { schema: 'connections', source: 'setting' });
    assert.equal(detectByName({ fileName: '/repo/x.json', credentialFiles }), undefined, 'unknown schema names are ignored');
    assert.ok(matchesGlob('/a/b/c.json', '*.json'));
    assert.ok(matchesGlob('/a/b/c.json', 'b/*.json'));
    assert.ok(matchesGlob('/a/b/c.jsonc', '**/*.{json,jsonc}'));
    assert.ok(!matchesGlob('/a/b/c.json', 'a/*.json'));
  });

  it('connections files: an array, or an object of entries with type/credentials', () => {
    assert.ok(looksLikeConnections(' // c\n[]'));
    assert.ok(looksLikeConnections('[{"name": "a", "type": "postgres", "credentials": {}}]'));
    assert.ok(looksLikeConnections('[1, {"credentials": {}}]'), 'one of the first entries is a connection');
    // A stores file (the shape of secretref.stores) and other arrays are not connections files.
    assert.ok(!looksLikeConnections('[{"kind": "vault", "name": "bao", "url": "http://127.0.0.1:8200", "auth": "token"}]'));
    assert.ok(!looksLikeConnections('["db1.internal", "db2.internal"]'));
    assert.ok(!looksLikeConnections('[{"id": 1}, {"id": 2}, {"id": 3}, {"type": "late"}]'), 'only the first entries are read');
    assert.ok(looksLikeConnections('{"prod": {"type": "glue", "credentials": {}}}'));
    assert.ok(!looksLikeConnections('{"type": "service_account", "project_id": "p"}'), 'bigquery has a string "type"');
    assert.ok(!looksLikeConnections('{"ssl_options": {"ca": "x"}}'));
    assert.ok(!looksLikeConnections('"x"'));
  });

  it('by field overlap, and nothing for unrelated JSON', () => {
    const overlap = (text: string) => detectByOverlap(parseJsonc(text).root);
    assert.equal(overlap('{"user": "u", "password": "p", "account": "a"}'), 'snowflake');
    assert.equal(overlap('{"db_name": "d", "host": "h", "port": "1", "user": "u", "password": "p"}'), 'postgres');
    assert.equal(overlap('{"db_name": "d", "host": "h", "port": "1", "user": "u", "password": "p", "ssl_options": {}}'), 'redshift');
    assert.equal(overlap('{"host": "h", "port": 1, "username": "u", "password": "p"}'), 'mysql');
    assert.equal(overlap('{"mode": "databricks", "databricks_token": "t", "databricks_cluster_id": "c"}'), 'hive');
    assert.equal(overlap('{"self_hosting_key": "k", "self_hosting_mechanism": "secretsmanager"}'), 'self-hosted');
    assert.equal(overlap('{"name": "pkg", "version": "1.0.0", "type": "module", "main": "x"}'), undefined);
    assert.equal(overlap('{"compilerOptions": {}}'), undefined);
    assert.equal(overlap('[]'), undefined);
  });

  it('the document reports how it detected its schema', () => {
    assert.deepEqual(new CredentialDocument('[]').detection, { schema: 'connections', source: 'content' });
    assert.deepEqual(new CredentialDocument('{"bucket": "b", "prefix": "p"}').detection, { schema: 's3', source: 'overlap' });
    assert.deepEqual(new CredentialDocument('{"a": 1}').detection, { schema: undefined, source: 'none' });
    assert.deepEqual(new CredentialDocument('{}', { fileName: 'a.tableau.json' }).detection, { schema: 'tableau', source: 'fileName' });
    // Unknown documents get syntax checks only.
    assert.deepEqual(new CredentialDocument('{"a": 1, "b": 2}').diagnostics(), []);
  });
});
