// Reveal value and copy value. A revealed value goes to the presenter (a modal message by default) and
// to the logger's redaction list; a copied value goes through the window's clipboard guard.
import * as vscode from 'vscode';
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

export async function copyValue(ctx: ActionContext, nodeArg: unknown, optionsArg: unknown): Promise<boolean> {
  const node = asNode(nodeArg);
  if (!node) return false;
  const options = asOptions(optionsArg);
  const copied = await runAction(ctx.services, 'Copy value', async () => {
    const target = await readTarget(ctx.services, node, options);
    if (!target) return false;
    const seconds = await ctx.services.clipboard.copySecret(target.value);
    const clears = seconds > 0 ? ` It is cleared from the clipboard in ${seconds} s.` : '';
    void vscode.window.showInformationMessage(`Copied the value of ${describeTarget(target)}.${clears}`);
    return true;
  });
  return copied === true;
}
