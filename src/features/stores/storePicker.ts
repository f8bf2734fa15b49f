// The one store picker: a store config by name from a command argument (a name or a tree node with
// `store`/`name`), or from a quick pick listing each config with its kind, target and status.
import * as vscode from 'vscode';
import { COMMANDS } from '../../constants';
import type { ResolvedStoreConfig } from '../../core/stores';
import type { Services } from '../../services';

export function storeNameFromArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object') {
    const o = arg as { store?: unknown; name?: unknown; storeName?: unknown };
    for (const v of [o.storeName, o.store, o.name]) if (typeof v === 'string') return v;
  }
  return undefined;
}

export function describeConfig(config: ResolvedStoreConfig): string {
  const where =
    config.kind === 'vault'
      ? `${config.url} · ${config.enginePath ?? 'secret'}/`
      : `${config.region}${config.endpoint ? ` · ${config.endpoint}` : ''}`;
  return `${config.kind === 'vault' ? 'Vault' : 'AWS'} · ${where}${config.source !== 'user' ? ' · workspace' : ''}`;
}

export interface PickStoreOptions {
  /** Which configs may be chosen (default: all). */
  filter?: (config: ResolvedStoreConfig) => boolean;
  placeHolder?: string;
  /** An unknown name is thrown to the caller (a command run with a store name) instead of shown. */
  throwOnUnknown?: boolean;
  /** Take the only config there is without asking (writes still confirm, naming it). */
  skipWhenOne?: boolean;
}

export const isEnabled = (config: ResolvedStoreConfig): boolean => config.enabled !== false;

export async function pickStore(
  services: Services,
  arg: unknown,
  title: string,
  options: PickStoreOptions = {},
): Promise<ResolvedStoreConfig | undefined> {
  const name = storeNameFromArg(arg);
  if (name) {
    const config = services.stores.config(name);
    if (!config) {
      const message = `There is no store config named "${name}". Add it in the Secret Stores view or the secretref.stores setting.`;
      if (options.throwOnUnknown) throw new Error(message);
      void vscode.window.showErrorMessage(`Secret References: ${message}`);
    }
    return config;
  }
  const configs = services.stores.configs().filter(options.filter ?? (() => true));
  if (configs.length === 0) {
    const add = await vscode.window.showInformationMessage('No secret store is configured yet.', 'Add Store');
    if (add) await vscode.commands.executeCommand(COMMANDS.stores.addStore);
    return undefined;
  }
  if (configs.length === 1 && options.skipWhenOne) return configs[0];
  const picked = await vscode.window.showQuickPick(
    configs.map((config) => ({
      label: config.name,
      description: describeConfig(config),
      detail: `status: ${services.stores.status(config.name)}`,
      config,
    })),
    { title, placeHolder: options.placeHolder ?? 'Choose a store config' },
  );
  return picked?.config;
}
