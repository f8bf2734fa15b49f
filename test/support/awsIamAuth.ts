// Vault's AWS auth method (IAM type) for the AWS IAM sign-in tests, against moto: HashiCorp Vault's
// aws method built as an external plugin (scripts/bao-plugins/aws, registered by the dev server as
// "vault-aws"), mounted at auth/aws with its STS and IAM endpoints pointed at moto and a server id the
// signed request must carry; an IAM user (with an access key) created in moto first, because the role
// is bound to that user's ARN and Vault looks the caller up in IAM.
import { randomBytes } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../../src/core/stores/vault/awsIamLogin';
import { AWS_REGION, AWS_TEST_CREDENTIALS } from './seed';
import { vaultApi } from './stores';

/** The plugin's name in the dev server's catalog (the file name in SECRETREF_BAO_PLUGINS). */
export const AWS_IAM_PLUGIN = 'vault-aws';
/** The KV v2 paths the role's policy may read (the rest of secret/ is refused). */
export const AWS_IAM_READABLE = 'secret/data/oracle';

export interface AwsIamAuth {
  mount: string;
  /** The Vault role bound to `user`'s ARN. */
  role: string;
  /** The server's iam_server_id_header_value. */
  serverId: string;
  /** The IAM user in moto whose access key signs the login. */
  user: { name: string; arn: string; accessKeyId: string; secretAccessKey: string };
}

/** One IAM Query API call to moto, signed like any AWS client's (moto reads the service from it). */
async function iamCall(endpoint: string, params: Record<string, string>): Promise<string> {
  const url = new URL(endpoint);
  const body = new URLSearchParams({ ...params, Version: '2010-05-08' }).toString();
  const signer = new SignatureV4({ credentials: AWS_TEST_CREDENTIALS, region: AWS_REGION, service: 'iam', sha256: NodeSha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    query: {},
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  const response = await fetch(endpoint, { method: 'POST', headers: signed.headers, body });
  const text = await response.text();
  if (!response.ok) throw new Error(`moto IAM ${params.Action} failed with HTTP ${response.status}: ${text.slice(0, 300)}`);
  return text;
}

const tag = (xml: string, name: string) => {
  const found = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  if (!found) throw new Error(`moto's answer has no <${name}>: ${xml.slice(0, 300)}`);
  return found;
};

/** Creates an IAM user with an access key in moto (as `aws iam create-user` + `create-access-key`). */
export async function createIamUser(endpoint: string, name: string): Promise<AwsIamAuth['user']> {
  const arn = tag(await iamCall(endpoint, { Action: 'CreateUser', UserName: name }), 'Arn');
  const key = await iamCall(endpoint, { Action: 'CreateAccessKey', UserName: name });
  return { name, arn, accessKeyId: tag(key, 'AccessKeyId'), secretAccessKey: tag(key, 'SecretAccessKey') };
}

export async function enableAwsIamAuth(bao: { address: string; rootToken: string }, moto: { endpoint: string }): Promise<AwsIamAuth> {
  const token = bao.rootToken;
  const mount = 'aws';
  const role = 'dev';
  const serverId = `vault-${randomBytes(6).toString('hex')}.secretref.test`;
  const user = await createIamUser(moto.endpoint, `secretref-iam-${randomBytes(4).toString('hex')}`);
  await vaultApi(bao, token, 'POST', `sys/auth/${mount}`, { type: AWS_IAM_PLUGIN, description: 'Vault AWS auth against moto' });
  await vaultApi(bao, token, 'POST', `auth/${mount}/config/client`, {
    access_key: AWS_TEST_CREDENTIALS.accessKeyId,
    secret_key: AWS_TEST_CREDENTIALS.secretAccessKey,
    sts_endpoint: moto.endpoint,
    sts_region: AWS_REGION,
    iam_endpoint: moto.endpoint,
    iam_server_id_header_value: serverId,
  });
  await vaultApi(bao, token, 'PUT', 'sys/policies/acl/aws-iam-read', { policy: `path "${AWS_IAM_READABLE}" { capabilities = ["read"] }` });
  await vaultApi(bao, token, 'POST', `auth/${mount}/role/${role}`, {
    auth_type: 'iam',
    bound_iam_principal_arn: [user.arn],
    token_policies: ['default', 'aws-iam-read'],
    token_ttl: '10m',
  });
  return { mount, role, serverId, user };
}
