// The getting-started walkthrough ships in the .vsix: its steps (the demo's, test/runners/demoSteps)
// render with their media.
import { DEMO_STEPS } from '../runners/demoSteps';
import { e2e } from './context';

suite('Getting-started walkthrough', () => {
  test("opens with the demo's steps, from adding a store to migrating a connection", async () => {
    const { workbench } = e2e();
    await workbench.runCommand('Welcome: Open Walkthrough...');
    const row = workbench.quickPickRows.filter({ hasText: 'Get started with Secret References' }).first();
    await row.waitFor({ state: 'visible' });
    await row.click();
    const page = workbench.page;
    const steps = page.locator('.gettingStartedContainer .getting-started-step');
    for (const { title } of DEMO_STEPS) {
      await steps.filter({ hasText: title }).first().waitFor({ state: 'visible' });
    }
    // The first step's markdown media (rendered in a webview) shows its heading.
    await page
      .frameLocator('iframe.webview.ready')
      .frameLocator('iframe')
      .locator('h1', { hasText: DEMO_STEPS[0].title })
      .waitFor({ state: 'visible' });
    await workbench.screenshot('walkthrough');
  });
});
