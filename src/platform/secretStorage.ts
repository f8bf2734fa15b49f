// The core's CredentialStore over VS Code SecretStorage (the OS keychain): the only place tokens,
// secret-ids and access keys are kept.
import type * as vscode from 'vscode';
import type { CredentialStore } from '../core/stores';

export function secretStorageCredentials(secrets: vscode.SecretStorage): CredentialStore {
  return {
    get: async (key) => secrets.get(key),
    store: async (key, value) => secrets.store(key, value),
    delete: async (key) => secrets.delete(key),
  };
}
