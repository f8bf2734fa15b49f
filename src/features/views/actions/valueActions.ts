// Reveal value and copy value. A revealed value goes to the presenter (a modal message by default) and
// to the logger's redaction list; a copied value is cleared from the clipboard after the configured
// timeout if the clipboard still holds it.
import * as vscode from 'vscode';
import { userSetting } from '../../../platform/settings';
import { ActionContext, ActionOptions, asNode, asOptions, runAction } from './actionContext';
import { describeTarget, readTarget } from './readTarget';

export async function revealValue(ctx: ActionContext, nodeArg: unknown, optionsArg: unknown): Promise<boolean> {
  const node = asNode(nodeArg);
  if (!node) return false;
  const options: ActionOptions = asOptions(optionsArg);
  const shown = await runAction(ctx.services, 'Reveal value', async () => {
    const target = await readTarget(ctx.services, node, options);
    if (!target) return false;
    const release = ctx.services.log.addSecret(target.value);
    try {
      await ctx.presenter(`Value of ${describeTarget(target)}`, target.value);
    } finally {
      release();
    }
    return true;
  });
  return shown === true;
}

export const defaultPresenter = (title: string, value: string): Thenable<unknown> =>
  vscode.window.showInformationMessage(title, { modal: true, detail: value });

/** Copies values and clears each from the clipboard later, unless something else was copied since. */
export class ClipboardGuard implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;

  private release: (() => void) | undefined;

  /** `release` (the value's log redaction) is let go when the value leaves the clipboard's care. */
  async copy(value: string, clearAfterSeconds: number, release: () => void = () => undefined): Promise<void> {
    await vscode.env.clipboard.writeText(value);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.release?.();
    this.release = undefined;
    if (clearAfterSeconds <= 0) {
      release();
      return;
    }
    this.release = release;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.clearIfHolding(value).finally(() => {
        if (this.release === release) this.release = undefined;
        release();
      });
    }, clearAfterSeconds * 1000);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.release?.();
  }

  private async clearIfHolding(value: string): Promise<void> {
    if ((await vscode.env.clipboard.readText()) === value) await vscode.env.clipboard.writeText('');
  }
}

export async function copyValue(ctx: ActionContext, clipboard: ClipboardGuard, nodeArg: unknown, optionsArg: unknown): Promise<boolean> {
  const node = asNode(nodeArg);
  if (!node) return false;
  const options = asOptions(optionsArg);
  const copied = await runAction(ctx.services, 'Copy value', async () => {
    const target = await readTarget(ctx.services, node, options);
    if (!target) return false;
    const release = ctx.services.log.addSecret(target.value);
    const seconds = userSetting('clipboardClearSeconds');
    await clipboard.copy(target.value, seconds, release);
    const clears = seconds > 0 ? ` It is cleared from the clipboard in ${seconds} s.` : '';
    void vscode.window.showInformationMessage(`Copied the value of ${describeTarget(target)}.${clears}`);
    return true;
  });
  return copied === true;
}
