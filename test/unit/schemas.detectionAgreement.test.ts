// Issue 15: one schema detector (schemas/detection.ts). The editor's document model and the migration
// planner detect the same schema on every field set and field pair of every schema (226 objects),
// and read `*.<schema>.json` in any case. The table pins the rule's answers (null: ambiguous).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { locateConnections } from '../../src/core/migration/locateConnections';
import { planMigration } from '../../src/core/migration/planner';
import type { VaultTarget } from '../../src/core/migration/types';
import { CredentialDocument, detectByName } from '../../src/core/schemas';
import { detectionCases } from '../fixtures/schemas/detectionCases';
import { FIXTURES } from './schemasTestSupport';

const VAULT: VaultTarget = { kind: 'vault', store: 'bao', enginePath: 'secret', kvVersion: 2 };

interface Row {
  from: string;
  keys: string;
  schema: string | null;
}

const editorSchema = (text: string, fileName = '/w/credential.json') => new CredentialDocument(text, { fileName }).detection.schema ?? null;

function migrationSchema(text: string, source = '/w/credential.json'): string | null {
  const schema = planMigration({ source, text, target: VAULT }).connections[0].schema;
  return schema === 'unknown' ? null : schema;
}

describe('schemas: one detector for the editor and migration (issue 15)', () => {
  it('the editor and migration agree on every field set and field pair of every schema', () => {
    const cases = detectionCases();
    assert.equal(cases.length, 226);
    const disagreements = cases.filter((c) => editorSchema(c.text) !== migrationSchema(c.text)).map((c) => c.keys.join(','));
    assert.deepEqual(disagreements, []);
    const table: Row[] = cases.map((c) => ({ from: c.from, keys: c.keys.join(','), schema: editorSchema(c.text) }));
    const recorded = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'detection-agreement.json'), 'utf8')) as Row[];
    assert.deepEqual(table, recorded);
    const full = cases.filter((c) => c.kind === 'full');
    assert.deepEqual(
      full.map((c) => editorSchema(c.text)),
      full.map((c) => c.from),
      'every full field set is its own schema',
    );
  });

  it('ambiguous field sets detect nothing; a required field settles a tie; a smaller schema inside a larger one wins', () => {
    const both = (text: string) => [editorSchema(text), migrationSchema(text)];
    assert.deepEqual(both('{"username": "u", "password": "p"}'), [null, null], 'mysql, or hive (binary, http)');
    assert.deepEqual(both('{"host": "h", "port": 1}'), [null, null]);
    assert.deepEqual(
      both('{"host": "h", "port": 1, "user": "u", "password": "p"}'),
      ['presto', 'presto'],
      'postgres and redshift lack db_name',
    );
    assert.deepEqual(
      both('{"db_name": "d", "host": "h", "port": "1", "user": "u", "password": "p"}'),
      ['postgres', 'postgres'],
      'postgres, not redshift',
    );
    assert.deepEqual(both('{"mode": "http", "username": "u", "password": "p"}'), ['hive', 'hive']);
  });

  it('file names: `*.<schema>.json` in any case, in the editor and in migration', () => {
    for (const fileName of ['/w/prod.snowflake.JSON', '/w/prod.Snowflake.json', 'C:\\w\\prod.SNOWFLAKE.Jsonc']) {
      assert.deepEqual(detectByName({ fileName }), { schema: 'snowflake', source: 'fileName' }, fileName);
      const text = '{"host": "h", "port": 1, "username": "u", "password": "p"}';
      assert.deepEqual([editorSchema(text, fileName), migrationSchema(text, fileName)], ['snowflake', 'snowflake'], fileName);
    }
    assert.equal(detectByName({ fileName: '/w/prod.CONNECTIONS.json' })?.schema, 'connections');
  });

  it('migration reads the credentialFiles setting as the editor does', () => {
    const credentialFiles = { '**/secrets/*.json': 'postgres' };
    const text = '{"host": "h", "port": 1, "username": "u", "password": "p"}';
    assert.equal(new CredentialDocument(text, { fileName: '/r/secrets/db.json', credentialFiles }).detection.schema, 'postgres');
    assert.equal(planMigration({ source: '/r/secrets/db.json', text, target: VAULT, credentialFiles }).connections[0].schema, 'postgres');
  });

  it('a connections file or one credential: the editor and migration read the name, then the content, alike', () => {
    const entry = '{"type": "snowflake", "credentials": {"user": "u", "password": "p", "account": "a"}}';
    const files: [string, string, 'connections' | 'document'][] = [
      ['/w/a.json', '[]', 'connections'],
      ['/w/a.json', `{"prod": ${entry}}`, 'connections'],
      ['/w/a.json', `{"prod": ${entry}, "version": 2}`, 'connections'],
      ['/w/a.json', '{"prod": {"type": "glue"}}', 'connections'],
      ['/w/a.json', '{"user": "u", "password": "p", "account": "a"}', 'document'],
      ['/w/prod.snowflake.json', `[${entry}]`, 'document'],
      ['/w/x.connections.json', `{"prod": ${entry}}`, 'connections'],
      ['/w/x.Connections.JSON', '{"user": "u", "password": "p", "account": "a"}', 'connections'],
    ];
    for (const [fileName, text, shape] of files) {
      const editor = new CredentialDocument(text, { fileName }).isConnections ? 'connections' : 'document';
      assert.deepEqual(
        // Migration's planner reads the model it builds with the planned file's name as `fileName`.
        [editor, locateConnections(new CredentialDocument(text, { fileName })).shape],
        [shape, shape],
        `${fileName} ${text}`,
      );
    }
    assert.deepEqual(
      planMigration({ source: '/w/a.json', text: `{"prod": ${entry}, "version": 2}`, target: VAULT }).connections.map((c) => c.name),
      ['prod'],
    );
  });
});
