// The Secrets tree as data: lazily loaded containers (store, folder, secret, versions), one page at a
// time, with errors kept on the node that failed. VS Code-free so the benchmark drives it directly;
// the tree provider only renders what this returns and forwards change events.
import type { Disposable, ListOptions, StoreChangeEvent, StoreManager } from '../../../core/stores/types';
import { isStoreError } from '../../../core/stores/storeError';
import { groupByPrefix } from './awsGrouping';
import {
  ContainerNode,
  FolderNode,
  isContainer,
  KeyNode,
  LoadMoreNode,
  MessageNode,
  nodeId,
  SecretNode,
  SecretTreeNode,
  StoreNode,
  VersionNode,
  VersionsNode,
} from './treeNodes';

export interface SecretTreeModelOptions {
  /** Entries requested per listing call. */
  pageSize(): number;
  /** AWS: show full names in one list instead of folders split at '/'. */
  awsFlatList(): boolean;
}

const MAX_EMPTY_FILTERED_PAGES = 20;

type ChangeListener = (node: ContainerNode | undefined) => void;

interface ContainerState {
  /** Loaded children, without the synthetic load-more / message nodes. */
  children: SecretTreeNode[];
  seen: Set<string>;
  nextPageToken?: string;
  error?: MessageNode;
  pending?: Promise<void>;
  /** Listing entries received so far (AWS grouping folds many into one folder). */
  entriesLoaded: number;
}

export class SecretTreeModel implements Disposable {
  private readonly states = new Map<string, ContainerState>();
  private readonly nodes = new Map<string, SecretTreeNode>();
  private readonly parents = new Map<string, string>();
  private readonly listeners = new Set<ChangeListener>();
  /** Secrets whose next read must bypass the store cache (explicit refresh). */
  private readonly freshPaths = new Set<string>();
  private readonly subscription: Disposable;
  private filterText = '';

  constructor(
    private readonly stores: StoreManager,
    private readonly options: SecretTreeModelOptions,
  ) {
    this.subscription = stores.onDidChange((event) => this.onStoreChange(event));
  }

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string | undefined): void {
    this.filterText = (text ?? '').trim();
    this.resetAll();
    this.fire(undefined);
  }

  onDidChange(listener: ChangeListener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Enabled store configs, in settings order. */
  roots(): StoreNode[] {
    return this.stores
      .configs()
      .filter((config) => config.enabled !== false)
      .map((config) => this.remember({ type: 'store', id: nodeId('store', config.name), store: config.name, storeKind: config.kind }));
  }

  /** True when children(node) answers without a request (no progress needed). */
  isLoaded(node: SecretTreeNode | undefined): boolean {
    if (!node || !isContainer(node)) return true;
    const state = this.states.get(node.id);
    return state !== undefined && state.pending === undefined;
  }

  async children(node?: SecretTreeNode): Promise<SecretTreeNode[]> {
    if (!node) return this.roots();
    if (!isContainer(node)) return [];
    let state = this.states.get(node.id);
    if (!state) {
      state = { children: [], seen: new Set(), entriesLoaded: 0 };
      this.states.set(node.id, state);
      this.startLoad(node, state);
    }
    if (state.pending) await state.pending;
    return this.view(node, state);
  }

  /** Fetches the next page of the load-more node's parent and fires a change for that parent. */
  async loadMore(node: LoadMoreNode): Promise<void> {
    const parent = this.nodes.get(node.parentId);
    const state = this.states.get(node.parentId);
    if (!parent || !state || !isContainer(parent)) return;
    if (!state.pending && state.nextPageToken) this.startLoad(parent, state);
    await state.pending;
    this.fire(parent);
  }

  getParent(node: SecretTreeNode): SecretTreeNode | undefined {
    const parentId = node.type === 'loadMore' || node.type === 'message' ? node.parentId : this.parents.get(node.id);
    return parentId === undefined ? undefined : this.nodes.get(parentId);
  }

  /** A loaded node by store and secret path (tests, reveal after create). */
  findSecret(store: string, path: string): SecretNode | undefined {
    const node = this.nodes.get(nodeId('secret', store, path));
    return node?.type === 'secret' ? node : undefined;
  }

  /** Number of nodes the model holds (benchmark). */
  get size(): number {
    return this.nodes.size;
  }

  /** Drops everything loaded (settings that change the tree's shape); keeps the store cache. */
  reload(): void {
    this.resetAll();
    this.fire(undefined);
  }

  /** Drops what is loaded under the node (all when omitted); the next expansion asks the store again. */
  refresh(node?: SecretTreeNode): void {
    if (!node) {
      this.resetAll();
      this.stores.refresh();
      this.fire(undefined);
      return;
    }
    const container = isContainer(node) ? node : this.getParent(node);
    if (!container || !isContainer(container)) return;
    if (container.type === 'secret' || container.type === 'versions') this.freshPaths.add(nodeId(container.store, container.path));
    this.resetSubtree(container.id);
    this.fire(container);
  }

  dispose(): void {
    this.subscription.dispose();
    this.listeners.clear();
    this.resetAll();
  }

  private startLoad(node: ContainerNode, state: ContainerState): void {
    state.pending = this.load(node, state).finally(() => {
      state.pending = undefined;
    });
  }

  private async load(node: ContainerNode, state: ContainerState): Promise<void> {
    try {
      if (node.type === 'secret') await this.loadSecret(node, state);
      else if (node.type === 'versions') await this.loadVersions(node, state);
      else await this.loadPage(node, state);
      state.error = undefined;
    } catch (error) {
      state.error = this.errorNode(node, error);
    }
  }

  private async loadPage(node: StoreNode | FolderNode, state: ContainerState): Promise<void> {
    // A name filter can leave a page empty: fetch on (a bounded number of pages) until something shows.
    for (let pages = 0; pages < MAX_EMPTY_FILTERED_PAGES; pages++) {
      const added = await this.loadOnePage(node, state);
      if (added > 0 || !this.filterText || !state.nextPageToken) return;
    }
  }

  /** Loads one listing page into the state; returns how many nodes it added. */
  private async loadOnePage(node: StoreNode | FolderNode, state: ContainerState): Promise<number> {
    const before = state.children.length;
    const prefix = node.type === 'folder' ? node.prefix : '';
    const aws = node.storeKind === 'aws';
    const options: ListOptions = { pageSize: this.options.pageSize() };
    if (prefix) options.prefix = prefix;
    if (state.nextPageToken) options.pageToken = state.nextPageToken;
    if (aws) {
      options.includeDeleted = true;
      // AWS filters by name across the whole account; Vault filters below so folders stay browsable.
      if (this.filterText) options.nameFilter = this.filterText;
    }
    const page = await this.stores.list(node.store, options);
    state.nextPageToken = page.nextPageToken;
    state.entriesLoaded += page.entries.length;
    const add = (child: SecretTreeNode) => {
      if (state.seen.has(child.id)) return;
      state.seen.add(child.id);
      state.children.push(this.remember(child, node.id));
    };
    const base = { store: node.store, storeKind: node.storeKind };
    if (aws && !this.options.awsFlatList()) {
      for (const grouped of groupByPrefix(page.entries, prefix)) {
        if (grouped.kind === 'folder') {
          add({ ...base, type: 'folder', id: nodeId('folder', node.store, grouped.prefix), prefix: grouped.prefix, label: grouped.label });
        } else {
          const path = grouped.entry.path;
          add({ ...base, type: 'secret', id: nodeId('secret', node.store, path), path, label: grouped.label, entry: grouped.entry });
        }
      }
      return state.children.length - before;
    }
    const needle = this.filterText.toLowerCase();
    for (const entry of page.entries) {
      if (entry.isFolder) {
        const folderPrefix = entry.path.endsWith('/') ? entry.path : `${entry.path}/`;
        add({
          ...base,
          type: 'folder',
          id: nodeId('folder', node.store, folderPrefix),
          prefix: folderPrefix,
          label: trimSlash(entry.name),
        });
        continue;
      }
      if (!aws && needle && !entry.name.toLowerCase().includes(needle)) continue;
      const label = aws ? entry.path : entry.name;
      add({ ...base, type: 'secret', id: nodeId('secret', node.store, entry.path), path: entry.path, label, entry });
    }
    return state.children.length - before;
  }

  private async loadSecret(node: SecretNode, state: ContainerState): Promise<void> {
    const base = { store: node.store, storeKind: node.storeKind, path: node.path };
    const versions: VersionsNode = { ...base, type: 'versions', id: nodeId('versions', node.store, node.path) };
    const freshKey = nodeId(node.store, node.path);
    const fresh = this.freshPaths.delete(freshKey);
    try {
      const value = await this.stores.read(node.store, node.path, fresh ? { fresh: true } : {});
      const keys: KeyNode[] =
        value.type === 'keyed'
          ? Object.keys(value.data).map((key) => ({
              ...base,
              type: 'key',
              id: nodeId('key', node.store, node.path, key),
              key,
              valueType: 'keyed',
            }))
          : [{ ...base, type: 'key', id: nodeId('key', node.store, node.path, ''), valueType: value.type }];
      for (const key of keys) state.children.push(this.remember(key, node.id));
    } finally {
      // Versions stay reachable when the current value cannot be read (e.g. soft-deleted: undelete it).
      state.children.push(this.remember(versions, node.id));
    }
  }

  private async loadVersions(node: VersionsNode, state: ContainerState): Promise<void> {
    const metadata = await this.stores.metadata(node.store, node.path);
    const sorted = [...metadata.versions].sort((a, b) => {
      const na = Number(a.version);
      const nb = Number(b.version);
      if (Number.isFinite(na) && Number.isFinite(nb)) return nb - na;
      return (b.createdTime ?? '').localeCompare(a.createdTime ?? '');
    });
    for (const info of sorted) {
      const current = info.version === metadata.currentVersion || (info.stages ?? []).includes('AWSCURRENT');
      const version: VersionNode = {
        type: 'version',
        id: nodeId('version', node.store, node.path, info.version),
        store: node.store,
        storeKind: node.storeKind,
        path: node.path,
        info,
        current,
      };
      state.children.push(this.remember(version, node.id));
    }
  }

  private view(node: ContainerNode, state: ContainerState): SecretTreeNode[] {
    const out = [...state.children];
    const base = { store: node.store, storeKind: node.storeKind, parentId: node.id };
    if (state.nextPageToken) {
      const more: LoadMoreNode = { ...base, type: 'loadMore', id: nodeId('more', node.id), loaded: state.entriesLoaded };
      out.push(more);
    }
    if (state.error) out.push(state.error);
    if (out.length === 0) {
      const text =
        node.type === 'versions'
          ? 'No versions (KV v1 keeps a single value)'
          : this.filterText
            ? `No secrets match "${this.filterText}"`
            : 'No secrets';
      out.push({ ...base, type: 'message', id: nodeId('msg', node.id), severity: 'info', text });
    }
    return out;
  }

  private errorNode(node: ContainerNode, error: unknown): MessageNode {
    const base = { store: node.store, storeKind: node.storeKind, parentId: node.id, type: 'message' as const, severity: 'error' as const };
    // The row is under its store and secret already: the label starts with the cause, not with them.
    if (isStoreError(error))
      return {
        ...base,
        id: nodeId('msg', node.id),
        text: `${error.problem} ${error.action}`,
        detail: error.message,
        errorKind: error.kind,
      };
    // Unknown failures: name the store and the error type only; their text is not ours to trust.
    const name = error instanceof Error ? error.name : 'Error';
    return {
      ...base,
      id: nodeId('msg', node.id),
      text: `Store "${node.store}": loading failed (${name}). Refresh to retry; see the Secret References log.`,
    };
  }

  private onStoreChange(event: StoreChangeEvent): void {
    switch (event.type) {
      case 'configs':
        this.resetAll();
        this.fire(undefined);
        return;
      case 'status': {
        // Success marks a store signed-in on its first request: keep what loaded, retry only failures.
        const id = nodeId('store', event.store);
        if (event.status !== 'signed-in' || this.states.get(id)?.error) this.resetSubtree(id);
        this.fire(undefined);
        return;
      }
      case 'refresh': {
        const store = event.store;
        if (store === undefined) this.resetAll();
        else this.resetSubtree(nodeId('store', store));
        this.fire(undefined);
        return;
      }
      case 'secret':
        this.onSecretChanged(event.store, event.path);
        return;
    }
  }

  /** A write/delete changed one secret: reload it and the listing that shows it. */
  private onSecretChanged(store: string, path: string): void {
    this.resetSubtree(nodeId('secret', store, path));
    const parent = this.parents.get(nodeId('secret', store, path)) ?? this.nearestLoadedAncestor(store, path);
    if (parent === undefined) return;
    this.resetSubtree(parent);
    const node = this.nodes.get(parent);
    this.fire(node && isContainer(node) ? node : undefined);
  }

  private nearestLoadedAncestor(store: string, path: string): string | undefined {
    const segments = path.split('/').slice(0, -1);
    for (let n = segments.length; n > 0; n--) {
      const id = nodeId('folder', store, `${segments.slice(0, n).join('/')}/`);
      if (this.states.has(id)) return id;
    }
    const storeId = nodeId('store', store);
    return this.states.has(storeId) ? storeId : undefined;
  }

  private remember<T extends SecretTreeNode>(node: T, parentId?: string): T {
    this.nodes.set(node.id, node);
    if (parentId !== undefined) this.parents.set(node.id, parentId);
    return node;
  }

  private resetSubtree(id: string): void {
    const state = this.states.get(id);
    this.states.delete(id);
    if (!state) return;
    for (const child of state.children) {
      this.nodes.delete(child.id);
      this.parents.delete(child.id);
      if (isContainer(child)) this.resetSubtree(child.id);
    }
  }

  private resetAll(): void {
    this.states.clear();
    this.nodes.clear();
    this.parents.clear();
  }

  private fire(node: ContainerNode | undefined): void {
    for (const listener of [...this.listeners]) listener(node);
  }
}

function trimSlash(name: string): string {
  return name.endsWith('/') ? name.slice(0, -1) : name;
}
