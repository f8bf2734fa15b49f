// Registers the `secretref` file system (secrets as JSON documents) and its commands: open a secret
// from the Secrets view, and compare an editor whose save was refused with the store's newer version.
// Tells the provider which saves the user asked for, and says in words why a save wrote nothing.
import type { Services } from '../../services';
import * as vscode from 'vscode';
import { COMMANDS, SECRET_DOCUMENT_LANGUAGE, SECRET_FS_SCHEME } from '../../constants';
import { SecretFileSystemProvider } from './secretFileSystemProvider';
import { formatSecretPath, MASKED_QUERY } from './secretPath';

export interface SecretFsApi {
  readonly provider: SecretFileSystemProvider;
  uriFor(store: string, path: string): vscode.Uri;
}

export function secretUri(store: string, path: string): vscode.Uri {
  return vscode.Uri.from({ scheme: SECRET_FS_SCHEME, path: formatSecretPath({ store, path }) });
}

/** A secret's masked, read-only document: its keys, every value the one mask. */
export function maskedSecretUri(store: string, path: string): vscode.Uri {
  return secretUri(store, path).with({ query: MASKED_QUERY });
}

export function registerSecretFileSystem(context: vscode.ExtensionContext, services: Services): SecretFsApi {
  const provider = new SecretFileSystemProvider(services);
  /** Documents already told that only their own save writes them (once until saved or closed). */
  const toldManualOnly = new Set<string>();
  context.subscriptions.push(
    provider,
    vscode.workspace.registerFileSystemProvider(SECRET_FS_SCHEME, provider, { isCaseSensitive: true }),
    // Runs before the write of every save that has save participants: auto-save (after a delay, on
    // focus or window change) is not the user's decision, so only a manual save may write the secret.
    vscode.workspace.onWillSaveTextDocument((event) => {
      if (event.document.uri.scheme === SECRET_FS_SCHEME)
        provider.requestedSave(event.document.uri, event.reason === vscode.TextDocumentSaveReason.Manual);
    }),
    vscode.workspace.onDidOpenTextDocument((document) => {
      // JSON validation for secret documents comes from VS Code's JSON extension (jsonLanguageParticipants).
      if (document.languageId === SECRET_DOCUMENT_LANGUAGE)
        void vscode.extensions.getExtension('vscode.json-language-features')?.activate();
    }),
    vscode.workspace.onDidSaveTextDocument((document) => toldManualOnly.delete(document.uri.toString())),
    vscode.workspace.onDidCloseTextDocument((document) => {
      toldManualOnly.delete(document.uri.toString());
      if (document.uri.scheme === SECRET_FS_SCHEME && !document.uri.query) provider.forget(document.uri);
    }),
    provider.onDidFailSave((failure) => {
      if (failure.kind !== 'not-requested') {
        void vscode.window.showErrorMessage(failure.message);
        return;
      }
      if (toldManualOnly.has(failure.uri.toString())) return;
      toldManualOnly.add(failure.uri.toString());
      void vscode.window.showWarningMessage(failure.message);
    }),
    provider.onDidRefuseSave((conflict) => {
      const compare = 'Compare with Store Version';
      void vscode.window
        .showWarningMessage(
          `"${conflict.path}" in store "${conflict.store}" changed since you opened it, so your save was refused. Nothing was written; your edits are still in the editor.`,
          compare,
        )
        .then((answer) => (answer === compare ? compareWithStore(provider, conflict.uri) : undefined));
    }),
    vscode.commands.registerCommand(COMMANDS.secretFs.open, async (nodeOrStore: unknown, maybePath: unknown) => {
      const target = openTarget(nodeOrStore, maybePath);
      if (!target) return undefined;
      const document = await vscode.workspace.openTextDocument(secretUri(target.store, target.path));
      return vscode.window.showTextDocument(document, { preview: false });
    }),
    vscode.commands.registerCommand(COMMANDS.secretFs.compareWithStore, (uriArg: unknown) => {
      const uri = uriArg instanceof vscode.Uri ? uriArg : vscode.window.activeTextEditor?.document.uri;
      if (!uri || uri.scheme !== SECRET_FS_SCHEME) {
        void vscode.window.showWarningMessage('Open a secret document (from the Secrets view) to compare it with the store.');
        return undefined;
      }
      return compareWithStore(provider, uri);
    }),
  );
  return { provider, uriFor: secretUri };
}

/** Opens a diff of the store's current version (left, read-only) and the editor's copy (right). */
async function compareWithStore(provider: SecretFileSystemProvider, uri: vscode.Uri): Promise<vscode.Uri | undefined> {
  try {
    const snapshot = await provider.rebaseOnCurrent(uri);
    const name = uri.path.split('/').pop() ?? uri.path;
    const title = `${name}: store version ${snapshot.version ?? 'current'} ↔ your edits`;
    await vscode.commands.executeCommand('vscode.diff', snapshot.uri, uri, title);
    void vscode.window.showInformationMessage(
      `Left: the store's version ${snapshot.version ?? ''}. Merge what you need into your copy; saving now writes on top of that version.`,
    );
    return snapshot.uri;
  } catch (error) {
    void vscode.window.showErrorMessage(error instanceof Error ? error.message : 'Could not read the store version to compare.');
    return undefined;
  }
}

function openTarget(nodeOrStore: unknown, maybePath: unknown): { store: string; path: string } | undefined {
  if (typeof nodeOrStore === 'string' && typeof maybePath === 'string') return { store: nodeOrStore, path: maybePath };
  if (typeof nodeOrStore !== 'object' || nodeOrStore === null) return undefined;
  const node = nodeOrStore as { store?: unknown; path?: unknown };
  return typeof node.store === 'string' && typeof node.path === 'string' ? { store: node.store, path: node.path } : undefined;
}
