// The Secrets tree's node shapes. VS Code-free data so the model (and the benchmark) run in plain Node;
// the providers turn them into TreeItems. Nodes carry names, paths and metadata only, never a value.
import type { SecretListEntry, SecretVersionInfo, StoreKind } from '../../../core/stores/types';

interface NodeBase {
  /** Unique and stable across refreshes (tree identity, expansion state). */
  readonly id: string;
  readonly store: string;
  readonly storeKind: StoreKind;
}

export interface StoreNode extends NodeBase {
  readonly type: 'store';
}

export interface FolderNode extends NodeBase {
  readonly type: 'folder';
  /** Vault folder path or AWS name prefix, ending with '/'. */
  readonly prefix: string;
  readonly label: string;
}

export interface SecretNode extends NodeBase {
  readonly type: 'secret';
  readonly path: string;
  readonly label: string;
  readonly entry: SecretListEntry;
}

/** One key of a keyed secret, or the whole value of a text/binary secret (key undefined). */
export interface KeyNode extends NodeBase {
  readonly type: 'key';
  readonly path: string;
  readonly key?: string;
  readonly valueType: 'keyed' | 'text' | 'binary';
}

export interface VersionsNode extends NodeBase {
  readonly type: 'versions';
  readonly path: string;
}

export interface VersionNode extends NodeBase {
  readonly type: 'version';
  readonly path: string;
  readonly info: SecretVersionInfo;
  readonly current: boolean;
}

export interface LoadMoreNode extends NodeBase {
  readonly type: 'loadMore';
  readonly parentId: string;
  /** How many entries are loaded under the parent so far. */
  readonly loaded: number;
}

export interface MessageNode extends NodeBase {
  readonly type: 'message';
  readonly parentId: string;
  readonly severity: 'error' | 'info';
  readonly text: string;
  /** The whole message, store and secret named, for the tooltip (the label leads with the cause). */
  readonly detail?: string;
  /** StoreError kind when the message reports a failure (drives e.g. a "Sign In" action). */
  readonly errorKind?: string;
}

export type ContainerNode = StoreNode | FolderNode | SecretNode | VersionsNode;
export type SecretTreeNode = ContainerNode | KeyNode | VersionNode | LoadMoreNode | MessageNode;

/** Ids join parts with a separator no store name or path contains. */
export function nodeId(...parts: string[]): string {
  return parts.join('\u241f');
}

export function isContainer(node: SecretTreeNode): node is ContainerNode {
  return node.type === 'store' || node.type === 'folder' || node.type === 'secret' || node.type === 'versions';
}
