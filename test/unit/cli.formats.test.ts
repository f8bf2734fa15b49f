// The key/value scanners of YAML, .env, Python, TOML and properties (exact on quoting and comments),
// inline-secret in those formats by the JSON rule, documentation contexts and ignore comments.
import * as assert from 'node:assert/strict';
import { fileContexts, ignoreDirectives, jsoncComments } from '../../src/core/formats/documentation';
import { formatSecretDiagnostics } from '../../src/core/formats/formatSecrets';
import { scanEnv, scanProperties, scanPython, scanToml, scanYaml } from '../../src/core/formats/lineScanners';
import { formatOf, type FormatScan } from '../../src/core/formats/types';
import { documentAnalyzers } from '../../src/core/analyzers';
import { registerReferenceAnalyzer } from '../../src/core/references/referenceAnalyzer';
import { inlineSecretFixAt } from '../../src/core/references/inlineSecrets';
import { CredentialDocument } from '../../src/core/schemas';

registerReferenceAnalyzer();

const pairs = (scan: FormatScan) => scan.entries.map((e) => `${e.path.join('.')}=${e.value}`);
const spans = (text: string, scan: FormatScan) => scan.entries.map((e) => text.slice(e.offset, e.offset + e.length));
const comments = (text: string, scan: FormatScan) => scan.comments.map((c) => text.slice(c.start, c.end));
/** Scans `text` with `scanner` and checks its pairs and comments; returns the scan. */
function expectScan(scanner: (text: string) => FormatScan, text: string, expected: { pairs: string[]; comments: string[] }): FormatScan {
  const scan = scanner(text);
  assert.deepEqual(pairs(scan), expected.pairs);
  assert.deepEqual(comments(text, scan), expected.comments);
  return scan;
}
const secretPaths = (scan: FormatScan) => formatSecretDiagnostics(scan.entries).map((d) => d.path);
const analyze = (text: string, fileName: string) => documentAnalyzers.flatMap((analyzer) => analyzer(text, fileName, {}));

describe('config formats: scanners', () => {
  it('YAML: nesting, sequences, both quotes, comments only outside quotes and after whitespace', () => {
    const text = [
      '# head',
      'jobs:',
      '  db:',
      '    password: "a # not a comment" # a comment',
      "    user: 'it''s'",
      '    url: http://h/#frag',
      '  list:',
      '    - name: one',
      '      token: t1',
      '    - name: two',
      'script: |',
      '  password: inside-a-block-scalar',
      'flow: {password: x}',
    ].join('\n');
    const scan = expectScan(scanYaml, text, {
      pairs: [
        'jobs.db.password=a # not a comment',
        "jobs.db.user=it's",
        'jobs.db.url=http://h/#frag',
        'jobs.list.[0].name=one',
        'jobs.list.[0].token=t1',
        'jobs.list.[1].name=two',
      ],
      comments: ['# head', '# a comment'],
    });
    assert.deepEqual(spans(text, scan).slice(0, 2), ['"a # not a comment"', "'it''s'"]);
  });

  it('.env: export, quotes, inline comments after whitespace only', () => {
    const text = 'export DB_PASSWORD="p#1"\nAPI_KEY=abc#def # note\n# SECRET=x\nEMPTY=\nSINGLE=\'a # b\'\n';
    expectScan(scanEnv, text, { pairs: ['DB_PASSWORD=p#1', 'API_KEY=abc#def', 'SINGLE=a # b'], comments: ['# note', '# SECRET=x'] });
  });

  it('Python: assignments, keyword arguments and dict keys with a string literal; f-strings, comparisons and comments are none', () => {
    const text = [
      'PASSWORD = "lit"  # the password = "no"',
      "conf = {'api_key': 'k', \"token\": f\"{x}\", 'n': 1}",
      'connect(password=r"raw\\pw", user="u")',
      'if password == "cmp": pass',
      's = "a#b"',
      'doc = """password = "inside" """',
    ].join('\n');
    expectScan(scanPython, text, {
      pairs: ['PASSWORD=lit', 'api_key=k', 'password=raw\\pw', 'user=u', 's=a#b'],
      comments: ['# the password = "no"'],
    });
  });

  it('TOML: tables, arrays of tables, dotted and quoted keys, literal strings; arrays skipped', () => {
    const text = [
      '[db]',
      'password = "p\\"q" # c',
      '"quoted.key" = \'lit#eral\'',
      'hosts = ["a # x", "b"] # after',
      '[[servers]]',
      'api.key = "k0"',
      '[[servers]]',
      'api.key = "k1"',
    ].join('\n');
    expectScan(scanToml, text, {
      pairs: ['db.password=p"q', 'db.quoted.key=lit#eral', 'servers.[0].api.key=k0', 'servers.[1].api.key=k1'],
      comments: ['# c', '# after'],
    });
  });

  it('properties: =, : and space separators, comment lines, continuation lines, escapes', () => {
    const text = '# c\n! c2\nspring.datasource.password=pw\\\n   continued\nkey : v # not a comment\nuser u\n';
    expectScan(scanProperties, text, {
      pairs: ['spring.datasource.password=pwcontinued', 'key=v # not a comment', 'user=u'],
      comments: ['# c', '! c2'],
    });
  });

  it('formatOf names the formats by file name', () => {
    assert.deepEqual(
      ['a.json', 'b.jsonc', 'c.yml', 'd.yaml', '.env', '.env.prod', 'prod.env', 'e.py', 'f.toml', 'g.properties', 'h.md', 'i.txt'].map(
        formatOf,
      ),
      ['json', 'json', 'yaml', 'yaml', 'env', 'env', 'env', 'python', 'toml', 'properties', 'markdown', undefined],
    );
    // By the last segment (either separator), case-blind; a bare name is no extension; JSON and YAML win over `.env.`.
    assert.deepEqual(
      ['dir.json/notes', 'json', 'env', 'C:\\cfg\\DB.YML', 'a/b.Py', '.env.json', '.env.py', 'x.env.yaml', 'conf.', 'README.Markdown'].map(
        formatOf,
      ),
      [undefined, undefined, undefined, 'yaml', 'python', 'json', 'env', 'yaml', undefined, 'markdown'],
    );
  });
});

describe('config formats: inline secrets by the JSON rule', () => {
  it('field names where no type is known; references, ${ENV} and placeholders are no secret', () => {
    const text = [
      'DB_PASSWORD=hunter2hunter2',
      'API_TOKEN=vault.secret(s:p.k)',
      'SECRET_REF={{resolve:secretsmanager:s:SecretString:k}}',
      'GITHUB_TOKEN=${GITHUB_TOKEN}',
      'PASSWORD=<password>',
      'HOST=db',
    ].join('\n');
    assert.deepEqual(secretPaths(scanEnv(text)), ['DB_PASSWORD']);
  });

  it('a connection with a type: the schema decides (tableau token_name is no secret, token_value is)', () => {
    const text = [
      'connections:',
      '  - type: tableau',
      '    credentials:',
      '      token_name: my-token',
      '      token_value: tv-literal',
      '  - type: not-a-schema',
      '    credentials:',
      '      token_name: by-name',
    ].join('\n');
    assert.deepEqual(secretPaths(scanYaml(text)), ['connections.[0].credentials.token_value', 'connections.[1].credentials.token_name']);
  });

  it('the diagnostic spans the value and never carries it', () => {
    const text = 'jobs:\n  db:\n    password: hunter2hunter2\n';
    const [d] = formatSecretDiagnostics(scanYaml(text).entries);
    assert.equal(text.slice(d.offset, d.offset + d.length), 'hunter2hunter2');
    assert.ok(!d.message.includes('hunter2hunter2') && !JSON.stringify(d.data).includes('hunter2hunter2'));
  });
});

describe('config formats: documentation contexts', () => {
  it('no reference error in comments of any format, JSON Schema descriptions or Markdown; still one in a value', () => {
    const docs: [string, string][] = [
      ['a.jsonc', '{\n  // TODO: move to vault.secret(...)\n  "x": 1 /* vault.secret( */\n}'],
      [
        'package.json',
        '{"contributes": {"configuration": {"properties": {"a": {"markdownDescription": "Use `{{resolve:secretsmanager:…}}` here", "description": "vault.secret(<store>:<path>.<key>"}}}}}',
      ],
      ['a.yaml', '# vault.secret(\nkey: value # {{resolve:secretsmanager:\n'],
      ['a.py', '# vault.secret(\nx = 1\n'],
      ['b.py', 'def f():\n    """Reads vault.secret(<store>:<path>.<key>, see {{resolve:secretsmanager:"""\n'],
      ['.env', '# vault.secret(\nA=1\n'],
      ['a.toml', '# vault.secret(\na = 1\n'],
      ['a.properties', '! vault.secret(\na=1\n'],
      ['README.md', 'Write `vault.secret(<store>:<path>.<key>` or `{{resolve:secretsmanager:`.'],
    ];
    for (const [name, text] of docs) assert.deepEqual(analyze(text, name), [], name);
    assert.deepEqual(
      analyze('key: "vault.secret(store"\n', 'a.yaml').map((d) => d.code),
      ['unterminated-reference'],
    );
    assert.deepEqual(
      analyze('{"value": "vault.secret(store"}', 'b.json').map((d) => d.code),
      ['unterminated-reference'],
    );
  });

  it('JSONC comments are found exactly (not inside strings)', () => {
    const text = '{"url": "http://x//y", /* c1 */ "a": "/*" // c2\n}';
    assert.deepEqual(
      jsoncComments(text).map((c) => text.slice(c.start, c.end)),
      ['/* c1 */', '// c2'],
    );
  });

  it('ignore comments: code and reason; none without a reason', () => {
    const text = '# secretref: ignore inline-secret test fixture, not a real password\nA=1\n# secretref: ignore inline-secret\n';
    const contexts = fileContexts(text, '.env');
    assert.deepEqual(
      ignoreDirectives(text, contexts.comments).map((d) => [d.code, d.reason]),
      [['inline-secret', 'test fixture, not a real password']],
    );
  });
});

describe('detection: a single connection object', () => {
  it('the demo shape {"name", "type", "credentials"} is a connection, validated and checked for inline secrets', () => {
    const valid =
      '{"name": "n", "type": "postgres", "credentials": {"host": "h", "port": "5432", "db_name": "d", "user": "u", "password": "vault.secret(s:p.k)"}}';
    const doc = new CredentialDocument(valid);
    assert.equal(doc.detection.schema, 'connections');
    assert.deepEqual(doc.diagnostics(), []);
    const broken =
      '{"name": "n", "type": "postgres", "credentials": {"host": "h", "port": 5432, "db_name": "d", "user": "u", "password": "pw-literal"}}';
    const codes = analyze(broken, 'one.json').map((d) => `${d.code}@${d.path}`);
    assert.deepEqual(codes, ['inline-secret@credentials.password']);
    assert.deepEqual(
      new CredentialDocument(broken).diagnostics().map((d) => `${d.code}@${d.path}`),
      ['wrong-type@credentials.port'],
    );
    // Its quick fix migrates the whole document (no connection inside it to name), titled by its name.
    const fix = inlineSecretFixAt(new CredentialDocument(broken), broken.indexOf('pw-literal'));
    assert.deepEqual([fix?.connection, fix?.name, fix?.diagnostics.length], [undefined, 'n', 1]);
  });
});
