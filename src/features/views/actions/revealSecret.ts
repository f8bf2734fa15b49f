// Reveals a secret in the Secrets view by store and path (e.g. from a reference hover): walks the
// folders from the store down, loading further pages of a level while the wanted node is not there.
import * as vscode from 'vscode';
import type { SecretTreeModel } from '../model/secretTreeModel';
import { nodeId, SecretTreeNode } from '../model/treeNodes';

const MAX_PAGES_PER_LEVEL = 50;

export async function revealSecret(
  model: SecretTreeModel,
  view: vscode.TreeView<SecretTreeNode>,
  store: unknown,
  path: unknown,
): Promise<boolean> {
  if (typeof store !== 'string' || typeof path !== 'string') return false;
  const root = model.roots().find((node) => node.store === store);
  if (!root) return false;
  // Folder ids from the store down (Vault folders and grouped AWS names both split at '/').
  const segments = path.split('/');
  const wanted: string[] = [];
  for (let n = 1; n < segments.length; n++) wanted.push(nodeId('folder', store, `${segments.slice(0, n).join('/')}/`));
  wanted.push(nodeId('secret', store, path));
  let container: SecretTreeNode = root;
  for (const id of wanted) {
    const found = await findChild(model, container, id);
    if (!found) {
      // Flat AWS lists (and names with empty segments) show the secret right under the store.
      if (id.startsWith(nodeId('folder', store, ''))) continue;
      // No such secret: show where it would be (the store or the deepest folder that exists).
      await view.reveal(container, { select: true, focus: true, expand: true });
      return false;
    }
    container = found;
  }
  await view.reveal(container, { select: true, focus: true, expand: false });
  return true;
}

async function findChild(model: SecretTreeModel, parent: SecretTreeNode, id: string): Promise<SecretTreeNode | undefined> {
  for (let page = 0; page < MAX_PAGES_PER_LEVEL; page++) {
    const children = await model.children(parent);
    const match = children.find((child) => child.id === id);
    if (match) return match;
    const more = children.find((child) => child.type === 'loadMore');
    if (!more || more.type !== 'loadMore') return undefined;
    await model.loadMore(more);
  }
  return undefined;
}
