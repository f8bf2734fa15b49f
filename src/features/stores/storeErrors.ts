// Shows a store failure to the user with buttons that fix the usual causes. The message is the
// StoreError's (store, secret, problem, action: never a value or token); it is logged too.
import * as vscode from 'vscode';
import { isStoreError } from '../../core/stores';
import type { Services } from '../../services';
import { COMMANDS } from '../../constants';

/** Logs and shows the error; returns at once (the notification's buttons act later). */
export function showStoreError(services: Services, error: unknown): void {
  if (!isStoreError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    services.log.error(message);
    void vscode.window.showErrorMessage(`Secret References: ${message}`);
    return;
  }
  services.log.error(`[${error.kind}] ${error.message}`);
  const actions: string[] = [];
  if (error.kind === 'signed-out' || error.kind === 'expired' || error.kind === 'access-denied') actions.push('Sign In');
  if (error.kind === 'tls' || error.kind === 'invalid' || error.kind === 'unreachable' || error.kind === 'disabled') actions.push('Edit Store');
  // 'untrusted' also covers a trusted workspace's config refused the user's AWS identity: edit that one.
  if (error.kind === 'untrusted') actions.push(vscode.workspace.isTrusted ? 'Edit Store' : 'Manage Workspace Trust');
  actions.push('Show Log');
  void vscode.window.showErrorMessage(error.message, ...actions).then((choice) => {
    if (choice === 'Sign In') void vscode.commands.executeCommand(COMMANDS.stores.signInToStore, error.store);
    else if (choice === 'Edit Store') void vscode.commands.executeCommand(COMMANDS.stores.editStore, error.store);
    else if (choice === 'Manage Workspace Trust') void vscode.commands.executeCommand('workbench.trust.manage');
    else if (choice === 'Show Log') services.log.show();
  });
}
