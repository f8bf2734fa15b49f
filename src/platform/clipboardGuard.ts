// The one way a secret value reaches the clipboard: copied, masked in the log while it is there, and
// cleared after `secretref.clipboardClearSeconds` unless something else was copied since. One guard
// per window: a second copy replaces the first one's timer, and disposing clears the timer.
import * as vscode from 'vscode';
import { userSetting } from './settings';

export class ClipboardGuard implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private release: (() => void) | undefined;

  /** `redact` masks a value in the log until the returned function is called. */
  constructor(private readonly redact: (value: string) => () => void) {}

  /** Copies a secret value; returns the seconds after which it is cleared (0: never). */
  async copySecret(value: string): Promise<number> {
    const seconds = userSetting('clipboardClearSeconds');
    const release = this.redact(value);
    try {
      await vscode.env.clipboard.writeText(value);
    } catch (error) {
      release();
      throw error;
    }
    this.forgetPrevious();
    if (seconds <= 0) {
      release();
      return 0;
    }
    this.release = release;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.clearIfHolding(value).finally(() => {
        if (this.release === release) this.release = undefined;
        release();
      });
    }, seconds * 1000);
    return seconds;
  }

  dispose(): void {
    this.forgetPrevious();
  }

  private forgetPrevious(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.release?.();
    this.release = undefined;
  }

  private async clearIfHolding(value: string): Promise<void> {
    if ((await vscode.env.clipboard.readText()) === value) await vscode.env.clipboard.writeText('');
  }
}
