// Test Connection: contacts the store with its current credentials and reports who we are there
// and what engine/region it is, or the actionable StoreError.
import * as vscode from 'vscode';
import type { Services } from '../../services';
import { showStoreError } from './storeErrors';
import { pickStore } from './storePicker';
import { formatTimestamp } from '../../core/timestamp';

export async function testStoreConnection(services: Services, arg?: unknown): Promise<boolean> {
  const config = await pickStore(services, arg, 'Test Store Connection');
  if (!config) return false;
  try {
    const info = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Connecting to "${config.name}"…` },
      async () => (await services.stores.get(config.name)).testConnection(),
    );
    const expires = info.expiresAt ? `; token expires ${formatTimestamp(info.expiresAt)}` : '';
    services.log.info(`Store "${config.name}": ${info.summary}${info.identity ? ` as ${info.identity}` : ''}${expires}`);
    void vscode.window.showInformationMessage(
      `"${config.name}" is reachable: ${info.summary}${info.identity ? ` (${info.identity})` : ''}${expires}.`,
    );
    return true;
  } catch (error) {
    showStoreError(services, error);
    return false;
  }
}
