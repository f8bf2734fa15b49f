import * as assert from 'node:assert/strict';
import {
  applyEdits,
  computeCompletions,
  computeDocumentQuickFixes,
  computeHover,
  computeQuickFixes,
  CredentialDocument,
} from '../../src/core/schemas';
import type { DetectOptions } from '../../src/core/schemas';
import { cursor } from './schemasTestSupport';

function complete(marked: string, options: DetectOptions = {}) {
  const { text, offset } = cursor(marked);
  return computeCompletions(new CredentialDocument(text, options), offset);
}

describe('schemas: completion', () => {
  it('offers keys not yet present, required first, with type and description', () => {
    const items = complete('{\n  "user": "u",\n  |\n}', { forcedSchema: 'snowflake' });
    assert.deepEqual(
      items.map((i) => i.label),
      ['password', 'account', 'warehouse'],
    );
    assert.equal(items[0].detail, 'string · required');
    assert.match(items[0].documentation, /Password/);
    assert.equal(items[2].detail, 'string · optional');
  });

  it("sorts keys and values before VS Code's own `$schema` row, and preselects the first", () => {
    // VS Code gives the JSON service's `$schema` row its label as sort text.
    for (const items of [complete('{\n  |\n}', { forcedSchema: 'postgres' }), complete('{"verify_ssl": |}', { forcedSchema: 'looker' })]) {
      assert.ok(items.length > 0);
      for (const item of items) assert.ok(item.sortText.toLowerCase() < '$schema', `${item.label}: ${item.sortText}`);
      assert.deepEqual(
        items.map((i) => i.preselect),
        items.map((_, i) => i === 0),
      );
    }
  });

  it('inserts a value snippet of the right JSON type', () => {
    const mysql = complete('{|}', { forcedSchema: 'mysql' });
    assert.equal(mysql.find((i) => i.label === 'port')!.insertText, '"port": ${1:0}');
    const redshift = complete('{|}', { forcedSchema: 'redshift' });
    assert.equal(redshift.find((i) => i.label === 'port')!.insertText, '"port": "$1"');
    assert.equal(redshift.find((i) => i.label === 'ssl_options')!.insertText, '"ssl_options": {$1}');
    const looker = complete('{|}', { forcedSchema: 'looker' });
    assert.equal(looker.find((i) => i.label === 'verify_ssl')!.insertText, '"verify_ssl": ${1|true,false|}');
    assert.ok(looker.every((i) => i.isSnippet));
  });

  it('adds the commas needed between properties', () => {
    const after = complete('{"user": "u" |}', { forcedSchema: 'snowflake' });
    assert.equal(after[0].insertText, ', "password": "$1"');
    const before = complete('{| "user": "u"}', { forcedSchema: 'snowflake' });
    assert.equal(before[0].insertText, '"password": "$1",');
  });

  it('completes inside a key being typed, replacing the key only', () => {
    const { text, offset } = cursor('{"user": "u", "pa|": ""}');
    const items = computeCompletions(new CredentialDocument(text, { forcedSchema: 'snowflake' }), offset);
    const password = items.find((i) => i.label === 'password')!;
    assert.equal(password.insertText, '"password"');
    assert.equal(password.offset, text.indexOf('"pa"'));
    assert.equal(password.length, 4);
    assert.ok(!items.some((i) => i.label === 'user'));
  });

  it('completes values: allowed, booleans, mode, and schema names for "type" in connections files', () => {
    assert.deepEqual(
      complete('{"ssl_options": {"mechanism": |}}', { forcedSchema: 'redshift' }).map((i) => i.label),
      ['"url"'],
    );
    assert.deepEqual(
      complete('{"verify_ssl": |}', { forcedSchema: 'looker' }).map((i) => i.label),
      ['true', 'false'],
    );
    assert.deepEqual(
      complete('{"mode": "|"}', { forcedSchema: 'hive' }).map((i) => i.label),
      ['"binary"', '"databricks"', '"http"'],
    );
    const types = complete('[{"type": "|", "credentials": {}}]');
    assert.ok(types.some((i) => i.label === '"snowflake"'));
    assert.equal(types.length, 14);
  });

  it('completes nested ssl_options keys and hive keys by mode', () => {
    assert.deepEqual(
      complete('{"ssl_options": {|}}', { forcedSchema: 'presto' }).map((i) => i.label),
      ['ca', 'cert', 'key', 'mechanism', 'skip_verification'],
    );
    assert.deepEqual(
      complete('{"mode": "http", |}', { forcedSchema: 'hive' }).map((i) => i.label),
      ['username', 'password', 'url'],
    );
  });

  it('completes inside one connection of a connections file, by its type', () => {
    const items = complete('[{"type": "glue", "credentials": {}}, {"type": "tableau", "credentials": {"site_name": "s", |}}]');
    assert.deepEqual(
      items.map((i) => i.label),
      ['server_name', 'token_name', 'token_value'],
    );
    const level = complete('[{|}]');
    assert.deepEqual(
      level.map((i) => i.label),
      ['type', 'credentials'],
    );
  });

  it('offers nothing where no schema applies', () => {
    assert.deepEqual(complete('{"a": 1, |}'), []);
    assert.deepEqual(complete('[{"type": "nope", "credentials": {|}}]'), []);
  });
});

describe('schemas: hover', () => {
  it('shows type, required or not, and the description of a key', () => {
    const { text, offset } = cursor('{"po|rt": 1}');
    const hover = computeHover(new CredentialDocument(text, { forcedSchema: 'mysql' }), offset)!;
    assert.match(hover.markdown, /\*\*port\*\*: integer · optional/);
    assert.match(hover.markdown, /3306/);
    assert.equal(hover.offset, 1);
    assert.equal(hover.length, 6);
  });

  it('marks secret fields and never shows the value', () => {
    const { text, offset } = cursor('[{"type": "snowflake", "credentials": {"pass|word": "hunter2-secret"}}]');
    const hover = computeHover(new CredentialDocument(text), offset)!;
    assert.match(hover.markdown, /required/);
    assert.match(hover.markdown, /secret/);
    assert.ok(!hover.markdown.includes('hunter2'));
  });

  it('describes the schema named by a connection type', () => {
    const { text, offset } = cursor('[{"type": "red|shift", "credentials": {}}]');
    assert.match(computeHover(new CredentialDocument(text), offset)!.markdown, /Amazon Redshift/);
    assert.equal(computeHover(new CredentialDocument('{"zz": 1}'), 3), undefined);
  });
});

describe('schemas: quick fixes', () => {
  function fix(text: string, options: DetectOptions, code: string, title?: RegExp): string {
    const doc = new CredentialDocument(text, options);
    const all = doc.diagnostics();
    const diag = all.find((d) => d.code === code)!;
    assert.ok(diag, `a ${code} diagnostic`);
    const fixes = computeQuickFixes(text, diag, all);
    const chosen = title ? fixes.find((f) => title.test(f.title))! : fixes[0];
    assert.ok(chosen, `a fix for ${code}`);
    return applyEdits(text, chosen.edits);
  }

  it('adds every missing required key with a value of the right type', () => {
    const text = '{\n  "host": "h"\n}';
    const fixed = fix(text, { forcedSchema: 'mysql' }, 'missing-required', /all/);
    assert.equal(fixed, '{\n  "host": "h",\n  "username": "",\n  "password": ""\n}');
    assert.deepEqual(new CredentialDocument(fixed, { forcedSchema: 'mysql' }).diagnostics(), []);
  });

  it('adds one missing key, into an empty object too', () => {
    const fixed = fix('{}', { forcedSchema: 'self-hosted' }, 'missing-required', /"self_hosting_mechanism"/);
    assert.equal(fixed, '{\n  "self_hosting_mechanism": "secretsmanager"\n}');
    const conn = fix('[{"type": "glue"}]', {}, 'missing-required');
    assert.equal(conn, '[{"type": "glue", "credentials": {}}]');
  });

  it('converts between string and integer where the schema says so', () => {
    assert.equal(
      fix('{"host":"h","port":"3306","username":"u","password":"p"}', { forcedSchema: 'mysql' }, 'wrong-type'),
      '{"host":"h","port":3306,"username":"u","password":"p"}',
    );
    assert.equal(
      fix('{"db_name":"d","host":"h","port":5432,"user":"u","password":"p"}', { forcedSchema: 'postgres' }, 'wrong-type'),
      '{"db_name":"d","host":"h","port":"5432","user":"u","password":"p"}',
    );
    const doc = new CredentialDocument('{"host":"h","port":"abc","username":"u","password":"p"}', { forcedSchema: 'mysql' });
    assert.deepEqual(computeQuickFixes(doc.text, doc.diagnostics()[0]), []);
  });

  it('removes an unknown key with its comma, wherever it is', () => {
    const options = { forcedSchema: 's3' };
    assert.equal(
      fix('{\n  "x": 1,\n  "bucket": "b",\n  "prefix": "p"\n}', options, 'unknown-key'),
      '{\n  "bucket": "b",\n  "prefix": "p"\n}',
    );
    assert.equal(
      fix('{\n  "bucket": "b",\n  "prefix": "p",\n  "x": {"a": [1]}\n}', options, 'unknown-key'),
      '{\n  "bucket": "b",\n  "prefix": "p"\n}',
    );
    assert.equal(fix('{"bucket": "b", "x": 1, "prefix": "p"}', options, 'unknown-key'), '{"bucket": "b", "prefix": "p"}');
    // A comment after the removed key's comma belongs to the next key.
    assert.equal(
      fix('{\n  "x": 1,\n  // the bucket\n  "bucket": "b"\n}', options, 'unknown-key'),
      '{\n  // the bucket\n  "bucket": "b"\n}',
    );
  });

  it('computes fixes inside one connection of a connections file after edits', () => {
    const doc = new CredentialDocument(
      JSON.stringify(
        [
          { type: 'glue', credentials: {} },
          { type: 'mysql', credentials: { host: 'h', port: '1', username: 'u', password: 'p' } },
        ],
        null,
        2,
      ),
    );
    assert.equal(doc.applyEdit(doc.text.indexOf('"h"') + 1, 0, 'ost'), true);
    const all = doc.diagnostics();
    const diag = all.find((d) => d.code === 'wrong-type')!;
    const [fixed] = computeDocumentQuickFixes(doc, diag, all);
    const text = applyEdits(doc.text, fixed.edits);
    assert.match(text, /"port": 1,/);
    assert.deepEqual(new CredentialDocument(text).diagnostics(), []);
  });

  it('replaces a value that is not allowed', () => {
    assert.equal(
      fix('{"ssl_options": {"mechanism": "s3"}}', { forcedSchema: 'presto' }, 'not-allowed'),
      '{"ssl_options": {"mechanism": "dc-s3"}}',
    );
  });
});
