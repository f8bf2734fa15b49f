// "Compare Inline Secrets with a Store…": the explicit, bounded scan behind "already in the store". The
// user picks one of their own stores (or an approved repository one); up to secretref.alreadyStored.
// maxSecrets of its secrets are read, their values join this window's salted hashes, and every inline
// secret equal to one of them says so (the diagnostics refresh on their own when hashes are added).
import * as vscode from 'vscode';
import { scanStoreValues, type StoreValueScan } from '../../core/references/storeValueScan';
import { userSetting } from '../../platform/settings';
import type { Services } from '../../services';
import { pickStore } from '../stores/storePicker';
import { showStoreError } from '../stores/storeErrors';

/** `arg`: a store name or tree node (else a pick); `optionsArg.folder`: a Vault folder or AWS name prefix to start from. */
export async function compareWithStoreCommand(services: Services, arg: unknown, optionsArg?: unknown): Promise<StoreValueScan | undefined> {
  const folder =
    typeof (optionsArg as { folder?: unknown } | undefined)?.folder === 'string' ? (optionsArg as { folder: string }).folder : undefined;
  const config = await pickStore(services, arg, 'Compare inline secrets with the values of which store?', {
    filter: (c) => services.storedValues.compares(c.name),
  });
  if (!config) return undefined;
  if (!services.storedValues.compares(config.name)) {
    void vscode.window.showWarningMessage(
      `Secret References: store "${config.name}" comes from the repository and is not approved: its values are not compared. Approve it in the Secret Stores view first.`,
    );
    return undefined;
  }
  const maxSecrets = userSetting('alreadyStoredMaxSecrets');
  const where = folder ? `"${config.name}" under "${folder}"` : `"${config.name}"`;
  const title = `Reading up to ${maxSecrets} secrets of ${where} to compare inline secrets (by salted hash, in this window)`;
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (progress, token) =>
        scanStoreValues(services.stores, config.name, {
          maxSecrets,
          prefix: folder,
          isCancelled: () => token.isCancellationRequested,
          onSecret: (done) => done % 20 === 0 && progress.report({ message: `${done} read` }),
        }),
    );
    const skipped = result.skipped ? `; ${result.skipped} could not be read (denied or gone)` : '';
    const limit = result.truncated ? `; stopped at the limit (secretref.alreadyStored.maxSecrets: ${maxSecrets}) or when cancelled` : '';
    void vscode.window.showInformationMessage(
      `Secret References: compared with ${result.read} secrets of ${where}${skipped}${limit}. Inline secrets equal to one of them now say so, with the quick fix "Reference the existing secret".`,
    );
    return result;
  } catch (error) {
    showStoreError(services, error, `Compare inline secrets with "${config.name}"`);
    return undefined;
  }
}
