// Remove / enable / disable a store config: edits the settings scope the config came from. Remove
// also forgets its credentials, after a modal confirmation (skipped when called with confirm=true).
import * as vscode from 'vscode';
import { removeStoreConfig, saveStoreConfig } from '../../platform/storeSettings';
import type { Services } from '../../services';
import { isEnabled, pickStore } from './storePicker';

export async function removeStore(services: Services, arg?: unknown, confirmed = false): Promise<boolean> {
  const config = await pickStore(services, arg, 'Remove Store');
  if (!config) return false;
  if (!confirmed) {
    const answer = await vscode.window.showWarningMessage(
      `Remove store config "${config.name}" from ${config.source === 'user' ? 'user' : 'workspace'} settings and forget its credentials?`,
      { modal: true },
      'Remove',
    );
    if (answer !== 'Remove') return false;
  }
  await services.stores.signOut(config.name);
  await removeStoreConfig(config.name, config.source);
  services.log.info(`Removed store config "${config.name}".`);
  return true;
}

export async function setStoreEnabled(services: Services, arg: unknown, enabled: boolean): Promise<boolean> {
  const config = await pickStore(services, arg, enabled ? 'Enable Store' : 'Disable Store', { filter: (c) => isEnabled(c) !== enabled });
  if (!config) return false;
  const next = { ...config, enabled };
  if (enabled) delete (next as { enabled?: boolean }).enabled;
  await saveStoreConfig(next, config.source, config.name);
  services.log.info(`${enabled ? 'Enabled' : 'Disabled'} store config "${config.name}".`);
  return true;
}
