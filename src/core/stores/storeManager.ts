// The StoreManager every feature calls: configs by name, one live store per config (created on
// first use, with credentials from the CredentialStore under credentialKey(config)), cached reads
// that share in-flight requests, explicit refresh, status tracking and change events. Nothing
// contacts a store while the workspace is untrusted or the config is disabled.
import { storeErrorPolicy } from './errorPolicy';
import { credentialKey, deleteCredentials, loadCredentials, saveCredentials } from './credentials';
import { nodeDebugExposure, nodeDebugRefusal } from './nodeDebug';
import { ReadCache } from './readCache';
import { secretKeyValue } from './secretValue';
import { createStore, StoreFactoryOptions } from './storeFactory';
import { steps, StoreError } from './storeError';
import type { StoreErrorKind } from './storeError';
import { VAULT_AUTH_METHODS } from './vault/vaultAuthMethods';
import { vaultAwsIamSignIn, vaultPasswordSignIn, VaultStore } from './vault/vaultStore';
import type {
  CredentialStore,
  Disposable,
  ListOptions,
  ListPage,
  ResolvedStoreConfig,
  SecretMetadata,
  SecretStore,
  SecretValue,
  SignInInput,
  StoreChangeEvent,
  StoreManager,
  StoreStatus,
  VaultStoreConfig,
} from './types';

export interface StoreManagerOptions {
  credentials: CredentialStore;
  configs?: readonly ResolvedStoreConfig[];
  /** Cache TTL for reads, read on each use so a settings change applies at once. Default 30 s. */
  cacheTtlSeconds?: () => number;
  /** Workspace Trust: when false, no store is contacted. Default: trusted. */
  isTrusted?: () => boolean;
  /** Called once per HTTP request any store sends (benchmarks, tests). */
  onRequest?: (store: string) => void;
  timeoutMs?: number;
  maxAttempts?: number;
  /** Non-AWS endpoints the user chose (the CLI: AWS_ENDPOINT_URL) that configs not of the user's own
   *  settings may send the ambient AWS identity to (see assertEndpointTrust). */
  allowedAwsEndpoints?: readonly string[];
  /** Called with each value read from a store (not on cache hits); `pinned` when a version or stage was
   *  asked for. The extension hashes them for "already in the store" (references/storedValues.ts). */
  onRead?: (value: SecretValue, pinned: boolean) => void;
}

/** Counters for benchmarks and tests. */
export interface StoreManagerStats {
  reads: number;
  requests: number;
}

const SEP = '\u0000';

/** The latest request's result for a store: the truth the Secret Stores view shows (not an older check). */
export interface StoreOutcome {
  /** Date.now() when the answer (or failure) came. */
  at: number;
  /** The store answered and the identity was accepted (a secret that is missing still counts). */
  ok: boolean;
  kind?: StoreErrorKind;
  /** The failure in words (never a value or token). */
  message?: string;
}

/** Failures that prove the store answered and accepted the identity: they concern one secret only. */
const ANSWERED = new Set<StoreErrorKind>(['not-found', 'deleted', 'conflict', 'access-denied']);

export interface StoreManagerWithStats extends StoreManager {
  stats(): StoreManagerStats;
  /** The credentials key of a config (tests and the sign-in command use it). */
  credentialKeyOf(name: string): string | undefined;
  /** Drops the live client(s) so the next use reloads credentials (changed in another window). */
  reload(name?: string): void;
  /** Vault: when the current token expires, if a client is live and knows it (no request made). */
  tokenExpiry(name: string): Date | undefined;
  /** What the store's latest request (a read, list, write or connection check) found, and when. */
  lastOutcome(name: string): StoreOutcome | undefined;
  /** Vault: the engine's KV version (detected on first use; may contact the store). */
  vaultKvVersion(name: string): Promise<1 | 2 | undefined>;
}

export function createStoreManager(options: StoreManagerOptions): StoreManagerWithStats {
  let configs = new Map<string, ResolvedStoreConfig>((options.configs ?? []).map((c) => [c.name, c]));
  const stores = new Map<string, Promise<SecretStore>>();
  /** The same stores once created, for synchronous questions (token expiry). */
  const live = new Map<string, SecretStore>();
  const statuses = new Map<string, StoreStatus>();
  const outcomes = new Map<string, StoreOutcome>();
  /** Orders what is known about a store: each request takes a number when it starts, and a result
   *  counts only if no newer request or observation (an expiry timer) already spoke. Without it a read
   *  sent just before a token expired could answer after the expiry and mark the store signed in again. */
  let sequence = 0;
  const newestSpoken = new Map<string, number>();
  const isNewest = (store: string, started: number): boolean => {
    if (started < (newestSpoken.get(store) ?? 0)) return false;
    newestSpoken.set(store, started);
    return true;
  };
  /** A new sign-in, sign-out or config: what requests sent before it learn says nothing about now. */
  const forgetOutcome = (store: string) => {
    outcomes.delete(store);
    newestSpoken.set(store, ++sequence);
  };
  const listeners = new Set<(event: StoreChangeEvent) => void>();
  const stats: StoreManagerStats = { reads: 0, requests: 0 };
  const cache = new ReadCache<SecretValue>(() => Math.max(0, options.cacheTtlSeconds?.() ?? 30) * 1000);
  const metaCache = new ReadCache<SecretMetadata>(() => Math.max(0, options.cacheTtlSeconds?.() ?? 30) * 1000);

  const fire = (event: StoreChangeEvent) => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch {
        // A faulty listener must not break the store layer.
      }
    }
  };

  const setStatus = (store: string, status: StoreStatus) => {
    if (statuses.get(store) === status) return;
    statuses.set(store, status);
    fire({ type: 'status', store, status });
  };

  const dropStore = (name: string) => {
    const existing = stores.get(name);
    stores.delete(name);
    live.delete(name);
    void existing?.then((s) => s.dispose()).catch(() => undefined);
    cache.invalidate(`${name}${SEP}`);
    metaCache.invalidate(`${name}${SEP}`);
  };

  const configOrThrow = (name: string): ResolvedStoreConfig => {
    const config = configs.get(name);
    if (!config) {
      const known = [...configs.keys()];
      throw new StoreError({
        kind: 'unknown-store',
        store: name,
        problem: 'No store config has this name.',
        action: steps.addStore(known),
      });
    }
    if (config.enabled === false) {
      throw new StoreError({
        kind: 'disabled',
        store: name,
        problem: 'This store config is disabled.',
        action: 'Set "enabled": true in its settings entry to use it.',
      });
    }
    const exposure = nodeDebugExposure();
    if (exposure) throw nodeDebugRefusal(name, exposure);
    if (options.isTrusted && !options.isTrusted()) {
      throw new StoreError({
        kind: 'untrusted',
        store: name,
        problem: 'This workspace is not trusted, so no secret store is contacted.',
        action: 'Trust the workspace ("Workspaces: Manage Workspace Trust") to read secrets.',
      });
    }
    return config;
  };

  /** Tracks status from results: expired / signed-out / down errors change it, an answer marks
   *  signed-in; every result is also the store's latest outcome (lastOutcome), the newest request wins. */
  const track = async <T>(store: string, work: () => Promise<T>): Promise<T> => {
    const started = ++sequence;
    try {
      const result = await work();
      if (isNewest(store, started)) {
        outcomes.set(store, { at: Date.now(), ok: true });
        setStatus(store, 'signed-in');
      }
      return result;
    } catch (error) {
      if (error instanceof StoreError && isNewest(store, started)) {
        const status = storeErrorPolicy(error.kind).status;
        if (ANSWERED.has(error.kind)) {
          outcomes.set(store, { at: Date.now(), ok: true });
          setStatus(store, 'signed-in');
        } else if (status) {
          outcomes.set(store, { at: Date.now(), ok: false, kind: error.kind, message: error.message });
          setStatus(store, status);
        }
      }
      throw error;
    }
  };

  const instance = (name: string): Promise<SecretStore> => {
    const config = configOrThrow(name);
    let pending = stores.get(name);
    if (!pending) {
      pending = (async () => {
        const credentials = await loadCredentials(options.credentials, config);
        const factoryOptions: StoreFactoryOptions = {
          onStatus: (status) => {
            // The session's own bad news (a token run out) outranks answers to requests sent before it.
            if (status !== 'signed-in') newestSpoken.set(name, ++sequence);
            setStatus(name, status);
          },
          onRequest: () => {
            stats.requests++;
            options.onRequest?.(name);
          },
          timeoutMs: options.timeoutMs,
          maxAttempts: options.maxAttempts,
          allowedAwsEndpoints: options.allowedAwsEndpoints,
        };
        const store = createStore(config, credentials, factoryOptions);
        live.set(name, store);
        return store;
      })();
      stores.set(name, pending);
      pending.catch(() => {
        if (stores.get(name) === pending) stores.delete(name);
      });
    }
    return pending;
  };

  const changed = (store: string, path: string) => {
    cache.invalidate(`${store}${SEP}${path}${SEP}`);
    metaCache.invalidate(`${store}${SEP}${path}${SEP}`);
    fire({ type: 'secret', store, path });
  };

  /** The store as features see it: mutations invalidate the cache and fire 'secret'. */
  const wrap = (name: string, inner: SecretStore): SecretStore => {
    const mutate =
      <A extends unknown[]>(fn: (path: string, ...args: A) => Promise<unknown>) =>
      async (path: string, ...args: A) => {
        try {
          return await track(name, () => fn(path, ...args));
        } finally {
          changed(name, path);
        }
      };
    return {
      name,
      kind: inner.kind,
      list: (o) => track(name, () => inner.list(o)),
      read: (p, o) => manager.read(name, p, o),
      metadata: (p) => manager.metadata(name, p),
      write: mutate((p, payload: Parameters<SecretStore['write']>[1], o?: Parameters<SecretStore['write']>[2]) =>
        inner.write(p, payload, o),
      ) as SecretStore['write'],
      delete: mutate((p, o?: Parameters<SecretStore['delete']>[1]) => inner.delete(p, o)) as SecretStore['delete'],
      undelete: mutate((p, v: string[]) => inner.undelete(p, v)) as SecretStore['undelete'],
      destroyVersions: mutate((p, v: string[]) => inner.destroyVersions(p, v)) as SecretStore['destroyVersions'],
      deleteAll: mutate((p) => inner.deleteAll(p)) as SecretStore['deleteAll'],
      restore: mutate((p) => inner.restore(p)) as SecretStore['restore'],
      tag: mutate((p, t: Record<string, string>) => inner.tag(p, t)) as SecretStore['tag'],
      rotate: mutate((p) => inner.rotate(p)) as SecretStore['rotate'],
      testConnection: () => track(name, () => inner.testConnection()),
      dispose: () => dropStore(name),
    };
  };

  const manager: StoreManagerWithStats = {
    configs: () => [...configs.values()],
    config: (name) => configs.get(name),
    setConfigs(next) {
      const nextMap = new Map(next.map((c) => [c.name, c]));
      for (const [name, old] of configs) {
        const now = nextMap.get(name);
        if (!now || JSON.stringify(now) !== JSON.stringify(old)) {
          dropStore(name);
          statuses.delete(name);
          forgetOutcome(name);
        }
      }
      configs = nextMap;
      fire({ type: 'configs' });
    },
    async get(name) {
      return wrap(name, await instance(name));
    },
    // async: an unknown store is a rejection, not a synchronous throw.
    async read(storeName, path, readOptions = {}) {
      stats.reads++;
      const key = [storeName, path, readOptions.version ?? '', readOptions.stage ?? ''].join(SEP);
      configOrThrow(storeName);
      return cache.get(
        key,
        () =>
          track(storeName, async () => {
            const value = await (await instance(storeName)).read(path, { version: readOptions.version, stage: readOptions.stage });
            options.onRead?.(value, Boolean(readOptions.version || readOptions.stage));
            return value;
          }),
        readOptions.fresh,
      );
    },
    async readKey(storeName, path, key, readOptions) {
      return secretKeyValue(await manager.read(storeName, path, readOptions), key);
    },
    async metadata(storeName, path, metadataOptions = {}) {
      configOrThrow(storeName);
      return metaCache.get(
        [storeName, path, 'meta'].join(SEP),
        () => track(storeName, async () => (await instance(storeName)).metadata(path)),
        metadataOptions.fresh,
      );
    },
    async list(storeName, listOptions?: ListOptions): Promise<ListPage> {
      return track(storeName, async () => (await instance(storeName)).list(listOptions));
    },
    refresh(storeName, path) {
      if (storeName && path) {
        changed(storeName, path);
        return;
      }
      cache.invalidate(storeName ? `${storeName}${SEP}` : '');
      metaCache.invalidate(storeName ? `${storeName}${SEP}` : '');
      fire(storeName ? { type: 'refresh', store: storeName } : { type: 'refresh' });
    },
    status: (name) => {
      const config = configs.get(name);
      if (!config) return 'unknown';
      if (config.enabled === false) return 'disabled';
      if (options.isTrusted && !options.isTrusted()) return 'untrusted';
      return statuses.get(name) ?? 'unknown';
    },
    async signIn(name, input: SignInInput) {
      const config = configs.get(name);
      if (!config) configOrThrow(name);
      const { password, awsIam, ...credentials } = input;
      const requestOptions = {
        timeoutMs: options.timeoutMs,
        onRequest: () => {
          stats.requests++;
          options.onRequest?.(name);
        },
      };
      // userpass / LDAP: the password buys a token; AWS IAM: the signed GetCallerIdentity does. Only the token is kept.
      const exchange =
        password !== undefined
          ? { asks: 'password', what: 'a password', login: (c: VaultStoreConfig) => vaultPasswordSignIn(c, password, requestOptions) }
          : awsIam
            ? { asks: 'aws', what: 'AWS IAM', login: (c: VaultStoreConfig) => vaultAwsIamSignIn(c, requestOptions) }
            : undefined;
      if (exchange) {
        const usable = configOrThrow(name);
        if (usable.kind !== 'vault' || VAULT_AUTH_METHODS[usable.auth].asks !== exchange.asks) {
          throw new StoreError({
            kind: 'invalid',
            store: name,
            problem: `This config does not sign in with ${exchange.what}.`,
            action: steps.signIn(usable),
          });
        }
        Object.assign(credentials, await track(name, () => exchange.login(usable)));
      }
      await saveCredentials(options.credentials, config!, credentials);
      dropStore(name);
      statuses.delete(name);
      forgetOutcome(name);
      setStatus(name, 'unknown');
    },
    async signOut(name) {
      const config = configs.get(name);
      if (!config) return;
      if (config.kind === 'vault' && VAULT_AUTH_METHODS[config.auth].revokesOnSignOut) {
        // A token secretref's own login made is revoked, not just forgotten (best effort: a store
        // that is down or refuses still loses the credentials here).
        const store = await instance(name).catch(() => undefined);
        if (store instanceof VaultStore) await store.revokeToken().catch(() => undefined);
      }
      await deleteCredentials(options.credentials, config);
      dropStore(name);
      forgetOutcome(name);
      setStatus(name, 'signed-out');
    },
    async hasCredentials(name) {
      const config = configs.get(name);
      return config ? (await loadCredentials(options.credentials, config)) !== undefined : false;
    },
    onDidChange(listener): Disposable {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    dispose() {
      for (const name of [...stores.keys()]) dropStore(name);
      listeners.clear();
      cache.dispose();
      metaCache.dispose();
    },
    stats: () => ({ ...stats }),
    lastOutcome: (name) => outcomes.get(name),
    tokenExpiry(name) {
      const store = live.get(name);
      const expiresAt = store instanceof VaultStore ? store.tokenInfo().expiresAt : undefined;
      return expiresAt !== undefined ? new Date(expiresAt) : undefined;
    },
    async vaultKvVersion(name) {
      const store = await instance(name);
      return store instanceof VaultStore ? track(name, () => store.kvVersion()) : undefined;
    },
    reload(name) {
      for (const n of name ? [name] : [...stores.keys()]) {
        dropStore(n);
        statuses.delete(n);
        forgetOutcome(n);
      }
      fire(name ? { type: 'refresh', store: name } : { type: 'refresh' });
    },
    credentialKeyOf: (name) => {
      const config = configs.get(name);
      return config ? credentialKey(config) : undefined;
    },
  };
  return manager;
}
