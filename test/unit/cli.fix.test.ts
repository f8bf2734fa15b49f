// `secretref check --fix`, in-process on fixtures copied to a temporary folder: each fix kind (string <->
// integer, missing required keys, unknown keys) with comments and formatting kept, CRLF and a BOM kept,
// inline secrets and secret fields untouched, a broken file untouched, the exit code of what remains,
// standard input, and a second --fix that changes nothing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { autoFix } from '../../src/core/autoFix';
import { checkCli } from '../support/checkCli';

// The fixtures (kept here, not in test/fixtures: every file there is a recorded migration corpus case).
const FIXTURES: Record<string, string> = {
  'broken.mysql.json': ['{', '  "host": "db",', '  "port": "3306",', '  "username": "app"', '  "password": "x"', '}', ''].join('\n'),
  'duplicate.mysql.json': [
    '{',
    '  "host": "db",',
    '  "port": "3306",',
    '  "host": "other",',
    '  "username": "app",',
    '  "password": "vault.secret(team-vault:db/app.password)"',
    '}',
    '',
  ].join('\n'),
  'missing.mysql.json': [
    '{',
    '\t// tabs, and two required keys missing',
    '\t"port": 3306,',
    '\t"password": "vault.secret(team-vault:db/app.password)"',
    '}',
    '',
  ].join('\n'),
  'secrets.connections.json': [
    '[',
    '  // inline secrets stay where they are: moving them is `secretref migrate`',
    '  {',
    '    "type": "mysql",',
    '    "credentials": {',
    '      "host": "db.internal",',
    '      "port": "3306",',
    '      "username": "app",',
    '      "password": "hunter2hunter2",',
    '      "api_key": "AKIAEXAMPLEKEY42",',
    '      "extra": { "token": "tok-literal-123456" }',
    '    }',
    '  },',
    '  {',
    '    "type": "mysql",',
    '    "credentials": { "host": "db2.internal", "username": "app", "password": 12345678 }',
    '  },',
    '  { "type": "mysql", "credentials": { "host": "db3.internal", "username": "app" } }',
    ']',
    '',
  ].join('\n'),
  'types.mysql.json': [
    '{',
    '  // MySQL of the reporting job: the port was quoted by hand',
    '  "host": 10,    /* a numeric host name, kept as text */',
    '  "port": "3306", // the default port',
    '  "username": "reporter",',
    '  "password": "vault.secret(team-vault:db/reporting.password)"',
    '}',
    '',
  ].join('\n'),
  'unknown.mysql.json': [
    '{',
    '  "comment": "first, unknown",',
    '  // the server',
    '  "host": "db.internal",',
    '  "port": 3306, // keep this comment',
    '  "timeout": 30,',
    '  "username": "app",',
    '  "password": "vault.secret(team-vault:db/app.password)",',
    '  "legacy_flag": true',
    '}',
    '',
  ].join('\n'),
};

const check = checkCli;

const fixture = (name: string) => FIXTURES[name];

describe('cli: check --fix', () => {
  let dir: string;
  const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-fix-'));
    for (const [name, text] of Object.entries(FIXTURES)) fs.writeFileSync(path.join(dir, name), text);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('converts string <-> integer in place, comments and spacing kept; the run then exits 0', async () => {
    assert.equal((await check(dir, ['types.mysql.json'])).code, 1, 'two wrong-type errors before');
    const result = await check(dir, ['--fix', 'types.mysql.json']);
    assert.equal(
      read('types.mysql.json'),
      fixture('types.mysql.json').replace('"host": 10,', '"host": "10",').replace('"port": "3306",', '"port": 3306,'),
    );
    assert.match(
      read('types.mysql.json'),
      /"host": "10", {4}\/\* a numeric host name, kept as text \*\/\n {2}"port": 3306, \/\/ the default port/,
    );
    assert.equal(result.stdout, '', 'nothing remains');
    assert.match(result.stderr, /types\.mysql\.json: fixed 2 problems\./);
    assert.match(result.stderr, /fixed 2 problems in 1 file/);
    assert.equal(result.code, 0);
  });

  it('adds every missing required key with a placeholder, in the file’s indentation (tabs)', async () => {
    const result = await check(dir, ['--fix', 'missing.mysql.json']);
    assert.equal(
      read('missing.mysql.json'),
      '{\n\t// tabs, and two required keys missing\n\t"port": 3306,\n\t"password": "vault.secret(team-vault:db/app.password)",\n\t"host": "",\n\t"username": ""\n}\n',
    );
    assert.equal(result.code, 0);
  });

  it('removes unknown keys (first, middle, last), keeping the comments of the keys that stay', async () => {
    const result = await check(dir, ['--fix', 'unknown.mysql.json']);
    assert.equal(
      read('unknown.mysql.json'),
      [
        '{',
        '  // the server',
        '  "host": "db.internal",',
        '  "port": 3306, // keep this comment',
        '  "username": "app",',
        '  "password": "vault.secret(team-vault:db/app.password)"',
        '}',
        '',
      ].join('\n'),
    );
    assert.match(result.stderr, /fixed 3 problems/);
    assert.equal(result.code, 0);
  });

  it('never touches a secret: inline secrets stay (migrate moves them), no fix on a secret field', async () => {
    const before = fixture('secrets.connections.json');
    const result = await check(dir, ['--fix', '--format', 'json', 'secrets.connections.json']);
    // The one fix: the first connection's port. Not: removing the unknown keys that hold (or contain)
    // inline secrets, converting the numeric password, adding a placeholder for the missing password.
    assert.equal(read('secrets.connections.json'), before.replace('"port": "3306"', '"port": 3306'));
    const codes = (JSON.parse(result.stdout) as { code: string; path: string }[]).map((f) => `${f.code} ${f.path}`);
    assert.deepEqual(codes, [
      'inline-secret [0].credentials.password',
      'unknown-key [0].credentials.api_key',
      'inline-secret [0].credentials.api_key',
      'unknown-key [0].credentials.extra',
      'inline-secret [0].credentials.extra.token',
      'wrong-type [1].credentials.password',
      'missing-required [2].credentials.password',
    ]);
    assert.equal(result.code, 1, 'the inline secrets and the secret fields remain errors');
    assert.doesNotMatch(result.stderr + result.stdout, /hunter2hunter2|AKIAEXAMPLEKEY42|tok-literal-123456|12345678/, 'no value printed');
  });

  it('leaves a file with a syntax error or a duplicate key as it was, and says so', async () => {
    const result = await check(dir, ['--fix', 'broken.mysql.json', 'duplicate.mysql.json']);
    assert.equal(read('broken.mysql.json'), fixture('broken.mysql.json'));
    assert.equal(read('duplicate.mysql.json'), fixture('duplicate.mysql.json'));
    assert.match(result.stderr, /broken\.mysql\.json: not fixed: it has a syntax error at line 5\./);
    assert.match(
      result.stderr,
      /duplicate\.mysql\.json: not fixed: it has a duplicate key \(which copy to keep is your choice\) at line 4\./,
    );
    assert.match(result.stdout, /broken\.mysql\.json:3:11 error wrong-type/, 'its findings are reported as usual');
    assert.equal(result.code, 1);
  });

  it('keeps a BOM and CRLF line ends, the inserted lines too', async () => {
    const crlf = '\uFEFF' + fixture('missing.mysql.json').replace(/\n/g, '\r\n');
    fs.writeFileSync(path.join(dir, 'missing.mysql.json'), crlf);
    const result = await check(dir, ['--fix', 'missing.mysql.json']);
    const fixed = read('missing.mysql.json');
    assert.ok(fixed.startsWith('\uFEFF{\r\n'), 'the BOM is kept');
    assert.equal(fixed.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF');
    assert.equal(fixed, crlf.replace('.password)"\r\n', '.password)",\r\n\t"host": "",\r\n\t"username": ""\r\n'));
    assert.equal(result.code, 0);
  });

  it('fixes a whole folder in one run; a second --fix changes nothing', async () => {
    const first = await check(dir, ['--fix', '.']);
    assert.match(first.stderr, /fixed 8 problems in 4 files/);
    assert.equal(first.code, 1, 'the secrets and the broken files remain');
    const names = fs.readdirSync(dir).sort();
    const after = new Map(names.map((n) => [n, read(n)]));
    const second = await check(dir, ['--fix', '.']);
    for (const n of names) assert.equal(read(n), after.get(n), `${n} unchanged by the second --fix`);
    assert.doesNotMatch(second.stderr, /: fixed \d|fixed \d+ problem/);
    assert.equal(second.stdout, first.stdout, 'the same findings remain');
    assert.equal(second.code, 1);
    assert.deepEqual(fs.readdirSync(dir).sort(), names, 'no temporary file left behind');
  });

  it('--stdin-filename: the fixed text on standard output, the findings on standard error, no file written', async () => {
    const result = await check(dir, ['--fix', '--stdin-filename', 'conf/app.mysql.json'], fixture('types.mysql.json'));
    assert.equal(
      result.stdout,
      `${fixture('types.mysql.json').replace('"host": 10,', '"host": "10",').replace('"port": "3306",', '"port": 3306,')}\n`,
    );
    assert.equal(fs.existsSync(path.join(dir, 'conf')), false);
    assert.equal(result.code, 0);
    const broken = await check(dir, ['--fix', '--stdin-filename', 'x.mysql.json'], fixture('broken.mysql.json'));
    assert.equal(broken.stdout, `${fixture('broken.mysql.json')}\n`, 'unfixed text as it came');
    assert.match(broken.stderr, /x\.mysql\.json:5:3 error syntax/);
    assert.equal(broken.code, 1);
  });

  it('undoes a pass whose edits would break the file, and fixes nothing by a guessed schema', () => {
    // The editor's removal of a last key after a comment leaves the comma before the comment: a trailing comma.
    const text = '{\n  "host": "h", "port": 1, "username": "u",\n  "password": "", // c\n  "x": 1\n}';
    const result = autoFix(text, { forcedSchema: 'mysql' });
    assert.equal(result.text, text);
    assert.equal(result.applied, 0);
    // No schema named: mysql is guessed from the fields; removing keys by a guess is refused.
    const guessed = autoFix('{"host": "h", "port": "1", "username": "u", "password": "", "x": 1}', { fileName: 'db.json' });
    assert.equal(guessed.refused?.reason, 'guessed-schema');
    assert.equal(guessed.applied, 0);
  });
});
