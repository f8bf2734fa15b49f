import { cpuMs } from '../support/cpuTime';
// The pure planner: every schema to both targets, formatting kept, values masked, artefacts exact.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inspect } from 'node:util';
import { parse } from 'jsonc-parser';
import { planToJson, planToText } from '../../src/core/migration/planFormat';
import { AssumableRoleNeeded, planMigration, PlanError } from '../../src/core/migration/planner';
import { applyTextEdits } from '../../src/core/migration/textEdits';
import { secretName, fileStem } from '../../src/core/migration/naming';
import type { AwsTarget, MigrationPlan, VaultTarget } from '../../src/core/migration/types';
import { scanReferences } from '../../src/core/references/scanner';
import { credentialSamples, connectionsFile } from '../fixtures/migration/credentialSamples';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/migration');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

const ROLE = 'arn:aws:iam::123456789012:role/monte-carlo-secrets';
const AWS: AwsTarget = {
  kind: 'aws',
  store: 'aws-main',
  region: 'us-east-1',
  assumableRole: ROLE,
  externalId: 'mc-external-42',
  accountId: '123456789012',
  trustedAccountId: '590183797493',
};
const VAULT: VaultTarget = { kind: 'vault', store: 'bao', enginePath: 'secret', kvVersion: 2 };
const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:secretref/prod/x-AbCdEf';

function rewrite(plan: MigrationPlan, text: string, secretId = ARN): string {
  return applyTextEdits(
    text,
    plan.connections.flatMap((c) => c.editsFor(plan.target.kind === 'aws' ? secretId : c.secretPath)),
  );
}

function assertNoValue(printable: string, values: readonly string[]): void {
  for (const value of values) assert.ok(!printable.includes(value), `printable form contains a secret value`);
}

describe('migration planner', () => {
  for (const sample of credentialSamples('t1')) {
    const file = `prod.${sample.schema}.json`;
    const text = JSON.stringify(sample.credentials, null, 2) + '\n';

    it(`${sample.label}: Vault target replaces each secret field by a reference`, () => {
      const plan = planMigration({ source: `/ws/${file}`, text, target: VAULT });
      assert.equal(plan.shape, 'document');
      const [c] = plan.connections;
      const secretPaths = Object.keys(sample.secrets);
      if (secretPaths.length === 0) {
        assert.equal(c.status, 'skipped');
        assert.match(c.skipReason ?? '', /no inline secret/);
        return;
      }
      assert.equal(c.status, 'ready');
      assert.equal(c.secretPath, `secretref/prod/${sample.schema}`);
      assert.deepEqual(c.fields.map((f) => f.path).sort(), secretPaths.sort());
      const after = rewrite(plan, text);
      const parsed = parse(after) as Record<string, unknown>;
      const refs = scanReferences(after).references;
      assert.equal(refs.length, secretPaths.length);
      const written = c.values.reveal();
      for (const ref of refs) {
        assert.equal(ref.kind, 'vault');
        assert.equal(ref.storeName, 'bao');
        assert.equal(ref.path, c.secretPath);
        const fieldPath = ref.key!.replace(/__/g, '.');
        assert.equal(written[ref.key!], sample.secrets[fieldPath], `key ${ref.key} holds the original value`);
      }
      // Non-secret fields unchanged.
      for (const [key, value] of Object.entries(sample.credentials)) {
        if (typeof value !== 'object' && !(key in sample.secrets)) assert.deepEqual(parsed[key], value);
      }
      assertNoValue(
        plan.diff + plan.maskedBefore + plan.maskedAfter + JSON.stringify(plan) + inspect(plan, { depth: 9 }),
        Object.values(sample.secrets),
      );
    });

    it(`${sample.label}: AWS target moves the whole credential JSON and writes the self-hosted block`, () => {
      const plan = planMigration({ source: `/ws/${file}`, text, target: AWS });
      const [c] = plan.connections;
      assert.equal(c.status, 'ready');
      assert.deepEqual(c.values.reveal(), sample.credentials);
      assert.deepEqual(c.secretKeys, Object.keys(sample.credentials));
      const after = parse(rewrite(plan, text));
      assert.deepEqual(after, {
        self_hosting_mechanism: 'secretsmanager',
        self_hosting_key: ARN,
        assumable_role: ROLE,
        external_id: 'mc-external-42',
        region: 'us-east-1',
      });
      assert.match(c.previewSecretId, /^arn:aws:secretsmanager:us-east-1:123456789012:secret:secretref\/prod\/[a-z0-9-]+-\?{6}$/);
      assertNoValue(plan.diff + JSON.stringify(plan) + inspect(plan, { depth: 9 }) + plan.maskedAfter, Object.values(sample.secrets));
    });
  }

  it('keeps comments and formatting outside the replaced values (Vault)', () => {
    const text = fixture('connections.jsonc');
    const plan = planMigration({ source: 'connections.jsonc', text, target: VAULT });
    const after = rewrite(plan, text);
    const before = text.split('\n');
    const lines = after.split('\n');
    assert.equal(lines.length, before.length);
    for (let i = 0; i < before.length; i++) {
      if (/inline/.test(before[i])) {
        assert.match(lines[i], /vault\.secret\(bao:secretref\/connections\/(prod-pg|warehouse)\./);
        assert.ok(!/inline/.test(lines[i]));
      } else assert.equal(lines[i], before[i]);
    }
    assert.ok(after.includes('// rotate quarterly') && after.includes('// reporting replica'));
  });

  it('keeps comments and formatting outside the credentials objects (AWS)', () => {
    const text = fixture('connections.jsonc');
    const plan = planMigration({ source: 'connections.jsonc', text, target: AWS });
    const after = rewrite(plan, text);
    // Everything before the first credentials object and between entries is byte-identical.
    const first = plan.connections[0].credentials;
    assert.equal(after.slice(0, first.offset), text.slice(0, first.offset));
    assert.ok(after.includes('// reporting replica') && after.includes('// Warehouse connections'));
    assert.ok(after.includes('"name": "warehouse",\n    "type": "redshift",\n    "credentials": {\n      "self_hosting_mechanism"'));
    const entries = parse(after) as { credentials: Record<string, string> }[];
    assert.equal(entries[1].credentials.self_hosting_key, ARN);
  });

  it('keeps CRLF line ends and tab indentation', () => {
    const text = '{\r\n\t"user": "loader",\r\n\t"password": "crlf-secret",\r\n\t"account": "xy"\r\n}\r\n';
    const vault = planMigration({ source: 'a.snowflake.json', text, target: VAULT });
    assert.equal(rewrite(vault, text), text.replace('"crlf-secret"', '"vault.secret(bao:secretref/a/snowflake.password)"'));
    const aws = planMigration({ source: 'a.snowflake.json', text, target: AWS });
    const after = rewrite(aws, text);
    assert.ok(after.startsWith('{\r\n\t"self_hosting_mechanism": "secretsmanager",\r\n\t"self_hosting_key"'));
    assert.ok(after.endsWith('\r\n}\r\n'));
    assert.ok(!/[^\r]\n/.test(after));
  });

  it('builds the artefacts of Monte Carlo\'s "Using self-hosted credentials" for exactly the new ARN', () => {
    const text = fixture('connections.jsonc');
    const plan = planMigration({ source: 'connections.jsonc', text, target: AWS });
    const artefacts = plan.connections[0].artefactsFor(ARN);
    const policy = JSON.parse(artefacts.iamPolicy!);
    assert.deepEqual(policy, {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: ARN }],
    });
    const trust = JSON.parse(artefacts.trustPolicy!);
    assert.equal(trust.Statement[0].Principal.AWS, 'arn:aws:iam::590183797493:root');
    assert.equal(trust.Statement[0].Action, 'sts:AssumeRole');
    assert.deepEqual(trust.Statement[0].Condition, { StringEquals: { 'sts:ExternalId': 'mc-external-42' } });
    const command = artefacts.montecarloCommand!;
    const match = /^montecarlo integrations update --replace-all --connection-id '([^']+)' --changes '([^']+)'$/.exec(command);
    assert.ok(match, command);
    assert.equal(match[1], '9f1c2a1e-0000-4000-8000-000000000001');
    assert.deepEqual(Object.entries(JSON.parse(match[2])), [
      ['self_hosting_mechanism', 'secretsmanager'],
      ['self_hosting_key', ARN],
      ['assumable_role', ROLE],
      ['external_id', 'mc-external-42'],
      ['region', 'us-east-1'],
    ]);
    // Without a connection id the placeholder of the seed stays in the command.
    assert.match(plan.connections[1].artefactsFor(ARN).montecarloCommand!, /--connection-id '<CONNECTION-ID>'/);
    // Vault: a read policy on the KV v2 data path.
    const vault = planMigration({ source: 'connections.jsonc', text, target: VAULT });
    assert.equal(
      vault.connections[0].artefactsFor('x').vaultPolicy,
      'path "secret/data/secretref/connections/prod-pg" {\n  capabilities = ["read"]\n}\n',
    );
  });

  it('refuses an AWS plan without an assumable role; omits external_id when the store config has none', () => {
    const target: AwsTarget = { kind: 'aws', store: 'aws', region: 'eu-west-1', trustedAccountId: '590183797493' };
    const text = '{"db_name":"d","host":"h","port":"1","user":"u","password":"p-secret"}';
    assert.throws(
      () => planMigration({ source: 'x.postgres.json', text, target }),
      (error: unknown) => error instanceof AssumableRoleNeeded && /no role for Monte Carlo to assume/.test(error.message),
    );
    const plan = planMigration({ source: 'x.postgres.json', text, target: { ...target, assumableRole: ROLE } });
    assert.deepEqual(parse(rewrite(plan, text)), {
      self_hosting_mechanism: 'secretsmanager',
      self_hosting_key: ARN,
      assumable_role: ROLE,
      region: 'eu-west-1',
    });
    assert.match(plan.connections[0].previewSecretId, /:<ACCOUNT-ID>:secret:secretref\/x\/postgres-\?{6}$/);
    assert.ok(!plan.connections[0].artefactsFor(ARN).trustPolicy!.includes('Condition'));
  });

  it('selects connections by name or location and names secrets by the pattern', () => {
    const { text } = connectionsFile(30, 't2');
    const plan = planMigration({
      source: '/ws/team/conns.json',
      text,
      target: VAULT,
      select: ['[3]', 'snowflake-10'],
      namePattern: 'apps/{type}/{connection}#{index}',
    });
    assert.deepEqual(
      plan.connections.map((c) => [c.location, c.secretPath]),
      [
        ['[3]', `apps/glue/glue-3-3`],
        ['[10]', 'apps/snowflake/snowflake-10-10'],
      ],
    );
    assert.throws(() => planMigration({ source: 'c.json', text, target: VAULT, select: ['nope'] }), PlanError);
  });

  it('makes duplicate names unique and sanitizes them', () => {
    const text = JSON.stringify([
      { name: 'a b', type: 'snowflake', credentials: { user: 'u', password: 'one-secret', account: 'a' } },
      { name: 'a b', type: 'snowflake', credentials: { user: 'u', password: 'two-secret', account: 'a' } },
    ]);
    const plan = planMigration({ source: 'c.json', text, target: VAULT });
    assert.deepEqual(
      plan.connections.map((c) => c.secretPath),
      ['secretref/c/a-b', 'secretref/c/a-b-2'],
    );
    assert.equal(secretName('{file}/{connection}', { file: 'x y', connection: 'p(1):2', type: 't', index: 0 }), 'x-y/p-1-2');
    assert.equal(fileStem('/a/b/prod.snowflake.jsonc', ['snowflake']), 'prod');
  });

  it('skips connections that are already self-hosted or hold references, and says why', () => {
    const text = JSON.stringify({
      done: { type: 'postgres', credentials: { self_hosting_mechanism: 'secretsmanager', self_hosting_key: ARN, region: 'us-east-1' } },
      half: { type: 'snowflake', credentials: { user: 'u', password: 'vault.secret(bao:x.password)', account: 'a' } },
      mixed: {
        type: 'redshift',
        credentials: {
          db_name: 'd',
          host: 'h',
          port: '1',
          user: 'u',
          password: 'vault.secret(bao:y.password)',
          ssl_options: { key: 'inline-key-secret' },
        },
      },
    });
    const vault = planMigration({ source: 'c.json', text, target: VAULT });
    assert.deepEqual(
      vault.connections.map((c) => [c.name, c.status]),
      [
        ['done', 'skipped'],
        ['half', 'skipped'],
        ['mixed', 'ready'],
      ],
    );
    assert.deepEqual(vault.connections[2].secretKeys, ['ssl_options__key']);
    const aws = planMigration({ source: 'c.json', text, target: AWS });
    assert.deepEqual(
      aws.connections.map((c) => c.status),
      ['skipped', 'skipped', 'skipped'],
    );
    assert.match(aws.connections[1].skipReason!, /references/);
  });

  it('refuses a document with syntax errors', () => {
    assert.throws(() => planMigration({ source: 'x.postgres.json', text: '{"password": "x",', target: VAULT }), /syntax errors/);
  });

  it('masks every inline secret of the file in the preview, selected or not', () => {
    const { text, samples } = connectionsFile(40, 't3');
    const plan = planMigration({ source: 'c.json', text, target: AWS, select: ['[0]'] });
    assertNoValue(
      plan.diff + plan.maskedBefore + plan.maskedAfter,
      samples.flatMap((s) => Object.values(s.secrets)),
    );
    assert.ok(plan.diff.includes('self_hosting_key'));
  });

  it('masks by value: a non-secret field holding the password (whole or inside a longer text) is masked too', () => {
    const password = 'Tr0ub4dor&3-mask';
    const text = `${JSON.stringify(
      {
        host: 'db.example.com',
        user: 'etl',
        password,
        database: password,
        dbname: 'db',
        note: `old password was ${password} until May`,
        escaped: 'a\u0022b',
      },
      null,
      2,
    )}\n`;
    for (const target of [VAULT, AWS]) {
      const plan = planMigration({ source: 'prod.postgres.json', text, target });
      assert.equal(plan.connections[0].status, 'ready');
      assertNoValue(plan.diff + plan.maskedBefore + plan.maskedAfter + planToText(plan) + JSON.stringify(planToJson(plan)), [password]);
      // The rest stays readable: only the value is masked.
      assert.ok(plan.maskedBefore.includes('"database": "••••••"'), 'the whole-value field is masked');
      assert.ok(plan.maskedBefore.includes('"note": "old password was •••••• until May"'), 'an occurrence inside a text is masked');
      assert.ok(plan.maskedBefore.includes('"dbname": "db"') && plan.maskedBefore.includes('"host": "db.example.com"'));
    }
  });

  it('masks by value: a value with JSON escapes is found in its escaped form; a short value only as a whole string', () => {
    const text = `${JSON.stringify({ host: 'h', user: 'u', password: 'pa"ss\\wörd', database: 'pa"ss\\wörd', sslmode: 'ab', ssl_ca: 'ab' }, null, 2)}\n`;
    const plan = planMigration({ source: 'prod.postgres.json', text, target: VAULT });
    assertNoValue(plan.diff + plan.maskedBefore + plan.maskedAfter, ['pa\\"ss\\\\wörd', 'pa"ss\\wörd']);
    const short = planMigration({
      source: 'prod.postgres.json',
      text: `${JSON.stringify({ host: 'abhost', user: 'u', password: 'ab', database: 'ab' }, null, 2)}\n`,
      target: VAULT,
    });
    assert.ok(short.maskedBefore.includes('"database": "••••••"'), 'a short value is masked as a whole string');
    assert.ok(short.maskedBefore.includes('"host": "abhost"'), 'but not inside other text, which would garble the preview');
  });

  it('plans 1,000 connections quickly', () => {
    const { text } = connectionsFile(1000, 't4');
    const started = cpuMs();
    const plan = planMigration({ source: 'c.json', text, target: VAULT });
    const elapsed = cpuMs() - started;
    assert.equal(plan.connections.length, 1000);
    assert.ok(elapsed < 2000, `planning took ${elapsed.toFixed(0)} ms`);
  });
});
