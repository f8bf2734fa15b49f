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
  const actions = [...new Set(storeErrorFixes(error).map((fix) => BUTTON[fix]())), 'Show Log'];
  void vscode.window.showErrorMessage(action ? `${prefix}${error.message}` : error.message, ...actions).then((choice) => {
    if (choice === 'Sign In') void vscode.commands.executeCommand(COMMANDS.stores.signInToStore, error.store);
    else if (choice === 'Edit Store') void vscode.commands.executeCommand(COMMANDS.stores.editStore, error.store);
    else if (choice === BUTTON['aws-sso-login']() || choice === BUTTON['aws-login']())
      void vscode.commands.executeCommand(COMMANDS.stores.awsLogin, error.store);
    else if (choice === 'Manage Workspace Trust') void vscode.commands.executeCommand('workbench.trust.manage');
    else if (choice === 'Show Log') services.log.show();
  });
}
