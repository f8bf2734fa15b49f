// The store layer's public API (VS Code-free; the CLI, benches and tests use it directly).
// - StoreConfig: one entry of the `secretref.stores` setting (kind 'vault' | 'aws'); never holds secrets.
// - SecretStore: one live connection to one config: list (paged), read (at a version/stage), metadata,
//   write (with an expected-version check), delete/undelete/destroy/deleteAll/restore, tag, test.
// - StoreManager (createStoreManager in ./storeManager): the one object features call. `get(name)` gives
//   a SecretStore; `read(name, path, opts)` is cached (secretref.cacheTtlSeconds) and shares identical
//   in-flight reads; `refresh()` drops the cache; `onDidChange` fires on config/status/secret changes.
// - Every failure is a StoreError (./storeError) with a `kind` and a message naming store, secret, what
//   went wrong and what to do. Messages never contain a value or a token.
// - Credentials (tokens, secret-ids, access keys) come from a CredentialStore (VS Code SecretStorage in
//   the extension), keyed by credentialKey(config) = name + fingerprint of URL/endpoint/source.
export { StoreError, isStoreError } from './storeError';
export type { StoreErrorKind } from './storeError';

export type StoreKind = 'vault' | 'aws';

/** Where a config came from. Workspace configs never share credentials with user configs. */
export type ConfigSource = 'user' | 'workspace' | 'workspaceFolder' | 'cli';

export type VaultAuthMethod =
  /** A token in SecretStorage. */
  | 'token'
  /** userpass / LDAP: username in settings, the password asked at each sign-in and exchanged at
   *  auth/<authPath>/login/<username> for a token, which alone is kept in SecretStorage. */
  | 'userpass'
  | 'ldap'
  /** AppRole: roleId in settings, secret-id in SecretStorage. */
  | 'approle'
  /** Cloudomation Engine, "Secret Handling" (https://docs.cloudomation.com/engine/8/docs/vault-integration):
   *  a worker AppRole (roleId + secret-id) fetches a wrapped secret-id for runnerRoleName,
   *  the runner unwraps it and logs in with runnerRoleId. */
  | 'approle-wrapped'
  /** OIDC in the browser (loopback callback) or OpenBao's device mode; only the token is stored. */
  | 'oidc'
  /** Vault's AWS auth method, IAM type: a SigV4-signed sts:GetCallerIdentity made with the user's AWS
   *  profile (or the default chain) is exchanged at auth/<mount>/login for a token, which alone is kept. */
  | 'aws-iam';

/** `auth: "aws-iam"` options, as `vault login -method=aws` names them (awsIamLogin.ts). */
export interface VaultAwsIamSettings {
  /** Auth mount, default `aws`. */
  mount?: string;
  /** Vault role; default the role named after the IAM principal (Vault's own default). */
  role?: string;
  /** AWS profile whose credentials sign the request; default the SDK's default chain. */
  profile?: string;
  /** Region the request is signed for (`region`); default the profile's region, else us-east-1. */
  region?: string;
  /** STS endpoint of the signed request; default the profile's STS endpoint, else AWS's for the region. */
  stsEndpoint?: string;
  /** The X-Vault-AWS-IAM-Server-ID header (`header_value`), signed with the request: required. */
  serverId?: string;
}

/** `auth: "oidc"` options, as `bao login -method=oidc` names them (oidcLogin.ts). */
export interface VaultOidcSettings {
  /** Auth mount, default `oidc`. */
  mount?: string;
  /** Role; default the mount's default_role. */
  role?: string;
  /** `client` (browser + loopback listener, default) or `device` (OpenBao, RFC 8628). */
  callbackMode?: 'client' | 'device';
  /** Listener port on 127.0.0.1, default 8250. */
  port?: number;
  /** Host, port and scheme of the redirect_uri (default localhost, `port`, http). */
  callbackHost?: string;
  callbackPort?: number;
  callbackMethod?: 'http' | 'https';
}

export interface VaultStoreConfig {
  kind: 'vault';
  /** Unique config name, used in references: vault.secret(<name>:<path>.<key>). */
  name: string;
  /** If false nothing uses this config. Default true. */
  enabled?: boolean;
  /** e.g. https://vault.example.com:8200 */
  url: string;
  /** Mount path of the KV engine, e.g. `secret` or `kv`. Default `secret`. */
  enginePath?: string;
  /** KV version; 'auto' (default) detects it from the mount. */
  kvVersion?: 1 | 2 | 'auto';
  /** Vault Enterprise / OpenBao namespace (sent as X-Vault-Namespace). */
  namespace?: string;
  /** Path to a PEM CA certificate for self-signed servers. */
  caPath?: string;
  /** Renew renewable tokens before they expire. Default true. */
  autoRenew?: boolean;
  auth: VaultAuthMethod;
  /** userpass / LDAP: mount of the auth method (auth/<authPath>). Default the method's name. */
  authPath?: string;
  /** userpass / LDAP: the username to sign in as. */
  username?: string;
  /** Mount of the AppRole auth method (final path auth/<approlePath>). Default `approle`. */
  approlePath?: string;
  /** AppRole role-id (the worker's, for approle-wrapped). Not a secret on its own. */
  roleId?: string;
  /** approle-wrapped: the runner role's name and role-id. */
  runnerRoleName?: string;
  runnerRoleId?: string;
  /** auth "oidc": mount, role, callback mode and listener. */
  oidc?: VaultOidcSettings;
  /** auth "aws-iam": mount, role, AWS profile, region, STS endpoint and the server id header. */
  awsIam?: VaultAwsIamSettings;
}

export type AwsAuthMethod =
  /** The SDK's default chain (env, shared files, SSO, instance/container roles). */
  | 'default'
  /** A named profile from the credentials/config files (AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE). */
  | 'profile'
  /** An access key id + secret access key kept in SecretStorage. */
  | 'accessKey';

export interface AwsStoreConfig {
  kind: 'aws';
  name: string;
  enabled?: boolean;
  region: string;
  /** Custom endpoint: VPC endpoint / PrivateLink DNS (Monte Carlo, "Agent Service AWS PrivateLink":
   *  https://docs.getmontecarlo.com/docs/agent-service-aws-private-link), or a local emulator. */
  endpoint?: string;
  auth: AwsAuthMethod;
  /** For auth 'profile'. */
  profile?: string;
  /** Optional: assume this role (Monte Carlo, "Using self-hosted credentials": https://docs.getmontecarlo.com/docs/using-self-hosted-credentials)
   *  with the base credentials above. */
  roleArn?: string;
  externalId?: string;
  roleSessionName?: string;
  /** STS endpoint for the assume-role call; defaults to `endpoint` when that is set. */
  stsEndpoint?: string;
  /** Path to a PEM CA bundle for a private endpoint. */
  caPath?: string;
}

export type StoreConfig = VaultStoreConfig | AwsStoreConfig;

/** A config plus where it came from (set by the settings reader, not by the user). */
export type ResolvedStoreConfig = StoreConfig & {
  source: ConfigSource;
  /** Set by mergeStoreConfigs (never from settings): every endpoint of this workspace AWS config is in
   *  the user's `secretref.workspaceEndpoints` allowlist. */
  endpointsAllowedByUser?: boolean;
};

/** Secrets a store config needs; held only in a CredentialStore, never in settings or logs. */
export interface StoreCredentials {
  /** Vault token (auth 'token'). */
  token?: string;
  /** AppRole secret-id (the worker's, for approle-wrapped). */
  secretId?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
}

/** What Sign In hands the store layer: credentials to keep, a password to exchange for a token
 *  (userpass, LDAP) that is used once and never kept, or `awsIam: true`: sign the AWS IAM login now with
 *  the config's AWS profile (auth "aws-iam") and keep only the token. */
export type SignInInput = StoreCredentials & { password?: string; awsIam?: boolean };

/** Secret key/value storage (VS Code SecretStorage in the extension; memory in the CLI and tests). */
export interface CredentialStore {
  get(key: string): Promise<string | undefined>;
  store(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface ListOptions {
  /** Vault: folder path ('' = engine root, 'apps/'); AWS: name prefix filter. */
  prefix?: string;
  /** Opaque token from a previous ListPage. */
  pageToken?: string;
  /** Default 100; AWS caps at 100 per request. */
  pageSize?: number;
  /** Case-insensitive substring filter on the name. */
  nameFilter?: string;
  /** AWS only: include secrets scheduled for deletion. */
  includeDeleted?: boolean;
}

export interface SecretListEntry {
  /** Full path (Vault, relative to the engine) or name (AWS). Folders end with '/'. */
  path: string;
  /** Last path segment, for display. */
  name: string;
  isFolder: boolean;
  /** AWS: ARN, description, last changed, scheduled deletion date. */
  arn?: string;
  description?: string;
  lastChanged?: string;
  deletedDate?: string;
  tags?: Record<string, string>;
  /** AWS: rotation and last access, as ListSecrets reports them (no extra request). */
  rotation?: SecretRotation;
  lastAccessedDate?: string;
}

export interface ListPage {
  entries: SecretListEntry[];
  /** Present when more entries follow. */
  nextPageToken?: string;
}

export interface ReadOptions {
  /** Vault: version number as a string; AWS: version id. */
  version?: string;
  /** AWS: version stage, e.g. AWSCURRENT, AWSPREVIOUS. */
  stage?: string;
  /** Manager only: bypass (and refresh) the cache. */
  fresh?: boolean;
}

/** What a write sends. */
export type SecretPayload =
  { type: 'keyed'; data: Record<string, unknown> } | { type: 'text'; text: string } | { type: 'binary'; bytes: Uint8Array };

interface SecretValueBase {
  store: string;
  path: string;
  /** Vault version number or AWS version id; undefined for KV v1. */
  version?: string;
  /** AWS stages of this version. */
  stages?: string[];
  createdTime?: string;
}

/** A read secret. `keyed` = Vault data or an AWS SecretString that is a JSON object. */
export type SecretValue = SecretValueBase & SecretPayload;

export interface SecretVersionInfo {
  version: string;
  createdTime?: string;
  /** Vault soft-deleted time (empty when live). */
  deletedTime?: string;
  destroyed?: boolean;
  /** AWS stages (AWSCURRENT, AWSPREVIOUS, custom). */
  stages?: string[];
}

export interface SecretMetadata {
  store: string;
  path: string;
  kind: StoreKind;
  /** Vault: current version number; AWS: AWSCURRENT version id. KV v1: undefined. */
  currentVersion?: string;
  createdTime?: string;
  updatedTime?: string;
  versions: SecretVersionInfo[];
  /** Vault KV v2 metadata. */
  casRequired?: boolean;
  maxVersions?: number;
  customMetadata?: Record<string, string>;
  /** AWS describe. */
  arn?: string;
  description?: string;
  tags?: Record<string, string>;
  kmsKeyId?: string;
  /** AWS: set when the secret is scheduled for deletion. */
  deletedDate?: string;
  /** AWS DescribeSecret: rotation configuration and dates (absent when rotation was never set up). */
  rotation?: SecretRotation;
  /** AWS DescribeSecret: the day the secret was last read (AWS keeps dates only). */
  lastAccessedDate?: string;
}

/** AWS rotation as DescribeSecret reports it. */
export interface SecretRotation {
  /** RotationEnabled: automatic rotation is on. */
  enabled: boolean;
  /** Rotation is configured (a Lambda or a managed rotation): "Rotate now" can run. */
  configured: boolean;
  lambdaArn?: string;
  afterDays?: number;
  scheduleExpression?: string;
  lastRotatedDate?: string;
  nextRotationDate?: string;
}

export interface WriteOptions {
  /** Conflict check. Vault: cas = this version number ('0' = must not exist yet). AWS: the version id
   *  that must still be AWSCURRENT. A mismatch throws StoreError kind 'conflict'. */
  expectedVersion?: string;
  /** AWS: create the secret if it does not exist (CreateSecret); otherwise PutSecretValue. */
  create?: boolean;
  description?: string;
  tags?: Record<string, string>;
}

export interface WriteResult {
  version: string;
  /** AWS: the secret's ARN (CreateSecret / PutSecretValue return it). */
  arn?: string;
}

export interface DeleteOptions {
  /** Vault KV v2: soft-delete only these versions (default: the latest). */
  versions?: string[];
  /** AWS: recovery window in days, 7..30 (default 30). */
  recoveryWindowDays?: number;
  /** AWS: delete immediately without recovery. */
  forceWithoutRecovery?: boolean;
}

export interface ConnectionInfo {
  /** e.g. "OpenBao 2.x, KV v2 at secret/" or "account 123456789012, us-east-1". */
  summary: string;
  /** Identity the store sees (token display name / policies, or caller ARN). Never a secret. */
  identity?: string;
  /** Vault: token expiry, if any. */
  expiresAt?: Date;
}

export interface SecretStore {
  readonly name: string;
  readonly kind: StoreKind;
  list(options?: ListOptions): Promise<ListPage>;
  read(path: string, options?: ReadOptions): Promise<SecretValue>;
  metadata(path: string): Promise<SecretMetadata>;
  write(path: string, payload: SecretPayload, options?: WriteOptions): Promise<WriteResult>;
  /** Vault v2: soft delete (latest or given versions); v1: delete. AWS: delete with recovery window. */
  delete(path: string, options?: DeleteOptions): Promise<void>;
  /** Vault v2 only. */
  undelete(path: string, versions: string[]): Promise<void>;
  /** Vault v2 only: permanently destroy versions. */
  destroyVersions(path: string, versions: string[]): Promise<void>;
  /** Vault v2: delete metadata and all versions. AWS: force delete without recovery. */
  deleteAll(path: string): Promise<void>;
  /** AWS only: cancel a scheduled deletion. */
  restore(path: string): Promise<void>;
  /** AWS tags; Vault v2 custom metadata. */
  tag(path: string, tags: Record<string, string>): Promise<void>;
  /** AWS only: start a rotation now with the secret's configured rotation (RotateSecret). Returns the
   *  new version id (AWSPENDING until the rotation finishes). */
  rotate(path: string): Promise<WriteResult>;
  testConnection(): Promise<ConnectionInfo>;
  dispose(): void;
}

export type StoreStatus = 'unknown' | 'signed-in' | 'signed-out' | 'expired' | 'error' | 'disabled' | 'untrusted';

export type StoreChangeEvent =
  | { type: 'configs' }
  | { type: 'status'; store: string; status: StoreStatus }
  /** A secret changed through this manager (write/delete/...) or was refreshed. */
  | { type: 'secret'; store: string; path: string }
  /** refresh(): every cached entry of the store (or all stores) dropped. */
  | { type: 'refresh'; store?: string };

export interface Disposable {
  dispose(): void;
}

export interface StoreManager {
  /** All configs, user then workspace (workspace entries of the same name override user ones). */
  configs(): readonly ResolvedStoreConfig[];
  config(name: string): ResolvedStoreConfig | undefined;
  /** Replace configs (settings changed); drops clients and cache of changed configs. */
  setConfigs(configs: readonly ResolvedStoreConfig[]): void;
  /** A store for the config. Throws StoreError: not-found (no such config), disabled, untrusted,
   *  signed-out. The returned store invalidates the cache and fires 'secret' on writes. */
  get(name: string): Promise<SecretStore>;
  /** Cached read, shares identical in-flight requests. */
  read(storeName: string, path: string, options?: ReadOptions): Promise<SecretValue>;
  /** One key of a keyed secret, or the whole text/base64 when key is omitted. */
  readKey(storeName: string, path: string, key?: string, options?: ReadOptions): Promise<string>;
  /** Cached like read(); `fresh` bypasses (and refreshes) the cache. */
  metadata(storeName: string, path: string, options?: { fresh?: boolean }): Promise<SecretMetadata>;
  list(storeName: string, options?: ListOptions): Promise<ListPage>;
  /** Drop cached reads (all, one store, or one secret) and fire 'refresh'/'secret'. */
  refresh(storeName?: string, path?: string): void;
  status(storeName: string): StoreStatus;
  /** Save credentials for a config (SecretStorage) and drop its client; fires 'status'. A password
   *  (userpass, LDAP) is exchanged for a token first and only the token is saved; a failed login saves nothing. */
  signIn(storeName: string, credentials: SignInInput): Promise<void>;
  /** Revokes a token secretref's own login made (not a pasted one), then forgets the credentials. */
  signOut(storeName: string): Promise<void>;
  hasCredentials(storeName: string): Promise<boolean>;
  onDidChange(listener: (event: StoreChangeEvent) => void): Disposable;
  dispose(): void;
}
