// The official SARIF 2.1.0 JSON schema as a validator, for the tests of `check --format sarif`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const ROOT = path.resolve(__dirname, '../../..');

/**
 * The SARIF 2.1.0 schema as OASIS published it (schemastore's sarif-2.1.0-rtm.5.json), taken from the
 * npm package @microsoft/jest-sarif 1.0.0-beta.0 (lib/schemas/). It is draft-04, hence ajv-draft-04;
 * its `language` pattern has a stray `]` that only non-unicode regular expressions accept.
 */
export function sarifValidator(): (log: unknown) => string[] {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
  const validate = ajv.compile(schema);
  return (log) => (validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}
