// The demo as `npm run demo` opens it (test/runners/demoSession, the function the demo runner calls):
// its own OpenBao and moto, the packaged extension in a fresh VS Code server without the smoke-test
// driver. There, as in VS Code for its users, a notification pops up as a toast; and a store the demo
// started that dies is reported.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startDemoSession } from '../runners/demoSession';
import { e2e } from './context';
import { until, Workbench } from './workbench';

const root = path.resolve(__dirname, '../../..');

suite('The demo, as npm run demo starts it', () => {
  test('a notification toast pops up after Write Secret, and a store that dies is reported', async function () {
    this.timeout(240_000);
    const { workbench: testWorkbench, vsix } = e2e();
    const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-demo-e2e-'));
    const stopped: string[] = [];
    const session = await startDemoSession({
      tempDir,
      demoDir: path.join(root, 'demo'),
      vsix,
      onStoreStopped: (store, detail) => stopped.push(`${store}: ${detail}`),
    });
    const browser = testWorkbench.page.context().browser();
    assert.ok(browser, 'the e2e page belongs to a launched browser');
    const context = await browser.newContext({ viewport: testWorkbench.page.viewportSize() ?? undefined, colorScheme: 'dark' });
    try {
      assert.doesNotMatch(session.url, /payload=/, 'the demo URL is the plain one a user opens');
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      const workbench = new Workbench(
        page,
        session.workspace,
        path.join(path.dirname(testWorkbench.workspace), 'screenshots'),
        path.join(root, 'demo'),
      );
      await page.goto(session.url);
      await workbench.waitReady();

      await workbench.runCommand('Secret References: Write Secret');
      const storeRow = workbench.quickPickRows.filter({ hasText: 'demo-vault' }).first();
      await storeRow.click();
      const answer = async (title: RegExp, text: string) => {
        await until(`the input "${title.source}"`, async () =>
          (await workbench.quickInput.filter({ hasText: title }).isVisible()) ? true : undefined,
        );
        await workbench.quickInputBox.fill(text);
        await workbench.quickInputBox.press('Enter');
      };
      await answer(/Write Secret: key/, 'api_key');
      await answer(/Write Secret: value of "api_key"/, 'demo-toast-value');
      await answer(/Write Secret: key/, '');
      await answer(/Write Secret to "demo-vault"/, 'secretref/demo-toast');
      // The confirmation names the store, where its config comes from and the server it writes to.
      const confirm = page
        .locator('.monaco-dialog-box')
        .filter({ hasText: /Create secret "secretref\/demo-toast" in "demo-vault"/ })
        .first();
      await confirm.waitFor({ state: 'visible' });
      assert.match(await confirm.innerText(), /store "demo-vault" \(from the user settings\): Vault at http:\/\/127\.0\.0\.1:\d+/);
      await confirm
        .locator('.monaco-button')
        .filter({ hasText: /^Write$/ })
        .first()
        .click();

      // A toast, not only an entry in the notification centre: the smoke-test driver is off.
      const toast = page
        .locator('.notification-toast')
        .filter({ hasText: /Secret "secretref\/demo-toast" written to "demo-vault"/ })
        .first();
      await toast.waitFor({ state: 'visible', timeout: 60_000 });
      await workbench.screenshot('demo-write-secret-toast');
      assert.ok(await toast.locator('.monaco-button').filter({ hasText: 'Insert at Cursor' }).isVisible(), 'the toast offers its actions');

      // A store the demo started stops on its own: the demo is told (and prints a line).
      process.kill(session.moto.pid, 'SIGKILL');
      await until('the demo to report the stopped store', async () => (stopped.length > 0 ? stopped : undefined));
      assert.match(stopped[0], /^moto \(http:\/\/127\.0\.0\.1:\d+\): killed by SIGKILL$/);
    } finally {
      await context.close();
      await session.stop();
      fs.rmSync(tempDir, { recursive: true, force: true });
    }
    assert.equal(stopped.length, 1, `stopping the demo itself reports nothing more: ${stopped.join('; ')}`);
  });
});
