// Drift between environments (src/core/references/drift.ts): pairing by connection name and type,
// missing secrets and keys, schema mismatches and salted value hashes, never a value in the output.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { compareEnvironments, describeFinding, DriftSide, saltedHash, SecretReading } from '../../src/core/references/drift';
import { driftConnectionsOf, driftText, referenceFieldPath } from '../../src/core/references/driftSides';
import { scanReferences } from '../../src/core/references/scanner';
import { EMPTY_REFERENCE_SETTINGS } from '../../src/core/references/settings';
import { locateConnections } from '../../src/core/migration/locateConnections';
import { CredentialDocument } from '../../src/core/schemas';
import type { SecretValue, StoreConfig } from '../../src/core/stores/types';

const keyed = (store: string, path: string, data: Record<string, unknown>): SecretReading => ({
  state: 'found',
  value: { store, path, type: 'keyed', data } as SecretValue,
});

function side(label: string, connections: DriftSide['connections'], secrets: Record<string, SecretReading>): DriftSide {
  return { label, connections, read: (store, path) => secrets[`${store}:${path}`] ?? { state: 'missing' } };
}

describe('environment drift', () => {
  const PG = { host: 'h', port: '5432', db_name: 'd', user: 'u', password: 'pw-canary-A' };

  it('reports nothing when both sides match by keys and values', () => {
    const a = side('dev', [{ name: 'db', type: 'postgres', refs: [{ field: 'password', store: 'v', path: 'dev/db', key: 'password' }] }], {
      'v:dev/db': keyed('v', 'dev/db', { password: 'same' }),
    });
    const b = side(
      'prod',
      [{ name: 'db', type: 'postgres', refs: [{ field: 'password', store: 'v', path: 'prod/db', key: 'password' }] }],
      {
        'v:prod/db': keyed('v', 'prod/db', { password: 'same' }),
      },
    );
    const report = compareEnvironments(a, b, 'salt');
    assert.deepEqual(report.findings, []);
    assert.equal(report.paired, 1);
  });

  it('pairs by name and type, and reports unpaired connections and fields', () => {
    const a = side(
      'dev',
      [
        { name: 'db', type: 'postgres', refs: [{ field: 'password', store: 'v', path: 'dev/db', key: 'password' }] },
        { name: 'wh', type: 'snowflake', refs: [] },
      ],
      { 'v:dev/db': keyed('v', 'dev/db', { password: 'x' }) },
    );
    const b = side(
      'prod',
      [
        { name: 'db', type: 'postgres', refs: [{ field: 'api_key', store: 'v', path: 'prod/db', key: 'api_key' }] },
        { name: 'wh', type: 'redshift', refs: [] },
      ],
      {},
    );
    const kinds = compareEnvironments(a, b, 's').findings.map((f) => `${f.kind}:${'side' in f ? f.side : ''}:${f.connection}`);
    assert.deepEqual(kinds.sort(), ['connection-unpaired:a:wh', 'connection-unpaired:b:wh', 'field-unpaired:a:db', 'field-unpaired:b:db']);
  });

  it('finds missing secrets, missing keys, extra keys, unreadable stores and differing values by salted hash', () => {
    const refs = (env: string) => [
      { field: 'password', store: 'v', path: `${env}/db`, key: 'password' },
      { field: 'extra.token', store: 'v', path: `${env}/tok`, key: 'token' },
      { field: 'ssl_options.key', store: 'aws', path: `${env}/ssl`, key: 'key' },
    ];
    const a = side('dev', [{ name: 'db', type: 'postgres', refs: refs('dev') }], {
      'v:dev/db': keyed('v', 'dev/db', { password: 'pw-canary-A', old: '1' }),
      'v:dev/tok': keyed('v', 'dev/tok', { token: 't' }),
      'aws:dev/ssl': { state: 'unavailable', reason: 'Signed out of "aws": sign in and run again.' },
    });
    const b = side('prod', [{ name: 'db', type: 'postgres', refs: refs('prod') }], {
      'v:prod/db': keyed('v', 'prod/db', { password: 'pw-canary-B' }),
      'aws:prod/ssl': keyed('aws', 'prod/ssl', { cert: 'c' }),
    });
    const report = compareEnvironments(a, b, 'run-salt');
    const byKind = (kind: string) => report.findings.filter((f) => f.kind === kind);
    assert.deepEqual(
      byKind('secret-missing').map((f) => ('path' in f ? f.path : '')),
      ['prod/tok'],
    );
    assert.deepEqual(
      byKind('secret-unavailable').map((f) => ('path' in f ? f.path : '')),
      ['dev/ssl'],
    );
    assert.deepEqual(
      byKind('key-not-found').map((f) => ('key' in f ? f.key : '')),
      ['key'],
    );
    assert.deepEqual(byKind('keys-only-in'), [{ kind: 'keys-only-in', side: 'a', connection: 'db', field: 'password', keys: ['old'] }]);
    const differ = byKind('values-differ');
    assert.equal(differ.length, 1);
    const hashes = 'keys' in differ[0] ? differ[0].keys : [];
    assert.deepEqual(hashes, [
      { key: 'password', a: saltedHash('run-salt', 'password', 'pw-canary-A'), b: saltedHash('run-salt', 'password', 'pw-canary-B') },
    ]);
    const text = JSON.stringify(report) + report.findings.map((f) => describeFinding(f, report)).join('\n');
    assert.ok(!text.includes('pw-canary'), 'no value in the output');
    assert.ok(!text.includes(createHash('sha256').update('pw-canary-A').digest('hex').slice(0, 16)), 'no unsalted hash');
  });

  it('salted hashes change with the salt and do not expose the value', () => {
    assert.notEqual(saltedHash('s1', 'k', 'v'), saltedHash('s2', 'k', 'v'));
    assert.equal(saltedHash('s1', 'k', 'v'), saltedHash('s1', 'k', 'v'));
    assert.match(saltedHash('s1', 'k', 'v'), /^[0-9a-f]{16}$/);
  });

  it('checks a whole-credential secret (self-hosted block) against the connection schema, one rule', () => {
    const refs = (env: string) => [{ field: '', store: 'aws', path: `${env}/pg`, key: null }];
    const { password: _drop, ...lacking } = PG;
    void _drop;
    const a = side('dev', [{ name: 'db', type: 'postgres', refs: refs('dev') }], { 'aws:dev/pg': keyed('aws', 'dev/pg', PG) });
    const b = side('prod', [{ name: 'db', type: 'postgres', refs: refs('prod') }], { 'aws:prod/pg': keyed('aws', 'prod/pg', lacking) });
    const report = compareEnvironments(a, b, 's');
    const mismatch = report.findings.filter((f) => f.kind === 'schema-mismatch');
    assert.deepEqual(mismatch, [
      { kind: 'schema-mismatch', side: 'b', connection: 'db', field: '', schema: 'postgres', missing: ['password'], wrongType: [] },
    ]);
    assert.match(describeFinding(mismatch[0], report), /prod no longer matches the postgres schema \(lacks password\)/);
    assert.ok(report.findings.some((f) => f.kind === 'keys-only-in' && f.side === 'a' && f.keys.includes('password')));
  });

  it('two fields reading keys of one secret pair: each compares its own key, the pair is reported once', () => {
    const refs = (env: string) => [
      { field: 'user', store: 'v', path: `${env}/db`, key: 'user' },
      { field: 'password', store: 'v', path: `${env}/db`, key: 'password' },
      { field: 'api_key', store: 'v', path: `${env}/api`, key: 'api_key' },
      { field: 'token', store: 'v', path: `${env}/api`, key: 'token' },
    ];
    const a = side('dev', [{ name: 'db', type: 'postgres', refs: refs('dev') }], {
      'v:dev/db': keyed('v', 'dev/db', { user: 'app', password: 'pw-canary-A', old: '1' }),
    });
    const b = side('prod', [{ name: 'db', type: 'postgres', refs: refs('prod') }], {
      'v:prod/db': keyed('v', 'prod/db', { user: 'app', password: 'pw-canary-B' }),
    });
    const kinds = compareEnvironments(a, b, 's').findings.map(
      (f) => `${f.kind}:${'side' in f ? f.side : ''}:${'field' in f ? f.field : ''}`,
    );
    assert.deepEqual(kinds, ['keys-only-in:a:user', 'values-differ::password', 'secret-missing:a:api_key', 'secret-missing:b:api_key']);
  });

  it('names the dotted credential field of each reference', () => {
    const text = JSON.stringify([
      { name: 'n', type: 'postgres', credentials: { ssl: { key: 'vault.secret(bao:a/b.k)' }, hosts: ['x', 'vault.secret(bao:c.k)'] } },
    ]);
    const [connection] = locateConnections(new CredentialDocument(text, { fileName: 'c.json' })).connections;
    const fields = scanReferences(text).references.map((ref) => referenceFieldPath(connection.node, connection.base, ref));
    assert.deepEqual(fields, ['ssl.key', 'hosts.1']);
  });

  it("a file's connections: each reference's field, store, path and key; a self-hosted block is the whole credential; an unknown store is a problem", () => {
    const configs: StoreConfig[] = [
      { kind: 'vault', name: 'bao', url: 'http://127.0.0.1:1', auth: 'token' },
      { kind: 'aws', name: 'aws', region: 'us-east-1', auth: 'default' },
    ] as StoreConfig[];
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/pg';
    const text = JSON.stringify([
      {
        name: 'db',
        type: 'postgres',
        credentials: { user: 'vault.secret(bao:dev/db.user)', password: 'vault.secret(nope:dev/db.password)' },
      },
      {
        name: 'wh',
        type: 'postgres',
        credentials: { self_hosting_mechanism: 'secretsmanager', self_hosting_key: arn, region: 'us-east-1' },
      },
    ]);
    const found = driftConnectionsOf(text, 'dev.json', configs, EMPTY_REFERENCE_SETTINGS);
    assert.deepEqual(found.connections, [
      { name: 'db', type: 'postgres', refs: [{ field: 'user', store: 'bao', path: 'dev/db', key: 'user' }] },
      { name: 'wh', type: 'postgres', refs: [{ field: '', store: 'aws', path: arn, key: null }] },
    ]);
    assert.equal(found.problems.length, 1);
    assert.match(found.problems[0], /^dev\.json: Unknown store config "nope"/);
  });

  it('the text report: one line per finding, then the count; no drift says so', () => {
    const a = side('dev', [{ name: 'db', type: 'postgres', refs: [] }], {});
    const b = side('prod', [], {});
    const report = compareEnvironments(a, b, 's');
    assert.equal(
      driftText(report, ['cannot read "x.json"']),
      [
        'Connection "db" (postgres) is only in dev: add it to prod or remove it.',
        'note: cannot read "x.json"',
        '1 difference(s) between dev and prod; 0 connection(s) compared.',
      ].join('\n'),
    );
    assert.equal(driftText(compareEnvironments(a, a, 's')), 'No drift between dev and dev: 1 connection(s) compared.');
  });
});
