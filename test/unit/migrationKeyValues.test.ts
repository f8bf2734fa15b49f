// Key/value pairs for Write Secret from selected text, and the references it offers afterwards.
import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { parseKeyValues } from '../../src/core/migration/keyValues';
import { keyReference } from '../../src/core/references/scanner';
import { MaskedValues } from '../../src/core/migration/maskedValues';
import { scanReferences } from '../../src/core/references/scanner';

describe('write secret inputs', () => {
  it('reads JSON objects, flattening nested keys with __', () => {
    assert.deepEqual(parseKeyValues('{"user": "u", "password": "p", "ssl": {"key": "k"}, "port": 5432}'), {
      user: 'u',
      password: 'p',
      ssl__key: 'k',
      port: '5432',
    });
  });

  it('reads .env and YAML-style lines, with quotes and comments', () => {
    assert.deepEqual(parseKeyValues('# db\nexport DB_USER=app\nDB_PASSWORD="s3 cr=t"\npassword: \'x:y\'\n'), {
      DB_USER: 'app',
      DB_PASSWORD: 's3 cr=t',
      password: 'x:y',
    });
    assert.deepEqual(parseKeyValues('"password": "p",'), { password: 'p' });
  });

  it('keeps a key named __proto__ (it is a key like any other, not the prototype)', () => {
    assert.deepEqual(Object.entries(parseKeyValues('__proto__=abc\nuser=u')!), [
      ['__proto__', 'abc'],
      ['user', 'u'],
    ]);
    assert.deepEqual(Object.entries(parseKeyValues('{"__proto__": "s", "ssl": {"__proto__": "t"}}')!), [
      ['__proto__', 's'],
      ['ssl____proto__', 't'],
    ]);
  });

  it('returns undefined for text that is not key/value pairs', () => {
    assert.equal(parseKeyValues(''), undefined);
    assert.equal(parseKeyValues('just a sentence here'), undefined);
  });

  it('offers references the reference parser reads back', () => {
    const vault = scanReferences(keyReference('vault', 'bao', 'apps/db.prod', 'password')).references[0];
    assert.deepEqual([vault.kind, vault.storeName, vault.path, vault.key], ['vault', 'bao', 'apps/db.prod', 'password']);
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:secretref/x-AbCdEf';
    const aws = scanReferences(keyReference('aws', 'aws', arn, 'token')).references[0];
    assert.deepEqual([aws.kind, aws.path, aws.key], ['aws', arn, 'token']);
  });

  it('never prints the values it holds', () => {
    const values = new MaskedValues({ password: 'hunter2-secret', nested: { key: 'inner-secret' } });
    const printed = [JSON.stringify(values), String(values), inspect(values), inspect({ values }, { depth: 5 }), `${values}`].join('\n');
    assert.ok(!printed.includes('hunter2') && !printed.includes('inner-secret'));
    assert.deepEqual(values.keys, ['password', 'nested']);
    assert.deepEqual(values.strings(), ['hunter2-secret', 'inner-secret']);
  });
});
