// The VS Code side of the reference state (core/references/referenceState.ts holds it all): documents
// as the structural type, the settings it reads and their changes, closed documents, disposal, and an
// onDidChange that names the documents whose diagnostics may differ.
import type { Services } from '../../services';
import * as vscode from 'vscode';
import { ReferenceDocument, ReferenceState, ReferenceStateChange } from '../../core/references/referenceState';
import { ReferenceSettings, referenceSettingsFrom } from '../../core/references/settings';
import { CredentialDocument } from '../../core/schemas';
import type { StoreManager } from '../../core/stores/types';
import { affectsSettings, setting, settingId, userSetting } from '../../platform/settings';

/** A vscode.TextDocument as the core sees it. */
export function referenceDocument(document: vscode.TextDocument): ReferenceDocument {
  return { uri: document.uri.toString(), version: document.version, getText: () => document.getText() };
}

/** secretref.templates and secretref.defaultAwsStore, read now (the service caches them; the workspace index reads them on a change). */
export function readReferenceSettings(): ReferenceSettings {
  return referenceSettingsFrom({
    [settingId('templates')]: setting('templates'),
    [settingId('defaultAwsStore')]: setting('defaultAwsStore'),
  });
}

export class ReferenceService implements vscode.Disposable {
  private settingsCache: ReferenceSettings | undefined;
  private readonly changed = new vscode.EventEmitter<ReferenceStateChange>();
  /** Fires with the documents whose resolutions may differ (a store write, a status, settings). */
  readonly onDidChange = this.changed.event;
  /** The shared state: scans, targets, reads, metadata, listings, reveal. */
  readonly state: ReferenceState;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(readonly services: Services) {
    this.state = new ReferenceState({
      stores: services.stores,
      settings: () => this.settings(),
      ttlMs: () => userSetting('cacheTtlSeconds') * 1000,
      addSecret: (value) => services.log.addSecret(value),
      watchStores: true,
    });
    const stateListener = this.state.onDidChange((change) => this.changed.fire(change));
    this.disposables.push(
      { dispose: () => stateListener.dispose() },
      this.state,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsSettings(event, 'templates') || affectsSettings(event, 'defaultAwsStore')) {
          this.settingsCache = undefined;
          this.state.settingsChanged();
        }
      }),
      // secretref.credentialFiles or a .secretref.json: schema-aware reference checks run again.
      services.documents.onDidChangeDetection(() => this.state.credentialSettingsChanged()),
      vscode.workspace.onDidCloseTextDocument((doc) => this.state.forget(doc.uri.toString())),
    );
  }

  get stores(): StoreManager {
    return this.services.stores;
  }

  settings(): ReferenceSettings {
    this.settingsCache ??= readReferenceSettings();
    return this.settingsCache;
  }

  /** Drops every resolution, listing and metadata (the test API). */
  invalidate(): void {
    this.state.clear();
  }

  scan(document: vscode.TextDocument) {
    return this.state.scan(referenceDocument(document));
  }

  referenceAt(document: vscode.TextDocument, offset: number) {
    return this.state.referenceAt(referenceDocument(document), offset);
  }

  /** The credential model of a JSON document: the one the schema features keep (Services.documents). */
  credentialDocument(document: vscode.TextDocument): CredentialDocument | undefined {
    return this.services.documents.get(document);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
