// The Secrets and Secret Stores views on the seeded stores: expand, filter, load more.
import * as assert from 'node:assert/strict';
import { vaultApi } from '../support/stores';
import { e2e } from './context';
import { until } from './workbench';

/** More secrets than one page holds (the views load 100 at a time), under their own folder. */
const BULK_FOLDER = 'e2e-bulk';
const BULK_COUNT = 130;

suite('Secrets and Secret Stores views', () => {
  suiteSetup(async () => {
    const { env } = e2e();
    await Promise.all(
      Array.from({ length: BULK_COUNT }, (_, i) =>
        vaultApi(
          { address: env.vault.address },
          env.vault.rootToken,
          'POST',
          `secret/data/${BULK_FOLDER}/item-${String(i).padStart(3, '0')}`,
          { data: { value: `bulk-${i}` } },
        ),
      ),
    );
  });

  test('Secret Stores lists the demo stores', async () => {
    const { workbench } = e2e();
    await workbench.openSecretReferences();
    const pane = await workbench.expandPane('Secret Stores');
    await workbench.treeRow(pane, 'demo-vault').waitFor({ state: 'visible' });
    await workbench.treeRow(pane, 'demo-aws').waitFor({ state: 'visible' });
    await workbench.screenshot('stores-view');
  });

  test('Secrets expands Vault folders and AWS groups to the seeded secrets', async () => {
    const { workbench } = e2e();
    await workbench.openSecretReferences();
    const pane = await workbench.expandPane('Secrets');
    await workbench.expandRow(workbench.treeRow(pane, 'demo-vault'));
    await workbench.expandRow(workbench.treeRow(pane, 'demo'));
    await workbench.expandRow(workbench.treeRow(pane, 'snowflake'));
    await workbench.treeRow(pane, 'password').waitFor({ state: 'visible' });
    const vaultText = await pane.innerText();
    // The list is virtualized: fold the Vault store so the AWS secrets are rendered on screen.
    await workbench.collapseRow(workbench.treeRow(pane, 'demo-vault'));
    await workbench.expandRow(workbench.treeRow(pane, 'demo-aws'));
    await workbench.treeRow(pane, 'postgresSecrets').waitFor({ state: 'visible' });
    const text = vaultText + (await pane.innerText());
    assert.equal(text.includes(e2e().seed.canary), false, 'no secret value is shown in the tree');
    await workbench.screenshot('secrets-view');
  });

  test('Secrets filter narrows the tree by name', async () => {
    const { workbench } = e2e();
    await workbench.openSecretReferences();
    const pane = await workbench.expandPane('Secrets');
    await workbench.expandRow(workbench.treeRow(pane, 'demo-aws'));
    await workbench.runCommand(/Secret References: Filter/);
    await workbench.quickInputBox.fill('postgres');
    await workbench.page.keyboard.press('Enter');
    await workbench.treeRow(pane, 'postgresSecrets').waitFor({ state: 'visible' });
    await until('rows not matching the filter to disappear', async () =>
      (await workbench.treeRow(pane, 'certs').count()) === 0 ? true : undefined,
    );
    await workbench.screenshot('secrets-filtered');
    // An empty filter shows everything again.
    await workbench.runCommand(/Secret References: Filter/);
    await workbench.quickInputBox.fill('');
    await workbench.page.keyboard.press('Enter');
    await workbench.treeRow(pane, 'demo-vault').waitFor({ state: 'visible' });
  });

  test('Secrets loads a large folder a page at a time', async () => {
    const { workbench } = e2e();
    await workbench.openSecretReferences();
    const pane = await workbench.expandPane('Secrets');
    await workbench.expandRow(workbench.treeRow(pane, 'demo-vault'));
    const folder = workbench.treeRow(pane, BULK_FOLDER);
    await workbench.expandRow(folder);
    const childLevel = String(Number(await folder.getAttribute('aria-level')) + 1);
    const child = pane.locator(`.monaco-list-row[aria-level="${childLevel}"]`).filter({ hasText: 'item-' }).first();
    await child.waitFor({ state: 'visible' });
    const firstPage = Number(await child.getAttribute('aria-setsize'));
    assert.ok(firstPage < BULK_COUNT, `the first page (${firstPage} rows) holds less than the ${BULK_COUNT} secrets`);
    const loadMore = pane
      .locator(`.monaco-list-row[aria-level="${childLevel}"]`)
      .filter({ hasText: /load more/i })
      .first();
    await loadMore.scrollIntoViewIfNeeded().catch(() => undefined);
    await until('the "Load more" row', async () => {
      if (await loadMore.isVisible()) return true;
      await pane.locator('.monaco-list').first().hover();
      await workbench.page.mouse.wheel(0, 2000);
      return undefined;
    });
    // Scroll a little further so the row is clear of the pane below in the screenshot.
    await workbench.page.mouse.wheel(0, 600);
    await loadMore.waitFor({ state: 'visible' });
    await workbench.screenshot('secrets-load-more');
    await loadMore.click();
    await until('the next page', async () => {
      const size = Number(await pane.locator(`.monaco-list-row[aria-level="${childLevel}"]`).first().getAttribute('aria-setsize'));
      return size >= BULK_COUNT ? true : undefined;
    });
  });
});
