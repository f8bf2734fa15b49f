// Driving "Migrate Connection" through its prompts: the store and connection pickers, then the
// preview (the masked diff and, beside it, the wrapped plan) and its non-modal decision: Migrate in
// the notification (the title bar's "Migrate…" asks again when the toast has gone), or Cancel.
import { until, Workbench } from './workbench';

/** The Migrate action in the title bar of the plan (shown only while a plan waits). */
function migrateAction(workbench: Workbench) {
  return workbench.page.locator('.editor-actions .action-label[aria-label^="Migrate…: Create the Secrets"]').first();
}

/** Answers the command's prompts (store, then defaults) until its preview and decision show. */
export async function answerPromptsUntilPreview(workbench: Workbench, store: string): Promise<void> {
  const page = workbench.page;
  const diff = page.locator('.monaco-diff-editor').first();
  const plan = page.locator('.monaco-editor[data-uri$=".migration-plan.md"]').first();
  let storePicked = false;
  await until(
    'the migration preview, its plan and the Migrate action',
    async () => {
      if ((await diff.isVisible()) && (await plan.isVisible()) && (await migrateAction(workbench).isVisible())) return true;
      if (!(await workbench.quickInputBox.isVisible())) return undefined;
      // Clicks, never Enter: a key pressed as a picker closes lands in the editor beneath it.
      if (!storePicked) {
        // The store picker comes first; wait for its row rather than take whichever row is first.
        const storeRow = workbench.quickPickRows.filter({ hasText: store }).first();
        if (await storeRow.isVisible())
          storePicked = await storeRow.click({ timeout: 2_000 }).then(
            () => true,
            () => false,
          );
        return undefined;
      }
      // Then the defaults: OK on a multi-select picker (the connections, all picked), else the first row.
      const ok = workbench.quickInput.locator('.monaco-button').filter({ hasText: /^OK$/ }).first();
      await ((await ok.isVisible()) ? ok : workbench.quickPickRows.first()).click({ timeout: 2_000 }).catch(() => undefined);
      return undefined;
    },
    60_000,
  );
  // No modal covers the plan.
  if (await page.locator('.monaco-dialog-box').first().isVisible()) throw new Error('a modal dialog covers the migration plan');
}

/** The text of the plan as the editor shows it (wrapped lines joined by the view). */
export async function planText(workbench: Workbench): Promise<string> {
  const lines = workbench.page.locator('.monaco-editor[data-uri$=".migration-plan.md"] .view-lines').first();
  return (await lines.innerText()).replace(/\u00a0/g, ' ');
}

/** Clicks Migrate in the question's notification (a toast, or in the notification centre under the smoke-test driver); waits until no plan waits. */
export async function acceptPreview(workbench: Workbench): Promise<void> {
  const action = migrateAction(workbench);
  await action.waitFor({ state: 'visible' });
  const question = await workbench.notification(/Create \d+ secret\(s\) in "demo-vault"/);
  await question
    .locator('.monaco-button')
    .filter({ hasText: /^Migrate$/ })
    .first()
    .click();
  await action.waitFor({ state: 'hidden' });
}
