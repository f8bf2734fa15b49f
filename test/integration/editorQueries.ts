// What the editor shows, asked through VS Code's own provider commands (shared by the suites).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ViewsApi } from '../../src/features/views/registerViewFeatures';
import type { SecretTreeNode } from '../../src/features/views/model/treeNodes';
import { waitFor } from '../support/waitFor';

/** The text of the secretref hovers at an offset (other extensions' hovers left out). */
export async function hoverText(document: vscode.TextDocument, offset: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    document.uri,
    document.positionAt(offset),
  );
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))
    .filter((text) => text.includes('secret') || text.includes('Secret'))
    .join('\n');
}

/** A Secrets tree node's label, as the tree shows it. */
export function treeLabel(api: ViewsApi, node: SecretTreeNode): string {
  const label = api.secrets.getTreeItem(node).label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}

/** The node of secret `name` in `folder` of `store`'s root in the Secrets tree, once the tree shows it. */
export function secretNodeIn(api: ViewsApi, store: string, folder: string, name: string): Promise<SecretTreeNode> {
  return waitFor(`"${name}" in the Secrets tree`, async () => {
    api.model.reload();
    const root = ((await api.secrets.getChildren()) as SecretTreeNode[]).find((n) => n.store === store);
    if (!root) return undefined;
    const parent = (await api.secrets.getChildren(root)).find((c) => treeLabel(api, c) === folder);
    return parent ? (await api.secrets.getChildren(parent)).find((c) => treeLabel(api, c) === name) : undefined;
  });
}

/** Waits until `document` has a `signed-out` diagnostic (`signedOut`) or none. */
export function signedOutIs(document: vscode.TextDocument, signedOut: boolean): Promise<true> {
  return waitFor(
    signedOut ? 'the signed-out diagnostic' : 'the reference to resolve',
    () => (vscode.languages.getDiagnostics(document.uri).some((d) => d.code === 'signed-out') === signedOut ? true : undefined),
    { timeoutMs: 20_000, intervalMs: 50 },
  );
}

/** The workspace reference index of the activated extension (the part the suites use). */
export interface IndexApi {
  referencesTo(query: { store: string; path: string; key?: string }): { uri: vscode.Uri }[];
  impactNote(store: string, secret: string): string;
  whenReady(): Promise<void>;
  readonly isReady: boolean;
}

/**
 * A token-auth Vault store config `name` for the run's OpenBao in the user settings (replacing one of that
 * name), the extension activated and signed in to it; returns the reference index once its first build is done.
 */
export async function useVaultStore(name: string, address: string, token: string): Promise<IndexApi> {
  await vscode.workspace
    .getConfiguration('secretref')
    .update(
      'stores',
      [...otherStores(name), { kind: 'vault', name, url: address, enginePath: 'secret', auth: 'token' }],
      vscode.ConfigurationTarget.Global,
    );
  const extension = vscode.extensions.getExtension('secretref.secretref')!;
  await extension.activate();
  await vscode.commands.executeCommand('secretref.signInToStore', name, { token });
  const index = (extension.exports as { services: { referenceIndex: IndexApi } }).services.referenceIndex;
  await index.whenReady();
  return index;
}

/** Waits until the index holds `count` references to the secret (files written into the workspace reach it through the watcher). */
export function indexedCount(
  index: Pick<IndexApi, 'referencesTo'>,
  query: { store: string; path: string; key?: string },
  count: number,
): Promise<true> {
  return waitFor(`${count} references to ${query.path} indexed`, () => (index.referencesTo(query).length === count ? true : undefined), {
    timeoutMs: 30_000,
    intervalMs: 50,
  });
}

/** Writes `text` to `name` in `dir` and shows it in an editor (a file on disk, so detection sees its name). */
export async function openFileIn(dir: string, name: string, text: string): Promise<vscode.TextDocument> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(document);
  return document;
}

/** The user's store configs other than `store`. */
function otherStores(store: string): { name: string }[] {
  const settings = vscode.workspace.getConfiguration('secretref');
  return (settings.inspect<{ name: string }[]>('stores')?.globalValue ?? []).filter((c) => c.name !== store);
}

/** Adds a user Vault store config for the run's OpenBao (root token), waits for it in the Stores view and signs in. */
export async function addSignedInVaultStore(api: ViewsApi, store: string, vault: { address: string; rootToken: string }): Promise<void> {
  await vscode.workspace
    .getConfiguration('secretref')
    .update(
      'stores',
      [...otherStores(store), { kind: 'vault', name: store, url: vault.address, enginePath: 'secret', auth: 'token' }],
      vscode.ConfigurationTarget.Global,
    );
  await waitFor(`the ${store} store config`, () => (api.stores.getChildren().some((n) => n.name === store) ? true : undefined));
  const signedIn = await vscode.commands.executeCommand('secretref.signInToStore', store, { token: vault.rootToken });
  if (signedIn !== true) throw new Error(`signing in to ${store} failed`);
}

/** Signs out of `store` and removes its config again (the other user configs stay). */
export async function removeVaultStore(store: string): Promise<void> {
  await vscode.commands.executeCommand('secretref.signOutOfStore', store);
  const others = otherStores(store);
  await vscode.workspace
    .getConfiguration('secretref')
    .update('stores', others.length ? others : undefined, vscode.ConfigurationTarget.Global);
}

/** Writes files into a new folder of the first workspace folder and waits until the index has `count` references to `query`; resolves the folder. */
export async function writeIndexedFiles(
  index: { referencesTo(query: { store: string; path: string; key?: string }): unknown[] },
  folderName: string,
  files: Record<string, string>,
  indexed: { query: { store: string; path: string }; count: number },
): Promise<string> {
  const dir = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, folderName);
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  await waitFor('the new files indexed', () => (index.referencesTo(indexed.query).length === indexed.count ? true : undefined), {
    timeoutMs: 30_000,
    intervalMs: 50,
  });
  return dir;
}

/** A suite's teardown: editors closed, its folder removed, signed out of its store and the config removed. */
export async function cleanUpStoreSuite(store: string, dir: string | undefined): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  await removeVaultStore(store);
}
