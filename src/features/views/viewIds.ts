// Command, setting and context-key ids of the tree views and the secret documents. Proposed for
// src/constants.ts (the lead's); kept here until merged so package.json and code share one source.
export const VIEW_COMMANDS = {
  refresh: 'secretref.views.refresh',
  refreshNode: 'secretref.views.refreshNode',
  filter: 'secretref.views.filter',
  clearFilter: 'secretref.views.clearFilter',
  loadMore: 'secretref.views.loadMore',
  copyReference: 'secretref.views.copyReference',
  insertReference: 'secretref.views.insertReference',
  revealValue: 'secretref.views.revealValue',
  copyValue: 'secretref.views.copyValue',
  showMetadata: 'secretref.views.showMetadata',
  newSecret: 'secretref.views.newSecret',
  newVersion: 'secretref.views.newVersion',
  deleteVersion: 'secretref.views.deleteVersion',
  undeleteVersion: 'secretref.views.undeleteVersion',
  destroyVersion: 'secretref.views.destroyVersion',
  deleteAllVersions: 'secretref.views.deleteAllVersions',
  deleteSecret: 'secretref.views.deleteSecret',
  restoreSecret: 'secretref.views.restoreSecret',
  revealSecret: 'secretref.views.revealSecret',
  checkStore: 'secretref.views.checkStore',
  /** Registered only when the extension runs under tests (ExtensionMode.Test). */
  testApi: 'secretref.views.testApi',
} as const;

export const SECRET_FS_COMMANDS = {
  open: 'secretref.secretFs.open',
  compareWithStore: 'secretref.secretFs.compareWithStore',
} as const;

export const SECRET_FS_SCHEME = 'secretref';

/** Settings under the `secretref` section. */
export const VIEW_SETTINGS = {
  pageSize: 'views.pageSize',
  awsFlatList: 'views.awsFlatList',
  clipboardClearSeconds: 'clipboardClearSeconds',
} as const;

export const VIEW_CONTEXT_KEYS = {
  filtered: 'secretref.views.filtered',
} as const;

/** Commands the stores feature owns (src/features/stores/storeCommandIds.ts); the Secret Stores view
 *  contributes menus for them and passes its node ({ name }) as the first argument. */
export const STORE_COMMANDS = {
  add: 'secretref.addStore',
  edit: 'secretref.editStore',
  test: 'secretref.testStoreConnection',
  signIn: 'secretref.signInToStore',
  signOut: 'secretref.signOutOfStore',
  remove: 'secretref.removeStore',
  refresh: 'secretref.refreshStores',
} as const;
