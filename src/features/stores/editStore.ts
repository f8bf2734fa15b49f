// Edit Store: pick a config, then edit fields one at a time from a list showing their current
// values, until "Save". Changing where a config points moves it to a new credential slot, so the
// user signs in again (credentials never follow a changed URL).
import * as vscode from 'vscode';
import { parseStoreConfig } from '../../core/stores';
import { saveStoreConfig } from '../../platform/storeSettings';
import type { Services } from '../../services';
import { askField, Draft, fieldValue, setField, STORE_FIELDS } from './storeForm';
import { pickStore } from './storePicker';

export async function editStore(services: Services, arg?: unknown): Promise<void> {
  const config = await pickStore(services, arg, 'Edit Store');
  if (!config) return;
  const draft: Draft = { ...config };
  delete draft.source;
  const fields = STORE_FIELDS.filter((f) => f.key !== 'kind');
  for (;;) {
    const items = fields
      .filter((f) => f.applies(draft) || f.key === 'enabled')
      .filter((f, i, all) => all.findIndex((g) => g.key === f.key) === i)
      .map((f) => {
        const value = fieldValue(draft, f.key);
        const plain = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
        const shown = value === undefined ? '(not set)' : plain ? String(value) : JSON.stringify(value);
        return { label: f.label, description: shown, field: f };
      });
    const picked = await vscode.window.showQuickPick([{ label: '$(check) Save', description: '', field: undefined }, ...items], {
      title: `Edit Store "${config.name}"`,
      placeHolder: 'Choose a field to change, or Save',
      ignoreFocusOut: true,
    });
    if (!picked) return;
    if (!picked.field) break;
    const value = await askField(picked.field, draft, `Edit "${config.name}": ${picked.field.label}`);
    if (value !== undefined) setField(draft, picked.field.key, value);
  }
  const { config: next, problems } = parseStoreConfig(draft);
  if (!next) {
    void vscode.window.showErrorMessage(`Store config not saved: ${problems.map((p) => p.message).join(' ')}`);
    return;
  }
  await saveStoreConfig(next, config.source, config.name);
  services.log.info(`Updated store config "${next.name}".`);
  void vscode.window.showInformationMessage(
    `Store "${next.name}" saved.${services.stores.credentialKeyOf(config.name) ? ' If its URL or auth changed, sign in again.' : ''}`,
  );
}
