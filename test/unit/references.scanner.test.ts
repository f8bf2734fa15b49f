import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scanReferences } from '../../src/core/references/scanner';
import type { SecretReference, Span } from '../../src/core/references/types';

// Text copies of public product pages, kept outside the repository: 000 Monte Carlo, "Using self-hosted
// credentials" (https://docs.getmontecarlo.com/docs/using-self-hosted-credentials); 003 Superblocks, "Authenticate using credentials in
// AWS Secrets Manager" (https://docs.superblocks.com/integrations/authenticating-apis/authenticate-using-aws-secrets-manager); 004 Cloudomation
// Engine, "Secret Handling" (https://docs.cloudomation.com/engine/8/docs/vault-integration).
// Excerpts of the public pages the reference syntaxes come from (each file names its page).
const DOCS = path.resolve(__dirname, '../../../test/fixtures/docs');
const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/references');

function only(text: string): SecretReference {
  const { references, diagnostics } = scanReferences(text);
  assert.deepEqual(diagnostics, [], JSON.stringify(diagnostics));
  assert.equal(references.length, 1, `expected one reference in ${text}`);
  return references[0];
}

function at(text: string, span: Span | undefined): string {
  assert.ok(span, 'span missing');
  return text.slice(span.offset, span.offset + span.length);
}

describe('reference scanner', () => {
  describe('vault', () => {
    it('splits store, path and key with exact offsets', () => {
      const text = `user: 'vault.secret(my-vault-config:oracle.user)'`;
      const ref = only(text);
      assert.equal(ref.kind, 'vault');
      assert.equal(ref.offset, 7);
      assert.equal(ref.raw, 'vault.secret(my-vault-config:oracle.user)');
      assert.equal(at(text, ref.parts.store), 'my-vault-config');
      assert.equal(at(text, ref.parts.path), 'oracle');
      assert.equal(at(text, ref.parts.key), 'user');
    });

    it('takes the key after the LAST dot; the path keeps slashes and earlier dots', () => {
      const text = 'vault.secret(cfg:apps/db.prod.password)';
      const ref = only(text);
      assert.deepEqual([ref.storeName, ref.path, ref.key], ['cfg', 'apps/db.prod', 'password']);
      assert.equal(at(text, ref.parts.path), 'apps/db.prod');
      assert.equal(at(text, ref.parts.key), 'password');
    });

    it('reports the unterminated reference of the Cloudomation Engine page and still finds the others', () => {
      const text = fs.readFileSync(path.join(DOCS, 'cloudomation-secret-handling.txt'), 'utf8');
      const { references, diagnostics } = scanReferences(text);
      assert.deepEqual(
        references.map((r) => r.raw),
        [
          'vault.secret(my-vault-config:oracle.user)',
          'vault.secret(my-vault-config:oracle.user)',
          'vault.secret(my-vault-config:oracle.password)',
        ],
      );
      assert.equal(diagnostics.length, 1);
      assert.equal(diagnostics[0].code, 'unterminated-reference');
      assert.equal(at(text, diagnostics[0]), 'vault.secret(my-vault-config:oracle.password');
    });

    it('reports malformed references with the reason', () => {
      for (const [text, why] of [
        ['vault.secret(cfg-no-colon.key)', 'no ":"'],
        ['vault.secret(:path.key)', 'store config name is empty'],
        ['vault.secret(cfg:pathonly)', 'no ".<key>"'],
        ['vault.secret(cfg:path.)', 'key after the last'],
        ['vault.secret(cfg:.key)', 'path is empty'],
        ['vault.secret(cfg:/abs/path.key)', 'not a valid secret path'],
      ] as const) {
        const { references, diagnostics } = scanReferences(text);
        assert.equal(references.length, 0, text);
        assert.equal(diagnostics.length, 1, text);
        assert.equal(diagnostics[0].code, 'malformed-reference', text);
        assert.ok(diagnostics[0].message.includes(why), `${text}: ${diagnostics[0].message}`);
        assert.equal(diagnostics[0].offset, 0);
        assert.equal(diagnostics[0].length, text.length);
      }
    });

    it('does not treat documentation placeholders as references', () => {
      const result = scanReferences('vault.secret(<vault-config-name>:<path-to-secret>.<key>)');
      assert.deepEqual(result, { references: [], diagnostics: [] });
    });

    it('keeps an unterminated reference on its own line (LF and CRLF)', () => {
      const text = fs.readFileSync(path.join(FIXTURES, 'crlf.yaml'), 'utf8');
      assert.ok(text.includes('\r\n'));
      const { references, diagnostics } = scanReferences(text);
      assert.deepEqual(
        references.map((r) => `${r.path}.${r.key}`),
        ['oracle.user', 'apps/db.prod.password'],
      );
      assert.equal(diagnostics.length, 1);
      assert.equal(at(text, diagnostics[0]), 'vault.secret(my-vault-config:oracle.password');
      for (const ref of references) assert.equal(text.slice(ref.offset, ref.offset + ref.length), ref.raw);
    });

    it('finds references in Python strings', () => {
      const text = fs.readFileSync(path.join(FIXTURES, 'connection.py'), 'utf8');
      const { references, diagnostics } = scanReferences(text);
      assert.equal(references.length, 1);
      assert.equal(diagnostics.map((d) => d.code).join(), 'unterminated-reference');
    });
  });

  describe('aws dynamic references', () => {
    it('parses a plain name with json key', () => {
      const text = '"{{resolve:secretsmanager:postgresSecrets:SecretString:password}}"';
      const ref = only(text);
      assert.equal(ref.kind, 'aws');
      assert.equal(ref.offset, 1);
      assert.deepEqual([ref.path, ref.key, ref.versionStage, ref.versionId, ref.arn], ['postgresSecrets', 'password', null, null, null]);
      assert.equal(at(text, ref.parts.secretId), 'postgresSecrets');
      assert.equal(at(text, ref.parts.jsonKey), 'password');
    });

    it('parses the bare form (whole secret)', () => {
      const ref = only('{{resolve:secretsmanager:prod/snowflake}}');
      assert.deepEqual([ref.path, ref.key], ['prod/snowflake', null]);
    });

    for (const partition of ['aws', 'aws-cn', 'aws-us-gov']) {
      it(`keeps the colons of a full ${partition} ARN inside the secret id`, () => {
        const region = partition === 'aws-cn' ? 'cn-north-1' : partition === 'aws-us-gov' ? 'us-gov-west-1' : 'eu-west-1';
        const arn = `arn:${partition}:secretsmanager:${region}:123456789012:secret:prod/db.main-AbCdEf`;
        const text = `{{resolve:secretsmanager:${arn}:SecretString:password:AWSPREVIOUS}}`;
        const ref = only(text);
        assert.equal(ref.path, arn);
        assert.equal(at(text, ref.parts.secretId), arn);
        assert.equal(at(text, ref.parts.region), region);
        assert.equal(at(text, ref.parts.jsonKey), 'password');
        assert.equal(at(text, ref.parts.versionStage), 'AWSPREVIOUS');
        assert.equal(ref.arn?.partition, partition);
        assert.equal(ref.arn?.secretName, 'prod/db.main');
        assert.equal(ref.arn?.hasRandomSuffix, true);
      });
    }

    it('parses a version id after an empty stage', () => {
      const id = 'EXAMPLE1-90ab-cdef-fedc-ba987SECRET1';
      const text = `{{resolve:secretsmanager:MySecret:SecretString:password::${id}}}`;
      const ref = only(text);
      assert.deepEqual([ref.key, ref.versionStage, ref.versionId], ['password', null, id]);
      assert.equal(at(text, ref.parts.versionId), id);
    });

    it('allows an empty SecretString segment', () => {
      const ref = only('{{resolve:secretsmanager:MySecret::password}}');
      assert.equal(ref.key, 'password');
    });

    it('reports malformed ARNs, segments and stage+version', () => {
      for (const text of [
        '{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:123456789012}}',
        '{{resolve:secretsmanager:arn:aws:ssm:us-east-1:123456789012:secret:x-AbCdEf}}',
        '{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:12345:secret:x-AbCdEf}}',
        '{{resolve:secretsmanager:MySecret:SecretBinary:password}}',
        '{{resolve:secretsmanager:MySecret:SecretString:password:AWSCURRENT:EXAMPLE1-90ab-cdef-fedc-ba987SECRET1}}',
        '{{resolve:secretsmanager:MySecret:SecretString:a:b:c:d}}',
      ]) {
        const { references, diagnostics } = scanReferences(text);
        assert.equal(references.length, 0, text);
        assert.deepEqual(
          diagnostics.map((d) => d.code),
          ['malformed-reference'],
          text,
        );
      }
    });

    it('reports an unterminated dynamic reference', () => {
      const text = 'Password: "{{resolve:secretsmanager:MySecret:SecretString:password"\n';
      const { diagnostics } = scanReferences(text);
      assert.deepEqual(
        diagnostics.map((d) => d.code),
        ['unterminated-reference'],
      );
      assert.equal(at(text, diagnostics[0]), '{{resolve:secretsmanager:MySecret:SecretString:password');
    });
  });

  describe('self-hosted blocks', () => {
    it('finds the block of a credentials file with its fields', () => {
      const text = fs.readFileSync(path.join(FIXTURES, 'selfhosted.json'), 'utf8');
      const { references, diagnostics } = scanReferences(text);
      assert.deepEqual(diagnostics, []);
      const block = references.find((r) => r.kind === 'self-hosted');
      assert.ok(block);
      assert.equal(text[block.offset], '{');
      assert.equal(text[block.offset + block.length - 1], '}');
      assert.equal(block.path, 'arn:aws:secretsmanager:us-east-1:123456789012:secret:postgresSecrets-AbCdEf');
      assert.equal(at(text, block.parts.secretId), block.path);
      assert.equal(at(text, block.parts.region), 'us-east-1');
      assert.deepEqual(block.selfHosted, {
        assumableRole: 'arn:aws:iam::123456789012:role/mc-secret-access',
        externalId: 'mc-external-id',
        region: 'us-east-1',
      });
      assert.deepEqual(
        references.map((r) => r.kind),
        ['self-hosted', 'template', 'template'],
      );
    });

    it('handles nested braces and braces inside strings', () => {
      const text =
        '{"a": {"b": "}{"}, "self_hosting_mechanism": "secretsmanager", "x": {"y": {}}, "self_hosting_key": "arn:aws:secretsmanager:us-east-1:123456789012:secret:s-AbCdEf"}';
      const ref = only(text);
      assert.equal(ref.offset, 0);
      assert.equal(ref.length, text.length);
    });

    it('finds the block inside the seed CLI command, once the placeholder is an ARN', () => {
      const text = `$ montecarlo integrations update --changes '{"self_hosting_mechanism": "secretsmanager", "self_hosting_key": "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:mc-AbCdEf", "assumable_role": "r", "external_id": "e", "region": "cn-north-1"}'`;
      const ref = only(text);
      assert.equal(ref.arn?.region, 'cn-north-1');
    });

    it('ignores the placeholder block of the Monte Carlo page and other mechanisms', () => {
      const seed = fs.readFileSync(path.join(DOCS, 'monte-carlo-self-hosted-credentials.txt'), 'utf8');
      assert.deepEqual(scanReferences(seed), { references: [], diagnostics: [] });
      assert.deepEqual(scanReferences('{"self_hosting_mechanism": "vault", "self_hosting_key": "x"}').references, []);
    });

    it('reports a block without a valid ARN', () => {
      const { diagnostics } = scanReferences('{"self_hosting_mechanism": "secretsmanager", "self_hosting_key": "postgres"}');
      assert.deepEqual(
        diagnostics.map((d) => d.code),
        ['malformed-reference'],
      );
      const missing = scanReferences('{"self_hosting_mechanism": "secretsmanager"}');
      assert.deepEqual(
        missing.diagnostics.map((d) => d.code),
        ['malformed-reference'],
      );
    });
  });

  describe('templates', () => {
    it('finds the templated references of the Superblocks page', () => {
      const text = fs.readFileSync(path.join(DOCS, 'superblocks-aws-secrets-manager.txt'), 'utf8');
      const { references, diagnostics } = scanReferences(text);
      assert.deepEqual(diagnostics, []);
      assert.deepEqual(
        references.map((r) => [r.kind, r.templateName, r.key]),
        [
          ['template', 'getSecrets', 'host'],
          ['template', 'getSecrets', 'password'],
        ],
      );
      assert.equal(at(text, references[0].parts.template), 'getSecrets');
      assert.equal(at(text, references[0].parts.key), 'host');
    });

    it('skips other templates and reports broken ones', () => {
      assert.deepEqual(scanReferences('{{ user.name }} {{#each items}} {{{raw}}}'), { references: [], diagnostics: [] });
      assert.deepEqual(
        scanReferences('x: "{{getSecrets.response.host"').diagnostics.map((d) => d.code),
        ['unterminated-reference'],
      );
      assert.deepEqual(
        scanReferences('{{getSecrets.response.host.port}}').diagnostics.map((d) => d.code),
        ['malformed-reference'],
      );
    });

    it('finds ours among other templates: nested, tripled, after a refused one and next to a placeholder', () => {
      const text =
        '{{ .Values.db }} {{{getDb.response.user}}} {{ {{ getDb.response.password }} {{ not a reference }}' +
        ' {{resolve:secretsmanager:<SECRET>}} vault.secret(cfg:apps/db.host) {{9x.response.k}} {{a-b.response.c}}';
      assert.deepEqual(
        scanReferences(text).references.map((r) => r.raw),
        ['{{getDb.response.user}}', '{{ getDb.response.password }}', 'vault.secret(cfg:apps/db.host)'],
      );
    });
  });

  describe('mixed documents', () => {
    it('finds every kind in a dotenv file with exact raw text', () => {
      const text = fs.readFileSync(path.join(FIXTURES, 'app.env'), 'utf8');
      const { references, diagnostics } = scanReferences(text);
      assert.deepEqual(diagnostics, []);
      assert.deepEqual(
        references.map((r) => r.kind),
        ['vault', 'aws', 'aws'],
      );
      for (const ref of references) assert.equal(text.slice(ref.offset, ref.offset + ref.length), ref.raw);
    });

    it('finds references found through their rare tail: at the start, back to back, and not a lookalike', () => {
      // The scanner looks for the `(` of vault.secret( and the `_hosting` of the self-hosted marker.
      const text = 'vault.secret(a:p.k)vault.secret(b:q.k) vault.secret (c:r.k) xvault.secret(d:s.k) (vault.secret) (';
      const found = scanReferences(text).references.map((r) => [r.raw, r.offset]);
      assert.deepEqual(found, [
        ['vault.secret(a:p.k)', 0],
        ['vault.secret(b:q.k)', 19],
        ['vault.secret(d:s.k)', text.indexOf('vault.secret(d')],
      ]);
    });

    it('finds several references on one line and across lines', () => {
      const text = 'a vault.secret(x:p.k) b vault.secret(y:q/r.s)\n{{resolve:secretsmanager:n}} {{t.response.u}}\nvault.secret(z:w.v';
      const { references, diagnostics } = scanReferences(text);
      assert.deepEqual(
        references.map((r) => r.raw),
        ['vault.secret(x:p.k)', 'vault.secret(y:q/r.s)', '{{resolve:secretsmanager:n}}', '{{t.response.u}}'],
      );
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.offset]),
        [['unterminated-reference', text.lastIndexOf('vault')]],
      );
    });

    it('scans a 5 MB mixed document fast and linearly', () => {
      const block = [
        '{"user": "vault.secret(cfg:apps/db.prod.password)", "pg": "{{resolve:secretsmanager:postgresSecrets:SecretString:password}}",',
        ' "c": {"self_hosting_mechanism": "secretsmanager", "self_hosting_key": "arn:aws:secretsmanager:us-east-1:123456789012:secret:pg-AbCdEf"},',
        ' "h": "{{getSecrets.response.host}}", "note": "plain text {{ other }} with no reference at all, just padding to be realistic"}\n',
      ].join('');
      const text = block.repeat(Math.ceil((5 * 1024 * 1024) / block.length));
      // Timing belongs to bench/references.ts; here only a loose bound on the best of a few runs,
      // so a busy machine cannot make it flaky, while a quadratic scan would still fail.
      let best = Infinity;
      let count = 0;
      for (let run = 0; run < 5; run++) {
        const started = process.hrtime.bigint();
        count = scanReferences(text).references.length;
        best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
      }
      assert.equal(count, 4 * Math.ceil((5 * 1024 * 1024) / block.length));
      assert.ok(best < 1000, `best scan took ${best} ms`);
    });
  });
});
