// The explicit decision on a migration plan that is on screen: Migrate or Cancel, asked without a modal
// so the plan stays readable (scrolling, wrapped) while the user decides. Only the notification's
// Migrate button migrates: another extension cannot press it. The plan editor's title bar has
// "Migrate…" (shows the question again, e.g. after the toast went to the notification centre) and
// Cancel. There is no default that writes: dismissing the notification, closing the plan or starting
// another migration cancels.
import * as vscode from 'vscode';
import { CONTEXT_KEYS } from '../../constants';
import { testHooksEnabled } from '../../platform/testHooks';

interface Pending {
  settle(migrate: boolean): void;
  question: string;
  shown: readonly string[];
}

export class MigrationDecisions implements vscode.Disposable {
  private pending: Pending | undefined;
  private readonly tabs: vscode.Disposable;

  constructor() {
    // Closing every editor of the plan is a "no".
    this.tabs = vscode.window.tabGroups.onDidChangeTabs(() => {
      if (this.pending && !this.isShown(this.pending.shown)) this.pending.settle(false);
    });
  }

  /** True while a plan waits for its decision. */
  get waiting(): boolean {
    return this.pending !== undefined;
  }

  /** Resolves true only when the user chose Migrate for this plan. */
  ask(question: string, shown: readonly vscode.Uri[]): Promise<boolean> {
    this.pending?.settle(false);
    return new Promise<boolean>((resolve) => {
      const pending: Pending = {
        question,
        shown: shown.map((u) => u.toString()),
        settle: (migrate) => {
          if (this.pending !== pending) return;
          this.pending = undefined;
          void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.migrationPending, false);
          resolve(migrate);
        },
      };
      this.pending = pending;
      void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.migrationPending, true);
      this.showQuestion(pending);
    });
  }

  /**
   * The title-bar "Migrate…": asks again in a notification (a command anybody can run must not be the
   * decision). Under the extension's own tests it decides, so that they need no notification clicks.
   * False when no plan waits.
   */
  accept(): boolean {
    if (!this.pending) return false;
    if (testHooksEnabled()) this.pending.settle(true);
    else this.showQuestion(this.pending);
    return true;
  }

  private showQuestion(pending: Pending): void {
    // Dismissing any copy of the question cancels (never a write); settle ignores later answers.
    void vscode.window.showInformationMessage(pending.question, 'Migrate', 'Cancel').then((answer) => pending.settle(answer === 'Migrate'));
  }

  cancel(): boolean {
    if (!this.pending) return false;
    this.pending.settle(false);
    return true;
  }

  dispose(): void {
    this.pending?.settle(false);
    this.tabs.dispose();
  }

  private isShown(uris: readonly string[]): boolean {
    return vscode.window.tabGroups.all.some((group) =>
      group.tabs.some((tab) => {
        const input = tab.input;
        if (input instanceof vscode.TabInputText) return uris.includes(input.uri.toString());
        if (input instanceof vscode.TabInputTextDiff) return uris.includes(input.modified.toString());
        return false;
      }),
    );
  }
}
