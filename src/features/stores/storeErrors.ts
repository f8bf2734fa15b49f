// The one error presenter: a failed command or view action is logged and shown once, in the words of
// its error, with the buttons that fix a store failure (from the store-error policy table). The
// message is the StoreError's (store, secret, problem, action: never a value or token).
import * as vscode from 'vscode';
import { isStoreError } from '../../core/stores';
import { storeErrorFixes, StoreFix } from '../../core/stores/errorPolicy';
import type { Logger } from '../../platform/logger';
import { COMMANDS } from '../../constants';

const BUTTON: Record<StoreFix, () => string> = {
  'sign-in': () => 'Sign In',
  'edit-store': () => 'Edit Store',
  // In a trusted workspace, 'untrusted' is a workspace config refused your identity: edit that one.
  trust: () => (vscode.workspace.isTrusted ? 'Edit Store' : 'Manage Workspace Trust'),
  'aws-sso-login': () => 'Sign in with IAM Identity Center',
  'aws-login': () => 'Sign in with the AWS CLI',
};

/** The command that applies a fix to a store (the buttons below, and the quick fix on a reference the
 *  store could not resolve: features/references/storeFixActions.ts). */
export function storeFixCommand(fix: StoreFix, store: string): vscode.Command {
  const title = BUTTON[fix]();
  if (fix === 'sign-in') return { title, command: COMMANDS.stores.signInToStore, arguments: [store] };
  if (fix === 'aws-sso-login' || fix === 'aws-login') return { title, command: COMMANDS.stores.awsLogin, arguments: [store] };
  if (title === 'Manage Workspace Trust') return { title, command: 'workbench.trust.manage' };
  return { title, command: COMMANDS.stores.editStore, arguments: [store] };
}

/** Logs and shows the error (prefixed with the action when given); returns at once, the buttons act later. */
export function showStoreError(services: { readonly log: Logger }, error: unknown, action?: string): void {
  const prefix = action ? `${action}: ` : 'Secret References: ';
  if (!isStoreError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    services.log.error(`${prefix}${message}`);
    void vscode.window.showErrorMessage(`${prefix}${message}`, 'Show Log').then((choice) => choice && services.log.show());
    return;
  }
  services.log.error(`${action ? prefix : ''}[${error.kind}] ${error.message}`);
  const fixes = storeErrorFixes(error).map((fix) => storeFixCommand(fix, error.store));
  const actions = [...new Set(fixes.map((fix) => fix.title)), 'Show Log'];
  void vscode.window.showErrorMessage(action ? `${prefix}${error.message}` : error.message, ...actions).then((choice) => {
    const fix = fixes.find((f) => f.title === choice);
    if (fix) void vscode.commands.executeCommand(fix.command, ...((fix.arguments ?? []) as unknown[]));
    else if (choice === 'Show Log') services.log.show();
  });
}
