// Filter the Secrets tree by name (case-insensitive substring). The view's message says what is
// filtered and a context key shows the clear button while a filter is on.
import * as vscode from 'vscode';
import type { SecretTreeModel } from '../model/secretTreeModel';
import type { SecretTreeNode } from '../model/treeNodes';
import { CONTEXT_KEYS } from '../../../constants';

export async function applyFilter(model: SecretTreeModel, view: vscode.TreeView<SecretTreeNode>, textArg: unknown): Promise<string> {
  const text =
    typeof textArg === 'string'
      ? textArg
      : await vscode.window.showInputBox({
          title: 'Filter Secrets',
          prompt: 'Show secrets whose name contains this text (empty shows all)',
          value: model.filter,
        });
  if (text === undefined) return model.filter;
  model.setFilter(text);
  await updateFilterState(model, view);
  return model.filter;
}

export async function updateFilterState(model: SecretTreeModel, view: vscode.TreeView<SecretTreeNode>): Promise<void> {
  view.message = model.filter ? `Showing secrets whose name contains "${model.filter}".` : undefined;
  await vscode.commands.executeCommand('setContext', CONTEXT_KEYS.viewsFiltered, model.filter !== '');
}
