// "Migrate Connection" from the command palette: the preview (masked diff and the wrapped plan, no
// modal over it), Migrate in the question (the plan's title bar asks again), then the file holds references and the store holds
// the secret.
import * as assert from 'node:assert/strict';
import { vaultApi } from '../support/stores';
import { e2e } from './context';
import { acceptPreview, answerPromptsUntilPreview, planText } from './migrationUi';
import { until } from './workbench';

suite('Migrate Connection', () => {
  test('moves the inline password of a demo connection into Vault and leaves a reference', async () => {
    const { workbench, env } = e2e();
    const file = 'analytics.postgres.json';
    const inline = 'inline-Passw0rd-to-migrate';
    assert.ok(workbench.readFile(file).includes(inline));
    await workbench.openFile(file);
    await workbench.runCommand(/Migrate Connection/);
    await answerPromptsUntilPreview(workbench, 'demo-vault');
    await workbench.screenshot('migration-preview');
    const plan = await planText(workbench);
    assert.match(plan, /Nothing is written until you decide/, `the plan says nothing is written yet: ${plan}`);
    assert.match(plan, /Secret to create: `secretref\/\s*analytics\/\s*postgres`/, 'the secret path, whole (wrapped, not cut off)');
    assert.equal(plan.includes(inline), false, 'the plan shows no value');
    assert.ok(workbench.readFile(file).includes(inline), 'nothing written before the decision');
    await acceptPreview(workbench);

    // The migration edits the document (undoable, unsaved): save it until the file on disk has the reference.
    const migrated = await until(
      'the saved file to hold the reference',
      async () => {
        await workbench.openFile(file);
        await workbench.runCommand('File: Save');
        const text = workbench.readFile(file);
        return text.includes('vault.secret(demo-vault:') ? text : undefined;
      },
      60_000,
    );
    await workbench.screenshot('migration-done');
    assert.equal(migrated.includes(inline), false, 'the inline password left the file');
    const match = /vault\.secret\(demo-vault:([^)]+)\.([^.)]+)\)/.exec(migrated);
    assert.ok(match, 'the password field holds a vault.secret(demo-vault:<path>.<key>) reference');
    const [, secretPath, key] = match;
    const stored = await vaultApi({ address: env.vault.address }, env.vault.rootToken, 'GET', `secret/data/${secretPath}`);
    assert.equal(stored?.data?.data?.[key] === inline, true, `secret/${secretPath} holds the original password under "${key}"`);
  });
});
