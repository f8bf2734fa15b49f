// Builds the extension's StoreManager: configs from settings (re-read on change and when the
// workspace becomes trusted; repository configs reviewed by workspaceConfigReview), credentials from SecretStorage, the cache TTL setting, and
// Workspace Trust as the gate before any store is contacted.
import type { Services } from '../../services';
import * as vscode from 'vscode';
import { StoredValueHashes, storedValueEligible } from '../../core/references/storedValues';
import { approvalFingerprint, createStoreManager, credentialKey, editorAmbientToken, StoreError } from '../../core/stores';
import { steps } from '../../core/stores/storeError';
import { showStoreError } from './storeErrors';
import type { CredentialStore, ResolvedStoreConfig } from '../../core/stores';
import { CREDENTIAL_KEY_PREFIX } from '../../core/stores/credentials';
import type { Logger } from '../../platform/logger';
import { secretStorageCredentials } from '../../platform/secretStorage';
import { affectsSettings, userSetting } from '../../platform/settings';
import { workspaceApprovals } from '../../platform/workspaceApprovals';
import { createWorkspaceConfigReview } from './workspaceConfigReview';
import { readStoreConfigs } from '../../platform/storeSettings';

export function createStoreServices(
  context: vscode.ExtensionContext,
  log: Logger,
): Pick<Services, 'stores' | 'workspaceConfigs' | 'storedValues'> {
  const approvals = workspaceApprovals(context.workspaceState);
  const read = () => readStoreConfigs({ isApproved: (fp) => approvals.has(fp), allowedEndpoints: userSetting('workspaceEndpoints') });
  const initial = read();
  // Keys this window changed itself: their change events need no reload.
  const ownChanges = new Set<string>();
  // "Already in the store": values read from the user's own configs (or workspace ones the user approved).
  const storedValues = new StoredValueHashes({
    eligible: (name) => storedValueEligible(manager.config(name), (config) => approvals.has(approvalFingerprint(config))),
  });
  const storage = withEnvironmentToken(secretStorageCredentials(context.secrets), () => manager.configs());
  const manager = createStoreManager({
    credentials: {
      get: (key) => storage.get(key),
      store: async (key, value) => {
        ownChanges.add(key);
        await storage.store(key, value);
      },
      delete: async (key) => {
        ownChanges.add(key);
        await storage.delete(key);
      },
    },
    configs: initial.configs,
    cacheTtlSeconds: () => userSetting('cacheTtlSeconds'),
    isTrusted: () => vscode.workspace.isTrusted,
    onRead: (value, pinned) => storedValues.observe(value, pinned),
  });
  const forgetChanged = storedValues.follow(manager);
  const report = (problems: { name?: string; message: string }[]) => {
    for (const p of problems) log.warn(`secretref.stores${p.name ? ` "${p.name}"` : ''}: ${p.message}`);
  };
  report(initial.problems);
  const reload = () => {
    const next = read();
    report(next.problems);
    manager.setConfigs(next.configs);
    review.update(next);
  };
  const review = createWorkspaceConfigReview(approvals, log, reload);
  // A token that runs out (max TTL, revoked) asks for a new sign-in once, by the config's own method.
  const expiryPrompt = manager.onDidChange((event) => {
    if (event.type !== 'status' || event.status !== 'expired') return;
    const config = manager.config(event.store);
    if (!config) return;
    showStoreError(
      { log },
      new StoreError({
        kind: 'expired',
        store: event.store,
        problem: 'The sign-in has expired (the token reached its maximum TTL or was revoked).',
        action: `Sign in again: ${steps.signIn(config).editor}`,
      }),
    );
  });
  review.update(initial);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsSettings(e, 'stores', 'workspaceEndpoints')) reload();
      else if (affectsSettings(e, 'cacheTtlSeconds')) manager.refresh();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(reload),
    // Another window signing in or out changes SecretStorage: drop clients so the next use reloads.
    context.secrets.onDidChange((e) => {
      if (!e.key.startsWith(`${CREDENTIAL_KEY_PREFIX}/`) || ownChanges.delete(e.key)) return;
      const name = manager.configs().find((c) => manager.credentialKeyOf(c.name) === e.key)?.name;
      if (name) manager.reload(name);
    }),
    expiryPrompt,
    forgetChanged,
    { dispose: () => storedValues.clear() },
    { dispose: () => manager.dispose() },
    review,
  );
  return { stores: manager, workspaceConfigs: review, storedValues };
}

/** SecretStorage first; then VAULT_TOKEN, else the `vault login` / `bao login` session, for a user config
 *  whose URL is VAULT_ADDR / BAO_ADDR (see editorAmbientToken). */
function withEnvironmentToken(stored: CredentialStore, configs: () => readonly ResolvedStoreConfig[]): CredentialStore {
  return {
    ...stored,
    get: async (key) => {
      const value = await stored.get(key);
      if (value) return value;
      const config = configs().find((c) => credentialKey(c) === key);
      const fromEnv = config && (await editorAmbientToken(config, process.env));
      return fromEnv ? JSON.stringify(fromEnv) : undefined;
    },
  };
}
