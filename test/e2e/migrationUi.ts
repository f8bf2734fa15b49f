// Driving "Migrate Connection" through its prompts: the store and connection pickers, then the
// preview (a masked diff) with its modal confirmation.
import { until, Workbench } from './workbench';

const ACCEPT = /^(Apply|Migrate|Accept|Confirm|Write)/i;

/** Answers the command's prompts (store, then defaults) until its preview shows; returns when it does. */
export async function answerPromptsUntilPreview(workbench: Workbench, store: string): Promise<void> {
  const page = workbench.page;
  // The preview is a diff of the file (values masked) with a modal confirmation over it.
  const diff = page.locator('.monaco-diff-editor').first();
  const dialog = page.locator('.monaco-dialog-box').first();
  let storePicked = false;
  await until('the migration preview and its confirmation', async () => {
    if ((await diff.isVisible()) && (await dialog.isVisible())) return true;
    if (!(await workbench.quickInputBox.isVisible())) return undefined;
    // Clicks, never Enter: a key pressed as a picker closes lands in the editor beneath it.
    if (!storePicked) {
      // The store picker comes first; wait for its row rather than take whichever row is first.
      const storeRow = workbench.quickPickRows.filter({ hasText: store }).first();
      if (await storeRow.isVisible()) storePicked = await storeRow.click({ timeout: 2_000 }).then(() => true, () => false);
      return undefined;
    }
    // Then the defaults: OK on a multi-select picker (the connections, all picked), else the first row.
    const ok = workbench.quickInput.locator('.monaco-button').filter({ hasText: /^OK$/ }).first();
    await ((await ok.isVisible()) ? ok : workbench.quickPickRows.first()).click({ timeout: 2_000 }).catch(() => undefined);
    return undefined;
  }, 60_000);
}

export async function acceptPreview(workbench: Workbench): Promise<void> {
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
