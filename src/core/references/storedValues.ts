// "Already in the store": salted hashes of the values this session has read from stores the user
// configured, so an inline secret equal to one of them can say which secret holds it. Compared locally,
// by HMAC-SHA256 under a random per-session salt: the inline value is hashed here and never sent anywhere;
// no value and no hash is kept in clear text or logged. Bounded: at most `maxValues` hashes (the oldest
// secrets' go first); a secret's hashes are replaced when it is read again and dropped when it changes.
import { createHmac, randomBytes } from 'node:crypto';
import type { Disposable, ResolvedStoreConfig, SecretValue, StoreManager } from '../stores/types';

/** Whose values are compared: the user's own configs, and repository configs only once the user approved
 *  them (a repository never picks the store an inline value is compared against on its own). */
export function storedValueEligible(
  config: ResolvedStoreConfig | undefined,
  isApproved: (config: ResolvedStoreConfig) => boolean,
): boolean {
  if (!config) return false;
  return config.source === 'user' || config.source === 'cli' || isApproved(config);
}

/** Where an equal value is stored: the secret and the key holding it (null: the whole text secret). */
export interface StoredValuePlace {
  store: string;
  path: string;
  key: string | null;
}

export interface StoredValueOptions {
  /** Whether values of this store may be compared (the user's own configs, or approved ones). */
  eligible: (store: string) => boolean;
  /** Most hashes held at once. Default 20,000. */
  maxValues?: number;
}

/** Values shorter than this are not compared (a `true`, a port, an empty password say nothing). */
const MIN_LENGTH = 6;

const SEP = '\u0000';

export class StoredValueHashes {
  private readonly salt = randomBytes(32);
  /** Hash -> the places holding that value, in the order they were read. */
  private readonly byHash = new Map<string, StoredValuePlace[]>();
  /** `store\0path` -> the hashes of that secret's values (insertion order: oldest first). */
  private readonly bySecret = new Map<string, string[]>();
  private count = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: StoredValueOptions) {}

  /** Whether values of this store are compared (the user's own configs, or approved ones). */
  compares(store: string): boolean {
    return this.options.eligible(store);
  }

  /** Hashes held (tests, the memory bound). */
  get size(): number {
    return this.count;
  }

  private hash(value: string): string {
    return createHmac('sha256', this.salt).update(value, 'utf8').digest('base64');
  }

  /** A read came back: its current values are hashed (a read of a pinned version or stage is not: the
   *  reference to offer is to the current value). */
  observe(secret: SecretValue, pinned = false): void {
    if (pinned || !this.options.eligible(secret.store)) return;
    this.forget(secret.store, secret.path);
    const values: [string | null, string][] =
      secret.type === 'keyed'
        ? Object.entries(secret.data).flatMap(([key, value]): [string, string][] => (typeof value === 'string' ? [[key, value]] : []))
        : secret.type === 'text'
          ? [[null, secret.text]]
          : [];
    const hashes: string[] = [];
    for (const [key, value] of values) {
      if (value.length < MIN_LENGTH) continue;
      const hash = this.hash(value);
      const places = this.byHash.get(hash) ?? [];
      places.push({ store: secret.store, path: secret.path, key });
      this.byHash.set(hash, places);
      hashes.push(hash);
    }
    if (hashes.length === 0) return;
    this.bySecret.set(`${secret.store}${SEP}${secret.path}`, hashes);
    this.count += hashes.length;
    for (const listener of [...this.listeners]) listener();
    const max = this.options.maxValues ?? 20_000;
    for (const [oldest] of this.bySecret) {
      if (this.count <= max) break;
      const [store, path] = oldest.split(SEP);
      this.forget(store, path);
    }
  }

  /** A secret changed or went away (or a whole store: path omitted): its hashes go. */
  forget(store: string, path?: string): void {
    const keys = path === undefined ? [...this.bySecret.keys()].filter((k) => k.startsWith(`${store}${SEP}`)) : [`${store}${SEP}${path}`];
    for (const key of keys) {
      const hashes = this.bySecret.get(key);
      if (!hashes) continue;
      this.bySecret.delete(key);
      this.count -= hashes.length;
      const [s, p] = key.split(SEP);
      for (const hash of hashes) {
        const rest = (this.byHash.get(hash) ?? []).filter((place) => place.store !== s || place.path !== p);
        if (rest.length) this.byHash.set(hash, rest);
        else this.byHash.delete(hash);
      }
    }
  }

  /** Every stored place holding exactly this value, from eligible stores only (first read first). */
  matches(value: string): StoredValuePlace[] {
    if (value.length < MIN_LENGTH || this.count === 0) return [];
    return (this.byHash.get(this.hash(value)) ?? []).filter((place) => this.options.eligible(place.store));
  }

  /** Called after a read added hashes (inline-secret warnings may now find an equal value). */
  onDidAdd(listener: () => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Drops what a store change made stale: a written or deleted secret, a refreshed store, new configs. */
  follow(stores: Pick<StoreManager, 'onDidChange'>): Disposable {
    return stores.onDidChange((event) => {
      if (event.type === 'secret') this.forget(event.store, event.path);
      else if (event.type === 'refresh' && event.store) this.forget(event.store);
      else if (event.type === 'refresh' || event.type === 'configs') this.clear();
    });
  }

  clear(): void {
    this.byHash.clear();
    this.bySecret.clear();
    this.count = 0;
  }
}
