// Where a config's credentials live in the CredentialStore. The key binds the credentials to the
// config's name, its source (user vs workspace) and everything that decides where they are sent
// (URL, namespace, CA, auth mount, endpoint, region, role). A workspace config that reuses a user
// config's name but points elsewhere, or any workspace config at all, gets a different key and so
// never receives the user's token.
import { createHash } from 'node:crypto';
import type { CredentialStore, ResolvedStoreConfig, StoreCredentials } from './types';
import { cliSessionToken } from './vault/cliSession';

/** Prefix of every SecretStorage key of store credentials (`<prefix>/<name>/<fingerprint>`). */
export const CREDENTIAL_KEY_PREFIX = 'secretref.store';

export function normalizeUrl(url: string | undefined): string {
  if (!url) return '';
  try {
    const u = new URL(url.trim());
    return `${u.protocol}//${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url.trim().toLowerCase();
  }
}

/** A stable fingerprint of the destination of a config's credentials. */
export function configFingerprint(config: ResolvedStoreConfig): string {
  const parts =
    config.kind === 'vault'
      ? [
          'vault',
          normalizeUrl(config.url),
          config.namespace ?? '',
          config.caPath ?? '',
          config.auth,
          config.approlePath ?? 'approle',
          // userpass / LDAP: the token belongs to this user at this mount (empty for other methods,
          // so existing fingerprints stay as they were).
          ...(config.username !== undefined || config.authPath !== undefined ? [config.authPath ?? '', config.username ?? ''] : []),
          config.roleId ?? '',
          config.runnerRoleName ?? '',
          config.runnerRoleId ?? '',
        ]
      : [
          'aws',
          config.region,
          normalizeUrl(config.endpoint),
          normalizeUrl(config.stsEndpoint),
          config.caPath ?? '',
          config.auth,
          config.profile ?? '',
          config.roleArn ?? '',
          config.externalId ?? '',
        ];
  parts.push(config.source === 'cli' ? 'user' : config.source);
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}

export function credentialKey(config: ResolvedStoreConfig): string {
  return `${CREDENTIAL_KEY_PREFIX}/${config.name}/${configFingerprint(config)}`;
}

export async function loadCredentials(store: CredentialStore, config: ResolvedStoreConfig): Promise<StoreCredentials | undefined> {
  const raw = await store.get(credentialKey(config));
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as StoreCredentials;
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export async function saveCredentials(store: CredentialStore, config: ResolvedStoreConfig, credentials: StoreCredentials): Promise<void> {
  const clean: StoreCredentials = {};
  for (const [k, v] of Object.entries(credentials) as [keyof StoreCredentials, string | undefined][]) {
    if (typeof v === 'string' && v.length > 0) clean[k] = v;
  }
  await store.store(credentialKey(config), JSON.stringify(clean));
}

export async function deleteCredentials(store: CredentialStore, config: ResolvedStoreConfig): Promise<void> {
  await store.delete(credentialKey(config));
}

/** Every credential string, so error text can be scrubbed of them. */
export function credentialStrings(credentials: StoreCredentials | undefined): string[] {
  return credentials ? Object.values(credentials).filter((v): v is string => typeof v === 'string' && v.length > 0) : [];
}

/** A CredentialStore in memory, for the CLI (from environment variables) and tests. */
export function memoryCredentialStore(initial: Record<string, string> = {}): CredentialStore {
  const map = new Map(Object.entries(initial));
  return {
    get: async (key) => map.get(key),
    store: async (key, value) => {
      map.set(key, value);
    },
    delete: async (key) => {
      map.delete(key);
    },
  };
}

/**
 * The environment's Vault credential for a config, as the Vault and OpenBao CLIs pair them:
 * VAULT_TOKEN (or VAULT_SECRET_ID for AppRole) only for a config whose URL is exactly VAULT_ADDR,
 * BAO_TOKEN (BAO_SECRET_ID) only for BAO_ADDR. Never a token of one pair for the other's address.
 */
export function vaultEnvironmentCredentials(config: ResolvedStoreConfig, env: NodeJS.ProcessEnv): StoreCredentials | undefined {
  if (config.kind !== 'vault') return undefined;
  for (const prefix of ['VAULT', 'BAO'] as const) {
    const address = env[`${prefix}_ADDR`];
    if (!address || normalizeUrl(address) !== normalizeUrl(config.url)) continue;
    const byToken = config.auth === 'token' || config.auth === 'oidc';
    const value = byToken ? env[`${prefix}_TOKEN`] : env[`${prefix}_SECRET_ID`];
    if (value) return byToken ? { token: value } : { secretId: value };
  }
  return undefined;
}

/**
 * The shell's Vault session for a config, under the same pairing as vaultEnvironmentCredentials:
 * VAULT_TOKEN / VAULT_SECRET_ID first; then, for token auth, the token `vault login` left (its token
 * helper from ~/.vault, else ~/.vault-token) only when the config's URL is VAULT_ADDR, and the one
 * `bao login` left (~/.bao) only when it is BAO_ADDR. Never for a URL the environment did not name.
 */
export async function ambientVaultCredentials(config: ResolvedStoreConfig, env: NodeJS.ProcessEnv): Promise<StoreCredentials | undefined> {
  if (config.kind !== 'vault') return undefined;
  const fromEnv = vaultEnvironmentCredentials(config, env);
  if (fromEnv || config.auth !== 'token') return fromEnv;
  for (const prefix of ['VAULT', 'BAO'] as const) {
    const address = env[`${prefix}_ADDR`];
    if (!address || normalizeUrl(address) !== normalizeUrl(config.url)) continue;
    const token = await cliSessionToken(prefix, env);
    if (token) return { token };
  }
  return undefined;
}

/**
 * The editor's fallback when SecretStorage holds nothing for a config: the environment's token, but
 * only for a config from the user's own settings (see vaultEnvironmentCredentials for the pairing),
 * so a workspace can never redirect the environment's token to a server of its choosing.
 */
export function environmentToken(config: ResolvedStoreConfig, env: NodeJS.ProcessEnv): StoreCredentials | undefined {
  if (config.kind !== 'vault' || config.auth !== 'token' || config.source !== 'user') return undefined;
  return vaultEnvironmentCredentials(config, env);
}

/** environmentToken, then the CLI's session (ambientVaultCredentials): the same user-config-only rule. */
export async function editorAmbientToken(config: ResolvedStoreConfig, env: NodeJS.ProcessEnv): Promise<StoreCredentials | undefined> {
  if (config.kind !== 'vault' || config.auth !== 'token' || config.source !== 'user') return undefined;
  return ambientVaultCredentials(config, env);
}
