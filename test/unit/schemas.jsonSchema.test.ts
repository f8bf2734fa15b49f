import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getLanguageService } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { connectionsJsonSchema, CredentialDocument, schemaNames, toJsonSchema } from '../../src/core/schemas';
import type { JsonSchema } from '../../src/core/schemas/jsonSchema';
import { FIXTURES } from './schemasTestSupport';

// VS Code's own JSON service judges the exported schemas: it must agree with our validator on
// which documents have errors.
async function anchorErrors(schema: JsonSchema, text: string): Promise<number> {
  const service = getLanguageService({});
  service.configure({ validate: true, allowComments: true, schemas: [{ uri: 'inmemory://schema.json', fileMatch: ['*'], schema }] });
  const document = TextDocument.create('inmemory://doc.json', 'jsonc', 1, text);
  const diagnostics = await service.doValidation(document, service.parseJSONDocument(document), {
    comments: 'ignore',
    trailingCommas: 'error',
    schemaValidation: 'error',
    schemaRequest: 'error',
  });
  return diagnostics.length;
}

describe('schemas: JSON Schema export', () => {
  it('declares draft 2020-12 and mirrors types, required, nullable, allowed and nesting', () => {
    const mysql = toJsonSchema('mysql')!;
    assert.equal(mysql.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.deepEqual(mysql.required, ['host', 'username', 'password']);
    const props = mysql.properties as Record<string, JsonSchema>;
    assert.equal(props.port.type, 'integer');
    assert.deepEqual(props.database.type, ['string', 'null']);
    assert.equal(props.password.writeOnly, true);
    const presto = toJsonSchema('presto')!.properties as Record<string, JsonSchema>;
    const ssl = presto.ssl_options.properties as Record<string, JsonSchema>;
    assert.deepEqual(ssl.mechanism.enum, ['dc-s3']);
    assert.equal(ssl.skip_verification.type, 'boolean');
    const hive = toJsonSchema('hive')!;
    assert.equal((hive.allOf as unknown[]).length, 3);
    assert.equal(toJsonSchema('nope'), undefined);
  });

  it('vscode-json-languageservice accepts every valid fixture and rejects every invalid one with errors', async () => {
    for (const name of schemaNames()) {
      const valid = fs.readFileSync(path.join(FIXTURES, 'valid', `prod.${name}.json`), 'utf8');
      assert.equal(await anchorErrors(toJsonSchema(name)!, valid), 0, `valid ${name}`);
      const invalid = fs.readFileSync(path.join(FIXTURES, 'invalid', `bad.${name}.json`), 'utf8');
      const ours = new CredentialDocument(invalid, { forcedSchema: name }).diagnostics().filter((d) => d.severity === 'error').length;
      const theirs = await anchorErrors(toJsonSchema(name)!, invalid);
      // unknown-key is a warning for us and an error (additionalProperties) for the anchor.
      assert.ok(theirs > 0 || ours === 0, `invalid ${name}: anchor finds errors too`);
    }
  });

  it('the connections schema selects each entry schema by "type"', async () => {
    const schema = connectionsJsonSchema();
    const ok = JSON.stringify([
      { type: 'snowflake', credentials: { user: 'u', password: 'p', account: 'a' } },
      { type: 'hive', credentials: { mode: 'http', url: 'u' } },
    ]);
    assert.equal(await anchorErrors(schema, ok), 0);
    const bad = JSON.stringify([{ type: 'snowflake', credentials: { user: 'u', password: 'p', account: 1 } }]);
    assert.ok((await anchorErrors(schema, bad)) > 0);
    const named = JSON.stringify({
      prod: { type: 'postgres', credentials: { db_name: 'd', host: 'h', port: 1, user: 'u', password: 'p' } },
    });
    assert.ok((await anchorErrors(schema, named)) > 0);
  });
});
