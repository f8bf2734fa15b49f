// Copy reference / insert reference at the cursor, in each reference kind that fits the node's store.
// The texts hold names and ids only, so they may be returned to the caller and shown. Show References:
// the workspace files that reference a secret or key node, from the reference index, in the References view.
import * as vscode from 'vscode';
import { ReferenceChoice, referenceChoices, ReferenceTarget } from '../model/referenceFormats';
import type { SecretTreeNode } from '../model/treeNodes';
import { ActionContext, ActionOptions, asNode, asOptions, runAction } from './actionContext';
import { pickKey } from './readTarget';

async function referenceTarget(ctx: ActionContext, node: SecretTreeNode, options: ActionOptions): Promise<ReferenceTarget | undefined> {
  if (node.type === 'key') return { path: node.path, key: node.key };
  if (node.type !== 'secret') return undefined;
  const arn = node.entry.arn;
  if (node.storeKind === 'aws') return { path: node.path, key: options.key, ...(arn ? { arn } : {}) };
  // A Vault reference names a key: ask which one.
  const secret = await ctx.services.stores.read(node.store, node.path);
  const key = await pickKey(secret, options);
  return key === null || key === undefined ? undefined : { path: node.path, key };
}

async function chooseReference(ctx: ActionContext, nodeArg: unknown, optionsArg: unknown): Promise<ReferenceChoice | undefined> {
  const node = asNode(nodeArg);
  if (!node) return undefined;
  const options = asOptions(optionsArg);
  const config = ctx.services.stores.config(node.store);
  if (!config) return undefined;
  const target = await referenceTarget(ctx, node, options);
  if (!target) return undefined;
  const choices = referenceChoices(config, target);
  if (options.kind) return choices.find((c) => c.kind === options.kind);
  if (choices.length <= 1) return choices[0];
  const picked = await vscode.window.showQuickPick(
    choices.map((choice) => ({ label: choice.title, detail: choice.text.replace(/\s+/g, ' '), choice })),
    { title: `Reference to ${target.path}`, placeHolder: 'Choose the reference kind' },
  );
  return picked?.choice;
}

/** Copies the reference and returns its text. */
export async function copyReference(ctx: ActionContext, nodeArg: unknown, optionsArg: unknown): Promise<string | undefined> {
  return runAction(ctx.services, 'Copy reference', async () => {
    const choice = await chooseReference(ctx, nodeArg, optionsArg);
    if (!choice) return undefined;
    await vscode.env.clipboard.writeText(choice.text);
    void vscode.window.showInformationMessage(`Copied ${choice.title.toLowerCase()}.`);
    return choice.text;
  });
}

/** Inserts the reference at each cursor of the active editor and returns its text. */
export async function insertReference(ctx: ActionContext, nodeArg: unknown, optionsArg: unknown): Promise<string | undefined> {
  return runAction(ctx.services, 'Insert reference', async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showWarningMessage('Open an editor and place the cursor where the reference should go, then insert it again.');
      return undefined;
    }
    const choice = await chooseReference(ctx, nodeArg, optionsArg);
    if (!choice) return undefined;
    const inserted = await editor.edit((edit) => {
      for (const selection of editor.selections) edit.replace(selection, choice.text);
    });
    return inserted ? choice.text : undefined;
  });
}

/**
 * Opens the references to the secret (or key) node in the References view, from the workspace reference
 * index (no store request); says so when none references it. Returns the locations shown.
 */
export async function showReferences(ctx: ActionContext, nodeArg: unknown): Promise<vscode.Location[] | undefined> {
  const node = asNode(nodeArg);
  if (node?.type !== 'secret' && node?.type !== 'key') return undefined;
  return showReferencesTo(ctx, node.store, node.path, node.type === 'key' ? node.key : undefined);
}

/** The References view for one secret (or key): the tree's Show References and the confirmations' button. */
export async function showReferencesTo(ctx: ActionContext, store: string, path: string, key?: string): Promise<vscode.Location[]> {
  const index = ctx.services.referenceIndex;
  await index.whenReady();
  const locations = index.referencesTo({ store, path, key }).map((at) => new vscode.Location(at.uri, at.range));
  const what = `${store}: ${path}${key === undefined ? '' : ` · key "${key}"`}`;
  if (locations.length === 0) {
    void vscode.window.showInformationMessage(`No file in the workspace references ${what}.`);
    return locations;
  }
  const first = locations[0];
  await vscode.commands.executeCommand('editor.action.showReferences', first.uri, first.range.start, locations);
  return locations;
}
