// What a store's AWS profile says about where its requests go, read per store as the AWS CLI reads
// it: the Secrets Manager / STS / IAM Identity Center (SSO) endpoint (the store's own field, else AWS_ENDPOINT_URL_SECRETS_MANAGER
// / AWS_ENDPOINT_URL_STS, else AWS_ENDPOINT_URL, else the profile's `[services <name>]` section, else
// its `endpoint_url`; none but the store's own when ignore_configured_endpoint_urls is set),
// use_fips_endpoint and use_dualstack_endpoint (environment first, then the profile), and whether the
// profile signs in through IAM Identity Center. The SDK resolves these itself only for the ambient
// AWS_PROFILE (and caches the files for the process), so a store for profile "p" would get another
// profile's endpoint: the clients are given the values from here and told to ignore their own.
// The profile is the store's own for auth "profile", else AWS_PROFILE (or "default") as the default
// chain uses it. Its endpoints are the user's choice: a workspace config can name a profile only once
// the user approved it (storeConfig.ts), and the file is the user's own.
import { loadSharedConfigReader } from '../sdkLoader';
import type { AwsStoreConfig } from '../types';

export interface AwsClientSettings {
  /** The shared-config profile the store's settings come from. */
  profile: string;
  /** Secrets Manager endpoint, when not AWS's default for the region. */
  endpoint?: string;
  /** STS endpoint (assumed roles, also a profile's own role_arn + source_profile), when not AWS's default. */
  stsEndpoint?: string;
  /** IAM Identity Center's endpoint (the SDK's SSO client, for an sso_session / sso_start_url profile). */
  ssoEndpoint?: string;
  /** Where `endpoint` came from, for messages: "the store config", "AWS_ENDPOINT_URL", 'profile "p"'. */
  endpointFrom?: string;
  useFipsEndpoint: boolean;
  useDualstackEndpoint: boolean;
  /** How the profile signs in, when the user has to do it in a terminal (`aws sso login`, `aws login`). */
  login?: 'sso' | 'console';
}

type Section = Record<string, string | undefined>;

const SERVICES = {
  secretsManager: { env: 'AWS_ENDPOINT_URL_SECRETS_MANAGER', key: 'secretsmanager' },
  sts: { env: 'AWS_ENDPOINT_URL_STS', key: 'sts' },
  sso: { env: 'AWS_ENDPOINT_URL_SSO', key: 'sso' },
} as const;

function truthy(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'true';
}

/** The profile whose settings apply to the store. */
export function awsProfileName(config: Pick<AwsStoreConfig, 'auth' | 'profile'>, env: NodeJS.ProcessEnv): string {
  if (config.auth === 'profile' && config.profile) return config.profile;
  return env.AWS_PROFILE || 'default';
}

function configuredEndpoint(
  service: keyof typeof SERVICES,
  env: NodeJS.ProcessEnv,
  profileName: string,
  profile: Section,
  files: Record<string, Section>,
): { url: string; from: string } | undefined {
  const { env: variable, key } = SERVICES[service];
  if (env[variable]) return { url: env[variable], from: variable };
  if (env.AWS_ENDPOINT_URL) return { url: env.AWS_ENDPOINT_URL, from: 'AWS_ENDPOINT_URL' };
  if (profile.services) {
    const section = files[`services.${profile.services}`];
    // As the SDK and the CLI do: a profile naming a missing services section is an error, not ignored.
    if (!section)
      throw new Error(`The services section "${profile.services}" named by profile "${profileName}" is not in the AWS config file.`);
    const url = section[`${key}.endpoint_url`];
    if (url) return { url, from: `profile "${profileName}" ([services ${profile.services}] ${key})` };
  }
  if (profile.endpoint_url) return { url: profile.endpoint_url, from: `profile "${profileName}" (endpoint_url)` };
  return undefined;
}

/** Reads the shared config files afresh (an `aws sso login` or an edit is seen at the next connect). */
export async function awsClientSettings(config: AwsStoreConfig, env: NodeJS.ProcessEnv = process.env): Promise<AwsClientSettings> {
  const reader = await loadSharedConfigReader();
  const { configFile, credentialsFile } = await reader.loadSharedConfigFiles({ ignoreCache: true });
  const profileName = awsProfileName(config, env);
  // The config file's settings win over the credentials file's, as in the SDK's own loader.
  const profile: Section = { ...(credentialsFile[profileName] ?? {}), ...(configFile[profileName] ?? {}) };
  const ignoreConfigured = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
    ? truthy(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS)
    : truthy(profile.ignore_configured_endpoint_urls);
  const configured = (service: keyof typeof SERVICES) =>
    ignoreConfigured ? undefined : configuredEndpoint(service, env, profileName, profile, configFile);
  const sm = config.endpoint ? { url: config.endpoint, from: 'the store config' } : configured('secretsManager');
  // A store's own endpoint (an emulator) serves STS too unless it names one for STS.
  const sts = config.stsEndpoint || config.endpoint || configured('sts')?.url;
  // The store's endpoint is for Secrets Manager (and STS): IAM Identity Center has its own.
  const sso = configured('sso')?.url;
  const flag = (variable: string, key: string) => (env[variable] !== undefined ? truthy(env[variable]) : truthy(profile[key]));
  const login = profile.sso_session || profile.sso_start_url ? 'sso' : profile.login_session ? 'console' : undefined;
  return {
    profile: profileName,
    ...(sm ? { endpoint: sm.url, endpointFrom: sm.from } : {}),
    ...(sts ? { stsEndpoint: sts } : {}),
    ...(sso ? { ssoEndpoint: sso } : {}),
    useFipsEndpoint: flag('AWS_USE_FIPS_ENDPOINT', 'use_fips_endpoint'),
    useDualstackEndpoint: flag('AWS_USE_DUALSTACK_ENDPOINT', 'use_dualstack_endpoint'),
    ...(login ? { login } : {}),
  };
}

/** The command that signs the profile in again, as the user would type it. */
export function awsLoginCommand(settings: Pick<AwsClientSettings, 'profile' | 'login'>): string | undefined {
  if (!settings.login) return undefined;
  const profile = /^[A-Za-z0-9_.@-]+$/.test(settings.profile) ? settings.profile : `'${settings.profile.replace(/'/g, `'\\''`)}'`;
  return `aws ${settings.login === 'sso' ? 'sso login' : 'login'} --profile ${profile}`;
}
