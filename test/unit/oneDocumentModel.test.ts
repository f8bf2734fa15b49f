// Issue 15: one JSON parser home (src/core/schemas/jsonc.ts) behind the editor's model, migration,
// Write Secret, the secret documents and the CLI's files. Its plain values are JSON.parse's; each
// reader keeps its own strictness (trailing commas for settings and migration, none for a secret).
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { planMigration } from '../../src/core/migration/planner';
import type { VaultTarget } from '../../src/core/migration/types';
import { CredentialDocument } from '../../src/core/schemas';
import { jsoncErrors, nodeValue, parseJsonc } from '../../src/core/schemas/jsonc';
import { parseDocumentText, SecretDocumentError } from '../../src/features/secretFs/secretDocument';

const VAULT: VaultTarget = { kind: 'vault', store: 'bao', enginePath: 'secret', kvVersion: 2 };
const WHERE = { store: 'bao', path: 'apps/db' };

function refusal(text: string): string {
  try {
    parseDocumentText(text, WHERE);
  } catch (error) {
    assert.ok(error instanceof SecretDocumentError);
    return error.message;
  }
  assert.fail('accepted');
}

describe('one JSON parser home: plain values, strictness per reader (issue 15)', () => {
  it("nodeValue is JSON.parse's value on valid JSON", () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 6 }), (text) => {
        const { root, errors } = parseJsonc(text);
        assert.deepEqual(errors, []);
        assert.deepEqual(nodeValue(root), JSON.parse(text));
      }),
      { seed: 15, numRuns: 300 },
    );
  });

  it('a duplicated key keeps its last value; `__proto__` is an own key, not the prototype', () => {
    const value = nodeValue(parseJsonc('{"a": 1, "a": 2, "__proto__": {"polluted": true}}').root) as Record<string, unknown>;
    assert.equal(value.a, 2);
    assert.ok(Object.hasOwn(value, '__proto__'));
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.equal((value as { polluted?: unknown }).polluted, undefined);
    assert.deepEqual(value, JSON.parse('{"a": 1, "a": 2, "__proto__": {"polluted": true}}'));
  });

  it('a trailing comma is accepted where JSONC allows it (settings, migration), and only that', () => {
    assert.deepEqual(jsoncErrors(parseJsonc('{"a": [1, 2,],}').errors), []);
    assert.equal(jsoncErrors(parseJsonc('{"a": [1,, 2]}').errors).length, 1);
    const text = '{\n  "user": "u",\n  "password": "pw-trailing",\n  "account": "a",\n}\n';
    const plan = planMigration({ source: '/w/prod.snowflake.json', text, target: VAULT });
    assert.deepEqual(
      plan.connections.map((c) => c.fields.map((f) => f.path)),
      [['password']],
    );
  });

  it('a secret document is strict JSON: a comment, a trailing comma and an unquoted word are refused in words', () => {
    assert.deepEqual(parseDocumentText('{"user": "u", "password": "p"}', WHERE), { type: 'keyed', data: { user: 'u', password: 'p' } });
    assert.deepEqual(parseDocumentText('"just text"', WHERE), { type: 'text', text: 'just text' });
    assert.match(refusal('{"user": "u" // who\n}'), /comments are not allowed in a secret at line 1, column 14\./);
    assert.match(refusal('{"user": "u",\n}'), /a comma \(,\) is followed by no entry at line 1/);
    assert.match(
      refusal('{"password": oops-unquoted}'),
      /unexpected character \(a key or text value needs double quotes\) at line 1, column 14\./,
    );
    assert.match(refusal('{"password": }'), /a value is missing at line 1/);
    assert.match(refusal('{"password": "not closed\n}'), /a text value is not closed \(a double quote is missing\) at line 1/);
    assert.match(refusal(''), /a value is missing/);
    for (const text of ['{"password": Sekr3t-unquoted}', '{"password": "Sekr3t-open\n}', '{"password": "Sekr3t", // Sekr3t\n}']) {
      assert.doesNotMatch(refusal(text), /Sekr3t/, 'the message quotes none of the text');
    }
  });

  it('the planner reads the model the editor holds when its text is the planned text, else parses its own', () => {
    const text = JSON.stringify([{ name: 'a', type: 'snowflake', credentials: { user: 'u', password: 'pw-a', account: 'x' } }]);
    const held = new CredentialDocument(text, { fileName: '/w/conns.json' });
    const plan = planMigration({ source: '/w/conns.json', text, target: VAULT, model: held });
    const fresh = planMigration({ source: '/w/conns.json', text, target: VAULT });
    assert.deepEqual(
      plan.connections.map((c) => c.fields),
      fresh.connections.map((c) => c.fields),
    );
    const stale = new CredentialDocument('{"user": "u", "password": "other", "account": "x"}', { fileName: '/w/conns.json' });
    const notStale = planMigration({ source: '/w/conns.json', text, target: VAULT, model: stale });
    assert.deepEqual(
      notStale.connections.map((c) => [c.location, c.fields.map((f) => f.path)]),
      [['[0]', ['password']]],
      'a model of another text is not used',
    );
    const picked = new CredentialDocument('{"user": "u", "password": "pw-p", "account": "x"}', {
      fileName: '/w/a.json',
      forcedSchema: 'snowflake',
    });
    assert.equal(
      planMigration({ source: '/w/a.json', text: picked.text, target: VAULT, model: picked }).connections[0].schema,
      'snowflake',
    );
  });
});
