// The packaged extension is installed (not loaded from the source folder) and shows its views.
import * as assert from 'node:assert/strict';
import { e2e } from './context';

suite('Installed from the .vsix', () => {
  test('the Secret References container opens with the Secrets and Secret Stores views', async () => {
    const { workbench } = e2e();
    await workbench.openFile('prod.snowflake.json');
    await workbench.openSecretReferences();
    await workbench.viewPane('Secrets').waitFor({ state: 'visible' });
    await workbench.viewPane('Secret Stores').waitFor({ state: 'visible' });
    await workbench.runCommand('Extensions: Show Installed Extensions');
    const entry = workbench.page.locator('.extensions-viewlet .monaco-list-row').filter({ hasText: 'Secret References' }).first();
    await entry.waitFor({ state: 'visible' });
    assert.equal(await entry.locator('.codicon-extensions-warning-message, .extension-bookmark.error').count(), 0);
    await workbench.screenshot('installed-extension');
    await workbench.openSecretReferences();
  });
});
