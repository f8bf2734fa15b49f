// The credential schemas of Monte Carlo's "Using self-hosted credentials" (https://docs.getmontecarlo.com/docs/using-self-hosted-credentials),
// which lists them unnamed; the names are secretref's (athena, bigquery, … in the page's order), plus
// the self-hosted credentials block. This file is the one source of truth: the
// validator, completion, hover, JSON Schema export and secret detection all read it.
import type { CredentialSchema, FieldSpec, FieldType } from './schemaTypes';

interface Options {
  nullable?: boolean;
  allowed?: readonly string[];
  secret?: boolean;
}

function field(type: FieldType, required: boolean, description: string, options: Options = {}): FieldSpec {
  return { type, required, description, ...options };
}
function dict(description: string, schema: Record<string, FieldSpec>): FieldSpec {
  return { type: 'dict', required: false, description, schema };
}
const req = (description: string, options?: Options) => field('string', true, description, options);
const opt = (description: string, options?: Options) => field('string', false, description, options);
const secret = { secret: true } as const;

const assumableRole = opt('ARN of an IAM role Monte Carlo assumes to reach the resource.');
const externalId = opt('External ID required by the trust policy of the assumable role.');
const awsRegion = opt('AWS region of the resource, e.g. us-east-1.');

const sslFiles = {
  ca: opt('CA certificate used to verify the server.'),
  cert: opt('Client certificate for mutual TLS.'),
  key: opt('Private key of the client certificate.', secret),
};

export const SCHEMAS: readonly CredentialSchema[] = [
  {
    name: 'athena',
    description: 'Amazon Athena',
    fields: {
      catalog: opt('Data catalog to query, e.g. AwsDataCatalog.'),
      assumable_role: assumableRole,
      external_id: externalId,
      workgroup: opt('Athena workgroup queries run in.'),
      aws_region: awsRegion,
    },
  },
  {
    name: 'bigquery',
    description: 'Google BigQuery (service account key file)',
    fields: {
      type: req('Key type of the service account key file, "service_account".'),
      project_id: req('Google Cloud project id.'),
      private_key_id: req('Id of the service account private key.', secret),
      private_key: req('PEM private key of the service account.', secret),
      client_email: req('Service account e-mail address.'),
      client_id: req('Numeric client id of the service account.'),
      auth_uri: req('OAuth 2.0 authorization endpoint.'),
      token_uri: req('OAuth 2.0 token endpoint.'),
      auth_provider_x509_cert_url: req('URL of the auth provider X.509 certificates.'),
      client_x509_cert_url: req('URL of the service account X.509 certificate.'),
    },
  },
  {
    name: 's3',
    description: 'Amazon S3',
    fields: {
      bucket: req('S3 bucket name.'),
      prefix: req('Key prefix inside the bucket.'),
      assumable_role: assumableRole,
      external_id: externalId,
    },
  },
  {
    name: 'glue',
    description: 'AWS Glue',
    fields: { assumable_role: assumableRole, external_id: externalId, aws_region: awsRegion },
  },
  {
    name: 'mysql',
    description: 'MySQL',
    fields: {
      host: req('Host name of the MySQL server.'),
      port: field('integer', false, 'Port of the MySQL server, an integer (e.g. 3306).', { nullable: false }),
      username: req('Service account user name.'),
      database: opt('Database to connect to; may be null.', { nullable: true }),
      password: req('Password of the service account.', secret),
    },
  },
  {
    name: 'redshift',
    description: 'Amazon Redshift',
    fields: {
      db_name: req('Database name.'),
      host: req('Cluster endpoint host name.'),
      port: req('Port of the cluster, as a string (e.g. "5439").'),
      user: req('Service account user name.'),
      password: req('Password of the service account.', secret),
      assumable_role: assumableRole,
      external_id: externalId,
      ssl_options: dict('TLS options for the connection.', {
        ...sslFiles,
        mechanism: opt('How the certificates are provided; only "url".', { allowed: ['url'] }),
      }),
    },
  },
  {
    name: 'looker',
    description: 'Looker',
    fields: {
      base_url: req('Base URL of the Looker instance API.'),
      client_id: req('Looker API client id.'),
      client_secret: req('Looker API client secret.', secret),
      verify_ssl: field('boolean', false, 'Verify the TLS certificate of the Looker instance.'),
    },
  },
  {
    name: 'looker-git',
    description: 'Looker Git (LookML repository)',
    fields: {
      ssh_key: opt('Private SSH key with read access to the repository.', secret),
      repo_url: req('URL of the LookML Git repository.'),
      token: opt('Access token for HTTPS access to the repository.', secret),
      username: opt('User name for HTTPS access to the repository.'),
    },
  },
  {
    name: 'presto',
    description: 'Presto',
    fields: {
      host: req('Host name of the Presto coordinator.'),
      port: field('integer', false, 'Port of the Presto coordinator, an integer (e.g. 8080).'),
      user: req('Service account user name.'),
      catalog: opt('Default catalog.'),
      schema: opt('Default schema.'),
      timeout: field('integer', false, 'Request timeout in seconds, an integer.'),
      http_scheme: opt('HTTP scheme, http or https.'),
      password: opt('Password of the service account.', secret),
      ssl_options: dict('TLS options for the connection.', {
        ...sslFiles,
        mechanism: opt('How the certificates are provided; only "dc-s3".', { allowed: ['dc-s3'] }),
        skip_verification: field('boolean', false, 'Skip verification of the server certificate.'),
      }),
    },
  },
  {
    name: 'postgres',
    description: 'PostgreSQL',
    fields: {
      db_name: req('Database name.'),
      host: req('Host name of the PostgreSQL server.'),
      port: req('Port of the server, as a string (e.g. "5432").'),
      user: req('Service account user name.'),
      password: req('Password of the service account.', secret),
    },
  },
  {
    name: 'snowflake',
    description: 'Snowflake',
    fields: {
      user: req('Service account user name.'),
      password: req('Password of the service account.', secret),
      account: req('Snowflake account identifier.'),
      warehouse: opt('Virtual warehouse queries run in.'),
    },
  },
  {
    name: 'hive',
    description: 'Apache Hive (binary, Databricks or HTTP mode)',
    modes: {
      binary: {
        host: opt('Host name of the HiveServer2.'),
        port: field('integer', false, 'Port of the HiveServer2, an integer; may be null.', { nullable: true }),
        username: opt('Service account user name.'),
        database: opt('Database to connect to; may be null.', { nullable: true }),
        password: opt('Password of the service account.', secret),
      },
      databricks: {
        databricks_workspace_url: opt('URL of the Databricks workspace.'),
        databricks_workspace_id: opt('Id of the Databricks workspace.'),
        databricks_cluster_id: opt('Id of the Databricks cluster.'),
        databricks_token: opt('Databricks personal access token.', secret),
      },
      http: {
        username: opt('User name for HTTP transport.'),
        password: opt('Password for HTTP transport.', secret),
        url: opt('HTTP endpoint URL of the HiveServer2.'),
      },
    },
  },
  {
    name: 'tableau',
    description: 'Tableau',
    fields: {
      server_name: req('Tableau server host name.'),
      site_name: req('Tableau site name.'),
      token_name: req('Name of the personal access token.'),
      token_value: req('Secret value of the personal access token.', secret),
    },
  },
  {
    name: 'self-hosted',
    description: 'Self-hosted credentials block: a reference to a whole AWS Secrets Manager secret',
    fields: {
      self_hosting_mechanism: req('Where the credentials live; only "secretsmanager".', { allowed: ['secretsmanager'] }),
      self_hosting_key: req('ARN of the Secrets Manager secret holding the credentials.'),
      assumable_role: req('ARN of the IAM role allowed to call secretsmanager:GetSecretValue on the secret.'),
      external_id: opt('External ID of the role trust policy.'),
      region: req('AWS region of the secret, e.g. us-east-1.'),
    },
  },
];
