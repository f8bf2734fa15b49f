// Which store and secret a reference reads (core/references/target.ts), from the settings as the
// extension and the CLI read them (settings.ts).
import * as assert from 'node:assert/strict';
import { scanReferences } from '../../src/core/references/scanner';
import { referenceSettingsFrom } from '../../src/core/references/settings';
import { targetOf } from '../../src/core/references/target';
import type { StoreConfig } from '../../src/core/stores/types';

const CONFIGS = [{ kind: 'aws', name: 'aws-prod', region: 'us-east-1' }] as StoreConfig[];

function targetOfText(text: string, settings: Record<string, unknown>) {
  const [ref] = scanReferences(text).references;
  assert.ok(ref, `a reference in ${text}`);
  return targetOf(ref, CONFIGS, referenceSettingsFrom(settings));
}

describe('reference targets', () => {
  it('a template resolves through secretref.templates', () => {
    const result = targetOfText('pw: {{getSecrets.response.password}}', {
      'secretref.templates': { getSecrets: { store: 'aws-prod', secret: 'postgresSecrets' } },
    });
    assert.deepEqual('target' in result && result.target, { store: 'aws-prod', path: 'postgresSecrets', key: 'password', options: {} });
  });

  it('a template named like a member of Object.prototype is unknown unless the settings define it; one named __proto__ is kept', () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty']) {
      const result = targetOfText(`pw: {{${name}.response.password}}`, { 'secretref.templates': {} });
      assert.ok('problem' in result && result.problem.message.startsWith(`Unknown template "${name}"`), JSON.stringify(result));
    }
    const settings = JSON.parse('{"secretref.templates": {"__proto__": {"store": "aws-prod", "secret": "s"}}}') as Record<string, unknown>;
    assert.deepEqual(Object.keys(referenceSettingsFrom(settings).templates), ['__proto__']);
  });
});
