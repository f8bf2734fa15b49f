import * as assert from 'node:assert/strict';
import { nestingDepth } from '../support/nestingDepth';

describe("migration: the differential test's oracle measures nesting before jsonc-parser reads", () => {
  it('counts objects and arrays, not brackets inside strings or comments', () => {
    assert.equal(nestingDepth('{"a": [1, {"b": 2}]}'), 3);
    assert.equal(nestingDepth('{"a": "[[[{{{"} // [[[\n'), 1);
    assert.equal(nestingDepth('/* {{{ */ []'), 1);
    assert.equal(nestingDepth('"\\"[" '), 0);
  });

  it('scans 10,000 levels without recursion', () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    assert.equal(nestingDepth(deep), 10_000);
  });
});
