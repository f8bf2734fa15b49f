import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { computeCompletions, CredentialDocument } from '../../src/core/schemas';

function connections(n: number): string {
  const items = [];
  for (let i = 0; i < n; i++) {
    items.push(
      i % 2 === 0
        ? { name: `c${i}`, type: 'snowflake', credentials: { user: `u${i}`, password: 'p', account: 'a' } }
        : {
            name: `c${i}`,
            type: 'redshift',
            credentials: { db_name: 'd', host: 'h', port: '5439', user: 'u', password: 'p', ssl_options: { mechanism: 'url' } },
          },
    );
  }
  return JSON.stringify(items, null, 2);
}

const strip = (doc: CredentialDocument) => doc.diagnostics().map((d) => ({ ...d, data: undefined }));

describe('schemas: incremental document', () => {
  it('re-parses only the edited connection and shifts the later ones', () => {
    const doc = new CredentialDocument(connections(50));
    const offset = doc.text.indexOf('"u10"') + 2;
    assert.equal(doc.applyEdit(offset, 0, 'xyz'), true);
    assert.equal(doc.applyEdit(doc.text.indexOf('"5439"', offset), 6, '5439'), true);
    assert.deepEqual(strip(doc), strip(new CredentialDocument(doc.text)));
    assert.deepEqual(
      doc.diagnostics().map((d) => `${d.code}@${d.path}`),
      ['wrong-type@[11].credentials.port'],
    );
  });

  it('falls back to a full parse when the structure between connections changes', () => {
    const doc = new CredentialDocument(connections(5));
    const end = doc.entries[1].end;
    assert.equal(doc.applyEdit(end, 0, ', {"type": "glue", "credentials": {}}'), false);
    assert.equal(doc.entries.length, 6);
    // The first entries tell a connections file by its content: one that no longer does is parsed whole.
    const first = new CredentialDocument('[{"type": "glue", "credentials": {}}, {"id": 2}]');
    assert.equal(
      first.applyEdit(first.text.indexOf('"type"'), '"type": "glue", "credentials": {}'.length, '"kind": "vault"'),
      false,
      'the first entry is no connection now',
    );
    assert.equal(first.isConnections, false);
    const inside = doc.entries[0].start + 1;
    assert.equal(doc.applyEdit(inside, 0, '"'), true, 'a stray quote ends at the line end');
    assert.equal(doc.applyEdit(inside, 0, '/*'), false, 'an open comment spills into the next connections');
    assert.deepEqual(strip(doc), strip(new CredentialDocument(doc.text)));
  });

  it('completion after an edit sees the edit', () => {
    const doc = new CredentialDocument(connections(20));
    const at = doc.text.indexOf('"account"', doc.entries[4].start);
    doc.applyEdit(at, '"account": "a"'.length, '');
    const items = computeCompletions(doc, at);
    assert.ok(items.some((i) => i.label === 'account'));
  });

  it('after any sequence of edits equals a fresh parse (property)', () => {
    const base = connections(6);
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.nat(),
            fc.nat({ max: 8 }),
            fc.constantFrom('', 'x', '"', '{', '}', ',', '1', ' ', '\n', ':', '"k": 1,', '[', '/*', '*/', '//'),
          ),
          { maxLength: 12 },
        ),
        (edits) => {
          const doc = new CredentialDocument(base);
          for (const [at, removed, inserted] of edits) {
            const offset = at % (doc.text.length + 1);
            doc.applyEdit(offset, Math.min(removed, doc.text.length - offset), inserted);
          }
          assert.deepEqual(strip(doc), strip(new CredentialDocument(doc.text)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
