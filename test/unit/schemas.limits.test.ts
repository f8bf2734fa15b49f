import * as assert from 'node:assert/strict';
import { CredentialDocument } from '../../src/core/schemas';

describe('schemas: limits on broken input', () => {
  it('reports a raw control character inside a string as a syntax error', () => {
    const doc = new CredentialDocument('{"user":"a\u0000b","password":"p","account":"a"}', { fileName: 'x.snowflake.json' });
    const syntax = doc.diagnostics().filter((d) => d.code === 'syntax');
    assert.equal(syntax.length, 1);
    assert.match(syntax[0].message, /U\+0000/);
  });

  it('caps the problems of one broken connection instead of flooding the editor', () => {
    const items = Array.from({ length: 5_000 }, (_, i) => ({
      type: 'snowflake',
      credentials: { user: `u${i}`, password: 'p', account: 'a' },
    }));
    const text = JSON.stringify(items);
    const doc = new CredentialDocument(text, { fileName: 'big.json' });
    assert.equal(doc.diagnostics().length, 0);
    doc.applyEdit(Math.floor(text.length / 2), 0, '"x');
    const diagnostics = doc.diagnostics();
    assert.ok(diagnostics.length > 0 && diagnostics.length <= 500, `${diagnostics.length} diagnostics`);
    assert.ok(diagnostics.some((d) => d.code === 'syntax'));
  });
});
