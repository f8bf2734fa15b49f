// TreeDataProvider for the Secret Stores view: one node per config with live status. The first time a
// config shows (and after a refresh or status change) its connection is checked in the background.
import * as vscode from 'vscode';
import type { StoreManager } from '../../../core/stores/types';
import type { StoreStatusTracker } from '../model/storeStatus';
import { StoreConfigNode, storeConfigItem } from '../nodes/storeConfigNode';

export class StoresTreeProvider implements vscode.TreeDataProvider<StoreConfigNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<StoreConfigNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly disposables: { dispose(): void }[] = [];

  constructor(
    private readonly stores: StoreManager,
    readonly status: StoreStatusTracker,
  ) {
    this.disposables.push(status.onDidChange(() => this.emitter.fire(undefined)));
    this.disposables.push(
      stores.onDidChange((event) => {
        if (event.type === 'configs' || event.type === 'status') this.emitter.fire(undefined);
      }),
    );
  }

  getTreeItem(node: StoreConfigNode): vscode.TreeItem {
    const config = this.stores.config(node.name);
    if (!config) return new vscode.TreeItem(node.name);
    this.status.autoCheck(node.name);
    return storeConfigItem(config, this.status.info(node.name));
  }

  getChildren(node?: StoreConfigNode): StoreConfigNode[] {
    if (node) return [];
    return this.stores.configs().map((config) => ({ type: 'storeConfig', name: config.name, storeKind: config.kind }));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.emitter.dispose();
  }
}
