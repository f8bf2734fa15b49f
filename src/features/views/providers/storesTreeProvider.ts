// TreeDataProvider for the Secret Stores view: one node per config with live status. The first time a
// config shows (and after a refresh or status change) its connection is checked in the background.
import * as vscode from 'vscode';
import type { StoreManager } from '../../../core/stores/types';
import { COMMANDS } from '../../../constants';
import { pendingMessage, shadowedMessage, WorkspaceConfigReview } from '../../stores/workspaceConfigReview';
import type { StoreStatusTracker } from '../model/storeStatus';
import { StoreConfigNode, storeConfigItem } from '../nodes/storeConfigNode';

/** A repository's config that is not used: its name is one of the user's, or it waits for approval. */
export interface WorkspaceNoticeNode {
  readonly type: 'workspaceNotice';
  readonly name: string;
  readonly reason: 'shadowed' | 'pending';
  readonly message: string;
}

export type StoresViewNode = StoreConfigNode | WorkspaceNoticeNode;

export class StoresTreeProvider implements vscode.TreeDataProvider<StoresViewNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<StoreConfigNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly disposables: { dispose(): void }[] = [];

  constructor(
    private readonly stores: StoreManager,
    readonly status: StoreStatusTracker,
    private readonly review?: WorkspaceConfigReview,
  ) {
    this.disposables.push(status.onDidChange(() => this.emitter.fire(undefined)));
    if (review) this.disposables.push(review.onDidChange(() => this.emitter.fire(undefined)));
    this.disposables.push(
      stores.onDidChange((event) => {
        if (event.type === 'configs' || event.type === 'status') this.emitter.fire(undefined);
      }),
    );
  }

  getTreeItem(node: StoresViewNode): vscode.TreeItem {
    if (node.type === 'workspaceNotice') {
      const item = new vscode.TreeItem(`${node.name} (workspace settings)`, vscode.TreeItemCollapsibleState.None);
      item.description = node.reason === 'shadowed' ? 'ignored: your user config of this name is used' : 'not used until you approve it';
      item.tooltip = node.message;
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      item.contextValue = `workspaceNotice.${node.reason}`;
      if (node.reason === 'pending')
        item.command = { command: COMMANDS.stores.approveWorkspaceStoreConfig, title: 'Review…', arguments: [node.name] };
      return item;
    }
    const config = this.stores.config(node.name);
    if (!config) return new vscode.TreeItem(node.name);
    this.status.autoCheck(node.name);
    return storeConfigItem(config, this.status.info(node.name));
  }

  getChildren(node?: StoresViewNode): StoresViewNode[] {
    if (node) return [];
    const configs: StoresViewNode[] = this.stores
      .configs()
      .map((config) => ({ type: 'storeConfig', name: config.name, storeKind: config.kind }));
    const notices: WorkspaceNoticeNode[] = [
      ...(this.review?.shadowed() ?? []).map((s) => ({
        type: 'workspaceNotice' as const,
        name: s.name,
        reason: 'shadowed' as const,
        message: shadowedMessage(s),
      })),
      ...(this.review?.pending() ?? []).map((p) => ({
        type: 'workspaceNotice' as const,
        name: p.config.name,
        reason: 'pending' as const,
        message: pendingMessage(p),
      })),
    ];
    return [...configs, ...notices];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.emitter.dispose();
  }
}
