// Page-level actions on the VS Code web workbench, as a person does them: keyboard shortcuts, the
// command palette, clicks. Every wait is a locator wait or a poll with a deadline, never a fixed sleep.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { waitFor } from '../support/processes';

export const UI_TIMEOUT_MS = 30_000;

/** Polls `probe` until it returns a value other than undefined, or throws `what` after the deadline. */
export function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = UI_TIMEOUT_MS): Promise<T> {
  return waitFor(what, probe, { timeoutMs, intervalMs: 150 });
}

export class Workbench {
  constructor(
    readonly page: Page,
    readonly workspace: string,
    private readonly screenshotDir: string,
    /** The pristine files the workspace is restored from between tests (the repository's demo/). */
    private readonly pristine: string,
  ) {}

  async waitReady(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    // The workspace folder is listed in the Explorer; a reload restores whichever side bar was last
    // shown (e.g. Secret References), so bring the Explorer forward when its rows are not there.
    const rows = this.page.locator('.explorer-folders-view .monaco-list-row').first();
    await until(
      'the Explorer to list the workspace',
      async () => {
        if (await rows.isVisible()) return true;
        const explorer = this.page.locator('.activitybar [aria-label^="Explorer"]').first();
        if (await explorer.isVisible()) await explorer.click({ timeout: 2_000 }).catch(() => undefined);
        return rows.waitFor({ state: 'visible', timeout: 2_000 }).then(
          () => true,
          () => undefined,
        );
      },
      90_000,
    );
  }

  /** A screenshot of the workbench, or of another page of the browser (a sign-in tab). */
  async screenshot(name: string, page: Page = this.page): Promise<string> {
    fs.mkdirSync(this.screenshotDir, { recursive: true });
    const file = path.join(this.screenshotDir, `${name}.png`);
    await page.screenshot({ path: file });
    return file;
  }

  /**
   * The open quick input. A closing one stays visible for its close animation but is `inert` (it
   * takes no input): filling it fails with "element is inert", so it counts as closed here.
   */
  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget:not([inert])');
  }

  get quickInputBox(): Locator {
    return this.quickInput.locator('.quick-input-box input');
  }

  /** Rows of the open quick pick. */
  get quickPickRows(): Locator {
    return this.quickInput.locator('.quick-input-list .monaco-list-row');
  }

  async pressEscapes(times = 3): Promise<void> {
    for (let i = 0; i < times; i++) await this.page.keyboard.press('Escape');
  }

  /** Runs a command palette entry whose label matches `title` (the first matching row). */
  async runCommand(title: string | RegExp): Promise<void> {
    const text = typeof title === 'string' ? title : title.source.replace(/\\/g, '');
    const row = this.quickPickRows.filter({ hasText: title }).first();
    // Extension commands join the palette once the extension host has scanned its extensions, and an
    // open palette keeps the list it started with: reopen it until the command is listed.
    await until(`the command "${text}" in the palette`, async () => {
      if (await this.quickInputBox.isVisible()) await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('F1');
      await this.quickInputBox.waitFor({ state: 'visible', timeout: 5_000 });
      await this.quickInputBox.fill(`>${text}`);
      await row.waitFor({ state: 'visible', timeout: 2_000 });
      // A row's tooltip (shown while the mouse rests on another row) can cover the target: park the
      // mouse in a corner first; a click that is still blocked is retried with a fresh palette.
      await this.page.mouse.move(1, 1);
      await row.click({ timeout: 3_000 });
      return true;
    });
  }

  /** Opens a workspace file with Quick Open and waits for its editor to be the active one. */
  async openFile(relativePath: string): Promise<Locator> {
    const base = path.basename(relativePath);
    const row = this.quickPickRows.filter({ hasText: base }).first();
    // Quick Open can close again while the window is still settling (focus moves): retry it.
    await until(`Quick Open to list ${relativePath}`, async () => {
      // The title bar's search box opens Quick Open by mouse: a key goes astray when the focus is in a
      // closed webview's frame (after the walkthrough), and Ctrl+P would be the browser's print then.
      if (!(await this.quickInputBox.isVisible())) {
        await this.page
          .locator('.command-center-center')
          .first()
          .click({ timeout: 2_000 })
          .catch(() => this.page.keyboard.press('Control+P'));
      }
      await this.quickInputBox.fill(relativePath, { timeout: 2_000 });
      if (
        await row.waitFor({ state: 'visible', timeout: 2_000 }).then(
          () => true,
          () => false,
        )
      )
        return true;
      // File search runs in the (remote) extension host: while it is still starting (after a reload or a
      // crash) a search finds nothing, and filling the same text again does not search again. Close
      // Quick Open so the next attempt opens it afresh and searches anew.
      await this.page.keyboard.press('Escape');
      return undefined;
    });
    // Click the matching row: Enter could still pick a stale "recently opened" row.
    await row.click();
    await this.page
      .locator(`.editor-group-container.active .tabs-container .tab.active[aria-label*="${base}"]`)
      .waitFor({ state: 'visible' });
    const editor = this.activeEditor;
    await editor.locator('.view-lines').waitFor({ state: 'visible' });
    return editor;
  }

  get activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** Closes every editor, discarding unsaved changes (each test starts from the files on disk). */
  async closeAllEditors(): Promise<void> {
    await this.runCommand('View: Close All Editors');
    await until('all editors to close', async () => {
      const dontSave = this.page
        .locator('.monaco-dialog-box .monaco-button')
        .filter({ hasText: /Don't Save/ })
        .first();
      if (await dontSave.isVisible()) await dontSave.click();
      return (await this.page.locator('.tabs-container .tab').count()) === 0 ? true : undefined;
    });
  }

  /** Back to a plain window between tests: no widget, no open editor, the demo files as committed. */
  async reset(): Promise<void> {
    await this.pressEscapes();
    await this.closeAllEditors();
    fs.cpSync(this.pristine, this.workspace, { recursive: true });
  }

  /** Moves the mouse onto `token` (one syntax token) in the first editor line containing `lineText`. */
  async hoverText(lineText: string, token: string, click = false): Promise<void> {
    const line = this.activeEditor.locator('.view-line').filter({ hasText: lineText }).first();
    const span = line.locator('span span').filter({ hasText: token }).last();
    // The line re-renders while decorations arrive: retry until its token has a box.
    const box = await until(`"${token}" on screen`, async () => (await span.boundingBox()) ?? undefined);
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
    if (click) await this.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  }

  /** Parks the mouse on an empty part of the editor so mouse hovers close. */
  async mouseAway(): Promise<void> {
    const box = await this.activeEditor.boundingBox();
    if (!box) return;
    await this.page.mouse.move(box.x + box.width - 40, box.y + box.height - 40, { steps: 4 });
  }

  /** Moves the cursor to a 1-based line and column with "Go to Line/Column". */
  async goTo(line: number, column = 1): Promise<void> {
    await this.activeEditor.locator('.view-lines').click();
    await this.page.keyboard.press('Control+G');
    await this.quickInputBox.waitFor({ state: 'visible' });
    await this.quickInputBox.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.quickInputBox.waitFor({ state: 'hidden' });
    // Keys typed next go to the editor only once it has the focus back from the quick input.
    await this.page.locator('.editor-group-container.active .monaco-editor.focused').first().waitFor({ state: 'visible' });
  }

  /** 1-based line number of the first line of `file` (relative to the workspace) containing `needle`. */
  lineOf(relativePath: string, needle: string): number {
    const lines = fs.readFileSync(path.join(this.workspace, relativePath), 'utf8').split('\n');
    const index = lines.findIndex((line) => line.includes(needle));
    if (index < 0) throw new Error(`"${needle}" is not in ${relativePath}`);
    return index + 1;
  }

  readFile(relativePath: string): string {
    return fs.readFileSync(path.join(this.workspace, relativePath), 'utf8');
  }

  /** Saves the active editor and waits until the file on disk passes `check`. */
  async save(relativePath: string, check: (text: string) => boolean): Promise<string> {
    await this.runCommand('File: Save');
    return until(`${relativePath} to be saved`, async () => {
      const text = this.readFile(relativePath);
      return check(text) ? text : undefined;
    });
  }

  /**
   * Waits until the extension shows `schema` in the status bar for the active editor. The item is made
   * in the same step that registers the completion provider, so a Ctrl+Space sent after this reaches
   * it (sent before the extension has activated, the trigger finds no provider and does nothing).
   */
  async waitForCredentialSchema(schema: string): Promise<void> {
    await this.page
      .locator('.statusbar-item')
      .filter({ hasText: new RegExp(`^\\s*${schema}\\s*$`) })
      .first()
      .waitFor({ state: 'visible' });
  }

  get suggestWidget(): Locator {
    return this.page.locator('.editor-widget.suggest-widget.visible');
  }

  get hover(): Locator {
    return this.page
      .locator('.monaco-hover:not(.hidden)')
      .filter({ has: this.page.locator('.hover-row, .hover-contents') })
      .first();
  }

  /** Shows the editor hover at the cursor (the keyboard route to the same hover the mouse opens). */
  async showHoverAtCursor(): Promise<Locator> {
    await this.runCommand('Show or Focus Hover');
    await this.hover.waitFor({ state: 'visible' });
    return this.hover;
  }

  /**
   * A notification whose text matches: its toast, or its entry in the notification centre (a
   * notification that arrives while the window is busy, e.g. from a restarted extension host, can
   * skip the toast and only light up the bell).
   */
  async notification(text: RegExp, timeoutMs = 60_000): Promise<Locator> {
    const toast = this.page.locator('.notification-toast').filter({ hasText: text }).first();
    const inCentre = this.page.locator('.notifications-center .notification-list-item').filter({ hasText: text }).first();
    let lastOpened = 0;
    return until(
      `a notification matching ${text}`,
      async () => {
        if (await toast.isVisible()) return toast;
        if (await inCentre.isVisible()) return inCentre;
        if (Date.now() - lastOpened > 5_000) {
          lastOpened = Date.now();
          await this.runCommand('Notifications: Show Notifications').catch(() => undefined);
        }
        return undefined;
      },
      timeoutMs,
    );
  }

  async openProblems(): Promise<Locator> {
    await this.runCommand('View: Focus Problems');
    const panel = this.page.locator('.markers-panel');
    await panel.waitFor({ state: 'visible' });
    return panel;
  }

  /** Opens the Secret References view container from the activity bar. */
  async openSecretReferences(): Promise<void> {
    const icon = this.page.locator('.activitybar [aria-label^="Secret References"]').first();
    await icon.waitFor({ state: 'visible' });
    const checked = (await icon.getAttribute('aria-selected')) ?? (await icon.locator('..').getAttribute('aria-selected'));
    if (checked !== 'true') await icon.click();
    await this.viewPane('Secrets').waitFor({ state: 'visible' });
  }

  /** A view pane (header + body) in the side bar, by its title. */
  viewPane(title: string): Locator {
    return this.page
      .locator('.sidebar .pane')
      .filter({ has: this.page.locator(`.pane-header[aria-label^="${title} "], .pane-header[aria-label="${title}"]`) })
      .first();
  }

  /** Expands a collapsed view pane. */
  async expandPane(title: string): Promise<Locator> {
    const pane = this.viewPane(title);
    const header = pane.locator('.pane-header').first();
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    return pane;
  }

  /** The first tree row whose label is exactly `label` (a description may follow it). */
  treeRow(pane: Locator, label: string): Locator {
    const escaped = label.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    return pane
      .locator('.monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escaped}\\s*$`) }) })
      .first();
  }

  async expandRow(row: Locator): Promise<void> {
    await this.toggleRow(row, 'true', 'the tree row to expand');
  }

  async collapseRow(row: Locator): Promise<void> {
    await this.toggleRow(row, 'false', 'the tree row to collapse');
  }

  /**
   * Clicks the row until it is `wanted` (aria-expanded). Clicked again when it is still the other way
   * a second after a click, as a user would: a refresh of the tree that lands after the click renders
   * the row anew, collapsed (seen once under load, after Refresh Secrets re-listed a folder of 10,000).
   */
  private async toggleRow(row: Locator, wanted: 'true' | 'false', what: string): Promise<void> {
    await row.waitFor({ state: 'visible' });
    let clicked = -Infinity;
    await until(what, async () => {
      const state = await row.getAttribute('aria-expanded');
      if (state === wanted) return true;
      if (state !== null && Date.now() - clicked > 1000) {
        await row.click();
        clicked = Date.now();
      }
      return undefined;
    });
  }
}

/** A masked value as the hover shows it. */
export const MASK = /[•*●]{4,}/;

/** The text of the open editor hovers. */
export async function hoverTexts(workbench: Workbench): Promise<string> {
  return (await workbench.page.locator('.monaco-hover:not(.hidden)').allInnerTexts()).join('\n');
}

/** Hovers `token` until the hover shows `expected` (hovers may open before resolution finishes). */
export async function hoverUntil(
  workbench: Workbench,
  [lineText, token]: [string, string],
  what: string,
  expected: (text: string) => boolean,
  timeoutMs?: number,
): Promise<void> {
  await until(
    what,
    async () => {
      if (expected(await hoverTexts(workbench))) return true;
      await workbench.mouseAway();
      await workbench.hoverText(lineText, token);
      await workbench.hover.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
      return expected(await hoverTexts(workbench)) ? true : undefined;
    },
    timeoutMs,
  );
}
