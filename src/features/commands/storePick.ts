// Picks a store config: the argument when given (tests, other features), else a quick pick.
import type { Services } from '../../services';
import * as vscode from 'vscode';
import type { ResolvedStoreConfig } from '../../core/stores/types';

export async function pickStoreConfig(services: Services, requested: string | undefined, title: string): Promise<ResolvedStoreConfig | undefined> {
  const configs = services.stores.configs().filter((c) => c.enabled !== false);
  if (requested) {
    const config = services.stores.config(requested);
    if (!config) throw new Error(`There is no store config named "${requested}". Add it in the Secret Stores view or the secretref.stores setting.`);
    return config;
  }
  if (configs.length === 0) {
    void vscode.window.showWarningMessage('No secret store is configured. Add one in the Secret Stores view first.');
    return undefined;
  }
  if (configs.length === 1) return configs[0];
  const picked = await vscode.window.showQuickPick(
    configs.map((config) => ({
      label: config.name,
      description: config.kind === 'vault' ? `Vault ${config.url}` : `AWS Secrets Manager ${config.region}`,
      config,
    })),
    { title, placeHolder: 'Store to write to' },
  );
  return picked?.config;
}
