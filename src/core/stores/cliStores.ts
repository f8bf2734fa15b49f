// A StoreManager for the command line: configs from a `--stores` file, credentials from the
// environment only (VAULT_TOKEN / BAO_TOKEN; an AppRole secret-id from VAULT_SECRET_ID; AWS access
// keys or the SDK's default chain), held in memory for this run and never printed.
import { parse, ParseError } from 'jsonc-parser';
import * as fs from 'node:fs';
import { isAwsEndpoint } from './aws/awsCredentials';
import { normalizeUrl } from './credentials';
import { createStoreManager, credentialKey, memoryCredentialStore, parseStoreConfig } from './index';
import type { ResolvedStoreConfig, StoreCredentials, StoreManagerWithStats } from './index';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Store configs from a file: an array (the shape of secretref.stores) or a settings object holding it.
 * `source`: 'cli' for a file the user named (--stores), 'workspace' for a repository's own
 * .vscode/settings.json, whose configs get the environment's credentials only as the editor would.
 */
export function readStoresFile(file: string, source: 'cli' | 'workspace' = 'cli'): ResolvedStoreConfig[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`cannot read the stores file "${file}": check the path.`);
  }
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) throw new Error(`the stores file "${file}" is not valid JSON.`);
  const list = Array.isArray(value)
    ? value
    : isRecord(value)
      ? (value['secretref.stores'] ?? (isRecord(value.secretref) ? value.secretref.stores : undefined) ?? value.stores)
      : undefined;
  if (!Array.isArray(list)) throw new Error(`the stores file "${file}" must hold an array of store configs (the shape of the secretref.stores setting).`);
  return list.map((raw, index) => {
    const { config, problems } = parseStoreConfig(raw, index);
    if (!config) throw new Error(`store config #${index + 1} in "${file}": ${problems.map((p) => p.message).join(' ')}`);
    return { ...config, source };
  });
}

/**
 * Credentials a config gets from the environment; undefined when the environment has none. A config
 * from a repository's own settings is the repository's choice of server: it gets the Vault credentials
 * only when its URL is VAULT_ADDR / BAO_ADDR, and AWS keys only for AWS's own endpoints, so cloning a
 * repository and running the CLI never sends the shell's token to a server the repository picked.
 */
export function credentialsFromEnv(config: ResolvedStoreConfig, env: NodeJS.ProcessEnv): StoreCredentials | undefined {
  const fromWorkspace = config.source === 'workspace' || config.source === 'workspaceFolder';
  if (config.kind === 'vault') {
    const address = env.VAULT_ADDR || env.BAO_ADDR;
    if (fromWorkspace && (!address || normalizeUrl(address) !== normalizeUrl(config.url))) return undefined;
    if (config.auth === 'token') {
      const token = env.VAULT_TOKEN || env.BAO_TOKEN;
      return token ? { token } : undefined;
    }
    const secretId = env.VAULT_SECRET_ID || env.BAO_SECRET_ID;
    return secretId ? { secretId } : undefined;
  }
  if (fromWorkspace && !isAwsEndpoint(config.endpoint)) return undefined;
  if (config.auth === 'accessKey' && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN };
  }
  return undefined; // 'default' and 'profile' use the SDK's own chain
}

export async function cliStoreManager(configs: readonly ResolvedStoreConfig[], env: NodeJS.ProcessEnv): Promise<StoreManagerWithStats> {
  const credentials = memoryCredentialStore();
  for (const config of configs) {
    const found = credentialsFromEnv(config, env);
    if (found) {
      const clean = Object.fromEntries(Object.entries(found).filter(([, v]) => typeof v === 'string' && v));
      await credentials.store(credentialKey(config), JSON.stringify(clean));
    }
  }
  return createStoreManager({ credentials, configs });
}
