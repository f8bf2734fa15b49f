// Reads `secretref.stores` entries (untyped JSON from settings or a CLI file) into typed configs,
// collecting problems instead of throwing, and merges user and workspace lists.
import { createHash } from 'node:crypto';
import { say, steps } from './storeError';
import type {
  AwsStoreConfig,
  ConfigSource,
  ResolvedStoreConfig,
  StoreConfig,
  VaultAwsIamSettings,
  VaultOidcSettings,
  VaultStoreConfig,
} from './types';
import { VAULT_AUTH_METHODS, vaultAuthMethod } from './vault/vaultAuthMethods';

export interface ConfigProblem {
  index: number;
  name?: string;
  message: string;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** Copies only known fields, so a settings entry can never smuggle a token into a config. */
export function parseStoreConfig(raw: unknown, index = 0): { config?: StoreConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return { problems: [{ index, message: 'A store config must be an object.' }] };
  }
  const r = raw as Record<string, unknown>;
  const name = str(r.name);
  const fail = (message: string) => problems.push({ index, name, message });
  if (!name) fail('"name" is required.');
  else if (!NAME_PATTERN.test(name)) fail(`"name" may only contain letters, digits, "_", "." and "-" (got "${name}").`);
  // Reported, not fatal: the field is simply never copied into the config.
  const warnings: ConfigProblem[] = ['token', 'secretId', 'secret_id', 'accessKeyId', 'secretAccessKey', 'sessionToken', 'password']
    .filter((key) => key in r)
    .map((key) => ({ index, name, message: `"${key}" does not belong in settings: ${say(steps.credentialsInSettings)}. It was ignored.` }));
  if (r.kind === 'vault') {
    const url = str(r.url);
    if (!url) fail('"url" is required for a Vault store.');
    else if (!/^https?:\/\//i.test(url)) fail(`"url" must start with http:// or https:// (got "${url}").`);
    const auth = r.auth ?? 'token';
    const method = typeof auth === 'string' ? vaultAuthMethod(auth) : undefined;
    if (!method)
      fail(
        `"auth" must be ${Object.keys(VAULT_AUTH_METHODS)
          .map((m) => `"${m}"`)
          .join(', ')}.`,
      );
    if (method?.asks === 'password' && !str(r.username)) fail(`"username" is required for ${method.label} auth.`);
    const oidc = auth === 'oidc' ? parseOidcSettings(r.oidc, fail) : undefined;
    const awsIam = auth === 'aws-iam' ? parseAwsIamSettings(r.awsIam, fail) : undefined;
    const kv = r.kvVersion;
    if (kv !== undefined && kv !== 1 && kv !== 2 && kv !== 'auto') fail('"kvVersion" must be 1, 2 or "auto".');
    if ((auth === 'approle' || auth === 'approle-wrapped') && !str(r.roleId)) fail('"roleId" is required for AppRole auth.');
    if (auth === 'approle-wrapped' && (!str(r.runnerRoleName) || !str(r.runnerRoleId)))
      fail('"runnerRoleName" and "runnerRoleId" are required for the worker/runner AppRole flow.');
    if (problems.length) return { problems: [...problems, ...warnings] };
    const config: VaultStoreConfig = {
      kind: 'vault',
      name: name!,
      url: url!,
      auth: auth as VaultStoreConfig['auth'],
    };
    assign(config, {
      enabled: bool(r.enabled),
      enginePath: str(r.enginePath),
      kvVersion: kv as VaultStoreConfig['kvVersion'],
      namespace: str(r.namespace),
      caPath: str(r.caPath),
      autoRenew: bool(r.autoRenew),
      authPath: method?.asks === 'password' ? str(r.authPath) : undefined,
      username: method?.asks === 'password' ? str(r.username) : undefined,
      approlePath: str(r.approlePath),
      roleId: str(r.roleId),
      runnerRoleName: str(r.runnerRoleName),
      runnerRoleId: str(r.runnerRoleId),
      oidc,
      awsIam,
    });
    return { config, problems: warnings };
  }
  if (r.kind === 'aws') {
    const region = str(r.region);
    if (!region) fail('"region" is required for an AWS store.');
    const auth = r.auth ?? 'default';
    if (auth !== 'default' && auth !== 'profile' && auth !== 'accessKey') fail('"auth" must be "default", "profile" or "accessKey".');
    if (auth === 'profile' && !str(r.profile)) fail('"profile" is required when "auth" is "profile".');
    for (const key of ['endpoint', 'stsEndpoint'] as const) {
      const v = str(r[key]);
      if (v && !/^https?:\/\//i.test(v)) fail(`"${key}" must start with http:// or https:// (got "${v}").`);
    }
    if (str(r.externalId) && !str(r.roleArn)) fail('"externalId" needs "roleArn" (the role to assume).');
    if (problems.length) return { problems: [...problems, ...warnings] };
    const config: AwsStoreConfig = { kind: 'aws', name: name!, region: region!, auth: auth as AwsStoreConfig['auth'] };
    assign(config, {
      enabled: bool(r.enabled),
      endpoint: str(r.endpoint),
      profile: str(r.profile),
      roleArn: str(r.roleArn),
      externalId: str(r.externalId),
      roleSessionName: str(r.roleSessionName),
      stsEndpoint: str(r.stsEndpoint),
      caPath: str(r.caPath),
    });
    return { config, problems: warnings };
  }
  fail('"kind" must be "vault" or "aws".');
  return { problems: [...problems, ...warnings] };
}

function parseOidcSettings(value: unknown, fail: (message: string) => void): VaultOidcSettings | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('"oidc" must be an object ({ "mount", "role", "callbackMode", "port", "callbackHost", "callbackPort", "callbackMethod" }).');
    return undefined;
  }
  const o = value as Record<string, unknown>;
  const port = (key: string): number | undefined => {
    if (o[key] === undefined) return undefined;
    if (typeof o[key] === 'number' && Number.isInteger(o[key]) && o[key] >= 1 && o[key] <= 65535) return o[key];
    fail(`"oidc.${key}" must be a port number from 1 to 65535.`);
    return undefined;
  };
  if (o.callbackMode !== undefined && o.callbackMode !== 'client' && o.callbackMode !== 'device')
    fail('"oidc.callbackMode" must be "client" or "device".');
  if (o.callbackMethod !== undefined && o.callbackMethod !== 'http' && o.callbackMethod !== 'https')
    fail('"oidc.callbackMethod" must be "http" or "https".');
  const settings: VaultOidcSettings = {};
  assign(settings, {
    mount: str(o.mount),
    role: str(o.role),
    callbackMode: o.callbackMode as VaultOidcSettings['callbackMode'],
    port: port('port'),
    callbackHost: str(o.callbackHost),
    callbackPort: port('callbackPort'),
    callbackMethod: o.callbackMethod as VaultOidcSettings['callbackMethod'],
  });
  return settings;
}

/**
 * `awsIam`: a signed GetCallerIdentity logs in to any Vault whose AWS auth trusts the user's AWS identity,
 * so the request must name the one server it is for (X-Vault-AWS-IAM-Server-ID, checked by a server
 * configured with iam_server_id_header_value): a config without it is refused.
 */
function parseAwsIamSettings(value: unknown, fail: (message: string) => void): VaultAwsIamSettings | undefined {
  const shape = '{ "mount", "role", "profile", "region", "stsEndpoint", "serverId" }';
  if (value === undefined) {
    fail(
      `"awsIam" with "serverId" is required for AWS IAM auth (${shape}): the server id (X-Vault-AWS-IAM-Server-ID, the server's iam_server_id_header_value) ties the signed request to this one Vault.`,
    );
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(`"awsIam" must be an object (${shape}).`);
    return undefined;
  }
  const o = value as Record<string, unknown>;
  const serverId = str(o.serverId);
  if (!serverId)
    fail(
      '"awsIam.serverId" is required for AWS IAM auth: the server id (X-Vault-AWS-IAM-Server-ID, the server\'s iam_server_id_header_value) ties the signed request to this one Vault, so no other server can replay it.',
    );
  const stsEndpoint = str(o.stsEndpoint);
  if (stsEndpoint && !/^https?:\/\//i.test(stsEndpoint))
    fail(`"awsIam.stsEndpoint" must start with http:// or https:// (got "${stsEndpoint}").`);
  const settings: VaultAwsIamSettings = {};
  assign(settings, { mount: str(o.mount), role: str(o.role), profile: str(o.profile), region: str(o.region), stsEndpoint, serverId });
  return settings;
}

function assign<T extends object>(target: T, values: Partial<T>): void {
  for (const [k, v] of Object.entries(values)) if (v !== undefined) (target as Record<string, unknown>)[k] = v;
}

export interface ConfigLayer {
  source: ConfigSource;
  entries: unknown;
}

/** A repository's config that was not used because the user's own config has that name. */
export interface ShadowedConfig {
  name: string;
  source: ConfigSource;
}

/** A repository's config that chooses the role, external id or profile the user's identity is used
 *  with, an OIDC sign-in, or an AWS IAM sign-in: used only once the user approved exactly this config (its approval fingerprint). */
export interface PendingApproval {
  config: ResolvedStoreConfig;
  /** The fields that need approval, e.g. ["roleArn", "externalId"]. */
  fields: string[];
  fingerprint: string;
}

export interface MergeOptions {
  /** Whether the user approved this workspace config (by approvalFingerprint); default: nothing is. */
  isApproved?: (fingerprint: string) => boolean;
  /** Exact origins (user setting) that workspace configs may name as AWS endpoints. */
  allowedEndpoints?: readonly string[];
}

export interface MergedStoreConfigs {
  configs: ResolvedStoreConfig[];
  problems: ConfigProblem[];
  shadowed: ShadowedConfig[];
  pending: PendingApproval[];
}

const isWorkspaceSource = (source: ConfigSource) => source === 'workspace' || source === 'workspaceFolder';

/**
 * The fields of a repository's config that choose how the user's own identity is used: an AWS
 * config's role, external id and profile; a Vault config's `auth: "oidc"`, whose Sign In opens the
 * browser at an address the server chooses and listens on this machine for the answer, and its
 * `auth: "aws-iam"`, whose Sign In hands the server a request signed with the user's AWS identity (a
 * short-lived login to any Vault that trusts that identity, bound only by the server id it names).
 */
export function identityChoices(config: StoreConfig): string[] {
  if (config.kind === 'vault') return config.auth === 'oidc' || config.auth === 'aws-iam' ? [`auth "${config.auth}"`] : [];
  return (['roleArn', 'externalId', 'profile'] as const).filter((key) => config[key] !== undefined);
}

/** Fingerprint of exactly what the user approves: every field of the config, and where it came from. */
export function approvalFingerprint(config: ResolvedStoreConfig): string {
  const plain = config as unknown as Record<string, unknown>;
  const canonical = Object.keys(plain)
    .filter((key) => key !== 'endpointsAllowedByUser')
    .sort()
    .map((key) => [key, plain[key]]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 24);
}

/** `https://host[:port]` (or http on loopback) of an endpoint, or undefined when it is not one. */
export function endpointOrigin(endpoint: string): string | undefined {
  try {
    const url = new URL(endpoint.trim());
    if (url.username || url.password) return undefined;
    const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return undefined;
    return url.origin.toLowerCase();
  } catch {
    return undefined;
  }
}

/** True when every endpoint the config names is in the user's allowlist (exact origins). */
function endpointsAllowed(config: AwsStoreConfig, allowed: readonly string[]): boolean {
  const named = [config.endpoint, config.stsEndpoint].filter((e): e is string => !!e);
  if (named.length === 0 || allowed.length === 0) return false;
  const origins = new Set(allowed.map((a) => endpointOrigin(a)).filter((o): o is string => !!o));
  return named.every((e) => {
    const origin = endpointOrigin(e);
    // Only a bare origin (optionally with "/") counts: a path could route elsewhere behind it.
    return !!origin && origins.has(origin) && new URL(e.trim()).pathname.replace(/\/+$/, '') === '';
  });
}

/**
 * User entries first. A repository (workspace / folder settings) can add configs but never replace a
 * user's config of the same name: the user's wins and the repository's is reported in `shadowed`. A
 * repository's AWS config that chooses a role, external id or profile, or a Vault config that signs in
 * with OIDC or AWS IAM, is used only when the user approved exactly that config (`isApproved(approvalFingerprint(config))`); otherwise it is left out
 * and reported in `pending`. Within the repository's layers a folder entry replaces a workspace one.
 */
export function mergeStoreConfigs(layers: readonly ConfigLayer[], options: MergeOptions = {}): MergedStoreConfigs {
  const byName = new Map<string, ResolvedStoreConfig>();
  const problems: ConfigProblem[] = [];
  const shadowed: ShadowedConfig[] = [];
  const pending = new Map<string, PendingApproval>();
  for (const layer of layers) {
    if (layer.entries === undefined || layer.entries === null) continue;
    if (!Array.isArray(layer.entries)) {
      problems.push({ index: -1, message: `secretref.stores in ${layer.source} settings must be an array.` });
      continue;
    }
    layer.entries.forEach((raw, index) => {
      const { config, problems: p } = parseStoreConfig(raw, index);
      problems.push(...p);
      if (!config) return;
      const resolved: ResolvedStoreConfig = { ...config, source: layer.source };
      if (isWorkspaceSource(layer.source)) {
        const existing = byName.get(config.name);
        if (existing && !isWorkspaceSource(existing.source)) {
          shadowed.push({ name: config.name, source: layer.source });
          return;
        }
        pending.delete(config.name);
        const fields = identityChoices(config);
        const fingerprint = approvalFingerprint(resolved);
        if (fields.length > 0 && !options.isApproved?.(fingerprint)) {
          byName.delete(config.name);
          pending.set(config.name, { config: resolved, fields, fingerprint });
          return;
        }
        if (resolved.kind === 'aws' && endpointsAllowed(resolved, options.allowedEndpoints ?? [])) resolved.endpointsAllowedByUser = true;
      }
      byName.set(config.name, resolved);
    });
  }
  return { configs: [...byName.values()], problems, shadowed, pending: [...pending.values()] };
}
