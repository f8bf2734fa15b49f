// Registers the store commands: add, edit, test connection, sign in, sign out, remove, refresh,
// and copy a secret value. The StoreManager itself is built by createStoreServices().
import * as vscode from 'vscode';
import { loadedStoreSdks } from '../../core/stores';
import type { StoreCredentials } from '../../core/stores';
import type { Services } from '../../services';
import { addStore } from './addStore';
import { copySecretValue } from './copySecretValue';
import { editStore } from './editStore';
import { removeStore, setStoreEnabled } from './removeStore';
import { signInToStore, signOutOfStore } from './signIn';
import { STORE_COMMANDS } from '../../constants';
import { storeNameFromArg } from './storePicker';
import { testStoreConnection } from './testConnection';
import { registerTestCommand, testHooksEnabled } from '../../platform/testHooks';

/** Internal (not in package.json), registered only under the extension's own tests: what tests may
 *  know about the store layer; never a secret. */
export const STORE_DIAGNOSTICS_COMMAND = 'secretref.stores.diagnostics';

export function registerStoreFeatures(context: vscode.ExtensionContext, services: Services): void {
  // Captured while activate() runs: proves activation itself loaded no store SDK.
  const sdksAtActivation = loadedStoreSdks();
  const register = (id: string, handler: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  register(STORE_COMMANDS.addStore, (config) => addStore(services, config));
  register(STORE_COMMANDS.editStore, (arg) => editStore(services, arg));
  register(STORE_COMMANDS.testStoreConnection, (arg) => testStoreConnection(services, arg));
  // (name | node, credentials?) or ({ store, credentials }): credentials skip the prompts.
  register(STORE_COMMANDS.signInToStore, (arg, credentials) => {
    // Handed-in credentials skip the prompts: the extension's own tests only.
    if (!testHooksEnabled()) return signInToStore(services, arg, undefined);
    const inline = arg && typeof arg === 'object' && 'credentials' in arg ? (arg as { credentials: StoreCredentials }).credentials : undefined;
    return signInToStore(services, arg, (credentials as StoreCredentials | undefined) ?? inline);
  });
  register(STORE_COMMANDS.signOutOfStore, (arg) => signOutOfStore(services, arg));
  register(STORE_COMMANDS.removeStore, (arg, confirmed) => removeStore(services, arg, confirmed === true && testHooksEnabled()));
  register(STORE_COMMANDS.enableStore, (arg) => setStoreEnabled(services, arg, true));
  register(STORE_COMMANDS.disableStore, (arg) => setStoreEnabled(services, arg, false));
  register(STORE_COMMANDS.refreshStores, (arg) => services.stores.refresh(storeNameFromArg(arg)));
  register(STORE_COMMANDS.approveWorkspaceStoreConfig, (arg, options) => services.workspaceConfigs.approve(arg, options));
  register(STORE_COMMANDS.revokeWorkspaceStoreApprovals, () => services.workspaceConfigs.revoke());
  register(STORE_COMMANDS.copySecretValue, (store, path, key) => copySecretValue(services, store, path, key));
  registerTestCommand(context, STORE_DIAGNOSTICS_COMMAND, () => ({
    sdksAtActivation,
    sdksNow: loadedStoreSdks(),
    configs: services.stores.configs().map((c) => ({ name: c.name, kind: c.kind, source: c.source, status: services.stores.status(c.name) })),
    stats: services.stores.stats(),
    // The output channel's log file lives here: tests check it holds no secret.
    logDir: context.logUri.fsPath,
  }));
}
