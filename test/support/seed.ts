// The sample secrets every test run starts from. Values carry a per-run canary so leak tests can
// search logs for them; tests read expected values from here, never from hard-coded strings.
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { vaultApi } from './stores';

export const AWS_REGION = 'us-east-1';
export const AWS_TEST_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

export interface SeedData {
  canary: string;
  vault: {
    /** KV v2 mount `secret/`: path -> key/values. */
    kv2: Record<string, Record<string, string>>;
    /** KV v1 mount `kv/`. */
    kv1: Record<string, Record<string, string>>;
  };
  aws: {
    /** JSON SecretString secrets: name -> object. */
    json: Record<string, Record<string, string>>;
    /** SecretBinary secrets: name -> bytes. */
    binary: Record<string, Uint8Array>;
  };
}

export function makeSeedData(canary: string): SeedData {
  return {
    canary,
    vault: {
      kv2: {
        oracle: { user: 'my-user', password: `oracle-pw-${canary}` },
        'apps/db.prod': { user: 'app', password: `db-prod-pw-${canary}` },
        'demo/snowflake': { user: 'loader', password: `snowflake-pw-${canary}`, account: 'xy12345.us-east-1' },
      },
      kv1: {
        'legacy/service': { token: `legacy-token-${canary}` },
      },
    },
    aws: {
      json: {
        postgresSecrets: {
          db_name: 'analytics',
          host: 'pg.internal.example.com',
          port: '5432',
          user: 'reporting',
          password: `pg-pw-${canary}`,
        },
        'prod/snowflake': { user: 'loader', password: `aws-snowflake-pw-${canary}`, account: 'xy12345' },
      },
      binary: {
        'certs/client-key': new TextEncoder().encode(`binary-${canary}`),
      },
    },
  };
}

export async function seedOpenBao(server: { address: string; rootToken: string }, data: SeedData): Promise<void> {
  const token = server.rootToken;
  await vaultApi(server, token, 'POST', 'sys/mounts/kv', { type: 'kv', options: { version: '1' } });
  for (const [path, values] of Object.entries(data.vault.kv2)) {
    await vaultApi(server, token, 'POST', `secret/data/${path}`, { data: values });
  }
  for (const [path, values] of Object.entries(data.vault.kv1)) {
    await vaultApi(server, token, 'POST', `kv/${path}`, values);
  }
}

export function testAwsClient(endpoint: string): SecretsManagerClient {
  return new SecretsManagerClient({ region: AWS_REGION, endpoint, credentials: AWS_TEST_CREDENTIALS });
}

export async function seedMoto(server: { endpoint: string }, data: SeedData): Promise<void> {
  const client = testAwsClient(server.endpoint);
  try {
    for (const [name, value] of Object.entries(data.aws.json)) {
      await client.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify(value) }));
    }
    for (const [name, bytes] of Object.entries(data.aws.binary)) {
      await client.send(new CreateSecretCommand({ Name: name, SecretBinary: bytes }));
    }
  } finally {
    client.destroy();
  }
}
