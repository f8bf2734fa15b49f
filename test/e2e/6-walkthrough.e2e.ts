// The getting-started walkthrough ships in the .vsix: its three steps render with their media.
import { e2e } from './context';

suite('Getting-started walkthrough', () => {
  test('opens with its three steps: add a store, reference a secret, migrate a connection', async () => {
    const { workbench } = e2e();
    await workbench.runCommand('Welcome: Open Walkthrough...');
    const row = workbench.quickPickRows.filter({ hasText: 'Get started with Secret References' }).first();
    await row.waitFor({ state: 'visible' });
    await row.click();
    const page = workbench.page;
    const steps = page.locator('.gettingStartedContainer .getting-started-step');
    for (const title of ['Add a store config', 'Reference a secret', 'Migrate a connection']) {
      await steps.filter({ hasText: title }).first().waitFor({ state: 'visible' });
    }
    // The first step's markdown media (rendered in a webview) shows its heading.
    await page.frameLocator('iframe.webview.ready').frameLocator('iframe').locator('h1', { hasText: 'Add a store config' }).waitFor({ state: 'visible' });
    await workbench.screenshot('walkthrough');
  });
});
