// Copy Secret Value: reads one value through the store manager (cached, shared requests) and puts
// it on the clipboard, clearing it after `secretref.clipboardClearSeconds` if it is still there.
// Arguments (storeName, path, key?) skip the pickers. The value is never logged or returned.
import * as vscode from 'vscode';
import { secretKeyNames, secretKeyValue } from '../../core/stores';
import type { Services } from '../../services';
import { showStoreError } from './storeErrors';
import { pickStore } from './storePicker';

const LOAD_MORE = '$(ellipsis) Load more…';

/** Browses folders (Vault) and pages (both) until a secret is chosen. */
async function pickSecretPath(services: Services, store: string): Promise<string | undefined> {
  let prefix = '';
  for (;;) {
    const entries: { label: string; description?: string; path: string; isFolder: boolean }[] = [];
    let token: string | undefined;
    for (;;) {
      const page = await services.stores.list(store, { prefix, pageToken: token, pageSize: 100 });
      entries.push(
        ...page.entries.map((e) => ({
          label: `${e.isFolder ? '$(folder) ' : '$(key) '}${e.name}`,
          description: e.description,
          path: e.path,
          isFolder: e.isFolder,
        })),
      );
      token = page.nextPageToken;
      if (!token) break;
      const more = await vscode.window.showQuickPick([...entries, { label: LOAD_MORE, path: '', isFolder: false }], {
        title: `${store}: ${prefix || '/'}`,
        placeHolder: 'Choose a secret',
      });
      if (!more) return undefined;
      if (more.label !== LOAD_MORE) {
        if (!more.isFolder) return more.path;
        prefix = more.path;
        entries.length = 0;
        token = undefined;
        continue;
      }
    }
    const up = prefix ? [{ label: '$(arrow-up) ..', path: prefix.replace(/[^/]+\/$/, ''), isFolder: true }] : [];
    const picked = await vscode.window.showQuickPick([...up, ...entries], {
      title: `${store}: ${prefix || '/'}`,
      placeHolder: entries.length ? 'Choose a secret' : 'No secrets here',
    });
    if (!picked) return undefined;
    if (!picked.isFolder) return picked.path;
    prefix = picked.path;
  }
}

export async function copySecretValue(services: Services, storeArg?: unknown, pathArg?: unknown, keyArg?: unknown): Promise<boolean> {
  try {
    const config = await pickStore(services, storeArg, 'Copy Secret Value');
    if (!config) return false;
    const path = typeof pathArg === 'string' && pathArg ? pathArg : await pickSecretPath(services, config.name);
    if (!path) return false;
    const secret = await services.stores.read(config.name, path);
    let key = typeof keyArg === 'string' && keyArg ? keyArg : undefined;
    if (!key && secret.type === 'keyed' && typeof pathArg !== 'string') {
      const keys = secretKeyNames(secret);
      const picked = await vscode.window.showQuickPick([...keys.map((k) => ({ label: k })), { label: '{ } whole secret as JSON' }], {
        title: `${config.name}:${path}`,
        placeHolder: 'Which key?',
      });
      if (!picked) return false;
      key = keys.includes(picked.label) ? picked.label : undefined;
    }
    const value = secretKeyValue(secret, key);
    const seconds = await services.clipboard.copySecret(value);
    const label = `${config.name}:${path}${key ? `.${key}` : ''}`;
    services.log.info(`Copied ${label} to the clipboard${seconds > 0 ? `; it clears in ${seconds} s` : ''}.`);
    vscode.window.setStatusBarMessage(
      `$(lock) Copied ${label}${seconds > 0 ? `, clears in ${seconds} s` : ''}`,
      Math.max(seconds, 5) * 1000,
    );
    return true;
  } catch (error) {
    showStoreError(services, error);
    return false;
  }
}
