// A workspace AWS config may send the user's ambient identity (default chain, profile) only to AWS's
// own Secrets Manager / STS endpoints: hosts under amazonaws.com that customers control (API
// Gateway, EC2 public DNS, load balancers) must be refused like any other host.
import * as assert from 'node:assert/strict';
import { createStoreManager, memoryCredentialStore, mergeStoreConfigs } from '../../src/core/stores';
import { assertEndpointTrust, isAwsEndpoint } from '../../src/core/stores/aws/awsCredentials';
import { isStoreError, StoreError } from '../../src/core/stores/storeError';
import type { AwsStoreConfig, ConfigSource } from '../../src/core/stores/types';

const workspaceDefault = (
  endpoint: string | undefined,
  extra: Partial<AwsStoreConfig> = {},
): AwsStoreConfig & { source: ConfigSource } => ({
  kind: 'aws',
  name: 'ws-aws',
  region: 'us-east-1',
  auth: 'default',
  ...(endpoint ? { endpoint } : {}),
  ...extra,
  source: 'workspace',
});

const AWS_OWN = [
  'https://secretsmanager.us-east-1.amazonaws.com',
  'https://secretsmanager-fips.us-gov-west-1.amazonaws.com',
  'https://secretsmanager.cn-north-1.amazonaws.com.cn',
  'https://secretsmanager.eu-west-1.api.aws',
  'https://sts.amazonaws.com',
  'https://sts.eu-central-1.amazonaws.com',
  'https://sts.us-east-1.amazonaws.com:443',
  'https://secretsmanager-fips.us-east-1.api.aws',
  'https://vpce-0123.secretsmanager.us-east-1.vpce.amazonaws.com',
  'https://vpce-0a1b2c3d-4e5f6g7h-us-east-1a.sts.us-east-1.vpce.amazonaws.com',
];

const CUSTOMER_HOSTS = [
  'https://abc123def4.execute-api.us-east-1.amazonaws.com/prod',
  'https://ec2-54-12-34-56.compute-1.amazonaws.com',
  'https://my-alb-1234567890.us-east-1.elb.amazonaws.com',
  'https://my-bucket.s3.amazonaws.com',
  // S3 bucket hosts that look like service names, and AWS hosts on another port.
  'https://sts.s3.amazonaws.com',
  'https://secretsmanager.s3.amazonaws.com',
  'https://sts.s3-website.us-east-1.amazonaws.com',
  'https://vpce-0123.sts.s3.vpce.amazonaws.com',
  'https://secretsmanager.us-east-1.amazonaws.com:8443',
  'https://sts.amazonaws.com:444',
  'https://vpce-0123-abcd.vpce-svc-0123456789abcdef0.us-east-1.vpce.amazonaws.com',
  'https://secretsmanager.us-east-1.amazonaws.com.attacker.example',
  'https://user:pw@secretsmanager.us-east-1.amazonaws.com',
  'http://secretsmanager.us-east-1.amazonaws.com',
  'http://127.0.0.1:4566',
  'not a url',
];

describe('stores: workspace AWS configs and non-AWS endpoints', () => {
  it("counts AWS's own Secrets Manager and STS endpoints (and none) as AWS", () => {
    assert.equal(isAwsEndpoint(undefined), true);
    for (const endpoint of AWS_OWN) assert.equal(isAwsEndpoint(endpoint), true, endpoint);
  });

  it('does not count customer-controlled hosts under amazonaws.com, plain http or other hosts as AWS', () => {
    for (const endpoint of CUSTOMER_HOSTS) assert.equal(isAwsEndpoint(endpoint), false, endpoint);
  });

  it('refuses a workspace default-chain or profile config at such a host (endpoint or stsEndpoint)', () => {
    for (const endpoint of CUSTOMER_HOSTS) {
      for (const extra of [{}, { auth: 'profile', profile: 'work' } as const]) {
        assert.throws(
          () => assertEndpointTrust(workspaceDefault(endpoint, extra)),
          (e: unknown) => e instanceof StoreError && e.kind === 'untrusted' && e.message.includes('workspace settings'),
          endpoint,
        );
      }
      assert.throws(
        () => assertEndpointTrust(workspaceDefault(undefined, { roleArn: 'arn:aws:iam::123456789012:role/r', stsEndpoint: endpoint })),
        StoreError,
        endpoint,
      );
    }
  });

  it('lets user configs, access-key workspace configs and AWS endpoints through', () => {
    for (const endpoint of AWS_OWN) assert.doesNotThrow(() => assertEndpointTrust(workspaceDefault(endpoint)), endpoint);
    assert.doesNotThrow(() => assertEndpointTrust(workspaceDefault(undefined)));
    assert.doesNotThrow(() => assertEndpointTrust({ ...workspaceDefault('http://127.0.0.1:4566'), source: 'user' }));
    assert.doesNotThrow(() => assertEndpointTrust(workspaceDefault('http://127.0.0.1:4566', { auth: 'accessKey' })));
  });

  it('counts an endpoint the user chose (AWS_ENDPOINT_URL in the CLI) and refuses the rest, STS included, from any file of the CLI', () => {
    const cliConfig = (extra: Partial<AwsStoreConfig>) => ({ ...workspaceDefault(undefined, extra), source: 'cli' as const });
    assert.throws(() => assertEndpointTrust(cliConfig({ endpoint: 'http://127.0.0.1:4566' })), StoreError);
    assert.doesNotThrow(() => assertEndpointTrust(cliConfig({ endpoint: 'http://127.0.0.1:4566/' }), ['http://127.0.0.1:4566']));
    assert.throws(
      () =>
        assertEndpointTrust(
          cliConfig({
            endpoint: 'http://127.0.0.1:4566',
            roleArn: 'arn:aws:iam::123456789012:role/r',
            stsEndpoint: 'http://127.0.0.1:9999',
          }),
          ['http://127.0.0.1:4566'],
        ),
      (e: unknown) => e instanceof StoreError && e.message.includes('http://127.0.0.1:9999') && !e.message.includes('4566,'),
    );
  });
});

describe('stores: the manager and a workspace-chosen endpoint', () => {
  it('refuses to send ambient AWS credentials to a workspace-chosen endpoint', async () => {
    const manager = createStoreManager({
      credentials: memoryCredentialStore(),
      configs: mergeStoreConfigs([
        {
          source: 'workspace',
          entries: [{ kind: 'aws', name: 'ws-aws', region: 'us-east-1', endpoint: 'http://127.0.0.1:9', auth: 'default' }],
        },
      ]).configs,
    });
    try {
      await assert.rejects(
        manager.read('ws-aws', 'postgresSecrets'),
        (e: unknown) => isStoreError(e) && e.kind === 'untrusted' && /user settings/.test(e.message),
      );
    } finally {
      manager.dispose();
    }
  });
});
