// The reference state every editor feature shares (hover, completion, diagnostics, commands, the quick
// fix), VS Code-free over a structural document type: each document's scan and credential model by
// version, and reads, metadata and listings keyed by what they are about: a read by (store, path,
// version, stage), metadata by (store, path), a listing by (store, folder, filter). A reference's target
// is resolved once (targetOf, held per reference until configs or settings change).
//
// Freshness, the one rule: an entry is shared while in flight (the one in-flight layer: the store
// manager's own cache is bypassed with `fresh`, so no second clock stacks on this one) and then serves
// for ttlMs() (secretref.cacheTtlSeconds) after it settled. An answer the store may change at once is not
// kept: a failed listing or metadata request, a read that found the store unreachable. When an entry
// expires or is dropped, its values go with it and their log redactions are released.
// Writes invalidate only what they changed: a `secret` event drops that secret's reads and metadata and
// the listings of the folders above it, and names only the documents that reference it.
import { isStoreError } from '../stores/types';
import type {
  Disposable,
  ListOptions,
  ListPage,
  SecretMetadata,
  SecretValue,
  StoreChangeEvent,
  StoreConfig,
  StoreError,
  StoreManager,
} from '../stores/types';
import { secretIdentity } from './arn';
import { findReferenceAt } from './findReference';
import { codeForStoreError, readFailure, Resolution, ResolutionSession, resolutionOf } from './resolve';
import { scanReferences } from './scanner';
import type { ReferenceSettings } from './settings';
import { readKeyOf, ReferenceTarget, TargetResult, targetOf } from './target';
import type { ScanResult, SecretReference } from './types';

/** What the state needs of a document (a vscode.TextDocument fits, with its uri as a string). */
export interface ReferenceDocument {
  readonly uri: string;
  readonly version: number;
  getText(): string;
}

/** Which documents' reference diagnostics may differ after a change: some, or every one. */
export interface ReferenceStateChange {
  readonly uris: readonly string[] | 'all';
}

export type ReferenceStores = Pick<StoreManager, 'read' | 'configs'> & Partial<Pick<StoreManager, 'metadata' | 'list' | 'onDidChange'>>;

export interface ReferenceStateOptions {
  stores: ReferenceStores;
  settings: () => ReferenceSettings;
  /** Overrides stores.configs() (the CLI passes its --stores file). */
  configs?: () => readonly StoreConfig[];
  /** The freshness rule's TTL, read on each use; default: never expires (a one-shot CLI run). */
  ttlMs?: () => number;
  /** Masks a value in the log; returns the release (services.log.addSecret). */
  addSecret?: (value: string) => () => void;
  /** Follow stores.onDidChange (the extension); a CLI run does not. */
  watchStores?: boolean;
  now?: () => number;
}

interface Entry<T> {
  store: string;
  /** The secret's identity (an ARN's secret name), for invalidation by a write. */
  secret: string;
  /** Listings: the folder listed. */
  prefix?: string;
  value: Promise<T>;
  /** When it settled; undefined while in flight. */
  settledAt?: number;
  settled?: { value: T };
  /** Log redactions of values handed out from this entry, by value. */
  redactions: Map<string, () => void>;
  dropped?: boolean;
}

type ReadOutcome = SecretValue | StoreError;

export class ReferenceState implements Disposable {
  private readonly scans = new Map<string, { version: number; result: ScanResult }>();
  private readonly targets = new WeakMap<SecretReference, { generation: number; result: TargetResult }>();
  /** Bumped when configs or settings change: every held target is worked out again. */
  private generation = 0;
  private readonly reads = new Map<string, Entry<ReadOutcome>>();
  private readonly metadataEntries = new Map<string, Entry<SecretMetadata | undefined>>();
  private readonly listings = new Map<string, Entry<ListPage>>();
  private readonly revealedUntil = new Map<string, number>();
  private readonly listeners = new Set<(change: ReferenceStateChange) => void>();
  private readonly subscription: Disposable | undefined;
  private sweeper: ReturnType<typeof setTimeout> | undefined;
  private started = 0;
  private readonly now: () => number;

  constructor(private readonly options: ReferenceStateOptions) {
    this.now = options.now ?? Date.now;
    if (options.watchStores) this.subscription = options.stores.onDidChange?.((event) => this.storesChanged(event));
  }

  /** Distinct reads started (tests, benchmarks). */
  get readCount(): number {
    return this.started;
  }

  configs(): readonly StoreConfig[] {
    return this.options.configs?.() ?? this.options.stores.configs();
  }

  // --- Documents.

  scan(document: ReferenceDocument): ScanResult {
    const cached = this.scans.get(document.uri);
    if (cached && cached.version === document.version) return cached.result;
    const result = scanReferences(document.getText());
    this.scans.set(document.uri, { version: document.version, result });
    return result;
  }

  referenceAt(document: ReferenceDocument, offset: number): SecretReference | undefined {
    return findReferenceAt(this.scan(document).references, offset);
  }

  /** A closed document: its scan goes. */
  forget(uri: string): void {
    this.scans.delete(uri);
  }

  // --- Targets.

  /** The reference's target, worked out once per reference until configs or settings change. */
  targetOf(ref: SecretReference): TargetResult {
    const held = this.targets.get(ref);
    if (held && held.generation === this.generation) return held.result;
    const result = targetOf(ref, this.configs(), this.options.settings());
    this.targets.set(ref, { generation: this.generation, result });
    return result;
  }

  // --- Resolutions (one read per target, shared by every reference to it).

  resolve(ref: SecretReference): Promise<Resolution> {
    const found = this.targetOf(ref);
    if ('problem' in found)
      return Promise.resolve({ status: 'failed', target: null, code: 'unknown-store', message: found.problem.message });
    return this.resolveTarget(found.target);
  }

  /** Resolves a target directly (completion asks for a secret's keys with key null). */
  resolveTarget(target: ReferenceTarget): Promise<Resolution> {
    const entry = this.readEntry(target);
    return entry.value.then((outcome) => this.redacted(entry, resolutionOf(target, outcome)));
  }

  /** The resolution if its read settled and is fresh (what makes warm hovers fast), else undefined. */
  peek(ref: SecretReference): Resolution | undefined {
    const found = this.targetOf(ref);
    if ('problem' in found) return undefined;
    const entry = this.fresh(this.reads, readKeyOf(found.target));
    return entry?.settled ? this.redacted(entry, resolutionOf(found.target, entry.settled.value)) : undefined;
  }

  private readEntry(target: ReferenceTarget): Entry<ReadOutcome> {
    const key = readKeyOf(target);
    const held = this.fresh(this.reads, key);
    if (held) return held;
    this.started++;
    const load = this.options.stores.read(target.store, target.path, { ...target.options, fresh: true }).then(
      (secret): ReadOutcome => secret,
      (error: unknown) => readFailure(target, error),
    );
    return this.track(this.reads, key, { store: target.store, secret: secretIdentity(target.path) }, load, (outcome) =>
      isStoreError(outcome) ? codeForStoreError(outcome) !== 'store-unreachable' : true,
    );
  }

  private redacted(entry: Entry<ReadOutcome>, resolution: Resolution): Resolution {
    const add = this.options.addSecret;
    // A dropped entry holds nothing any more: its value needs no mask kept for it.
    if (add && !entry.dropped && resolution.status === 'resolved' && !entry.redactions.has(resolution.value)) {
      entry.redactions.set(resolution.value, add(resolution.value));
    }
    return resolution;
  }

  // --- Metadata and listings.

  metadata(ref: SecretReference): Promise<SecretMetadata | undefined> {
    const found = this.targetOf(ref);
    return 'problem' in found ? Promise.resolve(undefined) : this.metadataOf(found.target.store, found.target.path);
  }

  /** Metadata in flight or fresh, else undefined (the hover starts it then). */
  peekMetadata(ref: SecretReference): Promise<SecretMetadata | undefined> | undefined {
    const found = this.targetOf(ref);
    return 'problem' in found ? undefined : this.fresh(this.metadataEntries, `${found.target.store}\u0000${found.target.path}`)?.value;
  }

  metadataOf(store: string, path: string): Promise<SecretMetadata | undefined> {
    const key = `${store}\u0000${path}`;
    const held = this.fresh(this.metadataEntries, key);
    if (held) return held.value;
    const read = this.options.stores.metadata;
    const load = read ? read(store, path, { fresh: true }).catch(() => undefined) : Promise.resolve(undefined);
    return this.track(this.metadataEntries, key, { store, secret: secretIdentity(path) }, load, (value) => value !== undefined).value;
  }

  /** A listing of one folder (completion), 100 entries a page. */
  list(store: string, options: ListOptions): Promise<ListPage> {
    const key = [store, options.prefix ?? '', options.nameFilter ?? ''].join('\u0000');
    const held = this.fresh(this.listings, key);
    if (held) return held.value;
    const list = this.options.stores.list;
    if (!list) return Promise.reject(new Error('listing is not available'));
    const load = list(store, { pageSize: 100, ...options });
    const entry = this.track(this.listings, key, { store, secret: '', prefix: options.prefix ?? '' }, load, () => true);
    load.catch(() => this.drop(this.listings, (candidate) => candidate === entry));
    return entry.value;
  }

  /** The secrets of the listings this session already holds (settled, fresh): store and path, no request made. */
  listedSecrets(): { store: string; path: string }[] {
    const out: { store: string; path: string }[] = [];
    for (const [key, entry] of this.listings) {
      if (!entry.settled || !this.fresh(this.listings, key)) continue;
      for (const item of entry.settled.value.entries) if (!item.isFolder) out.push({ store: entry.store, path: item.path });
    }
    return out;
  }

  // --- Reveal (by what the reference points at: every reference to that value shows it).

  private revealKey(ref: SecretReference): string | undefined {
    const found = this.targetOf(ref);
    return 'problem' in found ? undefined : `${readKeyOf(found.target)}\u0000${found.target.key ?? ''}`;
  }

  reveal(ref: SecretReference, seconds: number): void {
    const key = this.revealKey(ref);
    if (key) this.revealedUntil.set(key, this.now() + seconds * 1000);
  }

  isRevealed(ref: SecretReference): boolean {
    const key = this.revealKey(ref);
    const until = key === undefined ? undefined : this.revealedUntil.get(key);
    if (until === undefined) return false;
    if (this.now() < until) return true;
    this.revealedUntil.delete(key!);
    return false;
  }

  // --- Changes.

  onDidChange(listener: (change: ReferenceStateChange) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** secretref.templates or secretref.defaultAwsStore changed: targets are worked out again. */
  settingsChanged(): void {
    this.generation++;
    this.fire('all');
  }

  /** secretref.credentialFiles changed: schema-aware reference checks run again (the models are
   *  rebuilt by their one holder, the schema features' document store). */
  credentialSettingsChanged(): void {
    this.fire('all');
  }

  /** Drops every read, metadata and listing (the test API; a full refresh). */
  clear(): void {
    this.dropWhere(() => true);
    this.fire('all');
  }

  private storesChanged(event: StoreChangeEvent): void {
    switch (event.type) {
      case 'configs':
        this.generation++;
        this.dropWhere(() => true);
        this.fire('all');
        return;
      case 'refresh':
        if (event.store === undefined) return this.clear();
        this.dropWhere((entry) => entry.store === event.store);
        return this.fire(this.documentsWhere((target) => target.store === event.store));
      case 'status':
        // Signed in: only failures of the store may read differently now; any other status: all of it.
        if (event.status === 'signed-in') {
          this.dropWhere((entry) => entry.store === event.store && entry.settled !== undefined && isFailure(entry.settled.value));
        } else this.dropWhere((entry) => entry.store === event.store);
        return this.fire(this.documentsWhere((target) => target.store === event.store));
      case 'secret': {
        const secret = secretIdentity(event.path);
        this.dropWhere(
          (entry) =>
            entry.store === event.store &&
            (entry.secret === secret || (entry.prefix !== undefined && (entry.prefix === '' || event.path.startsWith(entry.prefix)))),
        );
        return this.fire(this.documentsWhere((target) => target.store === event.store && secretIdentity(target.path) === secret));
      }
    }
  }

  /** The held documents with a reference whose target matches. */
  private documentsWhere(matches: (target: ReferenceTarget) => boolean): string[] {
    const uris: string[] = [];
    for (const [uri, { result }] of this.scans) {
      if (
        result.references.some((ref) => {
          const found = this.targetOf(ref);
          return 'target' in found && matches(found.target);
        })
      )
        uris.push(uri);
    }
    return uris;
  }

  private fire(uris: string[] | 'all'): void {
    if (uris !== 'all' && uris.length === 0) return;
    for (const listener of [...this.listeners]) {
      try {
        listener({ uris });
      } catch {
        // A faulty listener must not break the others.
      }
    }
  }

  // --- The one cache rule.

  private ttl(): number {
    return Math.max(0, this.options.ttlMs?.() ?? Infinity);
  }

  /** The entry if in flight or settled less than ttl ago; an expired one is dropped. */
  private fresh<T>(map: Map<string, Entry<T>>, key: string): Entry<T> | undefined {
    const entry = map.get(key);
    if (!entry) return undefined;
    if (entry.settledAt === undefined || this.now() - entry.settledAt < this.ttl()) return entry;
    this.drop(map, (candidate) => candidate === entry);
    return undefined;
  }

  private track<T>(
    map: Map<string, Entry<T>>,
    key: string,
    about: { store: string; secret: string; prefix?: string },
    load: Promise<T>,
    keep: (value: T) => boolean,
  ): Entry<T> {
    const entry: Entry<T> = { ...about, value: load, redactions: new Map() };
    map.set(key, entry);
    load.then(
      (value) => {
        if (map.get(key) !== entry) return;
        entry.settled = { value };
        entry.settledAt = this.now();
        if (!keep(value) || this.ttl() === 0) this.drop(map, (candidate) => candidate === entry);
        else this.scheduleSweep();
      },
      () => undefined,
    );
    return entry;
  }

  private drop<T>(map: Map<string, Entry<T>>, which: (entry: Entry<T>) => boolean): void {
    for (const [key, entry] of map) {
      if (!which(entry)) continue;
      map.delete(key);
      entry.dropped = true;
      for (const release of entry.redactions.values()) release();
      entry.redactions.clear();
    }
  }

  private dropWhere(which: (entry: Entry<unknown>) => boolean): void {
    this.drop(this.reads, which);
    this.drop(this.metadataEntries, which);
    this.drop(this.listings, which);
  }

  /** Drops expired entries now (the timer calls this): they hold values. */
  sweep(): void {
    const now = this.now();
    const ttl = this.ttl();
    this.dropWhere((entry) => entry.settledAt !== undefined && now - entry.settledAt >= ttl);
    for (const [key, until] of this.revealedUntil) if (until <= now) this.revealedUntil.delete(key);
  }

  private scheduleSweep(): void {
    const ttl = this.ttl();
    if (this.sweeper || !Number.isFinite(ttl)) return;
    this.sweeper = setTimeout(() => {
      this.sweeper = undefined;
      this.sweep();
      if (this.reads.size + this.metadataEntries.size + this.listings.size > 0) this.scheduleSweep();
    }, ttl + 100);
    // Never keeps a CLI run or a test process alive.
    (this.sweeper as { unref?: () => void }).unref?.();
  }

  dispose(): void {
    clearTimeout(this.sweeper);
    this.sweeper = undefined;
    this.subscription?.dispose();
    this.listeners.clear();
    this.dropWhere(() => true);
    this.scans.clear();
  }
}

function isFailure(value: unknown): boolean {
  return value === undefined || value instanceof Error;
}

export interface ResolutionDeps {
  manager: Pick<StoreManager, 'read' | 'configs'>;
  settings: ReferenceSettings;
  /** Overrides manager.configs() (the CLI passes its --stores file). */
  configs?: readonly StoreConfig[];
}

/** A one-run view of the reference state (the CLI's `check --resolve`): one read per target, kept for the run. */
export function createResolutionSession(deps: ResolutionDeps): ResolutionSession {
  const configs = deps.configs ?? deps.manager.configs();
  const state = new ReferenceState({ stores: deps.manager, settings: () => deps.settings, configs: () => configs });
  return {
    resolve: (ref) => state.resolve(ref),
    get readCount() {
      return state.readCount;
    },
  };
}
