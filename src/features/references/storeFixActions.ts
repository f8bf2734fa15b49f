// Quick fixes on a reference the store could not resolve for a reason the user can fix (signed out,
// token expired: "Sign In"): the fixes of the store error policy, as commands from the one error
// presenter (storeFixCommand), so a toast's button and the light bulb do the same thing.
import * as vscode from 'vscode';
import { storeErrorPolicy } from '../../core/stores/errorPolicy';
import type { StoreErrorKind } from '../../core/stores/storeError';
import { storeFixCommand } from '../stores/storeErrors';
import { referenceDiagnosticData } from './referenceDiagnostics';

/** Diagnostic codes whose fix is the store's, not the reference's. */
const STORE_FIXED = new Set(['signed-out']);

export class StoreFixActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(_document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
      if (!STORE_FIXED.has(String(code))) continue;
      const data = referenceDiagnosticData(diagnostic);
      const store = typeof data?.store === 'string' ? data.store : undefined;
      const kind = data?.storeErrorKind as StoreErrorKind | undefined;
      if (!store || !kind) continue;
      for (const fix of storeErrorPolicy(kind).fixes) {
        const command = storeFixCommand(fix, store);
        const action = new vscode.CodeAction(`${command.title} to "${store}"`, vscode.CodeActionKind.QuickFix);
        if (fix !== 'sign-in') action.title = `${command.title} "${store}"`;
        action.command = command;
        action.diagnostics = [diagnostic];
        action.isPreferred = fix === 'sign-in';
        actions.push(action);
      }
    }
    return actions;
  }
}
