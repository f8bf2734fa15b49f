// The one redactor (src/core/redaction.ts): every text a user or a log sees hides secrets the same way.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { MASK, MIN_SUBSTRING_MASK, redact } from '../../src/core/redaction';
import { scrub } from '../../src/core/stores/errorMapping';

describe('redaction: one mask, one length rule', () => {
  it('masks a value wherever it occurs, the longest secret first', () => {
    assert.equal(redact('pw=hunter22 and again hunter22!', ['hunter22']), `pw=${MASK} and again ${MASK}!`);
    // "abcd" is part of "abcdefgh": masking the short one first would leave "efgh" in the text.
    assert.equal(redact('token abcdefgh', ['abcd', 'abcdefgh']), `token ${MASK}`);
  });

  it(`masks a value under ${MIN_SUBSTRING_MASK} characters only where it stands alone`, () => {
    assert.equal(redact('password "x1" for user x1y', ['x1']), `password "${MASK}" for user x1y`);
    assert.equal(redact('key=äb, Xäbc', ['äb']), `key=${MASK}, Xäbc`);
    assert.equal(redact('a.b', ['.']), 'a.b', 'no standalone occurrence: the text is kept');
  });

  it('leaves no registered value in any text (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: MIN_SUBSTRING_MASK, maxLength: 12 }).filter((s) => !MASK.includes(s) && !s.includes('•')),
        fc.string(),
        fc.string(),
        (secret, before, after) => {
          assert.ok(!redact(`${before}${secret}${after}`, [secret]).includes(secret));
        },
      ),
    );
  });

  it('store error texts use it, and hide Vault tokens by their shape', () => {
    assert.equal(scrub('denied for s3cr3t-value', ['s3cr3t-value']), `denied for ${MASK}`);
    assert.equal(scrub('token hvs.ABCDEFGHIJKLMNOPQRSTUVWX rejected'), `token ${MASK} rejected`);
  });
});
