// What a recording proxy (test/support/faultProxy.ts) saw of the user's credentials: the helpers the
// shadowing and red-team suites share, and the ambient credentials they put in play. Plain Node (no
// vscode), so unit tests may use them too.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FaultProxy, ProxiedRequest, startFaultProxy } from './faultProxy';

/** The environment variables through which a user's credentials reach a store without a sign-in. */
const AMBIENT_ENV_KEYS = [
  'VAULT_ADDR',
  'VAULT_TOKEN',
  'BAO_ADDR',
  'BAO_TOKEN',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_CONFIG_FILE',
] as const;

export interface AwsKeyPair {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface AmbientCredentials {
  /** Where the profile files go (the run directory), and a prefix for their names. */
  dir: string;
  prefix: string;
  vault: { address: string; token: string };
  /** The AWS default chain's keys (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY). */
  awsEnv: AwsKeyPair;
  /** A named profile in a shared credentials file of its own, with its region in a config file. */
  profile: { name: string; region: string; keys: AwsKeyPair };
}

/** Undoes installAmbientCredentials; `files` are the profile files it wrote (they hold a key on purpose). */
export type RestoreAmbientCredentials = (() => void) & { readonly files: readonly string[] };

/**
 * Puts a user's ambient credentials in this process's environment: VAULT_ADDR/VAULT_TOKEN, AWS default-chain
 * keys, and AWS_SHARED_CREDENTIALS_FILE/AWS_CONFIG_FILE with a profile. Every other credential variable is
 * cleared. The returned function restores the environment as it was and removes the files.
 */
export function installAmbientCredentials(ambient: AmbientCredentials): RestoreAmbientCredentials {
  const saved = Object.fromEntries(AMBIENT_ENV_KEYS.map((key) => [key, process.env[key]]));
  for (const key of AMBIENT_ENV_KEYS) delete process.env[key];
  const credentialsFile = path.join(ambient.dir, `${ambient.prefix}-aws-credentials-${process.pid}`);
  const configFile = path.join(ambient.dir, `${ambient.prefix}-aws-config-${process.pid}`);
  const { name, region, keys } = ambient.profile;
  fs.writeFileSync(
    credentialsFile,
    `[${name}]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`,
  );
  fs.writeFileSync(configFile, `[profile ${name}]\nregion = ${region}\n`);
  Object.assign(process.env, {
    VAULT_ADDR: ambient.vault.address,
    VAULT_TOKEN: ambient.vault.token,
    AWS_ACCESS_KEY_ID: ambient.awsEnv.accessKeyId,
    AWS_SECRET_ACCESS_KEY: ambient.awsEnv.secretAccessKey,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_CONFIG_FILE: configFile,
  });
  const files = [credentialsFile, configFile];
  const restore = () => {
    for (const key of AMBIENT_ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    for (const file of files) fs.rmSync(file, { force: true });
  };
  return Object.assign(restore, { files });
}

/** Recording proxies in front of the real servers, one per target, alive for the length of a suite. */
export function startRecorders(...targets: string[]): Promise<FaultProxy[]> {
  return Promise.all(targets.map((target) => startFaultProxy({ target, lifetimeMs: 600_000 })));
}

/** Which of the named credential strings appear anywhere in the recorded requests (headers or body). */
export function credentialsSeen(requests: readonly ProxiedRequest[], credentials: Record<string, string>): string[] {
  const text = (r: ProxiedRequest) => `${JSON.stringify(r.headers)}\n${r.body}`;
  return Object.entries(credentials)
    .filter(([, secret]) => secret && requests.some((r) => text(r).includes(secret)))
    .map(([name]) => name);
}

/** Requests signed with one of these AWS access key ids (SigV4 `Credential=<AKID>/...`). */
export function signedWith(requests: readonly ProxiedRequest[], accessKeyIds: Record<string, string>): string[] {
  return Object.entries(accessKeyIds)
    .filter(([, id]) => requests.some((r) => String(r.headers.authorization ?? '').includes(`Credential=${id}/`)))
    .map(([name]) => name);
}

export function describeRequests(requests: readonly ProxiedRequest[]): string {
  return requests.map((r) => `${r.method} ${r.path}`).join(', ') || 'none';
}

/** Requests that carry any credential at all: a Vault token, an authorization header, an AWS session token,
 *  or a Vault AWS IAM login (a signed sts:GetCallerIdentity, its headers base64 in the body). */
export function credentialedRequests(requests: readonly ProxiedRequest[]): ProxiedRequest[] {
  return requests.filter(
    (r) =>
      r.headers['x-vault-token'] !== undefined ||
      r.headers.authorization !== undefined ||
      r.headers['x-amz-security-token'] !== undefined ||
      r.body.includes('iam_request_headers'),
  );
}

/** Runs a step that may fail (the point is what it sends), bounded so a stray prompt cannot hang the suite. */
export async function attempt<T>(
  what: string,
  step: () => PromiseLike<T> | Promise<T>,
  outcomes: Map<string, unknown>,
  timeoutMs = 20_000,
): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      Promise.resolve(step()),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]);
    outcomes.set(what, result);
    return result;
  } catch (error) {
    outcomes.set(what, error);
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
