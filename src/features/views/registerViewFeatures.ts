// Registers the Secret Stores and Secrets views and their actions. Returns the providers and the
// model (tests drive them; under ExtensionMode.Test the same object is also reachable through the
// COMMANDS.views.testApi command, which does not exist otherwise).
import type { Services } from '../../services';
import * as vscode from 'vscode';
import { COMMANDS, METADATA_SCHEME, VIEWS } from '../../constants';
import { ActionContext, asNode, RevealPresenter } from './actions/actionContext';
import * as deletes from './actions/deleteActions';
import { applyFilter, updateFilterState } from './actions/filterAction';
import { MetadataDocuments, showMetadata } from './actions/metadataAction';
import { copyReference, insertReference, showReferences } from './actions/referenceActions';
import { revealSecret } from './actions/revealSecret';
import { rotateNow } from './actions/rotateActions';
import { copyValue, defaultPresenter, revealValue } from './actions/valueActions';
import { newSecret, newVersion } from './actions/writeActions';
import { SecretTreeModel } from './model/secretTreeModel';
import { StoreStatusTracker } from './model/storeStatus';
import type { SecretTreeNode } from './model/treeNodes';
import { SecretsTreeProvider } from './providers/secretsTreeProvider';
import { StoresTreeProvider } from './providers/storesTreeProvider';
import { affectsSettings, setting } from '../../platform/settings';
import { registerTestCommand } from '../../platform/testHooks';
import { whenTrusted } from '../stores/workspaceTrust';

export interface ViewsApi {
  readonly model: SecretTreeModel;
  readonly secrets: SecretsTreeProvider;
  readonly stores: StoresTreeProvider;
  readonly secretsView: vscode.TreeView<SecretTreeNode>;
  /** Replace how revealed values are shown (tests); undefined restores the modal message. */
  setRevealPresenter(presenter: RevealPresenter | undefined): void;
}

export function registerViewFeatures(context: vscode.ExtensionContext, services: Services): ViewsApi {
  const model = new SecretTreeModel(services.stores, {
    pageSize: () => Math.min(1000, Math.max(1, setting('pageSize'))),
    awsFlatList: () => setting('awsFlatList'),
  });
  const secrets = new SecretsTreeProvider(model, services.stores, VIEWS.secrets, services.referenceIndex);
  const secretsView = vscode.window.createTreeView(VIEWS.secrets, { treeDataProvider: secrets, showCollapseAll: true });
  const tracker = new StoreStatusTracker(services.stores);
  const stores = new StoresTreeProvider(services.stores, tracker, services.workspaceConfigs);
  const storesView = vscode.window.createTreeView(VIEWS.stores, { treeDataProvider: stores });
  // While the Stores view is visible its statuses are kept fresh (see StoreStatusTracker.watch).
  let watching: vscode.Disposable | undefined;
  const watchWhileVisible = () => {
    if (storesView.visible && !watching) watching = tracker.watch();
    else if (!storesView.visible && watching) {
      watching.dispose();
      watching = undefined;
    }
  };
  watchWhileVisible();
  context.subscriptions.push(storesView.onDidChangeVisibility(watchWhileVisible), { dispose: () => void watching?.dispose() });
  const ctx: ActionContext = { services, model, presenter: defaultPresenter };
  context.subscriptions.push(model, secrets, secretsView, tracker, stores, storesView);
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(METADATA_SCHEME, new MetadataDocuments(services)));

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsSettings(event, 'awsFlatList', 'pageSize')) model.reload();
    }),
  );

  const command = (id: string, handler: (...args: unknown[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  command(COMMANDS.views.refresh, () => model.refresh());
  command(COMMANDS.views.refreshNode, (arg) => model.refresh(asNode(arg)));
  command(COMMANDS.views.filter, (text) => applyFilter(model, secretsView, text));
  command(COMMANDS.views.clearFilter, () => applyFilter(model, secretsView, ''));
  command(COMMANDS.views.loadMore, (arg) => {
    const node = asNode(arg);
    return node?.type === 'loadMore' ? secrets.loadMore(node) : undefined;
  });
  command(COMMANDS.views.copyReference, (node, options) => copyReference(ctx, node, options));
  command(COMMANDS.views.insertReference, (node, options) => insertReference(ctx, node, options));
  command(COMMANDS.views.showReferences, (node) => showReferences(ctx, node));
  command(COMMANDS.views.revealValue, (node, options) => revealValue(ctx, node, options));
  command(COMMANDS.views.copyValue, (node, options) => copyValue(ctx, node, options));
  command(COMMANDS.views.showMetadata, (node) => showMetadata(ctx, node));
  command(
    COMMANDS.views.newSecret,
    whenTrusted('New Secret', (node, options) => newSecret(ctx, node, options)),
  );
  command(
    COMMANDS.views.newVersion,
    whenTrusted('New Version', (node, options) => newVersion(ctx, node, options)),
  );
  command(
    COMMANDS.views.deleteVersion,
    whenTrusted('Delete Version', (node, options) => deletes.deleteVersion(ctx, node, options), false),
  );
  command(
    COMMANDS.views.undeleteVersion,
    whenTrusted('Undelete Version', (node, options) => deletes.undeleteVersion(ctx, node, options), false),
  );
  command(
    COMMANDS.views.destroyVersion,
    whenTrusted('Destroy Version', (node, options) => deletes.destroyVersion(ctx, node, options), false),
  );
  command(
    COMMANDS.views.deleteAllVersions,
    whenTrusted('Delete All Versions', (node, options) => deletes.deleteAllVersions(ctx, node, options), false),
  );
  command(
    COMMANDS.views.deleteSecret,
    whenTrusted('Delete Secret', (node, options) => deletes.deleteSecret(ctx, node, options), false),
  );
  command(
    COMMANDS.views.restoreSecret,
    whenTrusted('Restore Secret', (node, options) => deletes.restoreSecret(ctx, node, options), false),
  );
  command(
    COMMANDS.views.rotateNow,
    whenTrusted('Rotate Now', (node, options) => rotateNow(ctx, node, options), false),
  );
  command(COMMANDS.views.revealSecret, (store, path) => revealSecret(model, secretsView, store, path));
  command(COMMANDS.views.checkStore, (node) => {
    const name = typeof node === 'string' ? node : (node as { name?: unknown } | undefined)?.name;
    return typeof name === 'string' ? tracker.check(name) : undefined;
  });
  void updateFilterState(model, secretsView);

  const api: ViewsApi = {
    model,
    secrets,
    stores,
    secretsView,
    setRevealPresenter: (presenter) => {
      ctx.presenter = presenter ?? defaultPresenter;
    },
  };
  registerTestCommand(context, COMMANDS.views.testApi, () => api);
  return api;
}
