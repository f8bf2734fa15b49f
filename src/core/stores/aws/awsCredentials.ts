// Builds the AWS credential provider of a store config: the default chain, a named profile from the
// shared files (AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE honoured by the SDK), or an access key
// from SecretStorage; optionally an assumed role with an external id (as Monte Carlo's "Using
// self-hosted credentials" asks for), whose STS call goes
// to the config's STS endpoint (or its custom endpoint, e.g. a local emulator).
import { AssumeRoleFailure } from '../errorMapping';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { loadCredentialProviders } from '../sdkLoader';
import { normalizeUrl } from '../credentials';
import { steps, StoreError } from '../storeError';
import type { AwsStoreConfig, ConfigSource, StoreCredentials } from '../types';
import type { AwsClientSettings } from './awsProfileConfig';
import { awsRequestHandlerOptions } from './awsRequestHandler';

// Service endpoints of Secrets Manager and STS only (standard, FIPS, dual-stack, China, and
// interface VPC endpoints of those two services), with a region in its place: "sts.s3.amazonaws.com"
// is an S3 bucket, anybody's. Anything else under amazonaws.com can be the customer's own host (API
// Gateway, EC2 public DNS, load balancers) and must not count as AWS. https on port 443 only.
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d{1,2}';
const SERVICE = '(?:secretsmanager|sts)(?:-fips)?';
const AWS_SERVICE_HOST = new RegExp(
  `^(?:sts\\.amazonaws\\.com|${SERVICE}\\.${REGION}\\.(?:amazonaws\\.com|amazonaws\\.com\\.cn|api\\.aws|api\\.amazonwebservices\\.com\\.cn))$`,
);
const AWS_VPC_ENDPOINT_HOST = new RegExp(`^vpce-[a-z0-9-]+\\.${SERVICE}\\.${REGION}\\.vpce\\.amazonaws\\.com(?:\\.cn)?$`);

/** True for AWS's own Secrets Manager / STS endpoints (or none: the SDK's default). */
export function isAwsEndpoint(endpoint: string | undefined): boolean {
  if (!endpoint) return true;
  try {
    const url = new URL(endpoint);
    const host = url.hostname.toLowerCase();
    // URL drops the default port, so any port left is another service on that host.
    if (url.protocol !== 'https:' || url.username || url.password || url.port !== '') return false;
    return AWS_SERVICE_HOST.test(host) || AWS_VPC_ENDPOINT_HOST.test(host);
  } catch {
    return false;
  }
}

/**
 * Endpoints the user chose in the environment (AWS_ENDPOINT_URL and the per-service variables, as the
 * AWS CLI and SDK read them): a local emulator or a private DNS name is then the user's own choice.
 */
export function environmentAwsEndpoints(env: NodeJS.ProcessEnv): string[] {
  return [env.AWS_ENDPOINT_URL, env.AWS_ENDPOINT_URL_SECRETS_MANAGER, env.AWS_ENDPOINT_URL_STS].filter((e): e is string => Boolean(e));
}

/** Every endpoint a config names (Secrets Manager and STS) that is neither AWS's own nor in `allowed`. */
export function untrustedEndpoints(config: AwsStoreConfig, allowed: readonly string[] = []): string[] {
  const mine = new Set(allowed.map((e) => normalizeUrl(e)));
  return [config.endpoint, config.stsEndpoint].filter((e): e is string => Boolean(e) && !isAwsEndpoint(e) && !mine.has(normalizeUrl(e)));
}

/**
 * A config the user did not write themselves (workspace settings; in the CLI, any file) must not send
 * the user's ambient AWS identity (default chain or a profile) to a host of its choosing: refuse
 * unless every endpoint is AWS's own or one the user allowed (`allowed`, e.g. AWS_ENDPOINT_URL).
 */
export function assertEndpointTrust(
  config: AwsStoreConfig & { source?: ConfigSource; endpointsAllowedByUser?: boolean },
  allowed: readonly string[] = [],
): void {
  const guarded = config.source === 'workspace' || config.source === 'workspaceFolder' || config.source === 'cli';
  // endpointsAllowedByUser: the user listed these exact origins in secretref.workspaceEndpoints.
  if (!guarded || config.auth === 'accessKey' || config.endpointsAllowedByUser) return;
  const custom = untrustedEndpoints(config, allowed);
  if (custom.length > 0) {
    const from = config.source === 'cli' ? 'a store config file' : 'workspace settings';
    throw new StoreError({
      kind: 'untrusted',
      store: config.name,
      problem: `This store config comes from ${from} and points at a non-AWS endpoint (${custom.join(', ')}); your AWS profile/default credentials are not sent there.`,
      action: {
        editor:
          'Define the store in your user settings instead, or sign in to this workspace config with an access key meant for that endpoint.',
        terminal:
          'If that endpoint is yours (an emulator, a private DNS name), set AWS_ENDPOINT_URL to it; otherwise fix the endpoint in the store config.',
      },
    });
  }
}

type CredentialProviders = Awaited<ReturnType<typeof loadCredentialProviders>>;
type ClientSettings = Pick<AwsClientSettings, 'useFipsEndpoint' | 'useDualstackEndpoint'>;

/** What every client of a store is told: its profile's choices, never the ambient AWS_PROFILE's. */
function profileClientConfig(settings: ClientSettings, endpoint: string | undefined, timeoutMs: number | undefined) {
  return {
    ignoreConfiguredEndpointUrls: true,
    useFipsEndpoint: settings.useFipsEndpoint,
    useDualstackEndpoint: settings.useDualstackEndpoint,
    ...(endpoint ? { endpoint } : {}),
    // A slow STS or SSO endpoint must fail like a slow Secrets Manager one, not hang the first read.
    ...(timeoutMs ? { requestHandler: awsRequestHandlerOptions(timeoutMs) } : {}),
  };
}

/**
 * The SDK's own clients inside a profile's sign-in: STS for `role_arn` + `source_profile` (an assumer
 * of ours, so it is not handed the SSO client's settings) and IAM Identity Center's portal (and its
 * token refresh) for an SSO profile. Left to themselves they read the endpoint of the ambient
 * AWS_PROFILE, or AWS's public one; here they get the store's profile's (awsProfileConfig.ts).
 */
function profileSignInClients(config: AwsStoreConfig, settings: AwsClientSettings, providers: CredentialProviders, timeoutMs?: number) {
  return {
    clientConfig: profileClientConfig(settings, settings.ssoEndpoint, timeoutMs),
    roleAssumer: (source: AwsCredentialIdentity, params: AssumeRoleParams) =>
      providers.fromTemporaryCredentials({
        masterCredentials: source,
        params,
        // An MFA profile's code was asked for already (it is in params.TokenCode).
        ...(params.SerialNumber ? { mfaCodeProvider: async () => params.TokenCode ?? '' } : {}),
        clientConfig: {
          region: config.region,
          profile: settings.profile,
          ...profileClientConfig(settings, settings.stsEndpoint, timeoutMs),
        },
      })(),
  };
}

interface AssumeRoleParams {
  RoleArn: string;
  RoleSessionName: string;
  ExternalId?: string;
  SerialNumber?: string;
  TokenCode?: string;
  DurationSeconds?: number;
}

export async function awsCredentialProvider(
  config: AwsStoreConfig & { source?: ConfigSource },
  credentials: StoreCredentials | undefined,
  options: { timeoutMs?: number; allowedEndpoints?: readonly string[]; settings?: AwsClientSettings } = {},
): Promise<AwsCredentialIdentityProvider | AwsCredentialIdentity> {
  assertEndpointTrust(config, options.allowedEndpoints);
  const providers = await loadCredentialProviders();
  let base: AwsCredentialIdentityProvider | AwsCredentialIdentity;
  switch (config.auth) {
    case 'accessKey':
      if (!credentials?.accessKeyId || !credentials.secretAccessKey) {
        throw new StoreError({
          kind: 'signed-out',
          store: config.name,
          problem: 'No AWS access key is stored for this config.',
          action: steps.signIn(config, 'and enter the access key id and secret access key'),
        });
      }
      base = {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
      };
      break;
    case 'profile':
      if (!config.profile) {
        throw new StoreError({
          kind: 'invalid',
          store: config.name,
          problem: 'The store config uses a named profile but sets no "profile".',
          action: 'Set "profile" to a profile of your AWS credentials/config file.',
        });
      }
      base = providers.fromIni({
        profile: config.profile,
        ignoreCache: true,
        ...(options.settings ? profileSignInClients(config, options.settings, providers, options.timeoutMs) : {}),
      });
      break;
    default:
      base = providers.fromNodeProviderChain({ ignoreCache: true });
      break;
  }
  if (!config.roleArn) return base;
  // The profile's own STS endpoint and FIPS / dual-stack choice (awsProfileConfig.ts), not the ambient one's.
  const settings = options.settings;
  const stsEndpoint = settings ? settings.stsEndpoint : config.stsEndpoint || config.endpoint;
  const assumed = providers.fromTemporaryCredentials({
    masterCredentials: base,
    params: {
      RoleArn: config.roleArn,
      RoleSessionName: config.roleSessionName || 'secretref',
      ...(config.externalId ? { ExternalId: config.externalId } : {}),
    },
    clientConfig: {
      region: config.region,
      ...(settings
        ? { profile: settings.profile, ...profileClientConfig(settings, stsEndpoint, options.timeoutMs) }
        : {
            ...(stsEndpoint ? { endpoint: stsEndpoint } : {}),
            ...(options.timeoutMs ? { requestHandler: awsRequestHandlerOptions(options.timeoutMs) } : {}),
          }),
    },
  });
  // A failure here is STS's: tagged, so the message names STS and the role rather than Secrets Manager.
  const roleArn = config.roleArn;
  return async (props) => {
    try {
      return await assumed(props);
    } catch (error) {
      throw new AssumeRoleFailure(roleArn, stsEndpoint, error);
    }
  };
}
