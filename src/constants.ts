// Every command, view and context-key id in one place, built with id(); package.json must match
// (test/unit/manifest.test.ts checks both ways). Also the extension's other ids: state keys, diagnostic
// collections, status-bar items, document schemes. Settings: src/platform/settingKeys.ts.
import type * as vscode from 'vscode';

const PREFIX = 'secretref';

/** `id('views.deleteVersion')` is `secretref.views.deleteVersion`. */
export function id<T extends string>(name: T): `${typeof PREFIX}.${T}` {
  return `${PREFIX}.${name}`;
}

export const OUTPUT_CHANNEL_NAME = 'Secret References';

export const VIEWS = {
  container: PREFIX,
  secrets: id('secrets'),
  stores: id('stores'),
} as const;

export const COMMANDS = {
  showLog: id('showLog'),
  stores: {
    addStore: id('addStore'),
    editStore: id('editStore'),
    testStoreConnection: id('testStoreConnection'),
    signInToStore: id('signInToStore'),
    signOutOfStore: id('signOutOfStore'),
    removeStore: id('removeStore'),
    enableStore: id('enableStore'),
    disableStore: id('disableStore'),
    refreshStores: id('refreshStores'),
    copySecretValue: id('copySecretValue'),
    approveWorkspaceStoreConfig: id('approveWorkspaceStoreConfig'),
    revokeWorkspaceStoreApprovals: id('revokeWorkspaceStoreApprovals'),
    /** Internal: what tests may know about the store layer (never a secret); tests only. */
    diagnostics: id('stores.diagnostics'),
    /** Internal: signs a store's AWS profile in with the AWS CLI (the fix of an SSO signed-out error). */
    awsLogin: id('stores.awsLogin'),
  },
  schemas: {
    pickSchema: id('pickSchema'),
  },
  references: {
    revealValue: id('references.revealValue'),
    copyValue: id('references.copyValue'),
    copyReference: id('references.copyReference'),
    openInSecretsView: id('references.openInSecretsView'),
    compareEnvironments: id('references.compareEnvironments'),
    /** "Already in the store": read up to alreadyStored.maxSecrets secrets of a chosen store to compare inline values. */
    compareWithStore: id('references.compareWithStore'),
    /** Hover link: "Rotate now" (AWS, rotation configured); runs views.rotateNow on the reference's secret. */
    rotateNow: id('references.rotateNow'),
  },
  views: {
    refresh: id('views.refresh'),
    refreshNode: id('views.refreshNode'),
    filter: id('views.filter'),
    clearFilter: id('views.clearFilter'),
    loadMore: id('views.loadMore'),
    copyReference: id('views.copyReference'),
    insertReference: id('views.insertReference'),
    revealValue: id('views.revealValue'),
    copyValue: id('views.copyValue'),
    showMetadata: id('views.showMetadata'),
    newSecret: id('views.newSecret'),
    newVersion: id('views.newVersion'),
    deleteVersion: id('views.deleteVersion'),
    undeleteVersion: id('views.undeleteVersion'),
    destroyVersion: id('views.destroyVersion'),
    deleteAllVersions: id('views.deleteAllVersions'),
    deleteSecret: id('views.deleteSecret'),
    restoreSecret: id('views.restoreSecret'),
    /** Selects a secret in the Secrets view (also the target of references.openInSecretsView). */
    revealSecret: id('views.revealSecret'),
    showReferences: id('views.showReferences'),
    checkStore: id('views.checkStore'),
    rotateNow: id('views.rotateNow'),
    /** Internal: the views' test API; tests only. */
    testApi: id('views.testApi'),
  },
  secretFs: {
    open: id('secretFs.open'),
    compareWithStore: id('secretFs.compareWithStore'),
  },
  migration: {
    writeSecret: id('writeSecret'),
    migrateConnection: id('migrateConnection'),
    /** The decision on the plan shown (editor title of the preview, the notification). */
    accept: id('migration.accept'),
    cancel: id('migration.cancel'),
  },
  move: {
    /** Move / Rename… a secret or a key (Secrets view); F2 on a reference runs the same move. */
    moveSecret: id('views.moveSecret'),
    /** Internal: answers the move's modals and the unfinished-move question (tests only). */
    testAnswers: id('move.testAnswers'),
  },
} as const;

/** Commands registered only under the extension's own tests (ExtensionMode.Test), not in package.json. */
export const INTERNAL_COMMANDS: readonly string[] = [
  COMMANDS.stores.diagnostics,
  COMMANDS.stores.awsLogin,
  COMMANDS.views.testApi,
  COMMANDS.move.testAnswers,
];

export const CONTEXT_KEYS = {
  /** The Secrets view shows a filter. */
  viewsFiltered: id('views.filtered'),
  /** A migration plan is shown and waits for Migrate or Cancel. */
  migrationPending: id('migration.pending'),
} as const;

/** Source of every diagnostic the extension publishes. */
export const DIAGNOSTIC_SOURCE = PREFIX;

/** workspaceState keys. */
export const STATE_KEYS = {
  /** The schemas picked per document in the status bar. */
  schemaPicks: id('schemaPicks'),
  /** Approval fingerprints of workspace store configs (src/platform/workspaceApprovals.ts). */
  workspaceApprovals: id('approvedWorkspaceStoreConfigs'),
} as const;

export const DIAGNOSTIC_COLLECTIONS = {
  references: id('references'),
  schemas: `${PREFIX}-schemas`,
} as const;

export const STATUS_BAR_ITEMS = {
  schema: id('schema'),
} as const;

/** JSON and JSONC documents, saved or untitled. */
export const SCHEMA_SELECTOR: vscode.DocumentSelector = [
  { language: 'json', scheme: 'file' },
  { language: 'json', scheme: 'untitled' },
  { language: 'jsonc', scheme: 'file' },
  { language: 'jsonc', scheme: 'untitled' },
];

export const SECRET_FS_SCHEME = PREFIX;
/** Language of secret documents (package.json: JSON grammar and validation, auto-save off by default). */
export const SECRET_DOCUMENT_LANGUAGE = 'secretref-secret';

/** Virtual documents of the preview: masked before/after texts and the plan with its artefacts. */
export const PREVIEW_SCHEME = 'secretref-migration';
/** Read-only documents of a secret's metadata (Show Metadata). */
export const METADATA_SCHEME = 'secretref-metadata';
/** Read-only reports of Compare Environments (drift): names, key names and salted hashes, never a value. */
export const DRIFT_SCHEME = 'secretref-drift';

export const INLINE_SECRET_CODE = 'inline-secret';

/** A language-model tool's name (package.json languageModelTools) for an agent tool of the core (core/agentTools/). */
export function lmToolName<T extends string>(tool: T): `${typeof PREFIX}_${T}` {
  return `${PREFIX}_${tool}`;
}
