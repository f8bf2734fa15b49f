// Every command, view, context key and setting id in one place; package.json must match these.
import type * as vscode from 'vscode';

export const EXTENSION_ID = 'secretref.secretref';
export const OUTPUT_CHANNEL_NAME = 'Secret References';

export const VIEWS = {
  container: 'secretref',
  secrets: 'secretref.secrets',
  stores: 'secretref.stores',
} as const;

export const COMMANDS = {
  showLog: 'secretref.showLog',
} as const;

export const SETTINGS = {
  section: 'secretref',
  stores: 'stores',
  cacheTtlSeconds: 'cacheTtlSeconds',
} as const;

/** Source of every diagnostic the extension publishes. */
export const DIAGNOSTIC_SOURCE = 'secretref';

// ---- stores (Secret Stores commands) ----
export const STORE_COMMANDS = {
  addStore: 'secretref.addStore',
  editStore: 'secretref.editStore',
  testStoreConnection: 'secretref.testStoreConnection',
  signInToStore: 'secretref.signInToStore',
  signOutOfStore: 'secretref.signOutOfStore',
  removeStore: 'secretref.removeStore',
  enableStore: 'secretref.enableStore',
  disableStore: 'secretref.disableStore',
  refreshStores: 'secretref.refreshStores',
  copySecretValue: 'secretref.copySecretValue',
  approveWorkspaceStoreConfig: 'secretref.approveWorkspaceStoreConfig',
  revokeWorkspaceStoreApprovals: 'secretref.revokeWorkspaceStoreApprovals',
} as const;

// ---- credential schemas ----
export const SCHEMA_COMMANDS = {
  pickSchema: 'secretref.pickSchema',
} as const;

export const SCHEMA_SETTINGS = {
  section: 'secretref',
  /** Glob -> schema name (or `connections`), e.g. {"**\/secrets/*.json": "snowflake"}. */
  credentialFiles: 'credentialFiles',
} as const;

/** workspaceState key of the schemas picked per document in the status bar. */
export const PICKS_STATE_KEY = 'secretref.schemaPicks';


/** JSON and JSONC documents, saved or untitled. */
export const SCHEMA_SELECTOR: vscode.DocumentSelector = [
  { language: 'json', scheme: 'file' },
  { language: 'json', scheme: 'untitled' },
  { language: 'jsonc', scheme: 'file' },
  { language: 'jsonc', scheme: 'untitled' },
];

// ---- references ----
export const REFERENCE_COMMANDS = {
  revealValue: 'secretref.references.revealValue',
  copyValue: 'secretref.references.copyValue',
  copyReference: 'secretref.references.copyReference',
  openInSecretsView: 'secretref.references.openInSecretsView',
} as const;

/** The Secrets view's command that selects a secret (views feature). */
export const OPEN_IN_VIEW_TARGET = 'secretref.views.revealSecret';

export const REFERENCE_SETTINGS = {
  templates: 'templates',
  defaultAwsStore: 'defaultAwsStore',
  credentialFiles: 'credentialFiles',
  diagnosticsDelayMs: 'references.diagnosticsDelayMs',
} as const;


// ---- views and secret documents ----
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
/** Language of secret documents (package.json: JSON grammar and validation, auto-save off by default). */
export const SECRET_DOCUMENT_LANGUAGE = 'secretref-secret';

/** Settings under the `secretref` section. */
export const VIEW_SETTINGS = {
  pageSize: 'views.pageSize',
  awsFlatList: 'views.awsFlatList',
} as const;

export const VIEW_CONTEXT_KEYS = {
  filtered: 'secretref.views.filtered',
} as const;


// ---- write and migrate ----
export const MIGRATION_COMMANDS = {
  writeSecret: 'secretref.writeSecret',
  migrateConnection: 'secretref.migrateConnection',
  /** The decision on the plan shown (editor title of the preview, the notification). */
  accept: 'secretref.migration.accept',
  cancel: 'secretref.migration.cancel',
} as const;

/** Context key: a migration plan is shown and waits for Migrate or Cancel. */
export const MIGRATION_PENDING_CONTEXT = 'secretref.migration.pending';

/** Virtual documents of the preview: masked before/after texts and the plan with its artefacts. */
export const PREVIEW_SCHEME = 'secretref-migration';

/** User-only settings (safeguards, destinations) are read through src/platform/settings.ts. */

export const INLINE_SECRET_CODE = 'inline-secret';
