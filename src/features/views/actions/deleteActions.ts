// Destructive actions, each behind a modal confirmation that names what will be lost and the files
// whose references to the secret break (from the workspace reference index), or that none references it,
// with a Show References button for the full list; a restore names the files that resolve again.
// Vault KV v2: soft delete, undelete, destroy a version, delete all versions; AWS: delete with a
// recovery window, restore.
import * as vscode from 'vscode';
import type { SecretTreeNode } from '../model/treeNodes';
import { ActionContext, ActionOptions, asNode, asOptions, confirmDestructive, runAction, SHOW_REFERENCES_BUTTON } from './actionContext';
import { showReferencesTo } from './referenceActions';

type Run = (ctx: ActionContext, nodeArg: unknown, optionsArg: unknown) => Promise<boolean>;

function describe(node: SecretTreeNode & { path: string }): string {
  return `"${node.path}" in store "${node.store}"`;
}

/** The confirmation's detail: what is lost, then the files that reference the secret. */
function withImpact(ctx: ActionContext, node: SecretTreeNode & { path: string }, detail: string, verb?: string): string {
  const more = referenced(ctx, node) ? `\n\n${SHOW_REFERENCES_BUTTON} opens the full list in the References view and deletes nothing.` : '';
  return `${detail}\n\n${ctx.services.referenceIndex.impactNote(node.store, node.path, verb)}${more}`;
}

function referenced(ctx: ActionContext, node: SecretTreeNode & { path: string }): boolean {
  return ctx.services.referenceIndex.filesReferencing({ store: node.store, path: node.path }).length > 0;
}

/** The confirmation's Show References button, when a file references the secret. */
function referencesButton(ctx: ActionContext, node: SecretTreeNode & { path: string }): (() => Promise<unknown>) | undefined {
  return referenced(ctx, node) ? () => showReferencesTo(ctx, node.store, node.path) : undefined;
}

/** A restore's result: the secret is back, and the files whose references resolve again (or that none references it). */
function restoredMessage(ctx: ActionContext, node: SecretTreeNode & { path: string }, what: string): void {
  const note = ctx.services.referenceIndex.impactNote(node.store, node.path, 'resolve again');
  void vscode.window.showInformationMessage(`Restored ${what} of ${describe(node)}. ${note}`);
}

function secretOrVersion(nodeArg: unknown): (SecretTreeNode & { type: 'secret' | 'version'; path: string }) | undefined {
  const node = asNode(nodeArg);
  return node && (node.type === 'secret' || node.type === 'version') ? node : undefined;
}

async function perform(ctx: ActionContext, title: string, body: () => Promise<void>): Promise<boolean> {
  const done = await runAction(ctx.services, title, async () => {
    await body();
    return true;
  });
  return done === true;
}

/** Vault: soft-delete a version (the latest for a secret node); undelete brings it back. */
export const deleteVersion: Run = async (ctx, nodeArg, optionsArg) => {
  const node = secretOrVersion(nodeArg);
  if (!node) return false;
  const options = asOptions(optionsArg);
  const which = node.type === 'version' ? `version ${node.info.version}` : 'the latest version';
  const ok = await confirmDestructive(
    `Delete ${which} of ${describe(node)}?`,
    withImpact(
      ctx,
      node,
      `The data of ${which} can no longer be read until it is undeleted. Other versions stay.`,
      'stop resolving if they read that version',
    ),
    'Delete Version',
    options,
    referencesButton(ctx, node),
  );
  if (!ok) return false;
  return perform(ctx, 'Delete version', async () => {
    const store = await ctx.services.stores.get(node.store);
    await store.delete(node.path, node.type === 'version' ? { versions: [node.info.version] } : {});
  });
};

export const undeleteVersion: Run = async (ctx, nodeArg) => {
  const node = asNode(nodeArg);
  if (!node || node.type !== 'version') return false;
  return perform(ctx, 'Undelete version', async () => {
    const store = await ctx.services.stores.get(node.store);
    await store.undelete(node.path, [node.info.version]);
    restoredMessage(ctx, node, `version ${node.info.version}`);
  });
};

export const destroyVersion: Run = async (ctx, nodeArg, optionsArg) => {
  const node = asNode(nodeArg);
  if (!node || node.type !== 'version') return false;
  const ok = await confirmDestructive(
    `Permanently destroy version ${node.info.version} of ${describe(node)}?`,
    withImpact(
      ctx,
      node,
      `The data of version ${node.info.version} is erased for good; it cannot be undeleted. Other versions stay.`,
      'stop resolving if they read that version',
    ),
    'Destroy Version',
    asOptions(optionsArg),
    referencesButton(ctx, node),
  );
  if (!ok) return false;
  return perform(ctx, 'Destroy version', async () => {
    const store = await ctx.services.stores.get(node.store);
    await store.destroyVersions(node.path, [node.info.version]);
  });
};

export const deleteAllVersions: Run = async (ctx, nodeArg, optionsArg) => {
  const node = asNode(nodeArg);
  if (!node || node.type !== 'secret') return false;
  const ok = await confirmDestructive(
    `Delete ${describe(node)} with all its versions and metadata?`,
    withImpact(ctx, node, 'Every version of this secret and its metadata are erased for good; nothing can be undeleted.'),
    'Delete All Versions',
    asOptions(optionsArg),
    referencesButton(ctx, node),
  );
  if (!ok) return false;
  return perform(ctx, 'Delete all versions', async () => {
    const store = await ctx.services.stores.get(node.store);
    await store.deleteAll(node.path);
  });
};

/** AWS: schedule deletion after a recovery window (7..30 days); restore cancels it. */
export const deleteSecret: Run = async (ctx, nodeArg, optionsArg) => {
  const node = asNode(nodeArg);
  if (!node || node.type !== 'secret') return false;
  const options: ActionOptions = asOptions(optionsArg);
  const days = options.recoveryWindowDays ?? (await askRecoveryWindow(node.path));
  if (days === undefined) return false;
  const until = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const ok = await confirmDestructive(
    `Schedule ${describe(node)} for deletion in ${days} days?`,
    withImpact(
      ctx,
      node,
      `The secret stops resolving now. You can restore it until ${until}; after that the secret and all its versions are gone for good.`,
    ),
    'Schedule Deletion',
    options,
    referencesButton(ctx, node),
  );
  if (!ok) return false;
  return perform(ctx, 'Delete secret', async () => {
    const store = await ctx.services.stores.get(node.store);
    await store.delete(node.path, { recoveryWindowDays: days });
  });
};

export const restoreSecret: Run = async (ctx, nodeArg) => {
  const node = asNode(nodeArg);
  if (!node || node.type !== 'secret') return false;
  return perform(ctx, 'Restore secret', async () => {
    const store = await ctx.services.stores.get(node.store);
    await store.restore(node.path);
    restoredMessage(ctx, node, 'the secret');
  });
};

async function askRecoveryWindow(path: string): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: `Delete ${path}`,
    prompt: 'Recovery window in days (7 to 30): the secret can be restored until then',
    value: '30',
    validateInput: (value) => {
      const days = Number(value);
      return Number.isInteger(days) && days >= 7 && days <= 30 ? undefined : 'Enter a whole number from 7 to 30';
    },
  });
  return text === undefined ? undefined : Number(text);
}
