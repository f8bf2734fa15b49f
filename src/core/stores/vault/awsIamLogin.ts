// The signed request of Vault's AWS auth method, IAM type, as `vault login -method=aws` builds it
// (Vault's awsutil.GenerateLoginData): `POST sts:GetCallerIdentity` signed with SigV4 by the user's AWS
// credentials, with the X-Vault-AWS-IAM-Server-ID header among the signed headers, handed to Vault as
// iam_http_request_method / iam_request_url / iam_request_body / iam_request_headers (base64). Vault
// sends it on to its own STS endpoint and learns who signed it; nothing but the signature leaves here,
// and neither it nor the credentials reach a message (the caller scrubs `secrets`).
// The credentials and the profile's endpoints are the AWS store's (aws/awsCredentials.ts,
// aws/awsProfileConfig.ts): the store's `awsIam.profile`, else the SDK's default chain.
import { createHash, createHmac } from 'node:crypto';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type { SourceData } from '@smithy/types';
import { awsCredentialProvider } from '../aws/awsCredentials';
import { awsClientSettings, awsLoginCommand, type AwsClientSettings } from '../aws/awsProfileConfig';
import { loadSignatureV4 } from '../sdkLoader';
import { StoreError } from '../storeError';
import type { AwsStoreConfig, VaultStoreConfig } from '../types';

/** `vault login -method=aws` signs for us-east-1 (the global STS endpoint) unless told a region. */
export const DEFAULT_AWS_IAM_REGION = 'us-east-1';
export const IAM_SERVER_ID_HEADER = 'X-Vault-AWS-IAM-Server-ID';
const GET_CALLER_IDENTITY = 'Action=GetCallerIdentity&Version=2011-06-15';

/** The fields of auth/<mount>/login besides `role`. */
export interface AwsIamLoginData {
  iam_http_request_method: 'POST';
  iam_request_url: string;
  iam_request_body: string;
  iam_request_headers: string;
}

export interface AwsIamSignedRequest {
  data: AwsIamLoginData;
  /** Strings no message may show: the signature header and the credentials that made it. */
  secrets: string[];
  /** Where the signed request is addressed (for messages), e.g. https://sts.amazonaws.com/. */
  stsUrl: string;
}

/** The AWS side of an `auth: "aws-iam"` Vault config, as the AWS store's credential code reads it. */
function awsIdentityConfig(config: VaultStoreConfig, region: string): AwsStoreConfig {
  const profile = config.awsIam?.profile;
  return { kind: 'aws', name: config.name, region, auth: profile ? 'profile' : 'default', ...(profile ? { profile } : {}) };
}

/** STS's endpoint as the signing SDK would pick it: the config's, the profile's, else AWS's for the region. */
export function awsIamStsEndpoint(
  iam: { stsEndpoint?: string } | undefined,
  region: string,
  settings?: Pick<AwsClientSettings, 'stsEndpoint' | 'useFipsEndpoint'>,
): string {
  const configured = iam?.stsEndpoint || settings?.stsEndpoint;
  if (configured) return configured;
  if (settings?.useFipsEndpoint) return `https://sts-fips.${region}.amazonaws.com`;
  return region === DEFAULT_AWS_IAM_REGION ? 'https://sts.amazonaws.com' : `https://sts.${region}.amazonaws.com`;
}

const bytes = (data: SourceData): string | Buffer =>
  typeof data === 'string'
    ? data
    : data instanceof ArrayBuffer
      ? Buffer.from(data)
      : Buffer.from(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);

/** node:crypto behind the signer's hash interface (the SDK's own is not a direct dependency). */
export class NodeSha256 {
  private hash;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.create();
  }
  private create() {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(this.secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = this.create();
  }
}

function signedOut(config: VaultStoreConfig, problem: string, terminal: string): StoreError {
  return new StoreError({
    kind: 'signed-out',
    store: config.name,
    problem,
    action: {
      editor: `${terminal} Then run "Secret References: Sign In to Store" again.`,
      terminal: `${terminal} Then run secretref again.`,
    },
  });
}

/** Signs the GetCallerIdentity request of an `auth: "aws-iam"` config; no request is sent here except the
 *  profile's own sign-in (SSO, assumed role), to the profile's endpoints. */
export async function signAwsIamLogin(
  config: VaultStoreConfig,
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<AwsIamSignedRequest> {
  const iam = config.awsIam;
  if (!iam?.serverId) {
    throw new StoreError({
      kind: 'invalid',
      store: config.name,
      problem: `The config signs in with AWS IAM but names no server id ("awsIam.serverId"): a signed request without it could log in to any Vault that trusts your AWS identity, so none is made.`,
      action: {
        editor: "Edit the store config: set the server id to the server's iam_server_id_header_value.",
        terminal: 'Set "awsIam.serverId" in the store config to the server\'s iam_server_id_header_value.',
      },
    });
  }
  const region = iam.region || DEFAULT_AWS_IAM_REGION;
  const identity = awsIdentityConfig(config, region);
  const who = iam.profile ? `the AWS profile "${iam.profile}"` : 'the default AWS credential chain';
  const settings = await awsClientSettings(identity, options.env).catch((error: unknown) => {
    throw new StoreError({
      kind: 'invalid',
      store: config.name,
      problem: `${who} cannot be used: ${error instanceof Error ? error.message : String(error)}`,
      action: 'Fix the profile in your AWS config file (AWS_CONFIG_FILE, else ~/.aws/config).',
    });
  });
  let credentials: AwsCredentialIdentity;
  try {
    const provider = await awsCredentialProvider(identity, undefined, { timeoutMs: options.timeoutMs, settings });
    credentials = typeof provider === 'function' ? await provider() : provider;
  } catch (error) {
    if (error instanceof StoreError) throw error;
    const login = awsLoginCommand(settings);
    const reason = error instanceof Error ? error.message : String(error);
    throw signedOut(
      config,
      `No AWS credentials to sign the Vault sign-in with: ${who} gave none (${reason}).`,
      login ? `Run "${login}".` : `Check ${who} ("aws sts get-caller-identity${iam.profile ? ` --profile ${iam.profile}` : ''}").`,
    );
  }
  const secrets = [credentials.secretAccessKey, credentials.sessionToken ?? ''].filter(Boolean);
  const stsUrl = new URL(awsIamStsEndpoint(iam, region, settings));
  if (stsUrl.pathname === '') stsUrl.pathname = '/';
  const { SignatureV4 } = await loadSignatureV4();
  const signer = new SignatureV4({ credentials, region, service: 'sts', sha256: NodeSha256, applyChecksum: false });
  const signed = await signer.sign({
    method: 'POST',
    protocol: stsUrl.protocol,
    hostname: stsUrl.hostname,
    ...(stsUrl.port ? { port: Number(stsUrl.port) } : {}),
    path: stsUrl.pathname,
    query: {},
    headers: {
      host: stsUrl.host,
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      [IAM_SERVER_ID_HEADER.toLowerCase()]: iam.serverId,
    },
    body: GET_CALLER_IDENTITY,
  });
  const headers = Object.fromEntries(Object.entries(signed.headers).map(([name, value]) => [name, [value]]));
  if (signed.headers.authorization) secrets.push(signed.headers.authorization);
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  return {
    data: {
      iam_http_request_method: 'POST',
      iam_request_url: b64(stsUrl.href),
      iam_request_body: b64(GET_CALLER_IDENTITY),
      iam_request_headers: b64(JSON.stringify(headers)),
    },
    secrets,
    stsUrl: stsUrl.href,
  };
}
