// The Add Store step counter: right from the first step, and it moves by one. The OIDC fields (nested
// under "oidc" in the config) as Add Store asks them, and the config they make.
import * as assert from 'node:assert/strict';
import { parseStoreConfig } from '../../src/core/stores';
import { Draft, fieldValue, setField, stepCounter, STORE_FIELDS } from '../../src/core/stores/storeFields';

/** Walks the fields as Add Store asks them, answering from `answers`; the counters shown. */
function walk(answers: Draft): string[] {
  const draft: Draft = {};
  const shown: string[] = [];
  STORE_FIELDS.forEach((field, i) => {
    if (!field.applies(draft)) return;
    const { step, total } = stepCounter(STORE_FIELDS, draft, i);
    shown.push(`${step}/${total}`);
    if (answers[field.key] !== undefined) setField(draft, field.key, answers[field.key]);
  });
  return shown;
}

/** The fields Add Store asks for `answers` (by key, in order) and the draft they make. */
function ask(answers: Draft): { asked: string[]; draft: Draft } {
  const draft: Draft = {};
  const asked: string[] = [];
  for (const field of STORE_FIELDS) {
    if (!field.applies(draft)) continue;
    asked.push(field.key);
    const answer = answers[field.key];
    if (answer === undefined) continue;
    const problem = typeof answer === 'string' ? field.validate?.(answer) : undefined;
    assert.equal(problem, undefined, `${field.key}: ${answer}`);
    setField(draft, field.key, typeof answer === 'string' && field.parse ? field.parse(answer) : answer);
  }
  return { asked, draft };
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

describe('store form: OIDC fields', () => {
  const base = { kind: 'vault', name: 'corp', url: 'https://vault.example.com', auth: 'oidc' };

  it('asks mount, role, callback mode, listen port and the redirect_uri parts, and makes the "oidc" object of the config', () => {
    const { asked, draft } = ask({
      ...base,
      'oidc.mount': 'corp-oidc',
      'oidc.role': 'dev',
      'oidc.callbackMode': 'client',
      'oidc.port': '8300',
      'oidc.callbackHost': 'localhost',
      'oidc.callbackPort': '9300',
      'oidc.callbackMethod': 'https',
    });
    assert.deepEqual(
      asked.filter((k) => k.startsWith('oidc.')),
      ['oidc.mount', 'oidc.role', 'oidc.callbackMode', 'oidc.port', 'oidc.callbackHost', 'oidc.callbackPort', 'oidc.callbackMethod'],
    );
    assert.ok(!asked.includes('username') && !asked.includes('roleId'), asked.join(' '));
    const { config, problems } = parseStoreConfig(draft);
    assert.deepEqual(problems, []);
    assert.deepEqual(config?.kind === 'vault' && config.oidc, {
      mount: 'corp-oidc',
      role: 'dev',
      callbackMode: 'client',
      port: 8300,
      callbackHost: 'localhost',
      callbackPort: 9300,
      callbackMethod: 'https',
    });
  });

  it('device mode asks no listener fields; empty answers leave the defaults (port 8250)', () => {
    const { asked, draft } = ask({ ...base, 'oidc.callbackMode': 'device' });
    assert.deepEqual(
      asked.filter((k) => k.startsWith('oidc.')),
      ['oidc.mount', 'oidc.role', 'oidc.callbackMode'],
    );
    assert.deepEqual(draft.oidc, { callbackMode: 'device' });
    const listen = STORE_FIELDS.find((f) => f.key === 'oidc.port');
    assert.equal(listen?.placeholder, '8250');
    assert.match(listen?.prompt ?? '', /empty for 8250/);
  });

  it('a port outside 1-65535 or a host with a scheme is refused in the input', () => {
    const field = (key: string) => STORE_FIELDS.find((f) => f.key === key)!;
    assert.match(field('oidc.port').validate!('70000') ?? '', /1 to 65535/);
    assert.match(field('oidc.callbackPort').validate!('80a') ?? '', /1 to 65535/);
    assert.equal(field('oidc.port').validate!('8250'), undefined);
    assert.match(field('oidc.callbackHost').validate!('http://evil.example') ?? '', /without scheme/);
  });

  it('nested fields: read, set and cleared (an empty "oidc" object goes away)', () => {
    const draft: Draft = { ...base };
    setField(draft, 'oidc.port', 8300);
    setField(draft, 'oidc.role', 'dev');
    assert.equal(fieldValue(draft, 'oidc.port'), 8300);
    setField(draft, 'oidc.port', '');
    assert.deepEqual(draft.oidc, { role: 'dev' });
    setField(draft, 'oidc.role', undefined);
    assert.equal('oidc' in draft, false);
  });

  it('the step counter counts the OIDC client fields from the first step and moves by one', () => {
    const shown = walk({ ...base, 'oidc.callbackMode': 'client', 'oidc.callbackMethod': 'http', autoRenew: true });
    shown.forEach((counter, i) => assert.equal(Number(counter.split('/')[0]), i + 1, shown.join(' ')));
    const [last, total] = shown[shown.length - 1].split('/');
    assert.equal(last, total, shown.join(' '));
  });
});
