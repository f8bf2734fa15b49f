// The Add Store step counter: right from the first step, and it moves by one.
import * as assert from 'node:assert/strict';
import { Draft, stepCounter, STORE_FIELDS } from '../../src/core/stores/storeFields';

/** Walks the fields as Add Store asks them, answering from `answers`; the counters shown. */
function walk(answers: Draft): string[] {
  const draft: Draft = {};
  const shown: string[] = [];
  STORE_FIELDS.forEach((field, i) => {
    if (!field.applies(draft)) return;
    const { step, total } = stepCounter(STORE_FIELDS, draft, i);
    shown.push(`${step}/${total}`);
    if (answers[field.key] !== undefined) draft[field.key] = answers[field.key];
  });
  return shown;
}

describe('store form: step counter', () => {
  it('counts a Vault token config the same from the first step to the last', () => {
    const shown = walk({ kind: 'vault', name: 'v', url: 'http://127.0.0.1:8200', auth: 'token', autoRenew: true });
    assert.deepEqual(shown, ['1/8', '2/8', '3/8', '4/8', '5/8', '6/8', '7/8', '8/8']);
  });

  it('moves by one step at a time and ends at its total, whatever the choices', () => {
    for (const answers of [
      { kind: 'vault', name: 'v', url: 'http://x', auth: 'approle', roleId: 'r', autoRenew: false },
      { kind: 'vault', name: 'v', url: 'http://x', auth: 'approle-wrapped', roleId: 'r', runnerRoleName: 'n', runnerRoleId: 'i' },
      { kind: 'aws', name: 'a', region: 'us-east-1', auth: 'profile', profile: 'p', roleArn: 'arn:aws:iam::1:role/r' },
      { kind: 'aws', name: 'a', region: 'us-east-1', auth: 'default' },
    ]) {
      const shown = walk(answers);
      shown.forEach((counter, i) => assert.equal(Number(counter.split('/')[0]), i + 1, shown.join(' ')));
      const [last, total] = shown[shown.length - 1].split('/');
      assert.equal(last, total, shown.join(' '));
      // The total moves only when a choice opens or closes fields (AppRole, a profile, a role), by what it opens.
      for (let i = 1; i < shown.length; i++)
        assert.ok(Math.abs(Number(shown[i].split('/')[1]) - Number(shown[i - 1].split('/')[1])) <= 4, shown.join(' '));
    }
  });
});
