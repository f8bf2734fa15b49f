// "Migrate Connection" from the command palette: preview, accept, then the file holds references and
// the store holds the secret.
import * as assert from 'node:assert/strict';
import { vaultApi } from '../support/stores';
import { e2e } from './context';
import { until, Workbench } from './workbench';

const ACCEPT = /^(Apply|Migrate|Accept|Confirm|Write)/i;

/** Answers the command's prompts (store, then defaults) until its preview shows; returns when it does. */
async function answerPromptsUntilPreview(workbench: Workbench, store: string): Promise<void> {
  const page = workbench.page;
  // The preview is a diff of the file (values masked) with a modal confirmation over it.
  const diff = page.locator('.monaco-diff-editor').first();
  const dialog = page.locator('.monaco-dialog-box').first();
  await until('the migration preview and its confirmation', async () => {
    if ((await diff.isVisible()) && (await dialog.isVisible())) return true;
    if (await workbench.quickInputBox.isVisible()) {
      const storeRow = workbench.quickPickRows.filter({ hasText: store }).first();
      if (await storeRow.isVisible()) await storeRow.click();
      else await page.keyboard.press('Enter');
    }
    return undefined;
  }, 60_000);
}

async function acceptPreview(workbench: Workbench): Promise<void> {
  const page = workbench.page;
  await until('an accept button on the preview', async () => {
    const buttons = page.locator('.monaco-dialog-box .monaco-button, .notification-toast .monaco-button, .editor-actions .action-label, .monaco-button').filter({ hasText: ACCEPT });
    if (await buttons.first().isVisible()) {
      await buttons.first().click();
      return true;
    }
    for (const frame of page.frames()) {
      const inFrame = frame.locator('button, vscode-button, a').filter({ hasText: ACCEPT }).first();
      if (await inFrame.isVisible().catch(() => false)) {
        await inFrame.click();
        return true;
      }
    }
    return undefined;
  });
}

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
    await acceptPreview(workbench);

    await workbench.page.locator('.monaco-dialog-box').first().waitFor({ state: 'hidden' });
    // The migration edits the document (undoable, unsaved): save it until the file on disk has the reference.
    const migrated = await until('the saved file to hold the reference', async () => {
      await workbench.openFile(file);
      await workbench.runCommand('File: Save');
      const text = workbench.readFile(file);
      return text.includes('vault.secret(demo-vault:') ? text : undefined;
    }, 60_000);
    await workbench.screenshot('migration-done');
    assert.equal(migrated.includes(inline), false, 'the inline password left the file');
    const match = /vault\.secret\(demo-vault:([^)]+)\.([^.)]+)\)/.exec(migrated);
    assert.ok(match, 'the password field holds a vault.secret(demo-vault:<path>.<key>) reference');
    const [, secretPath, key] = match;
    const stored = await vaultApi({ address: env.vault.address }, env.vault.rootToken, 'GET', `secret/data/${secretPath}`);
    assert.equal(stored?.data?.data?.[key] === inline, true, `secret/${secretPath} holds the original password under "${key}"`);
  });
});
