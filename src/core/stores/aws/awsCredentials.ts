// Builds the AWS credential provider of a store config: the default chain, a named profile from the
// shared files (AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE honoured by the SDK), or an access key
// from SecretStorage; optionally an assumed role with an external id (seed 000), whose STS call goes
// to the config's STS endpoint (or its custom endpoint, e.g. a local emulator).
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { loadCredentialProviders } from '../sdkLoader';
import { StoreError } from '../storeError';
import type { AwsStoreConfig, ConfigSource, StoreCredentials } from '../types';
import { awsRequestHandlerOptions } from './awsRequestHandler';

// Service endpoints of Secrets Manager and STS only (standard, FIPS, dual-stack, China, and
// interface VPC endpoints of those two services). Anything else under amazonaws.com can be the
// customer's own host (API Gateway, EC2 public DNS, load balancers) and must not count as AWS.
const AWS_SERVICE_HOST = /^(?:secretsmanager|sts)(?:-fips)?(?:\.[a-z0-9-]+)?\.(?:amazonaws\.com|amazonaws\.com\.cn|api\.aws|api\.amazonwebservices\.com\.cn)$/;
const AWS_VPC_ENDPOINT_HOST = /^vpce-[a-z0-9-]+\.(?:secretsmanager|sts)(?:-fips)?\.[a-z0-9-]+\.vpce\.amazonaws\.com(?:\.cn)?$/;

/** True for AWS's own Secrets Manager / STS endpoints (or none: the SDK's default). */
export function isAwsEndpoint(endpoint: string | undefined): boolean {
  if (!endpoint) return true;
  try {
    const url = new URL(endpoint);
    const host = url.hostname.toLowerCase();
    if (url.protocol !== 'https:' || url.username || url.password) return false;
    return AWS_SERVICE_HOST.test(host) || AWS_VPC_ENDPOINT_HOST.test(host);
  } catch {
    return false;
  }
}

/**
 * A workspace config must not send the user's ambient AWS identity (default chain or a profile) to a
 * host of its choosing: refuse unless the endpoints are AWS's own.
 */
export function assertEndpointTrust(config: AwsStoreConfig & { source?: ConfigSource }): void {
  const fromWorkspace = config.source === 'workspace' || config.source === 'workspaceFolder';
  if (!fromWorkspace || config.auth === 'accessKey') return;
  const custom = [config.endpoint, config.stsEndpoint].filter((e) => e && !isAwsEndpoint(e));
  if (custom.length > 0) {
    throw new StoreError({
      kind: 'untrusted',
      store: config.name,
      problem: `This store config comes from workspace settings and points at a non-AWS endpoint (${custom.join(', ')}); your AWS profile/default credentials are not sent there.`,
      action: 'Define the store in your user settings instead, or sign in to this workspace config with an access key meant for that endpoint.',
    });
  }
}

export async function awsCredentialProvider(
  config: AwsStoreConfig & { source?: ConfigSource },
  credentials: StoreCredentials | undefined,
  options: { timeoutMs?: number } = {},
): Promise<AwsCredentialIdentityProvider | AwsCredentialIdentity> {
  assertEndpointTrust(config);
  const providers = await loadCredentialProviders();
  let base: AwsCredentialIdentityProvider | AwsCredentialIdentity;
  switch (config.auth) {
    case 'accessKey':
      if (!credentials?.accessKeyId || !credentials.secretAccessKey) {
        throw new StoreError({
          kind: 'signed-out',
          store: config.name,
          problem: 'No AWS access key is stored for this config.',
          action: 'Run "Secret References: Sign In to Store" and enter the access key id and secret access key.',
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
        throw new StoreError({ kind: 'invalid', store: config.name, problem: 'The store config uses a named profile but sets no "profile".', action: 'Set "profile" to a profile of your AWS credentials/config file.' });
      }
      base = providers.fromIni({ profile: config.profile, ignoreCache: true });
      break;
    default:
      base = providers.fromNodeProviderChain({ ignoreCache: true });
      break;
  }
  if (!config.roleArn) return base;
  const stsEndpoint = config.stsEndpoint || config.endpoint;
  return providers.fromTemporaryCredentials({
    masterCredentials: base,
    params: {
      RoleArn: config.roleArn,
      RoleSessionName: config.roleSessionName || 'secretref',
      ...(config.externalId ? { ExternalId: config.externalId } : {}),
    },
    clientConfig: {
      region: config.region,
      ...(stsEndpoint ? { endpoint: stsEndpoint } : {}),
      // A slow STS endpoint must fail like a slow Secrets Manager one, not hang the first read.
      ...(options.timeoutMs ? { requestHandler: awsRequestHandlerOptions(options.timeoutMs) } : {}),
    },
  });
}
