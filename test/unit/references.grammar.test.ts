// The injection grammar's scopes on sample lines, two ways: with VS Code's own TextMate engine and
// built-in grammars (from the code-server the test setup installs; SECRETREF_CODE_SERVER), and with
// each `match` compiled as a JS RegExp (the grammar uses only the common subset), checked against
// the parser's spans of the same line.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scanReferences } from '../../src/core/references/scanner';
import { INJECT_TO, scopesOf, tokenize as tokenizeInVscode } from '../fixtures/references/tokenize';

interface Rule {
  name?: string;
  match: string;
  captures?: Record<string, { name: string }>;
}

const grammarFile = path.resolve(__dirname, '../../../syntaxes/secretref.injection.tmLanguage.json');
const grammar = JSON.parse(fs.readFileSync(grammarFile, 'utf8')) as {
  scopeName: string;
  injectionSelector: string;
  patterns: { include: string }[];
  repository: Record<string, Rule>;
};

/** Scopes found on a line: [text, scope] for each capture of the first matching rule at each position. */
function tokenize(line: string): [string, string][] {
  const out: [string, string][] = [];
  const rules = grammar.patterns.map((p) => grammar.repository[p.include.slice(1)]);
  let pos = 0;
  while (pos < line.length) {
    let best: { index: number; match: RegExpExecArray; rule: Rule } | undefined;
    for (const rule of rules) {
      const re = new RegExp(rule.match, 'dg');
      re.lastIndex = pos;
      const match = re.exec(line);
      if (match && (!best || match.index < best.index)) best = { index: match.index, match, rule };
    }
    if (!best) break;
    if (best.rule.name) out.push([best.match[0], best.rule.name]);
    for (const [group, capture] of Object.entries(best.rule.captures ?? {})) {
      const text = best.match[Number(group)];
      if (text) out.push([text, capture.name]);
    }
    pos = best.index + Math.max(1, best.match[0].length);
  }
  return out;
}

function scopeOf(tokens: [string, string][], text: string, scopePart: string): boolean {
  return tokens.some(([t, scope]) => t === text && scope.includes(scopePart));
}

describe('reference injection grammar', () => {
  it('injects into JSON, JSONC, YAML, Python, dotenv and plain-text strings', () => {
    assert.equal(grammar.scopeName, 'secretref.injection');
    for (const selector of ['L:string', 'L:text.plain', 'L:source.dotenv'])
      assert.ok(grammar.injectionSelector.includes(selector), selector);
    for (const rule of Object.values(grammar.repository)) assert.doesNotThrow(() => new RegExp(rule.match));
  });

  it('colours the parts of a Vault reference', () => {
    const line = `password='vault.secret(my-vault-config:apps/db.prod.password)'`;
    const tokens = tokenize(line);
    assert.ok(scopeOf(tokens, 'my-vault-config', 'entity.name.type.store.secretref'));
    assert.ok(scopeOf(tokens, 'apps/db.prod', 'entity.name.namespace.path.secretref'));
    assert.ok(scopeOf(tokens, 'password', 'variable.other.key.secretref'));
    const ref = scanReferences(line).references[0];
    assert.equal(line.slice(ref.parts.path!.offset, ref.parts.path!.offset + ref.parts.path!.length), 'apps/db.prod');
  });

  it('marks the unterminated reference of the Cloudomation Engine example as invalid', () => {
    const tokens = tokenize(`password='vault.secret(my-vault-config:oracle.password',`);
    assert.ok(scopeOf(tokens, 'vault.secret(my-vault-config:oracle.password', 'invalid.illegal.unterminated-reference'));
  });

  it('colours an AWS dynamic reference with an ARN (colons inside), json key, stage and version', () => {
    const arn = 'arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:prod/db-AbCdEf';
    const tokens = tokenize(`"Password": "{{resolve:secretsmanager:${arn}:SecretString:password:AWSPREVIOUS}}"`);
    assert.ok(scopeOf(tokens, arn, 'entity.name.namespace.secret-id.secretref'));
    assert.ok(scopeOf(tokens, 'us-gov-west-1', 'constant.other.region.secretref'));
    assert.ok(scopeOf(tokens, 'SecretString', 'support.constant.secret-string'));
    assert.ok(scopeOf(tokens, 'password', 'variable.other.json-key.secretref'));
    assert.ok(scopeOf(tokens, 'AWSPREVIOUS', 'constant.language.version-stage.secretref'));
    const versioned = tokenize('PG={{resolve:secretsmanager:postgresSecrets:SecretString:password::EXAMPLE1-90ab-cdef-fedc-ba987SECRET1}}');
    assert.ok(scopeOf(versioned, 'EXAMPLE1-90ab-cdef-fedc-ba987SECRET1', 'constant.numeric.version-id.secretref'));
    assert.ok(scopeOf(versioned, 'postgresSecrets', 'entity.name.namespace.secret-id.secretref'));
  });

  it('colours templated references and self-hosted ARNs', () => {
    const template = tokenize('"host": "{{getSecrets.response.host}}"');
    assert.ok(scopeOf(template, 'getSecrets', 'entity.name.function.template.secretref'));
    assert.ok(scopeOf(template, 'host', 'variable.other.key.secretref'));
    const block = tokenize('"self_hosting_key": "arn:aws:secretsmanager:us-east-1:123456789012:secret:postgresSecrets-AbCdEf"');
    assert.ok(scopeOf(block, 'self_hosting_key', 'keyword.control.reference.self-hosted'));
    assert.ok(scopeOf(block, 'postgresSecrets', 'entity.name.namespace.secret-id.secretref'));
    assert.ok(scopeOf(block, 'us-east-1', 'constant.other.region.secretref'));
    assert.ok(scopeOf(block, '-AbCdEf', 'comment.secret-suffix.secretref'));
  });

  it('leaves other templates alone', () => {
    assert.deepEqual(tokenize('{{ user.name }} and vault.secret is mentioned'), []);
  });

  describe("with VS Code's TextMate engine and built-in grammars", () => {
    const vscodeRoot = () => {
      const codeServer = process.env.SECRETREF_CODE_SERVER;
      if (!codeServer)
        throw new Error(
          'SECRETREF_CODE_SERVER is not set: source ~/.cache/secretref/env.sh (scripts/setup-prereqs.sh installs code-server).',
        );
      return path.join(codeServer, 'lib/vscode');
    };
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
      contributes?: { grammars?: { scopeName: string; injectTo?: string[] }[] };
    };

    it('injects where package.json says, once the lead adds the grammar contribution', () => {
      const entry = pkg.contributes?.grammars?.find((g) => g.scopeName === 'secretref.injection');
      if (entry) assert.deepEqual(entry.injectTo, INJECT_TO);
    });

    it('JSON strings', async () => {
      const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:pg-AbCdEf';
      const tokens = await tokenizeInVscode(
        vscodeRoot(),
        'source.json',
        `{"user": "vault.secret(cfg:apps/db.prod.password)", "pw": "{{resolve:secretsmanager:${arn}:SecretString:password:AWSPREVIOUS}}"}`,
      );
      assert.match(scopesOf(tokens, 'cfg'), /string\.quoted\.double\.json.*entity\.name\.type\.store\.secretref/);
      assert.match(scopesOf(tokens, 'apps/db.prod'), /entity\.name\.namespace\.path\.secretref/);
      assert.match(scopesOf(tokens, 'password'), /variable\.other\.key\.secretref/);
      assert.match(scopesOf(tokens, 'us-east-1'), /entity\.name\.namespace\.secret-id\.secretref constant\.other\.region\.secretref/);
      assert.match(scopesOf(tokens, 'AWSPREVIOUS'), /constant\.language\.version-stage\.secretref/);
    });

    it('JSONC, YAML, Python and dotenv', async () => {
      const jsonc = await tokenizeInVscode(vscodeRoot(), 'source.json.comments', '// c\n{"host": "{{getSecrets.response.host}}"}');
      assert.match(scopesOf(jsonc, 'getSecrets'), /entity\.name\.function\.template\.secretref/);
      const yaml = await tokenizeInVscode(vscodeRoot(), 'source.yaml', 'user: vault.secret(my-vault-config:oracle.user)');
      assert.match(scopesOf(yaml, 'my-vault-config'), /entity\.name\.type\.store\.secretref/);
      const python = await tokenizeInVscode(vscodeRoot(), 'source.python', "password='vault.secret(my-vault-config:oracle.password',");
      assert.match(
        scopesOf(python, 'vault.secret(my-vault-config:oracle.password'),
        /string\.quoted.*invalid\.illegal\.unterminated-reference\.secretref/,
      );
      const dotenv = await tokenizeInVscode(
        vscodeRoot(),
        'source.dotenv',
        'PG={{resolve:secretsmanager:postgresSecrets:SecretString:password::EXAMPLE1-90ab-cdef-fedc-ba987SECRET1}}',
      );
      assert.match(scopesOf(dotenv, 'postgresSecrets'), /entity\.name\.namespace\.secret-id\.secretref/);
      assert.match(scopesOf(dotenv, 'EXAMPLE1-90ab-cdef-fedc-ba987SECRET1'), /constant\.numeric\.version-id\.secretref/);
    });
  });
});
