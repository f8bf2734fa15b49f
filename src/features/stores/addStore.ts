// Add Store: a multi-step input (kind, name, URL/region, auth, ...) that validates the config,
// saves it to user settings, and offers to sign in. A config object argument skips the prompts.
import * as vscode from 'vscode';
import { parseStoreConfig } from '../../core/stores';
import { saveStoreConfig } from '../../platform/storeSettings';
import type { Services } from '../../services';
import { askField, Draft, setField, stepCounter, STORE_FIELDS } from './storeForm';
import { COMMANDS } from '../../constants';

export async function addStore(services: Services, provided?: unknown): Promise<string | undefined> {
  let draft: Draft;
  if (provided && typeof provided === 'object' && 'kind' in provided) {
    draft = { ...(provided as Draft) };
  } else {
    draft = {};
    for (let i = 0; i < STORE_FIELDS.length; i++) {
      const field = STORE_FIELDS[i];
      if (!field.applies(draft)) continue;
      const { step, total } = stepCounter(STORE_FIELDS, draft, i);
      const value = await askField(field, draft, `Add Store (${step}/${total})`);
      if (value === undefined) return undefined;
      setField(draft, field.key, value);
      if (field.key === 'name' && typeof value === 'string' && services.stores.config(value)) {
        void vscode.window.showErrorMessage(`A store config named "${value}" already exists: choose another name or edit it.`);
        return undefined;
      }
    }
  }
  const { config, problems } = parseStoreConfig(draft);
  if (!config) {
    void vscode.window.showErrorMessage(`Store config not saved: ${problems.map((p) => p.message).join(' ')}`);
    return undefined;
  }
  await saveStoreConfig(config, 'user');
  services.log.info(`Added store config "${config.name}" (${config.kind}) to user settings.`);
  if (!provided) {
    const next = await vscode.window.showInformationMessage(`Store "${config.name}" added.`, 'Sign In', 'Test Connection');
    if (next === 'Sign In') await vscode.commands.executeCommand(COMMANDS.stores.signInToStore, config.name);
    else if (next === 'Test Connection') await vscode.commands.executeCommand(COMMANDS.stores.testStoreConnection, config.name);
  }
  return config.name;
}
