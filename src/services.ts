// The services built once in activate() and handed to every feature's register function.
// Features depend on this shape, never on each other.
import type { StoredValueHashes } from './core/references/storedValues';
import type { StoreManagerWithStats } from './core/stores';
import type { WorkspaceReferenceIndex } from './features/references/workspaceIndex';
import type { SchemaDocuments } from './features/schemas/schemaDocuments';
import type { WorkspaceConfigReview } from './features/stores/workspaceConfigReview';
import type { ClipboardGuard } from './platform/clipboardGuard';
import type { Logger } from './platform/logger';

export interface Services {
  readonly log: Logger;
  /** Store configs from settings, credentials from SecretStorage, cached reads (src/core/stores). */
  readonly stores: StoreManagerWithStats;
  /** Repository configs that were ignored (same name as a user config) or wait for approval. */
  readonly workspaceConfigs: WorkspaceConfigReview;
  /** The one way a secret value reaches the clipboard (cleared after `secretref.clipboardClearSeconds`). */
  readonly clipboard: ClipboardGuard;
  /**
   * The one credential-document model of each open JSON/JSONC document (src/core/schemas/credentialDocument.ts),
   * kept in step with the editor: schema and reference features, the quick fix, migration and Write Secret read it.
   */
  readonly documents: SchemaDocuments;
  /** Where each secret is referenced in the workspace (src/core/references/referenceIndex.ts, built in the background). */
  readonly referenceIndex: WorkspaceReferenceIndex;
  /** Salted hashes of the values read this session from the user's stores ("already in the store"). */
  readonly storedValues: StoredValueHashes;
}
