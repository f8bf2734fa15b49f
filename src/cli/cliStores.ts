// A StoreManager for the command line: configs from a `--stores` file, credentials from the
// environment only (VAULT_TOKEN with VAULT_ADDR / BAO_TOKEN with BAO_ADDR, else the session `vault login`
// / `bao login` left: token helper or ~/.vault-token; an AppRole secret-id from VAULT_SECRET_ID /
// BAO_SECRET_ID; AWS access keys or the SDK's default chain), held in memory for this run and never printed.
import * as fs from 'node:fs';
import { splitBom } from '../core/bom';
import { jsoncErrors, NESTING_TOO_DEEP, nodeValue, parseJsonc } from '../core/schemas/jsonc';
import { environmentAwsEndpoints, untrustedEndpoints } from '../core/stores/aws/awsCredentials';
import { ambientVaultCredentials, vaultEnvironmentCredentials } from '../core/stores/credentials';
import { createStoreManager, credentialKey, memoryCredentialStore, parseStoreConfig } from '../core/stores';
import type { CredentialStore, ResolvedStoreConfig, StoreCredentials, StoreManagerWithStats, VaultStoreConfig } from '../core/stores';
import { authMount, VAULT_AUTH_METHODS } from '../core/stores/vault/vaultAuthMethods';
import { vaultAwsIamSignIn, vaultPasswordSignIn } from '../core/stores/vault/vaultStore';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A settings file is small; a repository's ".vscode/settings.json" could be a FIFO or a huge file. */
const MAX_STORES_FILE_BYTES = 10 * 1024 * 1024;

/**
 * Store configs from a file: an array (the shape of secretref.stores) or a settings object holding it.
 * `source`: 'cli' for a file the user named (--stores), 'workspace' for a repository's own
 * .vscode/settings.json; both get the environment's credentials only as the editor would
 * (credentialsFromEnv), and a repository's configs may not choose how they are used (repositoryChoices).
 */
export function readStoresFile(file: string, source: 'cli' | 'workspace' = 'cli'): ResolvedStoreConfig[] {
  let text: string;
  try {
    const info = fs.statSync(file);
    if (!info.isFile()) throw new Error(`the stores file "${file}" is not a regular file.`);
    if (info.size > MAX_STORES_FILE_BYTES)
      throw new Error(`the stores file "${file}" is ${Math.round(info.size / 1024 / 1024)} MB; a settings file is far smaller.`);
    text = splitBom(fs.readFileSync(file, 'utf8')).text;
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('the stores file')) throw error;
    throw new Error(`cannot read the stores file "${file}": check the path.`);
  }
  // The one JSONC parser (trailing commas accepted, as in VS Code's settings); it reads MAX_DEPTH levels without recursion.
  const { root, errors } = parseJsonc(text);
  const problems = jsoncErrors(errors);
  if (problems.some((e) => e.message.startsWith(NESTING_TOO_DEEP))) {
    throw new Error(`the stores file "${file}" nests objects or arrays too deeply; a settings file needs a few levels.`);
  }
  if (problems.length > 0) {
    const first = problems[0];
    const line = text.slice(0, first.offset).split('\n').length;
    throw new Error(`the stores file "${file}" is not valid JSON (${first.message} on line ${line}).`);
  }
  const value = nodeValue(root);
  const list = Array.isArray(value)
    ? value
    : isRecord(value)
      ? (value['secretref.stores'] ?? (isRecord(value.secretref) ? value.secretref.stores : undefined) ?? value.stores)
      : undefined;
  if (!Array.isArray(list))
    throw new Error(`the stores file "${file}" must hold an array of store configs (the shape of the secretref.stores setting).`);
  return list.map((raw, index) => {
    const { config, problems } = parseStoreConfig(raw, index);
    if (!config) throw new Error(`store config #${index + 1} in "${file}": ${problems.map((p) => p.message).join(' ')}`);
    return { ...config, source };
  });
}

/**
 * Credentials a config gets from the environment; undefined when the environment has none for it.
 * Whatever file the config came from, the shell's credentials go only where the shell says: Vault's
 * to the server of VAULT_ADDR (BAO_* to BAO_ADDR), AWS keys only when every endpoint the config
 * names is AWS's own or one the environment chose (AWS_ENDPOINT_URL, or `allowedEndpoints`).
 */
export function credentialsFromEnv(
  config: ResolvedStoreConfig,
  env: NodeJS.ProcessEnv,
  allowedEndpoints: readonly string[] = environmentAwsEndpoints(env),
): StoreCredentials | undefined {
  if (config.kind === 'vault') return vaultEnvironmentCredentials(config, env);
  if (untrustedEndpoints(config, allowedEndpoints).length > 0) return undefined;
  if (config.auth === 'accessKey' && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN };
  }
  return undefined; // 'default' and 'profile' use the SDK's own chain (assertEndpointTrust guards it)
}

/**
 * The fields of a repository's config that choose how the shell's credentials are used: the role,
 * external id and profile they assume or read, the CA that replaces the TLS roots, endpoints that are
 * not AWS's own, an OIDC sign-in (a browser and a listener for a server the repository names), an AWS
 * IAM sign-in (a GetCallerIdentity signed with the shell's AWS identity, for that server). The
 * CLI runs such a config only when the user approves it (--trust-repo-store).
 */
export function repositoryChoices(config: ResolvedStoreConfig, env: NodeJS.ProcessEnv): string[] {
  const chosen: string[] = [];
  if (config.caPath) chosen.push(`caPath ${config.caPath}`);
  // An OIDC sign-in opens an address the repository's server chooses and listens on this machine; an
  // AWS IAM sign-in hands that server a request signed with the shell's AWS identity.
  if (config.kind === 'vault') return config.auth === 'oidc' || config.auth === 'aws-iam' ? [...chosen, `auth ${config.auth}`] : chosen;
  if (config.roleArn) chosen.push(`roleArn ${config.roleArn}`);
  if (config.externalId) chosen.push('externalId');
  if (config.profile) chosen.push(`profile ${config.profile}`);
  for (const endpoint of untrustedEndpoints(config, environmentAwsEndpoints(env))) chosen.push(`endpoint ${endpoint}`);
  return chosen;
}

/**
 * A repository config may not choose how the shell's credentials are used (role, external id,
 * profile, caPath, non-AWS endpoints) unless the user approved it by name (`--trust-repo-store`, the
 * language server's `trustRepoStores`); an approved one counts as the user's, endpoints included.
 * Returns the config to use and the endpoints it may send them to, or the refusal in words.
 */
export function approveRepositoryConfig(
  config: ResolvedStoreConfig,
  trusted: readonly string[],
  env: NodeJS.ProcessEnv,
  /** How the user approves a config, or brings their own, in the words of the tool asking. */
  words: { approve: string; own: string } = { approve: '--trust-repo-store', own: 'pass --stores <file>' },
): { config: ResolvedStoreConfig; allowedAwsEndpoints: string[] } | { refusal: string } {
  if (config.source !== 'workspace') return { config, allowedAwsEndpoints: [] };
  if (trusted.includes(config.name)) {
    const endpoints = config.kind === 'aws' ? [config.endpoint, config.stsEndpoint].filter((e): e is string => Boolean(e)) : [];
    return { config: { ...config, source: 'cli' }, allowedAwsEndpoints: endpoints };
  }
  const chosen = repositoryChoices(config, env);
  if (chosen.length === 0) return { config, allowedAwsEndpoints: [] };
  return {
    refusal:
      `store config "${config.name}" comes from the repository's .vscode/settings.json and chooses how your shell's credentials are used (${chosen.join(', ')}). ` +
      `Nothing was written. Check that config; to use it as it is, run again with ${words.approve} ${config.name}, or ${words.own} with a config of your own.`,
  };
}

/**
 * A custom endpoint from the environment, as the AWS CLI does (local emulators, PrivateLink). The
 * config keeps its source: the environment chose the endpoint, not the rest of the config.
 */
export function withEnvironmentEndpoint(config: ResolvedStoreConfig, env: NodeJS.ProcessEnv): ResolvedStoreConfig {
  return config.kind === 'aws' && !config.endpoint && env.AWS_ENDPOINT_URL ? { ...config, endpoint: env.AWS_ENDPOINT_URL } : config;
}

export async function cliStoreManager(
  configs: readonly ResolvedStoreConfig[],
  env: NodeJS.ProcessEnv,
  options: {
    allowedAwsEndpoints?: readonly string[];
    /** userpass / LDAP: the password for a prompt (--password-stdin or the terminal), asked when the store is first used. */
    password?: (prompt: string) => Promise<string | undefined>;
    /** OIDC: the browser or device sign-in on the terminal (oidcTerminal.ts), run when the store is first used. */
    oidc?: (config: VaultStoreConfig) => Promise<{ token: string } | undefined>;
  } = {},
): Promise<StoreManagerWithStats> {
  const memory = memoryCredentialStore();
  const byKey = new Map(configs.map((config) => [credentialKey(config), config]));
  /** One sign-in per config at a time: the references of a file resolve in parallel. */
  const signingIn = new Map<string, Promise<string | undefined>>();
  const signIn = async (key: string, config: VaultStoreConfig): Promise<string | undefined> => {
    const asks = VAULT_AUTH_METHODS[config.auth].asks;
    let signedIn: object | undefined;
    if (asks === 'password' && options.password) {
      const password = await options.password(
        `Password of "${config.username ?? '?'}" (auth/${authMount(config)} at ${config.url}, store "${config.name}"): `,
      );
      if (password) signedIn = await vaultPasswordSignIn(config, password);
    } else if (asks === 'browser' && options.oidc) {
      const result = await options.oidc(config);
      if (result) signedIn = { token: result.token };
    } else if (asks === 'aws') {
      // The terminal's AWS chain (the config's awsIam.profile, else AWS_PROFILE / the environment) signs.
      signedIn = await vaultAwsIamSignIn(config);
    }
    if (!signedIn) return undefined;
    const value = JSON.stringify(signedIn);
    await memory.store(key, value);
    return value;
  };
  // A password, OIDC or AWS IAM config signs in on first use; the token it gets is held in memory for this run.
  const credentials: CredentialStore = {
    ...memory,
    get: async (key) => {
      const held = await memory.get(key);
      const config = byKey.get(key);
      if (held || config?.kind !== 'vault') return held;
      let pending = signingIn.get(key);
      if (!pending) {
        pending = signIn(key, config).finally(() => signingIn.delete(key));
        signingIn.set(key, pending);
      }
      return pending;
    },
  };
  const allowedAwsEndpoints = [...environmentAwsEndpoints(env), ...(options.allowedAwsEndpoints ?? [])];
  for (const config of configs) {
    const found = credentialsFromEnv(config, env, allowedAwsEndpoints) ?? (await ambientVaultCredentials(config, env));
    if (found) {
      const clean = Object.fromEntries(Object.entries(found).filter(([, v]) => typeof v === 'string' && v));
      await memory.store(credentialKey(config), JSON.stringify(clean));
    }
  }
  return createStoreManager({ credentials, configs, allowedAwsEndpoints });
}
