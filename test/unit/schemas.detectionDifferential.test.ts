// Issue 15: the editor's detector (schemas/detection.ts) and migration's (migration/secretFields.ts)
// over the same 226 small credential objects. This pins what each says today, disagreements included.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTree } from 'jsonc-parser';
import { planMigration } from '../../src/core/migration/planner';
import { detectSchemaByFields } from '../../src/core/migration/secretFields';
import { detectByName, detectByOverlap, parseJsonc } from '../../src/core/schemas';
import { detectionCases } from '../fixtures/schemas/detectionCases';
import { FIXTURES } from './schemasTestSupport';

interface Row {
  from: string;
  keys: string;
  editor: string | null;
  migration: string | null;
}

function rows(): Row[] {
  return detectionCases().map((c) => ({
    from: c.from,
    keys: c.keys.join(','),
    editor: detectByOverlap(parseJsonc(c.text).root) ?? null,
    migration: detectSchemaByFields(parseTree(c.text)!),
  }));
}

describe('schemas: detection, editor and migration side by side (issue 15)', () => {
  it('records what each detector says on every field set and field pair of every schema', () => {
    const actual = rows();
    const recorded = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'detection-differential.json'), 'utf8')) as Row[];
    assert.deepEqual(actual, recorded);
    assert.equal(actual.length, 226);
    assert.equal(actual.filter((r) => r.editor !== r.migration).length, 105, 'disagreements');
    const pair = actual.find((r) => r.keys === 'username,password');
    assert.deepEqual([pair?.editor, pair?.migration], ['mysql', 'hive']);
    const fourKeys = '{"host": "h", "port": 1, "user": "u", "password": "p"}';
    assert.deepEqual([detectByOverlap(parseJsonc(fourKeys).root), detectSchemaByFields(parseTree(fourKeys)!)], ['presto', 'postgres']);
  });

  it('file names: the editor matches `*.<schema>.json` case-sensitively, migration does not', () => {
    assert.equal(detectByName({ fileName: '/w/prod.snowflake.JSON' }), undefined);
    const plan = planMigration({
      source: '/w/prod.snowflake.JSON',
      text: '{"host": "h", "port": 1, "username": "u", "password": "p"}',
      target: { kind: 'vault', store: 'bao', enginePath: 'secret', kvVersion: 2 },
    });
    assert.equal(plan.connections[0].schema, 'snowflake');
  });
});
