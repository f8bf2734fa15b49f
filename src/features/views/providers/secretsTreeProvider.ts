// TreeDataProvider for the Secrets view: asks the model for children (with progress on the view while
// a request runs) and renders them; model change events become tree refreshes of the affected node.
import * as vscode from 'vscode';
import type { StoreManager } from '../../../core/stores/types';
import type { SecretTreeModel } from '../model/secretTreeModel';
import type { LoadMoreNode, SecretTreeNode } from '../model/treeNodes';
import { secretTreeItem, UsageSource } from '../nodes/secretTreeItems';

export class SecretsTreeProvider implements vscode.TreeDataProvider<SecretTreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<SecretTreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscriptions: { dispose(): void }[];

  constructor(
    readonly model: SecretTreeModel,
    private readonly stores: StoreManager,
    private readonly viewId: string,
    private readonly index?: UsageSource & { onDidChange: vscode.Event<void> },
  ) {
    this.subscriptions = [model.onDidChange((node) => this.emitter.fire(node))];
    // The "used in N files" descriptions follow the reference index (a count, no store request).
    if (index) this.subscriptions.push(index.onDidChange(() => this.emitter.fire(undefined)));
  }

  getTreeItem(node: SecretTreeNode): vscode.TreeItem {
    return secretTreeItem(node, this.stores, this.index);
  }

  getChildren(node?: SecretTreeNode): Promise<SecretTreeNode[]> {
    if (this.model.isLoaded(node)) return this.model.children(node);
    return Promise.resolve(vscode.window.withProgress({ location: { viewId: this.viewId } }, () => this.model.children(node)));
  }

  getParent(node: SecretTreeNode): SecretTreeNode | undefined {
    return this.model.getParent(node);
  }

  /** Loads the next page with the view's progress bar showing. */
  loadMore(node: LoadMoreNode): Promise<void> {
    return Promise.resolve(vscode.window.withProgress({ location: { viewId: this.viewId } }, () => this.model.loadMore(node)));
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.emitter.dispose();
  }
}
