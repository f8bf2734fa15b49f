// SecretStore over a Vault/OpenBao KV engine (v1 or v2, detected from the mount unless configured):
// list, read at a version, metadata and versions, write with cas, soft delete, undelete, destroy,
// delete all metadata, custom metadata as tags.
import { redact } from '../../redaction';
import { StoreError } from '../storeError';
import type {
  ConnectionInfo,
  DeleteOptions,
  ListOptions,
  ListPage,
  ReadOptions,
  SecretListEntry,
  SecretMetadata,
  SecretPayload,
  SecretStore,
  SecretValue,
  SecretVersionInfo,
  StoreCredentials,
  VaultStoreConfig,
  WriteOptions,
  WriteResult,
} from '../types';
import { VaultSession, VaultSessionOptions, VaultTokenInfo } from './vaultSession';

/** userpass / LDAP sign-in: the password exchanged for a token, which is all that is kept. */
export async function vaultPasswordSignIn(
  config: VaultStoreConfig,
  password: string,
  options: VaultSessionOptions = {},
): Promise<StoreCredentials> {
  const session = new VaultSession(config, undefined, options);
  try {
    return { token: await session.passwordLogin(password) };
  } finally {
    session.dispose();
  }
}

/** AWS IAM sign-in: a signed GetCallerIdentity exchanged for a token, which is all that is kept. */
export async function vaultAwsIamSignIn(config: VaultStoreConfig, options: VaultSessionOptions = {}): Promise<StoreCredentials> {
  const session = new VaultSession(config, undefined, options);
  try {
    return { token: await session.awsIamLogin() };
  } finally {
    session.dispose();
  }
}

export class VaultStore implements SecretStore {
  readonly kind = 'vault' as const;
  private readonly session: VaultSession;
  private kvVersionPromise?: Promise<1 | 2>;

  constructor(
    private readonly config: VaultStoreConfig,
    credentials: StoreCredentials | undefined,
    options: VaultSessionOptions = {},
  ) {
    this.session = new VaultSession(config, credentials, options);
  }

  get name(): string {
    return this.config.name;
  }

  private get engine(): string {
    return (this.config.enginePath || 'secret').replace(/^\/+|\/+$/g, '');
  }

  tokenInfo(): VaultTokenInfo {
    return this.session.tokenInfo();
  }

  /** KV version of the engine: configured, else from sys/internal/ui/mounts, else sys/mounts. */
  kvVersion(): Promise<1 | 2> {
    const configured = this.config.kvVersion;
    if (configured === 1 || configured === 2) return Promise.resolve(configured);
    this.kvVersionPromise ??= this.detectKvVersion().catch((error: unknown) => {
      this.kvVersionPromise = undefined;
      throw error;
    });
    return this.kvVersionPromise;
  }

  private async detectKvVersion(): Promise<1 | 2> {
    const fromOptions = (options: { version?: string } | undefined | null) => (options?.version === '2' ? 2 : 1);
    let denied = false;
    try {
      const ui = await this.session.request<{ data: { type: string; options?: { version?: string } } }>({
        method: 'GET',
        path: `sys/internal/ui/mounts/${encodePath(this.engine)}`,
        operation: `detect the KV version of engine "${this.engine}"`,
      });
      return this.checkKv(ui.data.type, fromOptions(ui.data.options));
    } catch (error) {
      if (!(error instanceof StoreError) || (error.kind !== 'access-denied' && error.kind !== 'not-found' && error.kind !== 'invalid'))
        throw error;
      denied = error.kind === 'access-denied';
    }
    try {
      const mounts = await this.session.request<{ data?: Record<string, { type: string; options?: { version?: string } }> }>({
        method: 'GET',
        path: 'sys/mounts',
        operation: 'list secret engines',
      });
      const mount = (mounts.data ?? (mounts as unknown as Record<string, { type: string; options?: { version?: string } }>))[
        `${this.engine}/`
      ];
      if (mount) return this.checkKv(mount.type, fromOptions(mount.options));
    } catch (error) {
      if (!(error instanceof StoreError) || error.kind !== 'access-denied') throw error;
      // This identity may see neither endpoint: assume KV v2 (the default engine); a wrong guess
      // surfaces as an access or not-found error on the secret, and "kvVersion" overrides it.
      if (denied) return 2;
    }
    throw new StoreError({
      kind: 'invalid',
      store: this.name,
      problem: `No KV engine is mounted at "${this.engine}/".`,
      action: 'Check "enginePath" in the store config (often "secret" or "kv"), or set "kvVersion" to 1 or 2 explicitly.',
    });
  }

  private checkKv(type: string, version: 1 | 2): 1 | 2 {
    if (type === 'kv' || type === 'generic') return type === 'generic' ? 1 : version;
    throw new StoreError({
      kind: 'invalid',
      store: this.name,
      problem: `The engine at "${this.engine}/" is of type "${type}", not a KV engine.`,
      action: 'Set "enginePath" to a KV engine (often "secret" or "kv").',
    });
  }

  async list(options: ListOptions = {}): Promise<ListPage> {
    const v = await this.kvVersion();
    const prefix = normalizeFolder(this.name, options.prefix ?? '');
    const listPath = v === 2 ? `${this.engine}/metadata/${encodePath(prefix)}` : `${this.engine}/${encodePath(prefix)}`;
    let keys: string[] = [];
    try {
      const response = await this.session.request<{ data: { keys: string[] } }>({
        method: 'GET',
        path: `${listPath.replace(/\/$/, '')}${prefix ? '/' : ''}?list=true`,
        secretPath: prefix || '/',
        operation: 'list secrets',
      });
      keys = response.data.keys ?? [];
    } catch (error) {
      // Vault answers 404 for an empty folder.
      if (!(error instanceof StoreError && error.kind === 'not-found')) throw error;
    }
    const filter = options.nameFilter?.toLowerCase();
    const sorted = keys.filter((k) => !filter || k.toLowerCase().includes(filter)).sort();
    const start = options.pageToken ? sorted.findIndex((k) => k > options.pageToken!) : 0;
    const size = Math.max(1, options.pageSize ?? 100);
    const slice = start < 0 ? [] : sorted.slice(start, start + size);
    const entries: SecretListEntry[] = slice.map((key) => ({
      path: `${prefix}${key}`,
      name: key.replace(/\/$/, ''),
      isFolder: key.endsWith('/'),
    }));
    const more = start >= 0 && start + size < sorted.length;
    return more ? { entries, nextPageToken: slice[slice.length - 1] } : { entries };
  }

  async read(path: string, options: ReadOptions = {}): Promise<SecretValue> {
    const clean = cleanPath(this.name, path);
    const v = await this.kvVersion();
    if (v === 1) {
      if (options.version) throw this.unsupported(clean, 'KV v1 engines keep no versions.');
      const response = await this.session.request<{ data: Record<string, unknown> }>({
        method: 'GET',
        path: `${this.engine}/${encodePath(clean)}`,
        secretPath: clean,
        operation: 'read the secret',
      });
      return { store: this.name, path: clean, type: 'keyed', data: response.data };
    }
    const query = options.version ? `?version=${encodeURIComponent(options.version)}` : '';
    const response = await this.session.request<{
      data: {
        data: Record<string, unknown> | null;
        metadata: { version: number; created_time: string; deletion_time: string; destroyed: boolean };
      };
    }>({
      method: 'GET',
      path: `${this.engine}/data/${encodePath(clean)}${query}`,
      secretPath: clean,
      operation: options.version ? `read version ${options.version}` : 'read the secret',
    });
    const meta = response.data.metadata;
    if (!response.data.data) {
      throw new StoreError({
        kind: 'deleted',
        store: this.name,
        path: clean,
        problem: meta?.destroyed ? `Version ${meta.version} was destroyed.` : `Version ${meta?.version ?? ''} is soft-deleted.`,
        action: meta?.destroyed ? 'Read another version or write a new one.' : 'Undelete the version or read another one.',
      });
    }
    return {
      store: this.name,
      path: clean,
      type: 'keyed',
      data: response.data.data,
      version: String(meta.version),
      createdTime: meta.created_time,
    };
  }

  async metadata(path: string): Promise<SecretMetadata> {
    const clean = cleanPath(this.name, path);
    const v = await this.kvVersion();
    if (v === 1) {
      // v1 has no metadata: prove the secret exists and report what little there is.
      await this.read(clean);
      return { store: this.name, path: clean, kind: 'vault', versions: [] };
    }
    const response = await this.session.request<{ data: VaultMetadata }>({
      method: 'GET',
      path: `${this.engine}/metadata/${encodePath(clean)}`,
      secretPath: clean,
      operation: 'read the secret metadata',
    });
    const d = response.data;
    const versions: SecretVersionInfo[] = Object.entries(d.versions ?? {})
      .map(([version, info]) => ({
        version,
        createdTime: info.created_time,
        ...(info.deletion_time ? { deletedTime: info.deletion_time } : {}),
        destroyed: info.destroyed,
      }))
      .sort((a, b) => Number(b.version) - Number(a.version));
    return {
      store: this.name,
      path: clean,
      kind: 'vault',
      currentVersion: String(d.current_version),
      createdTime: d.created_time,
      updatedTime: d.updated_time,
      versions,
      casRequired: d.cas_required,
      maxVersions: d.max_versions,
      customMetadata: d.custom_metadata ?? undefined,
      tags: d.custom_metadata ?? undefined,
    };
  }

  async write(path: string, payload: SecretPayload, options: WriteOptions = {}): Promise<WriteResult> {
    const clean = cleanPath(this.name, path);
    if (payload.type !== 'keyed') {
      throw this.unsupported(clean, 'Vault KV stores key/value pairs only.', 'Write the value under a key, e.g. {"value": "..."}.');
    }
    const secrets = Object.values(payload.data).filter((x): x is string => typeof x === 'string');
    const v = await this.kvVersion();
    if (v === 1) {
      if (options.expectedVersion !== undefined) throw this.unsupported(clean, 'KV v1 engines have no check-and-set.');
      await this.session
        .request({
          method: 'POST',
          path: `${this.engine}/${encodePath(clean)}`,
          body: payload.data,
          secretPath: clean,
          operation: 'write the secret',
        })
        .catch((e: unknown) => {
          throw scrubbed(e, secrets);
        });
      return { version: '' };
    }
    const body: { data: Record<string, unknown>; options?: { cas: number } } = { data: payload.data };
    if (options.expectedVersion !== undefined) body.options = { cas: Number(options.expectedVersion) };
    const response = await this.session
      .request<{ data: { version: number } }>({
        method: 'POST',
        path: `${this.engine}/data/${encodePath(clean)}`,
        body,
        secretPath: clean,
        operation: 'write the secret',
      })
      .catch((e: unknown) => {
        throw scrubbed(e, secrets);
      });
    if (options.tags) await this.tag(clean, options.tags);
    return { version: String(response.data.version) };
  }

  async delete(path: string, options: DeleteOptions = {}): Promise<void> {
    const clean = cleanPath(this.name, path);
    const v = await this.kvVersion();
    if (v === 1 || !options.versions?.length) {
      await this.session.request({
        method: 'DELETE',
        path: `${this.engine}/${v === 2 ? 'data/' : ''}${encodePath(clean)}`,
        secretPath: clean,
        operation: 'delete the secret',
      });
      return;
    }
    await this.versionsOp('delete', clean, options.versions, 'delete versions');
  }

  async undelete(path: string, versions: string[]): Promise<void> {
    await this.versionsOp('undelete', cleanPath(this.name, path), versions, 'undelete versions');
  }

  async destroyVersions(path: string, versions: string[]): Promise<void> {
    await this.versionsOp('destroy', cleanPath(this.name, path), versions, 'destroy versions');
  }

  async deleteAll(path: string): Promise<void> {
    const clean = cleanPath(this.name, path);
    const v = await this.kvVersion();
    const apiPath = v === 2 ? `${this.engine}/metadata/${encodePath(clean)}` : `${this.engine}/${encodePath(clean)}`;
    await this.session.request({ method: 'DELETE', path: apiPath, secretPath: clean, operation: 'delete all versions and metadata' });
  }

  async restore(path: string): Promise<void> {
    throw this.unsupported(
      cleanPath(this.name, path),
      'Vault has no scheduled deletion to cancel.',
      'Use "undelete" for soft-deleted KV v2 versions.',
    );
  }

  async rotate(path: string): Promise<WriteResult> {
    throw this.unsupported(cleanPath(this.name, path), 'Vault KV has no rotation to start.', 'Write a new version of the secret instead.');
  }

  async tag(path: string, tags: Record<string, string>): Promise<void> {
    const clean = cleanPath(this.name, path);
    if ((await this.kvVersion()) === 1) throw this.unsupported(clean, 'KV v1 engines have no custom metadata.');
    await this.session.request({
      method: 'POST',
      path: `${this.engine}/metadata/${encodePath(clean)}`,
      body: { custom_metadata: tags },
      secretPath: clean,
      operation: 'set custom metadata',
    });
  }

  async testConnection(): Promise<ConnectionInfo> {
    const health = await this.session.request<{ version?: string; sealed?: boolean }>({
      method: 'GET',
      path: 'sys/health',
      token: null,
      operation: 'check server health',
    });
    if (health.sealed) {
      throw new StoreError({
        kind: 'sealed',
        store: this.name,
        problem: `Vault at ${this.session.url} is sealed.`,
        action: 'Ask a Vault operator to unseal it, then refresh.',
      });
    }
    const version = await this.kvVersion();
    const info = this.session.tokenInfo();
    return {
      summary: `Vault ${health.version ?? ''} at ${this.session.url}${this.config.namespace ? ` (namespace ${this.config.namespace})` : ''}, KV v${version} at ${this.engine}/`,
      identity:
        [info.displayName, info.policies?.length ? `policies: ${info.policies.join(', ')}` : undefined].filter(Boolean).join(', ') ||
        undefined,
      expiresAt: info.expiresAt !== undefined ? new Date(info.expiresAt) : undefined,
    };
  }

  dispose(): void {
    this.session.dispose();
  }

  /** Sign Out: revokes a token secretref's own login made; true when one was revoked. */
  revokeToken(): Promise<boolean> {
    return this.session.revoke();
  }

  private async versionsOp(op: 'delete' | 'undelete' | 'destroy', clean: string, versions: string[], operation: string): Promise<void> {
    if ((await this.kvVersion()) === 1) throw this.unsupported(clean, 'KV v1 engines keep no versions.');
    await this.session.request({
      method: 'POST',
      path: `${this.engine}/${op}/${encodePath(clean)}`,
      body: { versions: versions.map(Number) },
      secretPath: clean,
      operation,
    });
  }

  private unsupported(path: string, problem: string, action = 'Use a KV v2 engine for versions, check-and-set and metadata.'): StoreError {
    return new StoreError({ kind: 'unsupported', store: this.name, path, problem, action });
  }
}

interface VaultMetadata {
  current_version: number;
  created_time: string;
  updated_time: string;
  cas_required: boolean;
  max_versions: number;
  custom_metadata: Record<string, string> | null;
  versions: Record<string, { created_time: string; deletion_time: string; destroyed: boolean }>;
}

function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** A listing prefix ("" for the engine's root), confined to the engine like secret paths. */
function normalizeFolder(store: string, prefix: string): string {
  const p = prefix.replace(/^\/+/, '');
  if (!p) return p;
  cleanPath(store, p);
  return p.endsWith('/') ? p : `${p}/`;
}

function cleanPath(store: string, path: string): string {
  const p = path.replace(/^\/+|\/+$/g, '');
  if (!p || p.split('/').some((s) => s === '..' || s === '.' || /^(?:\.|%2e){1,2}$/i.test(s))) {
    throw new StoreError({
      kind: 'invalid',
      store,
      path,
      problem: 'The secret path is empty or contains "." / ".." segments.',
      action: 'Use a path relative to the engine, e.g. "apps/db".',
    });
  }
  return p;
}

/** Rebuilds a write error so no written value can appear in its text. */
function scrubbed(error: unknown, values: string[]): unknown {
  if (!(error instanceof StoreError)) return error;
  const problem = redact(error.problem, values);
  return problem === error.problem ? error : new StoreError({ ...error, problem, action: error.actions });
}
