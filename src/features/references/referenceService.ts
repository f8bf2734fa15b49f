// State the reference features share: each document's scan (by version), resolutions (shared reads,
// refreshed when stores or settings change), metadata, and which values are revealed until when.
import type { Services } from '../../services';
import * as vscode from 'vscode';
import { findReferenceAt } from '../../core/references/findReference';
import { createResolutionSession, Resolution, ResolutionSession } from '../../core/references/resolve';
import { scanReferences } from '../../core/references/scanner';
import { ReferenceSettings, referenceSettingsFrom } from '../../core/references/settings';
import { targetOf } from '../../core/references/target';
import type { ScanResult, SecretReference } from '../../core/references/types';
import { CredentialDocument } from '../../core/schemas';
import type { ListOptions, ListPage, SecretMetadata, StoreManager } from '../../core/stores/types';
import { affectsSettings, setting, settingId } from '../../platform/settings';

/** Resolutions older than this are re-read (through the store cache) on the next request. */
const SESSION_MS = 15_000;
const LIST_TTL_MS = 30_000;

/** Key of a reference's target for caches: kind + what it resolves to. */
export function referenceKey(ref: SecretReference): string {
  return [ref.kind, ref.storeName, ref.templateName, ref.path, ref.key, ref.versionStage, ref.versionId].join('\u0000');
}

export class ReferenceService implements vscode.Disposable {
  private scans = new Map<string, { version: number; result: ScanResult }>();
  private session: ResolutionSession | undefined;
  private sessionStarted = 0;
  private sessionExpiry: NodeJS.Timeout | undefined;
  private resolved = new Map<string, Resolution>();
  /** Releases of the resolved values' log redactions: let go together with the resolutions. */
  private redactions: (() => void)[] = [];
  private pending = new Map<string, Promise<Resolution>>();
  private metadataCache = new Map<string, { at: number; value: Promise<SecretMetadata | undefined> }>();
  private listCache = new Map<string, { at: number; value: Promise<ListPage> }>();
  private revealedUntil = new Map<string, number>();
  private settingsCache: ReferenceSettings | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when resolutions may differ (stores or settings changed). */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(readonly services: Services) {
    const storeListener = services.stores.onDidChange(() => this.invalidate());
    this.disposables.push({ dispose: () => storeListener.dispose() });
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsSettings(event)) {
          this.settingsCache = undefined;
          this.invalidate();
        }
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        this.scans.delete(doc.uri.toString());
      }),
    );
  }

  get stores(): StoreManager {
    return this.services.stores;
  }

  settings(): ReferenceSettings {
    if (!this.settingsCache) {
      this.settingsCache = referenceSettingsFrom({
        [settingId('templates')]: setting('templates'),
        [settingId('defaultAwsStore')]: setting('defaultAwsStore'),
      });
    }
    return this.settingsCache;
  }

  /** Forgets the resolved values, and stops masking them in the log (nothing holds them any more). */
  private dropResolutions(): void {
    this.resolved.clear();
    this.pending.clear();
    for (const release of this.redactions.splice(0)) release();
  }

  /** Drops resolutions, listings and metadata; the next request reads again (through the store cache). */
  invalidate(): void {
    this.session = undefined;
    this.dropResolutions();
    this.metadataCache.clear();
    this.listCache.clear();
    this.changed.fire();
  }

  scan(document: vscode.TextDocument): ScanResult {
    const key = document.uri.toString();
    const cached = this.scans.get(key);
    if (cached && cached.version === document.version) return cached.result;
    const result = scanReferences(document.getText());
    this.scans.set(key, { version: document.version, result });
    return result;
  }

  referenceAt(document: vscode.TextDocument, offset: number): SecretReference | undefined {
    return findReferenceAt(this.scan(document).references, offset);
  }

  /** The credential model of a JSON document: the one the schema features keep (Services.documents). */
  credentialDocument(document: vscode.TextDocument): CredentialDocument | undefined {
    return this.services.documents.get(document);
  }

  private currentSession(): ResolutionSession {
    if (!this.session || Date.now() - this.sessionStarted > SESSION_MS) {
      const session = createResolutionSession({ manager: this.stores, settings: this.settings() });
      this.session = session;
      this.sessionStarted = Date.now();
      this.dropResolutions();
      // Resolutions hold values: let them go when the session ends, not at the next request (which may
      // never come), so an idle window keeps no value and no per-reference entry in memory.
      clearTimeout(this.sessionExpiry);
      this.sessionExpiry = setTimeout(() => {
        if (this.session !== session) return;
        this.session = undefined;
        this.dropResolutions();
        const now = Date.now();
        for (const [key, entry] of this.metadataCache) if (now - entry.at >= SESSION_MS) this.metadataCache.delete(key);
        for (const [key, entry] of this.listCache) if (now - entry.at >= LIST_TTL_MS) this.listCache.delete(key);
      }, SESSION_MS + 1_000);
    }
    return this.session;
  }

  /** The cached resolution, if one finished in the current session (what makes warm hovers fast). */
  peek(ref: SecretReference): Resolution | undefined {
    if (this.session && Date.now() - this.sessionStarted > SESSION_MS) return undefined;
    return this.resolved.get(referenceKey(ref));
  }

  resolve(ref: SecretReference): Promise<Resolution> {
    const session = this.currentSession();
    const key = referenceKey(ref);
    const done = this.resolved.get(key);
    if (done) return Promise.resolve(done);
    let pending = this.pending.get(key);
    if (!pending) {
      const request = session.resolve(ref).then((resolution) => {
        if (this.pending.get(key) === request) this.pending.delete(key);
        if (this.session === session) {
          this.resolved.set(key, resolution);
          if (resolution.status === 'resolved') this.redactions.push(this.services.log.addSecret(resolution.value));
        }
        return resolution;
      });
      pending = request;
      this.pending.set(key, request);
    }
    return pending;
  }

  metadata(ref: SecretReference): Promise<SecretMetadata | undefined> {
    const found = targetOf(ref, this.stores.configs(), this.settings());
    if ('problem' in found) return Promise.resolve(undefined);
    const key = `${found.target.store}\u0000${found.target.path}`;
    const cached = this.metadataCache.get(key);
    if (cached && Date.now() - cached.at < SESSION_MS) return cached.value;
    const value = this.stores.metadata(found.target.store, found.target.path).catch(() => undefined);
    this.metadataCache.set(key, { at: Date.now(), value });
    return value;
  }

  peekMetadata(ref: SecretReference): Promise<SecretMetadata | undefined> | undefined {
    const found = targetOf(ref, this.stores.configs(), this.settings());
    if ('problem' in found) return undefined;
    const cached = this.metadataCache.get(`${found.target.store}\u0000${found.target.path}`);
    return cached && Date.now() - cached.at < SESSION_MS ? cached.value : undefined;
  }

  /** A listing, cached for completion (folder by folder). */
  list(store: string, options: ListOptions): Promise<ListPage> {
    const key = `${store}\u0000${options.prefix ?? ''}\u0000${options.nameFilter ?? ''}`;
    const cached = this.listCache.get(key);
    if (cached && Date.now() - cached.at < LIST_TTL_MS) return cached.value;
    const value = this.stores.list(store, { pageSize: 100, ...options });
    this.listCache.set(key, { at: Date.now(), value });
    value.catch(() => this.listCache.delete(key));
    return value;
  }

  reveal(ref: SecretReference, seconds: number): void {
    this.revealedUntil.set(referenceKey(ref), Date.now() + seconds * 1000);
  }

  isRevealed(ref: SecretReference): boolean {
    const until = this.revealedUntil.get(referenceKey(ref));
    if (until === undefined) return false;
    if (Date.now() < until) return true;
    this.revealedUntil.delete(referenceKey(ref));
    return false;
  }

  dispose(): void {
    clearTimeout(this.sessionExpiry);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
