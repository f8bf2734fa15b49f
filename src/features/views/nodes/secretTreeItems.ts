// Renders Secrets-tree nodes as TreeItems. Labels, descriptions and tooltips carry names, paths, dates
// and version ids only: a value is never read here, and keys show a fixed mask instead.
import { MASK } from '../../../core/redaction';
import { rotationFacts, rotationShort } from '../../../core/stores/rotation';
import { formatTimestamp } from '../../../core/timestamp';
import * as vscode from 'vscode';
import type { StoreManager } from '../../../core/stores/types';
import type { SecretTreeNode } from '../model/treeNodes';
import type { WorkspaceReferenceIndex } from '../../references/workspaceIndex';
import { COMMANDS } from '../../../constants';

const Collapsed = vscode.TreeItemCollapsibleState.Collapsed;
const None = vscode.TreeItemCollapsibleState.None;

/** What the tree asks the workspace reference index (no store request). */
export type UsageSource = Pick<WorkspaceReferenceIndex, 'usage'>;

export function secretTreeItem(node: SecretTreeNode, stores: StoreManager, index?: UsageSource): vscode.TreeItem {
  switch (node.type) {
    case 'store': {
      const config = stores.config(node.store);
      const item = new vscode.TreeItem(node.store, Collapsed);
      const where = config
        ? config.kind === 'vault'
          ? `${config.url} · ${config.enginePath ?? 'secret'}/`
          : (config.endpoint ?? config.region)
        : '';
      const status = stores.status(node.store);
      item.description = status === 'signed-in' || status === 'unknown' ? where : `${where} · ${status}`;
      item.tooltip = `${node.storeKind === 'vault' ? 'Vault / OpenBao' : 'AWS Secrets Manager'} store "${node.store}"\n${where}\nStatus: ${status}`;
      item.iconPath = new vscode.ThemeIcon(node.storeKind === 'vault' ? 'lock' : 'cloud');
      item.contextValue = `secretStore ${node.storeKind}`;
      return withId(item, node);
    }
    case 'folder': {
      const item = new vscode.TreeItem(node.label, Collapsed);
      item.tooltip = `${node.store}: ${node.prefix}`;
      item.iconPath = vscode.ThemeIcon.Folder;
      item.contextValue = `secretFolder ${node.storeKind}`;
      return withId(item, node);
    }
    case 'secret': {
      const item = new vscode.TreeItem(node.label, Collapsed);
      const deleted = node.entry.deletedDate;
      const lines = [`${node.store}: ${node.path}`];
      if (node.entry.description) lines.push(node.entry.description);
      if (node.entry.lastChanged) lines.push(`Last changed: ${formatTimestamp(node.entry.lastChanged)}`);
      if (node.entry.arn) lines.push(node.entry.arn);
      if (deleted) lines.push(`Scheduled for deletion on ${formatTimestamp(deleted)}: restore it to keep it.`);
      if (node.storeKind === 'aws') lines.push(...rotationFacts(node.entry.rotation, node.entry.lastAccessedDate));
      const usage = index?.usage(node.store, node.path);
      if (usage) lines.push(usage.line);
      item.tooltip = lines.join('\n');
      const live = [rotationShort(node.entry.rotation), usage?.short].filter(Boolean).join(' · ') || undefined;
      item.description = deleted ? `scheduled for deletion ${deleted.slice(0, 10)}` : live;
      item.iconPath = new vscode.ThemeIcon(deleted ? 'trash' : 'lock-small');
      // `rotatable`: rotation is configured, so "Rotate Now" is offered.
      const rotatable = !deleted && node.entry.rotation?.configured ? ' rotatable' : '';
      item.contextValue = `secret ${node.storeKind}${deleted ? ' scheduledDeletion' : ' live'}${rotatable}`;
      return withId(item, node);
    }
    case 'key': {
      const label = node.key ?? (node.valueType === 'binary' ? '(binary value)' : '(text value)');
      const item = new vscode.TreeItem(label, None);
      const usage = index?.usage(node.store, node.path, node.key);
      item.description = usage ? `${MASK} · ${usage.short}` : MASK;
      item.tooltip = `${node.store}: ${node.path}${node.key === undefined ? '' : ` · key "${node.key}"`}\nValue hidden: use Reveal Value or Copy Value.${usage ? `\n${usage.line}` : ''}`;
      item.iconPath = new vscode.ThemeIcon('symbol-key');
      item.contextValue = `secretKey ${node.storeKind} ${node.valueType}`;
      return withId(item, node);
    }
    case 'versions': {
      const item = new vscode.TreeItem('Versions', Collapsed);
      item.iconPath = new vscode.ThemeIcon('versions');
      item.tooltip = `Versions of ${node.path}`;
      item.contextValue = `secretVersions ${node.storeKind}`;
      return withId(item, node);
    }
    case 'version': {
      const info = node.info;
      const vault = node.storeKind === 'vault';
      const state = info.destroyed ? 'destroyed' : info.deletedTime ? 'deleted' : 'live';
      const label = vault ? `v${info.version}` : info.version;
      const item = new vscode.TreeItem(label, None);
      const parts: string[] = [];
      if (info.stages?.length) parts.push(info.stages.join(', '));
      if (vault && node.current) parts.push('current');
      if (state !== 'live') parts.push(state);
      if (info.createdTime) parts.push(formatTimestamp(info.createdTime) ?? '');
      item.description = parts.join(' · ');
      const tooltip = [`${node.path} version ${info.version}`];
      if (info.createdTime) tooltip.push(`Created: ${formatTimestamp(info.createdTime)}`);
      if (info.deletedTime) tooltip.push(`Deleted: ${formatTimestamp(info.deletedTime)} (undelete to read it again)`);
      if (info.destroyed) tooltip.push('Destroyed: its data is gone for good.');
      if (info.stages?.length) tooltip.push(`Stages: ${info.stages.join(', ')}`);
      item.tooltip = tooltip.join('\n');
      item.iconPath = new vscode.ThemeIcon(
        state === 'destroyed' ? 'circle-slash' : state === 'deleted' ? 'trash' : node.current ? 'pass' : 'history',
      );
      item.contextValue = `secretVersion ${node.storeKind} ${state}${node.current ? ' current' : ''}`;
      return withId(item, node);
    }
    case 'loadMore': {
      const item = new vscode.TreeItem('Load more…', None);
      item.description = `${node.loaded} loaded`;
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.command = { command: COMMANDS.views.loadMore, title: 'Load More', arguments: [node] };
      item.contextValue = 'loadMore';
      return withId(item, node);
    }
    case 'message': {
      const item = new vscode.TreeItem(node.text, None);
      item.tooltip = node.detail ?? node.text;
      if (node.severity === 'error') {
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        if (node.errorKind === 'signed-out' || node.errorKind === 'expired') {
          item.command = { command: COMMANDS.stores.signInToStore, title: 'Sign In', arguments: [node.store] };
        }
      } else {
        item.iconPath = new vscode.ThemeIcon('info');
      }
      item.contextValue = `secretMessage ${node.severity}${node.errorKind ? ` ${node.errorKind}` : ''}`;
      return withId(item, node);
    }
  }
}

function withId(item: vscode.TreeItem, node: SecretTreeNode): vscode.TreeItem {
  item.id = node.id;
  return item;
}
