// Issue 15: migration planning moved from jsonc-parser onto the one document model (src/core/schemas/jsonc.ts,
// CredentialDocument). Its results on every fixture and corpus text (test/fixtures/corpusCases.ts), for a
// Vault and an AWS target, equal the ones recorded before the switch (test/fixtures/migration/migration-baseline.json,
// SECRETREF_RECORD=1 rewrites it), except the cases listed in CHANGED, each with the reason the old result was wrong.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { planMigration, PlanError } from '../../src/core/migration/planner';
import type { AwsTarget, MigrationTarget, VaultTarget } from '../../src/core/migration/types';
import { corpusCases, FIXTURES } from '../fixtures/corpusCases';

const BASELINE = path.join(FIXTURES, 'migration', 'migration-baseline.json');

const AWS: AwsTarget = {
  kind: 'aws',
  store: 'aws-main',
  region: 'us-east-1',
  assumableRole: 'arn:aws:iam::123456789012:role/monte-carlo-secrets',
  externalId: 'mc-external-42',
  accountId: '123456789012',
  trustedAccountId: '590183797493',
};
const VAULT: VaultTarget = { kind: 'vault', store: 'bao', enginePath: 'secret', kvVersion: 2 };

const DEEP_REASON =
  'the same refusal; its message no longer counts the levels (10,000 and more): the one parser stops at MAX_DEPTH without recursion, and counting took the second tokenizer (nestingDepth.ts) that is gone';

/** Cases whose result changed with the switch, and why the old one was wrong. */
const CHANGED: Record<string, string> = {
  'generated/deep.snowflake.json': DEEP_REASON,
  'generated/deep.connections.json': DEEP_REASON,
  'generated/deep-open.json': DEEP_REASON,
  'generated/deep-open-credentials.json': DEEP_REASON,
  // Issue 17 item 1: a single {"type", "credentials"} object is one connection (was: an unknown credential document).
  'fixtures/broken/unbalanced-references.json': 'a single connection object is detected as a connection (issue 17)',
};

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** What a plan says, compactly: the error, or per connection what it moves and the edits; the previews by digest. */
function planResult(name: string, text: string, target: MigrationTarget): unknown {
  // A fixture keeps its file name (detection reads it); a corpus text is an anonymous .json file.
  const source = name.startsWith('fixtures/') ? `/ws/${name.slice('fixtures/'.length)}` : `/ws/corpus-${digest(name)}.json`;
  try {
    const plan = planMigration({ source, text, target });
    return {
      shape: plan.shape,
      connections: plan.connections.map((c) => ({
        index: c.index,
        name: c.name,
        location: c.location,
        id: c.connectionId,
        schema: c.schema,
        status: c.status,
        skip: c.skipReason,
        migrated: c.alreadyMigrated,
        path: c.secretPath,
        keys: c.secretKeys,
        credentials: c.credentials,
        fields: c.fields.map((f) => `${f.path}>${f.key}@${f.offset}+${f.length}`),
        edits: digest(JSON.stringify(c.editsFor(c.previewSecretId))),
      })),
      diff: digest(plan.diff),
      before: digest(plan.maskedBefore),
      after: digest(plan.maskedAfter),
    };
  } catch (error) {
    if (error instanceof PlanError) return { refused: error.message };
    return { threw: String(error) };
  }
}

/** A big result (thousands of connections) is kept as its digest and counts, so the record stays small. */
function compact(result: unknown): unknown {
  const json = JSON.stringify(result);
  if (json.length <= 4000) return result;
  const connections = (result as { connections?: { status: string }[] }).connections ?? [];
  return { digest: digest(json), connections: connections.length, ready: connections.filter((c) => c.status === 'ready').length };
}

describe('migration: planning on the one document model gives the results it gave on jsonc-parser (issue 15)', function () {
  this.timeout(300_000);

  it('every fixture and corpus text, Vault and AWS targets: as recorded before the switch, or changed for a listed reason', () => {
    const found: Record<string, unknown> = {};
    for (const [name, text] of corpusCases()) {
      found[name] = { vault: compact(planResult(name, text, VAULT)), aws: compact(planResult(name, text, AWS)) };
    }
    // One case a line, so a re-recording's diff shows which cases changed.
    const lines = Object.entries(found).map(([name, result]) => `${JSON.stringify(name)}: ${JSON.stringify(result)}`);
    if (process.env.SECRETREF_RECORD === '1') fs.writeFileSync(BASELINE, `{\n${lines.join(',\n')}\n}\n`);
    const recorded = JSON.parse(fs.readFileSync(BASELINE, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(found), Object.keys(recorded), 'the same cases as recorded');
    const differing = Object.keys(found).filter((name) => JSON.stringify(found[name]) !== JSON.stringify(recorded[name]));
    const unexplained = differing.filter((name) => !(name in CHANGED));
    for (const name of unexplained.slice(0, 5)) {
      console.log(`${name}\n  before: ${JSON.stringify(recorded[name])}\n  now:    ${JSON.stringify(found[name])}`);
    }
    assert.deepEqual(unexplained, [], 'migration results changed where no reason is listed');
    const stale = Object.keys(CHANGED).filter((name) => !differing.includes(name));
    assert.deepEqual(stale, [], 'a listed change that no longer differs: drop it from CHANGED');
    const refused = Object.values(found).filter((r) => 'refused' in (r as { vault: object }).vault).length;
    console.log(
      `migration results on ${differing.length === 0 ? 'all' : 'the'} ${Object.keys(found).length} texts: ${differing.length} changed (listed), ${refused} refused by the Vault plan`,
    );
  });
});
