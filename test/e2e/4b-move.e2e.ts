// Move / Rename from the Secrets view, in the browser workbench: the context menu's Move / Rename…, the
// new path, the modal naming the destination, the Refactor Preview of the references' rewrite (ticked
// and applied by hand, as a user does), then the modal that removes the old secret. The workspace file
// then reads the new path and the store holds the copy with both versions, the old secret gone.
// Screenshots: move-preview.png, move-done.png.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { vaultApi } from '../support/stores';
import { e2e } from './context';
import { until } from './workbench';

const FOLDER = `e2e-move-${Date.now()}`;
const FILE = 'move-demo.yaml';

interface KvMetadata {
  data?: { versions: Record<string, unknown> };
}

suite('Move / Rename from the Secrets view', () => {
  suiteTeardown(() => fs.rmSync(path.join(e2e().workbench.workspace, FILE), { force: true }));

  test('the preview rewrites every reference; the copy keeps both versions; the old secret goes after the modal', async () => {
    const { workbench, env } = e2e();
    const { page } = workbench;
    const vault = { address: env.vault.address };
    const write = (data: Record<string, string>) => vaultApi(vault, env.vault.rootToken, 'POST', `secret/data/${FOLDER}/db`, { data });
    await write({ user: 'app', password: 'first-version' });
    await write({ user: 'app', password: 'second-version' });
    const file = path.join(workbench.workspace, FILE);
    fs.writeFileSync(file, `user: vault.secret(demo-vault:${FOLDER}/db.user)\npassword: vault.secret(demo-vault:${FOLDER}/db.password)\n`);

    await workbench.openSecretReferences();
    const pane = await workbench.expandPane('Secrets');
    // The tree may hold a listing from before the secret was written.
    await workbench.runCommand('Secret References: Refresh Secrets');
    await workbench.expandRow(workbench.treeRow(pane, 'demo-vault'));
    await workbench.expandRow(workbench.treeRow(pane, FOLDER));
    const row = workbench.treeRow(pane, 'db');
    // The index has read the new file once the row says where the secret is used.
    await until('the secret row to say it is used in 1 file', async () =>
      (await row.innerText()).includes('used in 1 file') ? true : undefined,
    );
    await row.click({ button: 'right' });
    // The web workbench's menu acts on the focused item's Enter (a click on the label only focuses it).
    await page.locator('.context-view .action-label').filter({ hasText: 'Move / Rename…' }).first().hover();
    await page.keyboard.press('Enter');
    await workbench.quickInputBox.waitFor({ state: 'visible' });
    await workbench.quickInputBox.fill(`${FOLDER}/renamed`);
    await page.keyboard.press('Enter');

    const dialogButton = (label: string) => page.locator('.monaco-dialog-box .monaco-button').filter({ hasText: label }).first();
    await dialogButton('Move').click();

    // The Refactor Preview: its changes start unticked (they need confirmation); tick them and apply.
    const preview = page.locator('.bulk-edit-panel').first();
    await preview.waitFor({ state: 'visible' });
    await until('the rewrite of the file in the preview', async () => ((await preview.innerText()).includes(FILE) ? true : undefined));
    await until('every change ticked', async () => {
      const unticked = preview.locator('.edit-checkbox:not(.checked)');
      if ((await unticked.count()) === 0) return true;
      await unticked.first().click();
      return undefined;
    });
    await workbench.screenshot('move-preview');
    await preview.locator('.monaco-button').filter({ hasText: 'Apply' }).first().click();

    await dialogButton('Remove Old Secret').click();
    await until('the file to read the new path', async () =>
      fs.readFileSync(file, 'utf8') ===
      `user: vault.secret(demo-vault:${FOLDER}/renamed.user)\npassword: vault.secret(demo-vault:${FOLDER}/renamed.password)\n`
        ? true
        : undefined,
    );
    const metadata = (name: string) =>
      vaultApi(vault, env.vault.rootToken, 'GET', `secret/metadata/${FOLDER}/${name}`).then(
        (answer) => answer as KvMetadata,
        () => undefined,
      );
    await until('the old secret to be removed', async () => ((await metadata('db')) === undefined ? true : undefined));
    assert.deepEqual(Object.keys((await metadata('renamed'))?.data?.versions ?? {}).sort(), ['1', '2']);
    await workbench.screenshot('move-done');
  });
});
