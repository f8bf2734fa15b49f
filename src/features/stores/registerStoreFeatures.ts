// Registers the store commands: add, edit, test connection, sign in, sign out, remove, refresh,
// and copy a secret value. The StoreManager itself is built by createStoreServices().
import * as vscode from 'vscode';
import { loadedStoreSdks } from '../../core/stores';
import type { StoreCredentials } from '../../core/stores';
import type { Services } from '../../services';
import { addStore } from './addStore';
import { awsLogin } from './awsLogin';
import { copySecretValue } from './copySecretValue';
import { editStore } from './editStore';
import { removeStore, setStoreEnabled } from './removeStore';
import { signInToStore, signOutOfStore } from './signIn';
import { COMMANDS } from '../../constants';
import { storeNameFromArg } from './storePicker';
import { testStoreConnection } from './testConnection';
import { registerTestCommand, testHooksEnabled } from '../../platform/testHooks';

export function registerStoreFeatures(context: vscode.ExtensionContext, services: Services): void {
  // Captured while activate() runs: proves activation itself loaded no store SDK.
  const sdksAtActivation = loadedStoreSdks();
  const register = (id: string, handler: (...args: unknown[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  register(COMMANDS.stores.addStore, (config) => addStore(services, config));
  register(COMMANDS.stores.editStore, (arg) => editStore(services, arg));
  register(COMMANDS.stores.testStoreConnection, (arg) => testStoreConnection(services, arg));
  // (name | node, credentials?) or ({ store, credentials }): credentials skip the prompts.
  register(COMMANDS.stores.signInToStore, (arg, credentials) => {
    // Handed-in credentials skip the prompts: the extension's own tests only.
    if (!testHooksEnabled()) return signInToStore(services, arg, undefined);
    const inline =
      arg && typeof arg === 'object' && 'credentials' in arg ? (arg as { credentials: StoreCredentials }).credentials : undefined;
    return signInToStore(services, arg, (credentials as StoreCredentials | undefined) ?? inline);
  });
  register(COMMANDS.stores.awsLogin, (name) => awsLogin(services, name));
  register(COMMANDS.stores.signOutOfStore, (arg) => signOutOfStore(services, arg));
  register(COMMANDS.stores.removeStore, (arg, confirmed) => removeStore(services, arg, confirmed === true && testHooksEnabled()));
  register(COMMANDS.stores.enableStore, (arg) => setStoreEnabled(services, arg, true));
  register(COMMANDS.stores.disableStore, (arg) => setStoreEnabled(services, arg, false));
  register(COMMANDS.stores.refreshStores, (arg) => services.stores.refresh(storeNameFromArg(arg)));
  register(COMMANDS.stores.approveWorkspaceStoreConfig, (arg, options) => services.workspaceConfigs.approve(arg, options));
  register(COMMANDS.stores.revokeWorkspaceStoreApprovals, () => services.workspaceConfigs.revoke());
  register(COMMANDS.stores.copySecretValue, (store, path, key) => copySecretValue(services, store, path, key));
  registerTestCommand(context, COMMANDS.stores.diagnostics, () => ({
    sdksAtActivation,
    sdksNow: loadedStoreSdks(),
    configs: services.stores
      .configs()
      .map((c) => ({ name: c.name, kind: c.kind, source: c.source, status: services.stores.status(c.name) })),
    stats: services.stores.stats(),
    // The output channel's log file lives here: tests check it holds no secret.
    logDir: context.logUri.fsPath,
  }));
}
